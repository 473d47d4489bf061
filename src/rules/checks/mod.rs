//! Structural checks: the rules that read the model's shape rather than match a secret format.
//! Each check is named in a rule pack (`check: <name>`) and may take parameters.

pub mod config;
pub mod declared_secret;
pub mod generic_secret;
pub mod grants;
pub mod jwt;
pub mod lifetime;
pub mod scope;

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
}

impl Hit {
    pub fn new(
        span: Span,
        pointer: impl Into<String>,
        server: Option<String>,
        message: String,
    ) -> Hit {
        Hit {
            span,
            pointer: pointer.into(),
            server,
            message,
            severity: None,
            secret: None,
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
        "strict-json" => Box::new(config::StrictJson),
        "model-note" => Box::new(config::ModelNote),
        other => bail!("unknown check `{other}`"),
    })
}

pub(crate) fn params<T: serde::de::DeserializeOwned + Default>(
    value: &serde_json::Value,
) -> Result<T> {
    if value.is_null() {
        return Ok(T::default());
    }
    Ok(serde_json::from_value(value.clone())?)
}
