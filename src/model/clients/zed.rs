//! Zed `settings.json`: `context_servers` (current and legacy shapes) and the agent's global tool approvals.

use crate::model::reader::read_server_map;
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("context_servers") {
        read_server_map(map, "/context_servers", Client::Zed, model, "");
    }
    let Some(agent) = root.get("agent") else {
        return;
    };
    let always = agent.get("always_allow_tool_actions").filter(|n| n.as_bool() == Some(true));
    let default_allow =
        agent.get("tool_permissions").and_then(|p| p.get("default")).filter(|n| n.as_str() == Some("allow"));
    for (node, field, pointer) in [
        (always, "agent.always_allow_tool_actions", "/agent/always_allow_tool_actions"),
        (default_allow, "agent.tool_permissions.default", "/agent/tool_permissions/default"),
    ] {
        if let Some(node) = node {
            model.grants.push(Grant {
                kind: GrantKind::ApprovalMode,
                reach: Reach::Global,
                field: field.into(),
                value: node.scalar_text().unwrap_or_default(),
                server: None,
                tools: Vec::new(),
                span: node.span,
                pointer: pointer.into(),
            });
        }
    }
}
