//! A literal, high-entropy value under a secret-looking key (`*_KEY`, `*TOKEN*`, `*SECRET*`, `*PASSWORD*`,
//! `api-key`, ...) that no provider pattern recognised. Passwords are reported whatever their entropy.

use std::sync::LazyLock;

use anyhow::Result;
use regex::Regex;
use serde::Deserialize;

use super::{Check, Hit};
use crate::model::{Role, Site};
use crate::rules::FileContext;
use crate::rules::engine::describe_site;
use crate::rules::mask::mask;
use crate::rules::secrets::{entropy, is_filler_sequence, is_placeholder, is_public};

static SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|[_\-.])(api[_-]?key|apikey|key|token|secret|passw(or)?d|pwd|pass|credentials?|private[_-]?key|auth|access[_-]?key|client[_-]?secret|bearer)s?($|[_\-.])|token|secret|passw(or)?d|apikey|api_key|api-key")
        .expect("secret key regex")
});
static PASSWORD_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)passw(or)?d|(^|_)pwd($|_)|(^|_)pass($|_)").expect("password key regex"));
/// Keys that look secret but hold names, ids or paths.
static NOT_SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(_|-)?(id|ids|name|user(name)?|file|path|dir|url|uri|endpoint|host|region|type|mode|env|var|length|expiry|expires|ttl|timeout|count|header|enabled)$|^keyring$|max[_-]?tokens")
        .expect("non-secret key regex")
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Params {
    /// Minimum Shannon entropy (bits per byte) for a non-password value.
    entropy: f64,
    /// Minimum length for a non-password value.
    min_length: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params { entropy: 3.0, min_length: 12 }
    }
}

pub struct GenericSecret {
    params: Params,
}

impl GenericSecret {
    pub fn new(params: &serde_json::Value) -> Result<Self> {
        Ok(GenericSecret { params: super::params(params)? })
    }
}

/// Whether a site's key names a secret.
pub fn is_secret_key(site: &Site) -> bool {
    match (&site.key, site.role) {
        (_, Role::Url | Role::Command) => false,
        (_, _) if site.declared_secret => true,
        (Some(k), _) => is_secret_key_name(k),
        (None, _) => false,
    }
}

/// Whether a key name (env var, header, field) names a secret.
pub fn is_secret_key_name(key: &str) -> bool {
    (SECRET_KEY.is_match(key) && !NOT_SECRET_KEY.is_match(key)) || key.eq_ignore_ascii_case("authorization")
}

impl Check for GenericSecret {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        let recognised: std::collections::HashSet<usize> = ctx.secrets.iter().filter_map(|s| s.site).collect();
        for (i, site) in model.sites.iter().enumerate() {
            if !is_secret_key(site) || recognised.contains(&i) {
                continue;
            }
            // Authorization headers are the header pattern's business.
            if site.role == Role::Header && site.key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("authorization"))
            {
                continue;
            }
            let literal = site.value.literal_view();
            let value = literal.trim();
            if value.is_empty()
                || is_placeholder(value)
                || is_public(value)
                || is_git_sha(value)
                || looks_like_code(value)
                || ctx.settings.is_placeholder(value)
                || crate::model::interpolation::has_reference(&site.value.text) && value.len() < 8
            {
                continue;
            }
            let password = site.key.as_deref().is_some_and(|k| PASSWORD_KEY.is_match(k));
            // A token typed as a run (`a1b2c3d4...`) is a placeholder; a password typed as one is a weak password.
            if !password && is_filler_sequence(value) {
                continue;
            }
            let strong = value.len() >= self.params.min_length && entropy(value) >= self.params.entropy;
            if !(strong || (password && value.len() >= 4)) || looks_like_plain_setting(value) {
                continue;
            }
            let start = literal.find(value).unwrap_or(0);
            let span = site.value.sub_span(ctx.source, start..start + value.len());
            // A provider's prefix that its own rule did not take: truncated or malformed, possibly a real
            // secret still, but not one that rule can vouch for. Low, and said so.
            let prefix = ctx.provider_prefixes.iter().find(|p| value.starts_with(p.as_str()));
            let message = match prefix {
                Some(p) => format!(
                    "value starting like a `{p}` credential hard-coded {}, too short or malformed for that format: {}",
                    describe_site(site),
                    mask(value)
                ),
                None => format!("secret-looking value hard-coded {}: {}", describe_site(site), mask(value)),
            };
            let mut hit = Hit::new(span, site.value.pointer.clone(), site.server.clone(), message);
            if prefix.is_some() {
                hit.severity = Some(crate::rules::Severity::Low);
            }
            hit.secret = Some(span);
            // A value the file itself declares secret is MCP151's finding; this one would only repeat it.
            if site.declared_secret {
                hit.merge_into = Some(site.value.pointer.clone());
            }
            emit(hit);
        }
    }
}

/// A git commit id (40 lower-case hex): it names a commit, whatever key it sits under. Providers whose keys
/// have this shape (Datadog application keys) are recognised by their own rules, under their own key names.
fn is_git_sha(value: &str) -> bool {
    value.len() == 40 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Code that reads a secret from elsewhere (`ENV["API_KEY"]`, `process.env.API_KEY`, `os.getenv("KEY")`):
/// the value is where the secret comes from, not the secret.
fn looks_like_code(value: &str) -> bool {
    const READERS: &[&str] = &[
        "process.env.",
        "process.env[",
        "ENV[",
        "ENV.fetch(",
        "os.environ",
        "os.getenv(",
        "getenv(",
        "System.getenv(",
        "Deno.env.get(",
        "import.meta.env.",
        "env(",
    ];
    READERS.iter().any(|r| value.starts_with(r))
}

/// Booleans, numbers, paths and URLs without credentials are settings, not secrets.
fn looks_like_plain_setting(value: &str) -> bool {
    matches!(value.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off")
        || value.parse::<f64>().is_ok()
        || value.starts_with('/')
        || value.starts_with("./")
        || value.starts_with("~/")
        || value.contains("://") && !value.contains('@')
        || value.contains(' ') && value.split(' ').count() > 3
}
