//! Claude Code: settings files (`permissions`, `defaultMode`, `enableAllProjectMcpServers`) and the user
//! file `~/.claude.json` (user servers and `projects.<path>.mcpServers`).

use crate::model::reader::read_server_map;
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

/// `defaultMode` values under which tools run without a person asking: `bypassPermissions` runs everything,
/// `auto` lets a classifier decide. (`dontAsk` denies whatever is not pre-approved: it widens nothing by itself,
/// and the allow rules it relies on are grants of their own.)
const UNATTENDED_MODES: &[&str] = &["bypassPermissions", "auto"];

pub fn read_settings(root: &Node, model: &mut Model) {
    if let Some(allow) = root.get("permissions").and_then(|p| p.get("allow")) {
        for (i, rule) in allow.items().iter().enumerate() {
            let Some(text) = rule.as_str() else { continue };
            if let Some(grant) = mcp_permission(text) {
                let (reach, server, tools) = grant;
                model.grants.push(Grant {
                    kind: GrantKind::PermissionAllow,
                    reach,
                    field: "permissions.allow".into(),
                    value: text.to_string(),
                    server,
                    tools,
                    span: rule.span,
                    pointer: format!("/permissions/allow/{i}"),
                });
            }
        }
    }
    if let Some(mode) = root.get("permissions").and_then(|p| p.get("defaultMode"))
        && let Some(m) = mode.as_str().filter(|m| UNATTENDED_MODES.contains(m))
    {
        model.grants.push(Grant {
            kind: GrantKind::ApprovalMode,
            reach: Reach::Global,
            field: "permissions.defaultMode".into(),
            value: m.to_string(),
            server: None,
            tools: Vec::new(),
            span: mode.span,
            pointer: "/permissions/defaultMode".into(),
        });
    }
    if let Some(flag) = root.get("enableAllProjectMcpServers").filter(|f| f.as_bool() == Some(true)) {
        model.grants.push(Grant {
            kind: GrantKind::EnableAllProjectServers,
            reach: Reach::Global,
            field: "enableAllProjectMcpServers".into(),
            value: "true".into(),
            server: None,
            tools: Vec::new(),
            span: flag.span,
            pointer: "/enableAllProjectMcpServers".into(),
        });
    }
}

/// Reads an `mcp__...` permission rule: `mcp__srv` and `mcp__srv__*` cover the whole server,
/// `mcp__srv__tool` one tool, and `mcp__*` every server.
pub fn mcp_permission(rule: &str) -> Option<(Reach, Option<String>, Vec<String>)> {
    let rest = rule.strip_prefix("mcp__")?;
    if rest.is_empty() || rest == "*" {
        return Some((Reach::Wildcard, None, Vec::new()));
    }
    match rest.split_once("__") {
        None => Some((Reach::Server, Some(rest.to_string()), Vec::new())),
        Some((server, "*" | "")) => Some((Reach::Server, Some(server.to_string()), Vec::new())),
        Some((server, tool)) if tool.contains('*') => {
            Some((Reach::Wildcard, Some(server.to_string()), vec![tool.to_string()]))
        }
        Some((server, tool)) => Some((Reach::Tools, Some(server.to_string()), vec![tool.to_string()])),
    }
}

pub fn read_user(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcpServers") {
        read_server_map(map, "/mcpServers", Client::ClaudeUser, model, "");
    }
    if let Some(projects) = root.get("projects") {
        for project in projects.entries() {
            if let Some(map) = project.value.get("mcpServers") {
                let ptr = pointer_push(&pointer_push("/projects", &project.key), "mcpServers");
                read_server_map(map, &ptr, Client::ClaudeUser, model, &format!("{}:", project.key));
            }
        }
    }
    read_settings(root, model);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_rules() {
        assert_eq!(mcp_permission("mcp__github"), Some((Reach::Server, Some("github".into()), vec![])));
        assert_eq!(mcp_permission("mcp__fs__*"), Some((Reach::Server, Some("fs".into()), vec![])));
        assert_eq!(mcp_permission("mcp__fs__read_file").unwrap().0, Reach::Tools);
        assert_eq!(mcp_permission("mcp__*").unwrap().0, Reach::Wildcard);
        assert_eq!(mcp_permission("Bash(npm run test:*)"), None);
    }
}
