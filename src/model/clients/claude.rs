//! Claude Code: settings files (`permissions`, `defaultMode`, `enableAllProjectMcpServers`) and the user
//! file `~/.claude.json` (user servers and `projects.<path>.mcpServers`).

use crate::model::reader::key_values;
use crate::model::reader::{read_server, read_server_map};
use crate::model::task::{
    Approval, ApprovalLevel, Route, ServerRef, Task, TaskKind, ToolRule, ToolTarget, Tools, listed_tools, tool_rules,
};
use crate::model::{Client, Grant, GrantKind, Model, Note, Reach, Role, Site, Str};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

/// `defaultMode` values under which tools run without a person asking: `bypassPermissions` runs everything,
/// `auto` lets a classifier decide. (`dontAsk` denies whatever is not pre-approved: it widens nothing by itself,
/// and the allow rules it relies on are grants of their own.)
const UNATTENDED_MODES: &[&str] = &["bypassPermissions", "auto"];

pub fn read_settings(root: &Node, model: &mut Model) {
    // `env` is exported to every server and tool Claude Code starts: a literal credential there is live.
    if let Some(env) = root.get("env") {
        for kv in key_values(env, "/env") {
            model.sites.push(Site {
                role: Role::Env,
                key: Some(kv.key),
                value: kv.value,
                server: None,
                declared_secret: false,
            });
        }
    }
    // `apiKeyHelper` runs in a shell to produce the API key (and again when it expires).
    if let Some(helper) = root.get("apiKeyHelper").and_then(|h| Str::from_node(h, "/apiKeyHelper".into())) {
        model.sites.push(Site {
            role: Role::Command,
            key: Some("apiKeyHelper".into()),
            value: helper.clone(),
            server: None,
            declared_secret: false,
        });
        model.shell_commands.push(crate::model::ShellCommand {
            field: "apiKeyHelper".into(),
            command: helper,
            server: None,
            when: "whenever Claude Code needs its API key",
        });
    }
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
            // The tools a person approved "always" for that project, remembered by Claude Code.
            for (i, rule) in project.value.get("allowedTools").map(Node::items).unwrap_or_default().iter().enumerate() {
                let Some(text) = rule.as_str() else { continue };
                if let Some((reach, server, tools)) = mcp_permission(text) {
                    let ptr = pointer_push(&pointer_push("/projects", &project.key), "allowedTools");
                    model.grants.push(Grant {
                        kind: GrantKind::PermissionAllow,
                        reach,
                        field: "projects.allowedTools".into(),
                        value: text.to_string(),
                        server: server.map(|s| format!("{}:{s}", project.key)),
                        tools,
                        span: rule.span,
                        pointer: format!("{ptr}/{i}"),
                    });
                }
            }
        }
    }
    read_settings(root, model);
}

/// A Claude Code permission-rule string as a tool target: `mcp__srv__tool`, `mcp__srv`, `mcp__*`, `Bash`,
/// `Bash(git log:*)`.
pub fn tool_target(rule: &str) -> ToolTarget {
    let rule = rule.trim();
    if rule == "*" {
        return ToolTarget::Everything;
    }
    if let Some((reach, server, tools)) = mcp_permission(rule) {
        return match (reach, server) {
            (_, None) => ToolTarget::AllMcp,
            (Reach::Server, Some(server)) => ToolTarget::Server { server },
            (Reach::Wildcard, Some(server)) => ToolTarget::ServerGlob { server, glob: tools.join("") },
            (_, Some(server)) => ToolTarget::McpTool { server, tool: tools.join("") },
        };
    }
    builtin(rule)
}

/// `Name(specifier)` or `Name`; an empty or `*` specifier is no limit at all.
pub fn builtin(rule: &str) -> ToolTarget {
    match rule.split_once('(') {
        Some((name, rest)) => {
            let spec = rest.strip_suffix(')').unwrap_or(rest).trim();
            let specifier = (!spec.is_empty() && spec != "*" && spec != "**").then(|| spec.to_string());
            ToolTarget::Builtin { name: name.trim().to_string(), specifier }
        }
        None => ToolTarget::Builtin { name: rule.to_string(), specifier: None },
    }
}

fn rules_of(root: &Node, key: &str) -> Vec<ToolRule> {
    root.get(key).map(|n| tool_rules(n, &pointer_push("", key), tool_target)).unwrap_or_default()
}

/// `permissionMode` values and what they let run unasked.
fn permission_mode(value: &str) -> Option<ApprovalLevel> {
    Some(match value {
        "bypassPermissions" => ApprovalLevel::Bypass,
        "auto" => ApprovalLevel::Classifier,
        "acceptEdits" => ApprovalLevel::AcceptEdits,
        "dontAsk" => ApprovalLevel::DenyUnlisted,
        "default" | "plan" | "manual" => ApprovalLevel::Ask,
        _ => return None,
    })
}

fn name_of(root: &Node) -> String {
    root.get("name").and_then(Node::scalar_text).unwrap_or_default()
}

/// A subagent (`.claude/agents/**/*.md`): `tools` is an allowlist (every session tool when omitted),
/// `permissionMode` its approval mode, `mcpServers` names session servers or defines its own.
pub fn read_agent(root: &Node, model: &mut Model) {
    let mut task = Task::new(TaskKind::Subagent, root.span);
    task.name = name_of(root);
    task.tools = match root.get("tools") {
        None => Tools::All { field: None, omitted_in: root.span, omitted_pointer: String::new() },
        Some(node) => listed_tools(node, "/tools", tool_target),
    };
    task.denied = rules_of(root, "disallowedTools");
    // `Agent(worker, researcher)` (`Task(...)` before v2.1.63): the subagents it may spawn as the main thread.
    if let Tools::Listed(rules) = &task.tools {
        for rule in rules {
            if let ToolTarget::Builtin { name, specifier: Some(list) } = &rule.target
                && (name == "Agent" || name == "Task")
            {
                for target in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    task.routes.push(Route {
                        target: target.to_string(),
                        via: format!("tools: {name}(...)"),
                        automatic: false,
                        span: rule.text.span,
                        pointer: rule.text.pointer.clone(),
                    });
                }
            }
        }
    }
    if let Some(mode) = root.get("permissionMode")
        && let Some(value) = Str::from_node(mode, "/permissionMode".into())
        && let Some(level) = permission_mode(&value.text)
    {
        task.approval = Some(Approval { field: "permissionMode".into(), value, level, server: None });
    }
    if let Some(servers) = root.get("mcpServers") {
        read_task_servers(servers, "/mcpServers", Client::ClaudeCode, &mut task, model);
    }
    model.tasks.push(task);
}

/// `mcpServers` of a task: a list of names (session servers) and `{name: server}` objects (its own), or a map.
pub fn read_task_servers(node: &Node, pointer: &str, client: Client, task: &mut Task, model: &mut Model) {
    fn inline(e: &crate::parse::tree::Entry, ptr: String, client: Client, task: &mut Task, model: &mut Model) {
        task.servers.push(ServerRef { name: e.key.clone(), inline: true, span: e.key_span, pointer: ptr.clone() });
        read_server(e.key.clone(), e.key_span, &e.value, ptr, client, model);
    }
    if node.is_object() {
        for e in node.entries() {
            inline(e, pointer_push(pointer, &e.key), client, task, model);
        }
        return;
    }
    for (i, item) in node.items().iter().enumerate() {
        let ptr = format!("{pointer}/{i}");
        match item.as_str() {
            Some(name) => {
                task.servers.push(ServerRef { name: name.to_string(), inline: false, span: item.span, pointer: ptr })
            }
            None => {
                for e in item.entries() {
                    inline(e, pointer_push(&ptr, &e.key), client, task, model);
                }
            }
        }
    }
}

/// A command (`.claude/commands/*.md`) or skill (`SKILL.md`): `allowed-tools` runs unasked during the turn
/// that invokes it, even in a folder never trusted; `disallowed-tools` takes tools away.
pub fn read_command(client: Client, root: &Node, model: &mut Model) {
    let kind = if client == Client::ClaudeSkill { TaskKind::Skill } else { TaskKind::Command };
    let mut task = Task::new(kind, root.span);
    if kind == TaskKind::Skill {
        task.name = name_of(root);
    }
    task.preapproved = rules_of(root, "allowed-tools");
    task.denied = rules_of(root, "disallowed-tools");
    // `context: fork` with `agent: name` runs the command inside that subagent.
    if let Some(agent) = root.get("agent").and_then(|a| Str::from_node(a, "/agent".into())) {
        let forked = root.get("context").and_then(Node::as_str) == Some("fork");
        task.routes.push(Route {
            target: agent.text.clone(),
            via: if forked { "context: fork, agent".into() } else { "agent".into() },
            automatic: true,
            span: agent.span,
            pointer: agent.pointer,
        });
    }
    for field in ["permissionMode", "mcpServers", "tools"] {
        if let Some(e) = root.entry(field) {
            model.ignored.push(Note {
                message: format!(
                    "`{field}` does nothing in a {}: Claude Code reads it only in subagents (`.claude/agents/`); use `allowed-tools`/`disallowed-tools` here",
                    kind.name()
                ),
                span: e.key_span,
                pointer: pointer_push("", field),
            });
        }
    }
    model.tasks.push(task);
}

/// `.claude-plugin/plugin.json` (inline `mcpServers`) and `marketplace.json` (each plugin entry's).
pub fn read_plugin(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcpServers").filter(|m| m.is_object()) {
        read_server_map(map, "/mcpServers", Client::ClaudeCode, model, "");
    }
    if let Some(plugins) = root.get("plugins") {
        for (i, plugin) in plugins.items().iter().enumerate() {
            if let Some(map) = plugin.get("mcpServers").filter(|m| m.is_object()) {
                let prefix =
                    plugin.get("name").and_then(Node::as_str).map(|n| format!("plugin_{n}_")).unwrap_or_default();
                read_server_map(map, &format!("/plugins/{i}/mcpServers"), Client::ClaudeCode, model, &prefix);
            }
        }
    }
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
