//! OpenAI Codex `config.toml`: `[mcp_servers.<name>]` tables and the approval policy, top level and per profile.

use crate::model::reader::read_server_map;
use crate::model::task::{ServerRef, Task, TaskKind};
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcp_servers") {
        read_server_map(map, "/mcp_servers", Client::Codex, model, "");
    }
    approval_policy(root, "", model);
    apps(root, model);
    if let Some(profiles) = root.get("profiles") {
        for profile in profiles.entries() {
            approval_policy(&profile.value, &pointer_push("/profiles", &profile.key), model);
        }
    }
}

/// Connector apps: `[apps.<id>.tools.<tool>] approval_mode = "approve"` runs that tool without asking.
fn apps(root: &Node, model: &mut Model) {
    for app in root.get("apps").map(Node::entries).unwrap_or_default() {
        let app_ptr = pointer_push("/apps", &app.key);
        for tool in app.value.get("tools").map(Node::entries).unwrap_or_default() {
            let Some(mode) = tool.value.get("approval_mode").filter(|m| m.as_str() == Some("approve")) else {
                continue;
            };
            model.grants.push(Grant {
                kind: GrantKind::ToolAutoApprove,
                reach: if tool.key.contains('*') { Reach::Wildcard } else { Reach::Tools },
                field: "approval_mode".into(),
                value: "approve".into(),
                server: Some(app.key.clone()),
                tools: vec![tool.key.clone()],
                span: mode.span,
                pointer: pointer_push(&pointer_push(&pointer_push(&app_ptr, "tools"), &tool.key), "approval_mode"),
            });
        }
    }
}

/// `approval_policy = "never"`: Codex never asks; with `sandbox_mode = "danger-full-access"` nothing contains it either.
fn approval_policy(table: &Node, pointer: &str, model: &mut Model) {
    // A reviewer subagent answers approval requests instead of a person: a classifier, like Claude's `auto`.
    if let Some(reviewer) = table.get("approvals_reviewer").and_then(Node::as_str).filter(|r| *r != "user") {
        let node = table.get("approvals_reviewer").expect("read above");
        model.grants.push(Grant {
            kind: GrantKind::ApprovalMode,
            reach: Reach::Global,
            field: "approvals_reviewer".into(),
            value: reviewer.to_string(),
            server: None,
            tools: Vec::new(),
            span: node.span,
            pointer: pointer_push(pointer, "approvals_reviewer"),
        });
    }
    let Some(policy) = table.get("approval_policy").filter(|p| p.as_str() == Some("never")) else {
        return;
    };
    let full_access = table.get("sandbox_mode").and_then(Node::as_str) == Some("danger-full-access");
    model.grants.push(Grant {
        kind: GrantKind::ApprovalMode,
        reach: Reach::Global,
        field: "approval_policy".into(),
        value: if full_access { "never (sandbox_mode = danger-full-access)".into() } else { "never".into() },
        server: None,
        tools: Vec::new(),
        span: policy.span,
        pointer: pointer_push(pointer, "approval_policy"),
    });
}

/// A role file (`.codex/agents/*.toml`): `name`, `description`, `developer_instructions`, and any `config.toml`
/// key: its own `mcp_servers`, `approval_policy`, `sandbox_mode` (read as in `config.toml`, so every rule applies).
pub fn read_role(root: &Node, model: &mut Model) {
    let first = model.servers.len();
    read(root, model);
    let mut task = Task::new(TaskKind::Role, root.span);
    task.name = root.get("name").and_then(Node::scalar_text).unwrap_or_default();
    task.servers = model.servers[first..]
        .iter()
        .map(|s| ServerRef { name: s.name.clone(), inline: true, span: s.name_span, pointer: s.pointer.clone() })
        .collect();
    model.tasks.push(task);
}
