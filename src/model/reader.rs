//! The tolerant server reader that every adapter shares. Clients spell the same ideas with different keys
//! (`url`/`serverUrl`/`httpUrl`/`uri`, `env`/`environment`/`envs`, ...); one table of spellings serves
//! them all, unknown fields are left alone, and an odd server never sinks the rest of the file.

use super::{Client, Grant, GrantKind, KeyValue, Model, Note, Reach, Role, Server, Site, Str, ToolList, Transport};
use crate::parse::tree::pointer_push;
use crate::parse::{Node, Value};

const URL_KEYS: &[&str] = &["url", "serverUrl", "httpUrl", "uri"];
const ENV_KEYS: &[&str] = &["env", "environment", "envs"];
const HEADER_KEYS: &[&str] = &["headers", "http_headers"];
const ALLOW_KEYS: &[&str] = &["includeTools", "enabled_tools", "available_tools"];
const DENY_KEYS: &[&str] = &["excludeTools", "disabled_tools", "disabledTools"];
const APPROVE_KEYS: &[&str] = &["autoApprove", "alwaysAllow"];
/// Keys whose string values are credentials wherever they appear inside a server (OAuth blocks, ...).
const SECRET_FIELD_KEYS: &[&str] =
    &["clientSecret", "client_secret", "CLIENT_SECRET", "bearer_token", "token", "apiKey", "api_key", "password"];

/// Reads every entry of a `name -> server` map.
pub fn read_server_map(container: &Node, pointer: &str, client: Client, model: &mut Model, name_prefix: &str) {
    let entries = container.entries();
    // Clients keep the last of duplicate keys (`JSON.parse`, YAML loaders): earlier copies are dead.
    let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        last.insert(e.key.as_str(), i);
    }
    for (i, entry) in entries.iter().enumerate() {
        if last[entry.key.as_str()] != i {
            model.notes.push(Note {
                message: format!(
                    "server `{}` is defined again at a later key; the client ignores this copy",
                    entry.key
                ),
                span: entry.key_span,
                pointer: pointer_push(pointer, &entry.key),
            });
            continue;
        }
        let ptr = pointer_push(pointer, &entry.key);
        let name = format!("{name_prefix}{}", entry.key);
        read_server(name, entry.key_span, &entry.value, ptr, client, model);
    }
}

/// Reads a list of servers that carry their own `name` (Continue).
pub fn read_server_list(container: &Node, pointer: &str, client: Client, model: &mut Model) {
    for (i, item) in container.items().iter().enumerate() {
        let ptr = format!("{pointer}/{i}");
        let (name, span) = match item.get("name") {
            Some(n) => (n.scalar_text().unwrap_or_default(), n.span),
            None => (format!("#{i}"), item.span),
        };
        read_server(name, span, item, ptr, client, model);
    }
}

pub fn read_server(
    name: String,
    name_span: crate::parse::Span,
    node: &Node,
    pointer: String,
    client: Client,
    model: &mut Model,
) {
    let mut server = Server::new(name, name_span, pointer.clone());
    if !node.is_object() {
        model.notes.push(Note {
            message: format!("server `{}` is not an object; nothing in it was read", server.name),
            span: node.span,
            pointer,
        });
        model.push_server(server);
        return;
    }

    read_command(node, &pointer, &mut server);
    if let Some(args) = node.get("args") {
        let base = pointer_push(&pointer, "args");
        server.args.extend(strings(args, &base));
    }
    for key in ENV_KEYS {
        if let Some(env) = node.get(key) {
            server.env.extend(key_values(env, &pointer_push(&pointer, key)));
        }
    }
    if let Some((key, url)) = node.get_any(URL_KEYS) {
        server.url = Str::from_node(url, pointer_push(&pointer, key));
    }
    for key in HEADER_KEYS {
        if let Some(h) = node.get(key) {
            server.headers.extend(key_values(h, &pointer_push(&pointer, key)));
        }
    }
    if let Some(h) = node.get("requestOptions").and_then(|r| r.get("headers")) {
        server.headers.extend(key_values(h, &format!("{pointer}/requestOptions/headers")));
    }
    server.cwd = node.get("cwd").and_then(|c| Str::from_node(c, pointer_push(&pointer, "cwd"))).map(Box::new);
    let disabled = node.get("disabled").and_then(Node::as_bool) == Some(true);
    let enabled = node.get("enabled").and_then(Node::as_bool) != Some(false);
    server.enabled = enabled && !disabled;
    server.transport = transport(node, &server, client);
    server.tools_allow = tool_list(node, &pointer, ALLOW_KEYS).map(Box::new);
    server.tools_deny = tool_list(node, &pointer, DENY_KEYS).map(Box::new);

    server.auth = auth(node, &server);
    for block in ["oauth", "auth"] {
        if let Some(scopes) = node.get(block).and_then(|o| o.get_any(&["scopes", "scope"])) {
            let ptr = format!("{pointer}/{block}/{}", scopes.0);
            server.scopes.extend(scope_list(scopes.1, &ptr));
        }
    }
    if let Some(scopes) = node.get("scopes") {
        server.scopes.extend(scope_list(scopes, &pointer_push(&pointer, "scopes")));
    }

    // Claude Code runs `headersHelper` in a shell before connecting, and embeds what it prints as headers.
    if let Some(helper) =
        node.get("headersHelper").and_then(|h| Str::from_node(h, pointer_push(&pointer, "headersHelper")))
    {
        model.sites.push(Site {
            role: Role::Command,
            key: Some("headersHelper".into()),
            value: helper.clone(),
            server: Some(server.name.clone()),
            declared_secret: false,
        });
        model.shell_commands.push(super::ShellCommand {
            field: "headersHelper".into(),
            command: helper,
            server: Some(server.name.clone()),
            when: "whenever the client connects to the server",
        });
    }
    read_grants(node, &pointer, &server.name, client, model);
    read_secret_fields(node, &pointer, &server.name, model, 0);
    model.push_server(server);
}

fn read_command(node: &Node, pointer: &str, server: &mut Server) {
    let Some((key, cmd)) = node.get_any(&["command", "cmd"]) else {
        return;
    };
    let ptr = pointer_push(pointer, key);
    match &cmd.value {
        // opencode: `command: ["npx", "-y", "pkg"]`
        Value::Array(_) => {
            let mut parts = strings(cmd, &ptr).into_iter();
            server.command = parts.next();
            server.args.extend(parts);
        }
        // Zed legacy: `command: {path, args, env}`
        Value::Object(_) => {
            server.command = cmd.get("path").and_then(|p| Str::from_node(p, pointer_push(&ptr, "path")));
            if let Some(args) = cmd.get("args") {
                server.args.extend(strings(args, &pointer_push(&ptr, "args")));
            }
            if let Some(env) = cmd.get("env") {
                server.env.extend(key_values(env, &pointer_push(&ptr, "env")));
            }
        }
        _ => {
            let Some(command) = Str::from_node(cmd, ptr) else { return };
            // A whole command line in `command` (`"docker run -i --rm img"`, `"bash -c '...'"`): judged as the
            // shell would split it, program first, before any `args`.
            let words = shell_words(&command.text);
            let bare_program = words.first().is_some_and(|(_, w)| !w.contains(['/', '\\']));
            if words.len() > 1 && bare_program {
                // Each word's place in the source, when the value is spelled verbatim (plain or quoted).
                let at = match cmd.span.len().checked_sub(command.text.len()) {
                    Some(0) => Some(cmd.span.start),
                    Some(2) => Some(cmd.span.start + 1),
                    _ => None,
                };
                let mut parts = words.into_iter().map(|(offset, word)| Str {
                    span: at.map_or(cmd.span, |a| {
                        crate::parse::Span::new(a + offset, a + offset + word.len().min(command.text.len() - offset))
                    }),
                    text: word,
                    pointer: command.pointer.clone(),
                });
                server.command = parts.next();
                let rest: Vec<Str> = parts.collect();
                server.args.splice(0..0, rest);
            } else {
                server.command = Some(command);
            }
        }
    }
}

/// Splits a command line as a POSIX shell would (quotes and backslashes), with each word's byte offset.
pub fn shell_words(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut word: Option<(usize, String)> = None;
    let mut quote: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (None, c) if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    out.push(w);
                }
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert((i, String::new()));
            }
            (Some(q), c) if c == q => quote = None,
            (None | Some('"'), '\\') => {
                let w = word.get_or_insert((i, String::new()));
                if let Some((_, next)) = chars.next() {
                    w.1.push(next);
                }
            }
            (_, c) => word.get_or_insert((i, String::new())).1.push(c),
        }
    }
    out.extend(word);
    out
}

fn transport(node: &Node, server: &Server, client: Client) -> Transport {
    let declared = node
        .get("type")
        .or_else(|| node.get("transport").and_then(|t| if t.is_object() { t.get("type") } else { Some(t) }))
        .and_then(Node::as_str)
        .map(|t| t.to_ascii_lowercase());
    match declared.as_deref() {
        Some("stdio" | "local" | "builtin" | "platform") => Transport::Stdio,
        Some("sse") => Transport::Sse,
        Some("http" | "streamable-http" | "streamablehttp" | "streamable_http" | "remote" | "ws") => Transport::Http,
        _ if server.command.is_some() => Transport::Stdio,
        _ if node.get("httpUrl").is_some() => Transport::Http,
        // Cline and Gemini treat an untyped `url` as SSE.
        _ if server.url.is_some() && matches!(client, Client::Cline | Client::Gemini) => Transport::Sse,
        _ if server.url.is_some() => Transport::Http,
        _ => Transport::Unknown,
    }
}

fn tool_list(node: &Node, pointer: &str, keys: &[&str]) -> Option<ToolList> {
    let (key, list) = node.get_any(keys)?;
    let ptr = pointer_push(pointer, key);
    Some(ToolList { field: key.to_string(), span: list.span, items: strings(list, &ptr), pointer: ptr })
}

fn read_grants(node: &Node, pointer: &str, server: &str, client: Client, model: &mut Model) {
    for key in APPROVE_KEYS {
        let Some(list) = node.get(key) else { continue };
        let ptr = pointer_push(pointer, key);
        match &list.value {
            Value::Array(_) => {
                let tools: Vec<Str> = strings(list, &ptr);
                if tools.is_empty() {
                    continue;
                }
                let wildcard = tools.iter().any(|t| is_wildcard(&t.text));
                model.grants.push(Grant {
                    kind: GrantKind::ToolAutoApprove,
                    reach: if wildcard { Reach::Wildcard } else { Reach::Tools },
                    field: key.to_string(),
                    value: tools.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(", "),
                    server: Some(server.to_string()),
                    tools: tools.iter().map(|t| t.text.clone()).collect(),
                    span: list.span,
                    pointer: ptr,
                });
            }
            Value::Bool(true) => model.grants.push(Grant {
                kind: GrantKind::ToolAutoApprove,
                reach: Reach::Server,
                field: key.to_string(),
                value: "true".into(),
                server: Some(server.to_string()),
                tools: Vec::new(),
                span: list.span,
                pointer: ptr,
            }),
            _ => {}
        }
    }
    // `trust: true` is Gemini CLI's spelling: elsewhere it does nothing, and saying so keeps a reviewer from
    // believing the server is trusted (or that removing the field changed anything).
    if let Some(trust) = node.get("trust").filter(|t| t.as_bool() == Some(true))
        && !matches!(client, Client::Gemini | Client::Generic)
    {
        model.notes.push(super::Note {
            message: if client == Client::GeminiExtension {
                format!(
                    "`trust: true` on server `{server}` does nothing: Gemini CLI does not support `trust` in extensions"
                )
            } else {
                format!(
                    "`trust: true` on server `{server}` does nothing in {}: only Gemini CLI reads it",
                    client.slug()
                )
            },
            span: trust.span,
            pointer: pointer_push(pointer, "trust"),
        });
    } else if let Some(trust) = node.get("trust").filter(|t| t.as_bool() == Some(true)) {
        model.grants.push(Grant {
            kind: GrantKind::ServerTrust,
            reach: Reach::Server,
            field: "trust".into(),
            value: "true".into(),
            server: Some(server.to_string()),
            tools: Vec::new(),
            span: trust.span,
            pointer: pointer_push(pointer, "trust"),
        });
    }
    // Codex: `default_tools_approval_mode = "approve"` and `[mcp_servers.x.tools.t] approval_mode = "approve"`.
    if let Some(mode) = node.get("default_tools_approval_mode").filter(|m| m.as_str() == Some("approve")) {
        model.grants.push(Grant {
            kind: GrantKind::ApprovalMode,
            reach: Reach::Server,
            field: "default_tools_approval_mode".into(),
            value: "approve".into(),
            server: Some(server.to_string()),
            tools: Vec::new(),
            span: mode.span,
            pointer: pointer_push(pointer, "default_tools_approval_mode"),
        });
    }
    if let Some(tools) = node.get("tools") {
        for tool in tools.entries() {
            if let Some(mode) = tool.value.get("approval_mode").filter(|m| m.as_str() == Some("approve")) {
                model.grants.push(Grant {
                    kind: GrantKind::ApprovalMode,
                    reach: if is_wildcard(&tool.key) { Reach::Wildcard } else { Reach::Tools },
                    field: format!("tools.{}.approval_mode", tool.key),
                    value: "approve".into(),
                    server: Some(server.to_string()),
                    tools: vec![tool.key.clone()],
                    span: mode.span,
                    pointer: format!("{pointer}/tools/{}/approval_mode", tool.key),
                });
            }
        }
    }
}

/// Where the file configures authentication for the server, if anywhere.
fn auth(node: &Node, server: &Server) -> Option<String> {
    const AUTH_KEYS: &[&str] = &[
        "oauth",
        "auth",
        "bearer_token_env_var",
        "env_http_headers",
        "headersHelper",
        "authProviderType",
        "bearer_token",
    ];
    if let Some(key) = AUTH_KEYS.iter().find(|k| node.get(k).is_some_and(|v| v.as_bool() != Some(false))) {
        return Some(key.to_string());
    }
    let header = server.headers.iter().find(|h| {
        let k = h.key.to_ascii_lowercase();
        k == "authorization" || k.contains("token") || k.contains("key") || k.contains("secret") || k.contains("auth")
    });
    if let Some(h) = header {
        return Some(format!("headers.{}", h.key));
    }
    let url = server.url.as_ref()?.text.to_ascii_lowercase();
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .any(|kv| ["key", "token", "api_key", "apikey", "access_token"].contains(&kv.split('=').next().unwrap_or("")))
        .then(|| "URL query".to_string())
}

/// Scopes as a list or as one space-separated string.
fn scope_list(node: &Node, pointer: &str) -> Vec<Str> {
    let mut out = Vec::new();
    for s in strings(node, pointer) {
        if s.text.contains(' ') && !node.is_array() {
            for part in s.text.split_whitespace() {
                out.push(Str { text: part.to_string(), span: s.span, pointer: s.pointer.clone() });
            }
        } else {
            out.push(s);
        }
    }
    out
}

pub fn is_wildcard(tool: &str) -> bool {
    tool == "*" || tool.ends_with("__*") || tool == "all"
}

/// Strings in a server beyond command, args, env and headers that may hold credentials: secret-named
/// fields at the top (`bearer_token`), and every string of nested blocks (`oauth`, `auth`, Zed `settings`).
fn read_secret_fields(node: &Node, pointer: &str, server: &str, model: &mut Model, depth: usize) {
    if depth > 4 {
        return;
    }
    for entry in node.entries() {
        let key = entry.key.as_str();
        // Codex `env_http_headers` maps each header to the name of an env var that holds its value: names,
        // never values.
        let names_only = key == "env_http_headers";
        if ENV_KEYS.contains(&key) || HEADER_KEYS.contains(&key) || names_only || (depth == 0 && key == "command") {
            continue;
        }
        let ptr = pointer_push(pointer, key);
        match &entry.value.value {
            Value::Object(_) => read_secret_fields(&entry.value, &ptr, server, model, depth + 1),
            Value::String(_) if depth > 0 || SECRET_FIELD_KEYS.contains(&key) => model.sites.push(Site {
                role: Role::Field,
                key: Some(entry.key.clone()),
                value: Str::from_node(&entry.value, ptr).expect("a string node"),
                server: Some(server.to_string()),
                declared_secret: false,
            }),
            _ => {}
        }
    }
}

/// Scalar items of an array (or a lone scalar), each with its pointer.
pub fn strings(node: &Node, pointer: &str) -> Vec<Str> {
    match &node.value {
        Value::Array(items) => {
            items.iter().enumerate().filter_map(|(i, item)| Str::from_node(item, format!("{pointer}/{i}"))).collect()
        }
        _ => Str::from_node(node, pointer.to_string()).into_iter().collect(),
    }
}

/// Entries of a `name -> scalar` map; also accepts a list of `NAME=value` strings (docker style).
pub fn key_values(node: &Node, pointer: &str) -> Vec<KeyValue> {
    match &node.value {
        Value::Object(entries) => entries
            .iter()
            .filter_map(|e| {
                let value = Str::from_node(&e.value, pointer_push(pointer, &e.key))?;
                Some(KeyValue { key: e.key.clone(), key_span: e.key_span, value })
            })
            .collect(),
        Value::Array(_) => strings(node, pointer)
            .into_iter()
            .filter_map(|s| {
                let (k, _) = s.text.split_once('=')?;
                Some(KeyValue { key: k.to_string(), key_span: s.span, value: s.clone() })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Every string of a server that may carry a credential.
pub fn sites_of(server: &Server, sites: &mut Vec<Site>) {
    let site = |role, key: Option<&str>, value: &Str| Site {
        role,
        key: key.map(str::to_string),
        value: value.clone(),
        server: Some(server.name.clone()),
        declared_secret: false,
    };
    if let Some(cmd) = &server.command {
        sites.push(site(Role::Command, None, cmd));
    }
    let mut previous: Option<&str> = None;
    for arg in &server.args {
        // `--api-key sk-...` and `--api-key=sk-...` name the value after the flag.
        let key = match arg.text.split_once('=') {
            Some((flag, _)) if flag.starts_with('-') => Some(flag.trim_start_matches('-')),
            _ => previous.filter(|p| p.starts_with('-')).map(|p| p.trim_start_matches('-')),
        };
        sites.push(site(Role::Arg, key, arg));
        previous = Some(arg.text.as_str());
    }
    for kv in &server.env {
        sites.push(site(Role::Env, Some(&kv.key), &kv.value));
    }
    if let Some(url) = &server.url {
        sites.push(site(Role::Url, None, url));
    }
    for kv in &server.headers {
        sites.push(site(Role::Header, Some(&kv.key), &kv.value));
    }
}

#[cfg(test)]
mod tests {
    use super::shell_words;

    #[test]
    fn command_lines_split_as_a_shell_would() {
        let words: Vec<String> =
            shell_words("bash -c 'curl x | sh' \"a b\" c\\ d").into_iter().map(|(_, w)| w).collect();
        assert_eq!(words, ["bash", "-c", "curl x | sh", "a b", "c d"]);
        assert_eq!(shell_words("docker  run")[1], (8, "run".to_string()));
    }
}
