//! How a server is reached: plain HTTP to a remote host, credentials sent over it, TLS verification off,
//! and plain-HTTP remotes with no authentication at all.

use super::launch::launch;
use super::{Check, Hit};
use crate::model::Server;
use crate::rules::FileContext;

/// The host of a URL, lower-cased, without userinfo, port or brackets.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let hostport = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let host =
        if let Some(v6) = hostport.strip_prefix('[') { v6.split(']').next()? } else { hostport.split(':').next()? };
    Some(host.to_ascii_lowercase())
}

pub fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0.0.0.0"
        || host == "host.docker.internal"
}

/// A plain-text URL (`http://`, or `ws://`, which is the same in clear) to a host that is not this machine.
pub fn remote_plain_http(server: &Server) -> Option<(&crate::model::Str, String)> {
    plain_remote(server.url.as_ref()?)
}

fn plain_remote(url: &crate::model::Str) -> Option<(&crate::model::Str, String)> {
    let text = url.text.trim();
    let plain = ["http://", "ws://"]
        .iter()
        .any(|scheme| text.get(..scheme.len()).is_some_and(|p| p.eq_ignore_ascii_case(scheme)));
    if !plain {
        return None;
    }
    let host = host(text)?;
    (!is_loopback(&host) && !host.contains('$') && !host.starts_with('{')).then_some((url, host))
}

/// Local stdio servers that forward every request to the remote URL in their arguments.
const BRIDGES: &[&str] = &["mcp-remote", "supergateway", "mcp-proxy"];

/// The remote a stdio bridge forwards to (`npx -y mcp-remote http://host/mcp`), with the bridge's name, when
/// that URL is plain text to another machine: the local hop is stdio, the hop that crosses the network is not.
fn bridged_plain_remote(server: &Server) -> Option<(&crate::model::Str, String, &'static str)> {
    let launch = launch(server)?;
    let package = |text: &str| {
        let bare = text.strip_prefix('@').map_or(text, |_| text.rsplit('/').next().unwrap_or(text));
        bare.split(['@', '=']).next().unwrap_or(bare).to_ascii_lowercase()
    };
    let bridge = match crate::model::launch::package_spec(&launch.program, &launch.args) {
        Some((_, spec)) => BRIDGES.iter().find(|b| package(&spec.text) == **b)?,
        None => BRIDGES.iter().find(|b| launch.program == **b)?,
    };
    let i = server.args.iter().position(|a| plain_remote(a).is_some())?;
    let (url, host) = plain_remote(&server.args[i])?;
    Some((url, host, bridge))
}

pub struct PlainHttpRemote;

impl Check for PlainHttpRemote {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            let (url, host, via) = match remote_plain_http(server) {
                Some((url, host)) => (url, host, String::new()),
                None => match bridged_plain_remote(server) {
                    Some((url, host, bridge)) => (url, host, format!(" (through the local bridge `{bridge}`)")),
                    None => continue,
                },
            };
            let scheme =
                if url.text.trim().to_ascii_lowercase().starts_with("ws:") { "WebSocket (`ws://`)" } else { "HTTP" };
            emit(Hit::new(
                url.span,
                url.pointer.clone(),
                Some(server.name.clone()),
                format!(
                    "server `{}` is reached over plain {scheme} at `{host}`{via}: requests, results and any token travel in clear",
                    server.name,
                ),
            ));
        }
    }
}

pub struct CredentialOverHttp;

impl Check for CredentialOverHttp {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            let Some((url, host)) = remote_plain_http(server) else { continue };
            let Some(auth) = &server.auth else { continue };
            let at = server
                .headers
                .iter()
                .find(|h| auth == &format!("headers.{}", h.key))
                .map(|h| (h.value.span, h.value.pointer.clone()))
                .unwrap_or((url.span, url.pointer.clone()));
            emit(Hit::new(
                at.0,
                at.1,
                Some(server.name.clone()),
                format!(
                    "the credential in `{auth}` is sent to `{host}` over plain HTTP: anyone on the path can read and replay it"
                ),
            ));
        }
    }
}

pub struct UnauthenticatedRemote;

impl Check for UnauthenticatedRemote {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            // Over https, clients negotiate OAuth at connect time; only a plain-HTTP remote is known to be open.
            let Some((url, host)) = remote_plain_http(server) else { continue };
            if server.auth.is_none() {
                emit(Hit::new(
                    url.span,
                    url.pointer.clone(),
                    Some(server.name.clone()),
                    format!("remote server `{}` at `{host}` has no authentication configured and no TLS", server.name),
                ));
            }
        }
    }
}

/// Env settings and flags that turn TLS certificate verification off.
const TLS_OFF_ENV: &[(&str, &[&str])] = &[
    ("NODE_TLS_REJECT_UNAUTHORIZED", &["0"]),
    ("PYTHONHTTPSVERIFY", &["0"]),
    ("GIT_SSL_NO_VERIFY", &["1", "true", "yes"]),
    ("NPM_CONFIG_STRICT_SSL", &["false", "0"]),
    ("YARN_ENABLE_STRICT_SSL", &["false", "0"]),
    ("REQUESTS_CA_BUNDLE", &[""]),
    ("CURL_CA_BUNDLE", &[""]),
    ("CURL_INSECURE", &["1", "true"]),
    ("SSL_VERIFY", &["0", "false"]),
    ("VERIFY_SSL", &["0", "false"]),
];
const TLS_OFF_FLAGS: &[&str] = &[
    "--insecure",
    "--no-verify",
    "--no-verify-ssl",
    "--skip-tls-verify",
    "--tls-skip-verify",
    "--insecure-skip-tls-verify",
    "--ignore-certificate-errors",
    "--disable-ssl-verification",
    "--ssl-no-verify",
    "--insecure-tls",
    "--no-check-certificate",
];

pub struct TlsVerificationOff;

impl Check for TlsVerificationOff {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            for kv in &server.env {
                let off = TLS_OFF_ENV.iter().any(|(k, vals)| {
                    kv.key.eq_ignore_ascii_case(k) && vals.iter().any(|v| kv.value.text.trim().eq_ignore_ascii_case(v))
                });
                if off {
                    emit(Hit::new(
                        kv.value.span,
                        kv.value.pointer.clone(),
                        Some(server.name.clone()),
                        format!(
                            "`{}={}` turns TLS certificate verification off for server `{}`",
                            kv.key,
                            kv.value.text.trim(),
                            server.name
                        ),
                    ));
                }
            }
            let curl = launch(server).is_some_and(|l| l.program == "curl");
            for arg in &server.args {
                let flag = arg.text.split('=').next().unwrap_or("");
                let off = TLS_OFF_FLAGS.contains(&flag) && !arg.text.ends_with("=false") || (curl && arg.text == "-k");
                if off {
                    emit(Hit::new(
                        arg.span,
                        arg.pointer.clone(),
                        Some(server.name.clone()),
                        format!("`{}` turns TLS certificate verification off for server `{}`", arg.text, server.name),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_off_spellings() {
        let off = |k: &str, v: &str| {
            TLS_OFF_ENV
                .iter()
                .any(|(key, vals)| k.eq_ignore_ascii_case(key) && vals.iter().any(|x| v.trim().eq_ignore_ascii_case(x)))
        };
        assert!(off("NPM_CONFIG_STRICT_SSL", "false"));
        assert!(off("PYTHONHTTPSVERIFY", "0"));
        assert!(off("GIT_SSL_NO_VERIFY", "true"));
        assert!(off("CURL_CA_BUNDLE", ""));
        assert!(!off("CURL_CA_BUNDLE", "/etc/ssl/certs/ca.pem"));
        assert!(!off("NPM_CONFIG_STRICT_SSL", "true"));
    }

    #[test]
    fn plain_websockets_are_plain_text() {
        let server = |url: &str| {
            let mut server = Server::new("s".into(), crate::parse::Span::new(0, 0), String::new());
            server.transport = crate::model::Transport::Sse;
            server.url = Some(crate::model::Str {
                text: url.into(),
                span: crate::parse::Span::new(0, 0),
                pointer: String::new(),
            });
            server
        };
        assert!(remote_plain_http(&server("ws://mcp.acme.test/ws")).is_some());
        assert!(remote_plain_http(&server("WS://mcp.acme.test/ws")).is_some());
        assert!(remote_plain_http(&server("wss://mcp.acme.test/ws")).is_none());
        assert!(remote_plain_http(&server("ws://localhost:8080/ws")).is_none());
    }

    #[test]
    fn a_bridge_to_a_plain_http_remote_is_plain_text() {
        let stdio = |command: &str, args: &[&str]| {
            let at = |text: &str| crate::model::Str {
                text: text.into(),
                span: crate::parse::Span::new(0, 0),
                pointer: String::new(),
            };
            let mut server = Server::new("s".into(), crate::parse::Span::new(0, 0), String::new());
            server.command = Some(at(command));
            server.args = args.iter().map(|a| at(a)).collect();
            server
        };
        let bridge = |s: &Server| bridged_plain_remote(s).map(|(url, host, via)| (url.text.clone(), host, via));
        assert_eq!(
            bridge(&stdio("npx", &["-y", "mcp-remote@0.1.9", "http://mcp.acme.test/sse"])),
            Some(("http://mcp.acme.test/sse".into(), "mcp.acme.test".into(), "mcp-remote"))
        );
        assert!(bridge(&stdio("npx", &["-y", "supergateway", "--sse", "ws://10.0.0.5:8000/ws"])).is_some());
        assert!(bridge(&stdio("uvx", &["mcp-proxy", "http://mcp.acme.test/sse"])).is_some());
        assert!(bridge(&stdio("mcp-proxy", &["http://mcp.acme.test/sse"])).is_some());
        // Loopback, TLS, and a URL handed to some other program are not a bridge to plain text.
        assert!(bridge(&stdio("npx", &["-y", "mcp-remote", "http://localhost:3000/sse"])).is_none());
        assert!(bridge(&stdio("npx", &["-y", "mcp-remote", "https://mcp.acme.test/sse"])).is_none());
        assert!(bridge(&stdio("npx", &["-y", "@acme/fetch-mcp", "http://mcp.acme.test/"])).is_none());
    }

    #[test]
    fn hosts() {
        assert_eq!(host("http://user:pw@Example.test:8080/mcp").as_deref(), Some("example.test"));
        assert_eq!(host("http://[::1]:3000/sse").as_deref(), Some("::1"));
        assert!(is_loopback("127.0.0.1") && is_loopback("localhost") && !is_loopback("10.0.0.44"));
    }
}
