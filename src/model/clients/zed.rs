//! Zed `settings.json`: `context_servers` (current and legacy shapes) and the agent's global tool approvals.

use crate::model::reader::read_server_map;
use crate::model::task::{Task, TaskKind, ToolRule, ToolTarget, Tools};
use crate::model::{Client, Grant, GrantKind, Model, Note, Reach, Str};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("context_servers") {
        read_server_map(map, "/context_servers", Client::Zed, model, "");
    }
    let Some(agent) = root.get("agent") else {
        return;
    };
    if let Some(profiles) = agent.get("profiles") {
        for e in profiles.entries() {
            read_profile(&e.key, &e.value, &pointer_push("/agent/profiles", &e.key), model);
        }
    }
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

/// A profile: `enable_all_context_servers: true` shows every MCP tool; otherwise only the tools set `true` under
/// `context_servers.<server>.tools` (a `"*"` key is no wildcard there). Approval is global (`tool_permissions`).
fn read_profile(id: &str, node: &Node, pointer: &str, model: &mut Model) {
    let mut task = Task::new(TaskKind::Profile, node.span);
    task.name = node.get("name").and_then(Node::scalar_text).unwrap_or_else(|| id.to_string());
    task.pointer = pointer.to_string();
    if let Some(all) = node.get("enable_all_context_servers").filter(|n| n.as_bool() == Some(true)) {
        let ptr = pointer_push(pointer, "enable_all_context_servers");
        task.tools = Tools::All {
            field: Some(Str { text: "enable_all_context_servers: true".into(), span: all.span, pointer: ptr.clone() }),
            omitted_in: all.span,
            omitted_pointer: ptr,
        };
    } else {
        let mut listed = Vec::new();
        let servers_ptr = pointer_push(pointer, "context_servers");
        for server in node.get("context_servers").map(Node::entries).unwrap_or_default() {
            let tools_ptr = pointer_push(&pointer_push(&servers_ptr, &server.key), "tools");
            for tool in server.value.get("tools").map(Node::entries).unwrap_or_default() {
                let ptr = pointer_push(&tools_ptr, &tool.key);
                if tool.key == "*" {
                    model.ignored.push(Note {
                        message: format!("`\"*\"` under profile `{id}`'s `context_servers.{}.tools` is not a wildcard: Zed enables only tools named exactly (use `enable_all_context_servers` for all)", server.key),
                        span: tool.key_span,
                        pointer: ptr,
                    });
                    continue;
                }
                if tool.value.as_bool() == Some(true) {
                    let text = Str { text: tool.key.clone(), span: tool.key_span, pointer: ptr };
                    listed.push(ToolRule {
                        target: ToolTarget::McpTool { server: server.key.clone(), tool: tool.key.clone() },
                        text,
                    });
                }
            }
        }
        task.tools = Tools::Listed(listed);
    }
    model.tasks.push(task);
}
