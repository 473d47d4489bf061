//! opencode `opencode.json[c]`: `mcp` map with `local` (command array, `environment`) and `remote` servers, and
//! `permission`, which can let tools run without asking.

use crate::model::reader::read_server_map;
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcp") {
        read_server_map(map, "/mcp", Client::Opencode, model, "");
    }
    let Some(permission) = root.get("permission") else { return };
    // `"permission": "allow"` (or `{"*": "allow"}`) lets every tool run without asking. Keys for single
    // built-in tools (`read`, `grep`, `edit`, ...) are opencode's own tools, not MCP trust, and are left alone.
    if permission.as_str() == Some("allow") {
        model.grants.push(grant(permission, "/permission".into(), "permission"));
    }
    if let Some(all) = permission.get("*").filter(|v| v.as_str() == Some("allow")) {
        model.grants.push(grant(all, pointer_push("/permission", "*"), "permission.*"));
    }
}

fn grant(node: &Node, pointer: String, field: &str) -> Grant {
    Grant {
        kind: GrantKind::ApprovalMode,
        reach: Reach::Global,
        field: field.to_string(),
        value: "allow".into(),
        server: None,
        tools: Vec::new(),
        span: node.span,
        pointer,
    }
}
