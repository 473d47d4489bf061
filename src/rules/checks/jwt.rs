//! JWTs are decoded (never verified) and their claims judged: no `exp`, `alg: none`, a lifetime past the
//! limit, or an `exp` already in the past.

use std::sync::LazyLock;

use anyhow::{Result, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use regex::Regex;
use serde::Deserialize;

use super::{Check, Hit};
use crate::rules::FileContext;
use crate::rules::engine::describe_site;
use crate::rules::mask::mask;

static JWT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*").expect("jwt regex"));

#[derive(Deserialize, Default, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Mode {
    #[default]
    MissingExp,
    AlgNone,
    TooLong,
    Expired,
    /// A token whose `role` claim is `params.role` (Supabase `service_role` bypasses row-level security).
    Role,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Params {
    mode: Mode,
    max_lifetime_days: u64,
    role: Option<String>,
}

impl Default for Params {
    fn default() -> Self {
        Params { mode: Mode::MissingExp, max_lifetime_days: 90, role: None }
    }
}

pub struct JwtClaims {
    params: Params,
}

impl JwtClaims {
    pub fn new(params: &serde_json::Value) -> Result<Self> {
        let params: Params = super::params(params)?;
        if params.max_lifetime_days == 0 {
            bail!("max_lifetime_days must be positive");
        }
        Ok(JwtClaims { params })
    }
}

/// The decoded header and payload of a JWT, if it is one.
pub fn decode(token: &str) -> Option<(serde_json::Value, serde_json::Value)> {
    let mut parts = token.split('.');
    let header = URL_SAFE_NO_PAD.decode(parts.next()?.trim_end_matches('=')).ok()?;
    let payload = URL_SAFE_NO_PAD.decode(parts.next()?.trim_end_matches('=')).ok()?;
    Some((serde_json::from_slice(&header).ok()?, serde_json::from_slice(&payload).ok()?))
}

impl JwtClaims {
    /// The lifetime limit in days: the config's `jwt-max-lifetime-days`, else the pack's.
    fn limit(&self, ctx: &FileContext) -> u64 {
        ctx.settings.jwt_max_lifetime_days.unwrap_or(self.params.max_lifetime_days)
    }
}

impl Check for JwtClaims {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for site in &model.sites {
            let literal = site.value.literal_view();
            for m in JWT.find_iter(&literal) {
                let Some((header, claims)) = decode(m.as_str()) else {
                    continue;
                };
                let exp = claims.get("exp").and_then(serde_json::Value::as_i64);
                let iat = claims.get("iat").and_then(serde_json::Value::as_i64);
                let what = format!("JWT {} {}", mask(m.as_str()), describe_site(site));
                let message = match self.params.mode {
                    Mode::MissingExp if exp.is_none() => {
                        format!("{what} has no `exp` claim: it never expires")
                    }
                    Mode::AlgNone
                        if header
                            .get("alg")
                            .and_then(|a| a.as_str())
                            .is_some_and(|a| a.eq_ignore_ascii_case("none")) =>
                    {
                        format!("{what} is unsigned (`alg: none`): anyone can forge its claims")
                    }
                    Mode::TooLong => match (exp, iat) {
                        // i128: crafted claims (`exp` near i64::MAX, `iat` negative) must not overflow.
                        (Some(e), Some(i)) if i128::from(e) - i128::from(i) > i128::from(self.limit(ctx)) * 86_400 => {
                            format!(
                                "{what} is valid for {} days (limit {})",
                                (i128::from(e) - i128::from(i)) / 86_400,
                                self.limit(ctx)
                            )
                        }
                        _ => continue,
                    },
                    Mode::Role => match (claims.get("role").and_then(|r| r.as_str()), &self.params.role) {
                        (Some(role), Some(want)) if role == want => {
                            format!(
                                "{what} carries `role: {role}`: it bypasses every access policy of the project it belongs to"
                            )
                        }
                        _ => continue,
                    },
                    Mode::Expired => match exp {
                        Some(e) if e < ctx.now.unix() => {
                            let on = crate::clock::Now::from_unix(e).today();
                            let days = ctx.now.days_since(e);
                            format!("{what} expired on {on} ({days} days ago) and is still deployed")
                        }
                        _ => continue,
                    },
                    _ => continue,
                };
                let span = site.value.sub_span(ctx.source, m.range());
                let mut hit = Hit::new(span, site.value.pointer.clone(), site.server.clone(), message);
                hit.secret = Some(span);
                emit(hit);
            }
        }
    }
}
