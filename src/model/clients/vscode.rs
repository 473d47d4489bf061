//! VS Code: `mcp.json` (`servers` + `inputs`), legacy `settings.json` (`mcp.servers`), and the chat
//! approval settings that skip confirmations for every tool.

use crate::model::reader::read_server_map;
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

/// Settings that auto-approve every tool call, with the values that turn them on.
const GLOBAL_APPROVALS: &[&str] = &["chat.tools.global.autoApprove", "chat.tools.autoApprove"];

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("servers").filter(|m| m.is_object()) {
        read_server_map(map, "/servers", Client::Vscode, model, "");
    }
    if let Some(map) = root.get("mcp").and_then(|m| m.get("servers")) {
        read_server_map(map, "/mcp/servers", Client::Vscode, model, "");
    }
    if let Some(map) = root.get("mcpServers") {
        read_server_map(map, "/mcpServers", Client::Vscode, model, "");
    }
    for key in GLOBAL_APPROVALS {
        if let Some((node, pointer)) = setting(root, key).filter(|(n, _)| n.as_bool() == Some(true)) {
            model.grants.push(global_grant(key, "true", node, pointer));
        }
    }
    if let Some((node, pointer)) = setting(root, "chat.permissions.default")
        && let Some(v) = node.as_str().filter(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("bypass") || v.contains("autopilot")
        })
    {
        model.grants.push(global_grant("chat.permissions.default", v, node, pointer));
    }
}

fn global_grant(field: &str, value: &str, node: &Node, pointer: String) -> Grant {
    Grant {
        kind: GrantKind::ApprovalMode,
        reach: Reach::Global,
        field: field.to_string(),
        value: value.to_string(),
        server: None,
        tools: Vec::new(),
        span: node.span,
        pointer,
    }
}

/// A setting spelled either flat (`"chat.tools.autoApprove": true`) or nested.
pub fn setting<'a>(root: &'a Node, dotted: &str) -> Option<(&'a Node, String)> {
    if let Some(node) = root.get(dotted) {
        return Some((node, pointer_push("", dotted)));
    }
    let mut node = root;
    let mut pointer = String::new();
    for part in dotted.split('.') {
        node = node.get(part)?;
        pointer = pointer_push(&pointer, part);
    }
    Some((node, pointer))
}
