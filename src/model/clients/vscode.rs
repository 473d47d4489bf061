//! VS Code: `mcp.json` (`servers` + `inputs`), legacy `settings.json` (`mcp.servers`), and the chat
//! approval settings that skip confirmations for every tool.

use crate::model::reader::{read_server, read_server_map};
use crate::model::task::{Route, ServerRef, Task, TaskKind, ToolTarget, Tools, listed_tools, tool_entries};
use crate::model::{Client, Grant, GrantKind, Model, Note, Reach, Str};
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

/// A VS Code / Copilot tool reference: `server/*` (every tool of a server), `server/tool`, `*` (everything), or
/// a built-in tool or tool set (`editFiles`, `execute`, `#search`).
fn tool_target(text: &str) -> ToolTarget {
    let text = text.trim().trim_start_matches('#');
    match text.split_once('/') {
        _ if text == "*" => ToolTarget::Everything,
        Some((server, "*")) => ToolTarget::Server { server: server.to_string() },
        Some((server, tool)) if tool.contains('*') => {
            ToolTarget::ServerGlob { server: server.to_string(), glob: tool.to_string() }
        }
        Some((server, tool)) => ToolTarget::McpTool { server: server.to_string(), tool: tool.to_string() },
        None => ToolTarget::Builtin { name: text.to_string(), specifier: None },
    }
}

/// A custom agent (`*.agent.md`, `.github/agents/*.md`, legacy `*.chatmode.md`) or prompt file (`*.prompt.md`).
/// GitHub documents an omitted `tools` (or `["*"]`) as every tool, MCP tools included; a prompt without
/// `tools` takes its agent's, so it is left to the session.
pub fn read_agent(client: Client, root: &Node, model: &mut Model) {
    let kind = if client == Client::VscodePrompt { TaskKind::Prompt } else { TaskKind::Agent };
    let mut task = Task::new(kind, root.span);
    task.name = root.get("name").and_then(Node::scalar_text).unwrap_or_default();
    task.tools = match (root.get("tools"), kind) {
        (None, TaskKind::Prompt) => Tools::Session,
        (None, _) => Tools::All { field: None, omitted_in: root.span, omitted_pointer: String::new() },
        (Some(node), _) => listed_tools(node, "/tools", tool_target),
    };
    read_routes(root, kind, &mut task);
    if let Some(servers) = root.get("mcp-servers") {
        // Read by the Copilot cloud agent for organization and enterprise profiles only.
        for e in servers.entries() {
            let ptr = pointer_push("/mcp-servers", &e.key);
            task.servers.push(ServerRef { name: e.key.clone(), inline: true, span: e.key_span, pointer: ptr.clone() });
            read_server(e.key.clone(), e.key_span, &e.value, ptr, Client::Vscode, model);
        }
        if let Some(e) = root.entry("mcp-servers") {
            model.ignored.push(Note {
                message: "`mcp-servers` in an agent file is read only by the Copilot cloud agent, and only from an organization's or enterprise's `.github-private` repository: VS Code and repository agents ignore it (its servers are still checked)".into(),
                span: e.key_span,
                pointer: "/mcp-servers".into(),
            });
        }
    }
    model.tasks.push(task);
}

/// Hand-offs: `handoffs[].agent` (`send: true` submits without the user), `agents` (subagents it may call),
/// and a prompt's `agent` (the custom agent it runs in; `ask`, `agent`, `plan` and `edit` are built-in modes).
fn read_routes(root: &Node, kind: TaskKind, task: &mut Task) {
    for (i, handoff) in root.get("handoffs").map(Node::items).unwrap_or_default().iter().enumerate() {
        let ptr = format!("/handoffs/{i}/agent");
        if let Some(agent) = handoff.get("agent").and_then(|a| Str::from_node(a, ptr)) {
            let automatic = handoff.get("send").and_then(Node::as_bool) == Some(true);
            task.routes.push(Route {
                target: agent.text,
                via: "handoffs".into(),
                automatic,
                span: agent.span,
                pointer: agent.pointer,
            });
        }
    }
    for agent in root.get("agents").map(|a| tool_entries(a, "/agents")).unwrap_or_default() {
        task.routes.push(Route {
            target: agent.text,
            via: "agents".into(),
            automatic: false,
            span: agent.span,
            pointer: agent.pointer,
        });
    }
    let mode_key = if root.get("agent").is_some() { "agent" } else { "mode" };
    if kind == TaskKind::Prompt
        && let Some(agent) = root.get(mode_key).and_then(|a| Str::from_node(a, pointer_push("", mode_key)))
        && !matches!(agent.text.as_str(), "ask" | "agent" | "plan" | "edit")
    {
        task.routes.push(Route {
            target: agent.text,
            via: mode_key.into(),
            automatic: true,
            span: agent.span,
            pointer: agent.pointer,
        });
    }
}
