//! Gemini CLI task files: subagents (`.gemini/agents/*.md`), custom commands (`.gemini/commands/**/*.toml`),
//! policy files (`.gemini/policies/*.toml`) and extension manifests (`gemini-extension.json`).

use crate::model::reader::{read_server, read_server_map};
use crate::model::task::{
    Approval, ApprovalLevel, ServerRef, Task, TaskKind, ToolTarget, Tools, listed_tools, tool_entries,
};
use crate::model::{Client, Grant, GrantKind, Model, Note, Reach, Str};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

/// `*`, `mcp_*` (every MCP tool), `mcp_<server>_*`, `mcp_<server>_<tool>`, or a built-in tool. Server aliases
/// cannot hold `_` (Gemini's policies fail on them), so the first `_` ends the server name.
fn tool_target(text: &str) -> ToolTarget {
    let text = text.trim();
    if text == "*" {
        return ToolTarget::Everything;
    }
    let Some(rest) = text.strip_prefix("mcp_") else {
        return ToolTarget::Builtin { name: text.to_string(), specifier: None };
    };
    match rest.split_once('_') {
        _ if rest == "*" => ToolTarget::AllMcp,
        None => ToolTarget::Server { server: rest.trim_end_matches('*').to_string() },
        Some((server, "*")) => ToolTarget::Server { server: server.to_string() },
        Some((server, tool)) if tool.contains('*') => {
            ToolTarget::ServerGlob { server: server.to_string(), glob: tool.to_string() }
        }
        Some((server, tool)) => ToolTarget::McpTool { server: server.to_string(), tool: tool.to_string() },
    }
}

/// A subagent: `tools` omitted inherits every tool of the parent session; inline `mcp_servers` (the docs spell it
/// `mcpServers`) are its own, and `trust: true` on one skips every confirmation for its tools.
pub fn read_agent(root: &Node, model: &mut Model) {
    let mut task = Task::new(TaskKind::Subagent, root.span);
    task.name = root.get("name").and_then(Node::scalar_text).unwrap_or_default();
    task.tools = match root.get("tools") {
        None => Tools::All { field: None, omitted_in: root.span, omitted_pointer: String::new() },
        Some(node) => listed_tools(node, "/tools", tool_target),
    };
    if let Some((key, servers)) = root.get_any(&["mcp_servers", "mcpServers"]) {
        let grants_before = model.grants.len();
        for e in servers.entries() {
            let ptr = pointer_push(&pointer_push("", key), &e.key);
            task.servers.push(ServerRef { name: e.key.clone(), inline: true, span: e.key_span, pointer: ptr.clone() });
            read_server(e.key.clone(), e.key_span, &e.value, ptr, Client::Gemini, model);
        }
        // An inline server's `trust: true` is this agent's approval mode for that server, not the session's.
        for g in model.grants.drain(grants_before..).collect::<Vec<_>>() {
            if g.kind == GrantKind::ServerTrust {
                let value = Str { text: "true".into(), span: g.span, pointer: g.pointer.clone() };
                task.approval =
                    Some(Approval { field: "trust".into(), value, level: ApprovalLevel::Bypass, server: g.server });
            } else {
                model.grants.push(g);
            }
        }
    }
    model.tasks.push(task);
}

/// A custom command: a prompt, no tool fields. `!{...}` shell lines ask for confirmation before they run.
pub fn read_command(root: &Node, model: &mut Model) {
    let _ = root;
    model.tasks.push(Task::new(TaskKind::Command, root.span));
}

/// A policy file: `[[rule]]` tables whose `decision = "allow"` lets tools run unasked. Workspace policy files are
/// not applied by Gemini CLI today (issue #18186), which a reviewer should know.
pub fn read_policy(root: &Node, model: &mut Model) {
    let Some(rules) = root.get("rule") else { return };
    for (i, rule) in rules.items().iter().enumerate() {
        let ptr = format!("/rule/{i}");
        let Some(decision) = rule.get("decision").filter(|d| d.as_str() == Some("allow")) else { continue };
        let server = rule.get("mcpName").and_then(Node::as_str);
        let tools: Vec<String> =
            rule.get("toolName").map(|t| tool_entries(t, "")).unwrap_or_default().into_iter().map(|s| s.text).collect();
        let subagent = rule.get("subagent").and_then(Node::as_str);
        let (reach, server, tools) = match (server, tools.as_slice()) {
            (Some("*"), []) | (Some("*"), [_]) if tools.iter().all(|t| t == "*") => (Reach::Global, None, Vec::new()),
            (None, [t]) if t == "*" || t == "mcp_*" => (Reach::Global, None, Vec::new()),
            (Some(s), []) => (Reach::Server, Some(s.to_string()), Vec::new()),
            (Some(s), ts) if ts.iter().any(|t| t == "*") => (Reach::Server, Some(s.to_string()), Vec::new()),
            (Some(s), ts) => (Reach::Tools, Some(s.to_string()), ts.to_vec()),
            (None, ts) => match ts.iter().map(|t| tool_target(t)).next() {
                Some(ToolTarget::Server { server }) => (Reach::Server, Some(server), Vec::new()),
                Some(ToolTarget::ServerGlob { server, glob }) => (Reach::Wildcard, Some(server), vec![glob]),
                Some(ToolTarget::McpTool { server, .. }) => {
                    let names = ts.iter().filter_map(|t| match tool_target(t) {
                        ToolTarget::McpTool { tool, .. } => Some(tool),
                        _ => None,
                    });
                    (Reach::Tools, Some(server), names.collect())
                }
                _ => continue,
            },
        };
        let field = match subagent {
            Some(agent) => format!("policy rule for subagent `{agent}`"),
            None => "policy rule".into(),
        };
        model.grants.push(Grant {
            kind: GrantKind::PermissionAllow,
            reach,
            field,
            value: "decision = \"allow\"".into(),
            server,
            tools,
            span: decision.span,
            pointer: pointer_push(&ptr, "decision"),
        });
    }
}

/// An extension manifest: its `mcpServers` start when it loads; `excludeTools` takes tools away; `trust` is not
/// supported in extensions.
pub fn read_extension(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcpServers") {
        read_server_map(map, "/mcpServers", Client::GeminiExtension, model, "");
    }
    if let Some(policies) = root.get("policies") {
        model.ignored.push(Note {
            message: "extension policies cannot `allow` anything (Gemini CLI ignores `allow` decisions and `yolo` in extension policies)".into(),
            span: policies.span,
            pointer: "/policies".into(),
        });
    }
}
