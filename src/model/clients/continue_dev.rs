//! Continue: `config.yaml` and `.continue/mcpServers/*.yaml` blocks hold a *list* of servers;
//! the legacy `config.json` a map.

use crate::model::reader::{read_server_list, read_server_map};
use crate::model::task::{ServerRef, Task, TaskKind};
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;

pub fn read(root: &Node, model: &mut Model) {
    let Some(servers) = root.get("mcpServers") else {
        return;
    };
    if servers.is_array() {
        read_server_list(servers, "/mcpServers", Client::Continue, model);
    } else {
        read_server_map(servers, "/mcpServers", Client::Continue, model, "");
    }
}

/// A local agent file (`.continue/agents/*.yaml`): a whole config, its `mcpServers` its own. Continue has no
/// per-agent tool list; tool policies live in the IDE or in the CLI's `permissions.yaml`.
pub fn read_agent(root: &Node, model: &mut Model) {
    read(root, model);
    let mut task = Task::new(TaskKind::Agent, root.span);
    task.name = root.get("name").and_then(Node::scalar_text).unwrap_or_default();
    task.inherits_session = false;
    task.servers = model
        .servers
        .iter()
        .map(|s| ServerRef { name: s.name.clone(), inline: true, span: s.name_span, pointer: s.pointer.clone() })
        .collect();
    model.tasks.push(task);
}

/// The CLI's `permissions.yaml`: `allow: ["*"]` lets every tool run unasked in every session.
pub fn read_permissions(root: &Node, model: &mut Model) {
    let Some(allow) = root.get("allow") else { return };
    for (i, item) in allow.items().iter().enumerate() {
        if item.as_str() != Some("*") {
            continue;
        }
        model.grants.push(Grant {
            kind: GrantKind::PermissionAllow,
            reach: Reach::Global,
            field: "allow".into(),
            value: "*".into(),
            server: None,
            tools: Vec::new(),
            span: item.span,
            pointer: format!("/allow/{i}"),
        });
    }
}
