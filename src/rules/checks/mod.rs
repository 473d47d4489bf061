//! Structural checks: the rules that read the model's shape rather than match a secret format.
//! Each check is named in a rule pack (`check: <name>`) and may take parameters.

pub mod config;
pub mod declared_secret;
pub mod exec;
pub mod filesystem;
pub mod generic_secret;
pub mod grants;
pub mod jwt;
pub mod launch;
pub mod lifetime;
pub mod manifest;
pub mod scope;
pub mod supply_chain;
pub mod tasks;
pub mod transport;

use anyhow::{Result, bail};

use super::{FileContext, Severity};
use crate::parse::Span;

/// One problem a check reports; the engine adds the rule, path and fingerprint.
pub struct Hit {
    pub span: Span,
    pub pointer: String,
    pub server: Option<String>,
    /// Must never contain a secret: checks mask before they write.
    pub message: String,
    /// Overrides the rule's default severity where reach or content says more (e.g. read-only tools).
    pub severity: Option<Severity>,
    /// The secret's bytes in the source, to be masked wherever the source is shown.
    pub secret: Option<Span>,
    /// Another rule's finding at this pointer says the same of the same place: merge into it (one place, one
    /// finding, in both categories) when it is there.
    pub merge_into: Option<String>,
    /// What the merged finding adds to the other's message (nothing when it only repeats it).
    pub merge_note: Option<String>,
}

impl Hit {
    pub fn new(span: Span, pointer: impl Into<String>, server: Option<String>, message: String) -> Hit {
        Hit {
            span,
            pointer: pointer.into(),
            server,
            message,
            severity: None,
            secret: None,
            merge_into: None,
            merge_note: None,
        }
    }
}

pub trait Check: Send + Sync {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit));

    /// Whether the check has something to say about a file that did not parse.
    fn runs_without_model(&self) -> bool {
        false
    }
}

/// The check called `name`, configured by the rule's `params`.
pub fn build(name: &str, params: &serde_json::Value) -> Result<Box<dyn Check>> {
    Ok(match name {
        "generic-secret" => Box::new(generic_secret::GenericSecret::new(params)?),
        "declared-secret-default" => Box::new(declared_secret::DeclaredSecretDefault),
        "long-lived-credential" => Box::new(lifetime::LongLivedCredential),
        "jwt" => Box::new(jwt::JwtClaims::new(params)?),
        "grant" => Box::new(grants::GrantCheck::new(params)?),
        "unscoped-server" => Box::new(scope::UnscopedServer),
        "broad-oauth-scope" => Box::new(scope::BroadOauthScope),
        "unpinned-package" => Box::new(supply_chain::UnpinnedPackage),
        "unpinned-git" => Box::new(supply_chain::UnpinnedGit),
        "publisher-allowlist" => Box::new(supply_chain::PublisherAllowlist),
        "unpinned-image" => Box::new(supply_chain::UnpinnedImage::new(params)?),
        "pipe-to-shell" => Box::new(supply_chain::PipeToShell),
        "plain-http-remote" => Box::new(transport::PlainHttpRemote),
        "credential-over-http" => Box::new(transport::CredentialOverHttp),
        "unauthenticated-remote" => Box::new(transport::UnauthenticatedRemote),
        "tls-verification-off" => Box::new(transport::TlsVerificationOff),
        "broad-filesystem-root" => Box::new(filesystem::BroadFilesystemRoot),
        "dangerous-container" => Box::new(filesystem::DangerousContainer),
        "inline-code" => Box::new(exec::InlineCode),
        "client-shell-command" => Box::new(exec::ClientShellCommand),
        "manifest-unpinned-package" => Box::new(manifest::ManifestUnpinnedPackage),
        "manifest-package-digest" => Box::new(manifest::ManifestPackageDigest),
        "undeclared-secret-input" => Box::new(manifest::UndeclaredSecretInput),
        "broad-directory-default" => Box::new(manifest::BroadDirectoryDefault),
        "strict-json" => Box::new(config::StrictJson),
        "model-note" => Box::new(config::ModelNote),
        "ignored-field" => Box::new(tasks::IgnoredField),
        "task-approval" => Box::new(tasks::TaskApproval),
        "task-wholesale-preapproval" => Box::new(tasks::TaskWholesalePreapproval),
        "task-risky-preapproval" => Box::new(tasks::TaskRiskyPreapproval),
        "task-inherits-all" => Box::new(tasks::TaskInheritsAllTools),
        "shell-at-invocation" => Box::new(tasks::ShellAtInvocation),
        // Cross-file checks: nothing to do per file; `rules::cross` runs them after the per-file pass.
        "secret-reuse" | "stale-grant" | "task-dangling-server" => Box::new(CrossFileOnly),
        // Policy findings: written by `policy` once suppressions are matched.
        "suppression-without-reason"
        | "expired-suppression"
        | "unused-suppression"
        | "unapproved-server"
        | "tools-beyond-approval"
        | "credential-beyond-approval"
        | "approval-expired"
        | "approval-expiring"
        | "approval-without-expiry"
        | "stale-approval"
        | "task-beyond-approval" => Box::new(CrossFileOnly),
        other => bail!("unknown check `{other}`"),
    })
}

/// The per-file half of a check that only looks across files.
pub struct CrossFileOnly;

impl Check for CrossFileOnly {
    fn run(&self, _: &FileContext, _: &mut dyn FnMut(Hit)) {}
}

pub(crate) fn params<T: serde::de::DeserializeOwned + Default>(value: &serde_json::Value) -> Result<T> {
    if value.is_null() {
        return Ok(T::default());
    }
    Ok(serde_json::from_value(value.clone())?)
}
