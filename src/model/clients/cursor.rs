//! Cursor permission files: the CLI's `permissions.allow` (`Mcp(server:tool)`, `.cursor/cli.json`,
//! `~/.cursor/cli-config.json`) and the IDE's `mcpAllowlist` (`server:tool`, `.cursor/permissions.json`). Both
//! let MCP tools run without approval for every session: they are grants, not tasks.

use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;

/// `server:tool` with `*` wildcards, as one grant's reach.
fn reach_of(server: &str, tool: &str) -> (Reach, Option<String>, Vec<String>) {
    match (server.trim(), tool.trim()) {
        ("*", "*") => (Reach::Global, None, Vec::new()),
        ("*", t) => (Reach::Wildcard, None, vec![t.to_string()]),
        (s, "*" | "") => (Reach::Server, Some(s.to_string()), Vec::new()),
        (s, t) if t.contains('*') => (Reach::Wildcard, Some(s.to_string()), vec![t.to_string()]),
        (s, t) => (Reach::Tools, Some(s.to_string()), vec![t.to_string()]),
    }
}

pub fn read(client: Client, root: &Node, model: &mut Model) {
    let (list, field, pointer) = match client {
        Client::CursorCli => {
            (root.get("permissions").and_then(|p| p.get("allow")), "permissions.allow", "/permissions/allow")
        }
        _ => (root.get("mcpAllowlist"), "mcpAllowlist", "/mcpAllowlist"),
    };
    let Some(list) = list else { return };
    for (i, item) in list.items().iter().enumerate() {
        let Some(text) = item.as_str() else { continue };
        let inner = match client {
            Client::CursorCli => match text.trim().strip_prefix("Mcp(").and_then(|r| r.strip_suffix(')')) {
                Some(inner) => inner,
                None => continue,
            },
            _ => text,
        };
        let (server, tool) = inner.split_once(':').unwrap_or((inner, "*"));
        let (reach, server, tools) = reach_of(server, tool);
        model.grants.push(Grant {
            kind: GrantKind::PermissionAllow,
            reach,
            field: field.into(),
            value: text.to_string(),
            server,
            tools,
            span: item.span,
            pointer: format!("{pointer}/{i}"),
        });
    }
}
