//! Amazon Q Developer: `mcp.json` (`mcpServers`), and agent files (`cli-agents/*.json`, and Kiro's
//! `.kiro/agents/*.json|md`): their own servers, the tools they see (`tools`) and the tools that run without
//! asking (`allowedTools`, or Kiro's newer `permissions` rules).

use crate::model::reader::read_server_map;
use crate::model::task::{
    Approval, ApprovalLevel, Task, TaskKind, ToolRule, ToolTarget, Tools, listed_tools, tool_entries, tool_rules,
};
use crate::model::{Client, Model, Note, Str};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcpServers") {
        read_server_map(map, "/mcpServers", Client::AmazonQ, model, "");
    }
}

/// `*` (everything), `@builtin`, `@mcp` (Kiro: every MCP tool), `@server`, `@server/tool` (globs allowed), or
/// a built-in tool (`fs_read`, `execute_bash`) or Kiro tag (`read`, `write`, `shell`).
fn tool_target(text: &str) -> ToolTarget {
    let text = text.trim();
    match text.strip_prefix('@') {
        _ if text == "*" => ToolTarget::Everything,
        Some("mcp") => ToolTarget::AllMcp,
        Some("builtin") => ToolTarget::Builtin { name: "@builtin".into(), specifier: None },
        Some(rest) => match rest.split_once('/') {
            None | Some((_, "*")) => ToolTarget::Server { server: rest.split('/').next().unwrap_or(rest).to_string() },
            Some((server, tool)) if tool.contains(['*', '?']) || server.contains(['*', '?']) => {
                ToolTarget::ServerGlob { server: server.to_string(), glob: tool.to_string() }
            }
            Some((server, tool)) => ToolTarget::McpTool { server: server.to_string(), tool: tool.to_string() },
        },
        None => ToolTarget::Builtin { name: text.to_string(), specifier: None },
    }
}

fn rules(node: &Node, pointer: &str) -> Vec<ToolRule> {
    tool_rules(node, pointer, tool_target)
}

pub fn read_agent(client: Client, root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcpServers") {
        read_server_map(map, "/mcpServers", client.family(), model, "");
    }
    let mut task = Task::new(TaskKind::Agent, root.span);
    task.name = root.get("name").and_then(Node::scalar_text).unwrap_or_default();
    task.servers = model
        .servers
        .iter()
        .map(|s| crate::model::task::ServerRef {
            name: s.name.clone(),
            inline: true,
            span: s.name_span,
            pointer: s.pointer.clone(),
        })
        .collect();
    // The agent reaches the legacy `mcp.json` servers only when it asks for them.
    let legacy = if client == Client::KiroAgent { "includeMcpJson" } else { "useLegacyMcpJson" };
    task.inherits_session = root.get(legacy).and_then(Node::as_bool) == Some(true);
    task.tools = match root.get("tools") {
        // Amazon Q: an agent without `tools` has none. Kiro: not documented (accepted as none, leniently).
        None => Tools::None,
        Some(node) => listed_tools(node, "/tools", tool_target),
    };
    task.denied = root.get("excludedTools").map(|n| rules(n, "/excludedTools")).unwrap_or_default();
    if let Some(allowed) = root.get("allowedTools") {
        for rule in rules(allowed, "/allowedTools") {
            if rule.target == ToolTarget::Everything && client == Client::AmazonQAgent {
                model.ignored.push(Note {
                    message: "`\"*\"` in `allowedTools` is not supported by Amazon Q: it approves nothing (name tools or `@server` instead)".into(),
                    span: rule.text.span,
                    pointer: rule.text.pointer.clone(),
                });
                continue;
            }
            task.preapproved.push(rule);
        }
    }
    // Kiro's newer rules: `{capability, effect: allow|deny, match: [patterns]}`.
    if let Some(permissions) = root.get("permissions") {
        for (i, rule) in permissions.items().iter().enumerate() {
            let ptr = format!("/permissions/{i}");
            let Some(effect) = rule.get("effect").filter(|e| e.as_str() == Some("allow")) else { continue };
            let Some(capability) =
                rule.get("capability").and_then(|c| Str::from_node(c, pointer_push(&ptr, "capability")))
            else {
                continue;
            };
            let patterns: Vec<String> = rule
                .get("match")
                .map(|m| tool_entries(m, ""))
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.text)
                .collect();
            let specifier =
                (!patterns.is_empty() && !patterns.iter().any(|p| p == "*" || p == "**")).then(|| patterns.join(" "));
            let target = match tool_target(&capability.text) {
                ToolTarget::Everything if specifier.is_none() => {
                    let value = Str { text: "allow".into(), span: effect.span, pointer: pointer_push(&ptr, "effect") };
                    task.approval = Some(Approval {
                        field: "permissions".into(),
                        value,
                        level: ApprovalLevel::Bypass,
                        server: None,
                    });
                    continue;
                }
                ToolTarget::Builtin { name, .. } => ToolTarget::Builtin { name, specifier },
                other => other,
            };
            task.preapproved.push(ToolRule { text: capability, target });
        }
    }
    model.tasks.push(task);
}
