//! opencode `opencode.json[c]`: `mcp` map with `local` (command array, `environment`) and `remote` servers, and
//! `permission`, which can let tools run without asking.

use crate::model::reader::read_server_map;
use crate::model::task::{Approval, ApprovalLevel, Task, TaskKind, ToolRule, ToolTarget};
use crate::model::{Client, Grant, GrantKind, Model, Reach, Str};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("mcp") {
        read_server_map(map, "/mcp", Client::Opencode, model, "");
    }
    if let Some(agents) = root.get("agent") {
        for e in agents.entries() {
            let known: Vec<String> = model.servers.iter().map(|s| s.name.clone()).collect();
            let mut task = read_agent(&e.value, &pointer_push("/agent", &e.key), Some(&known));
            task.name = e.key.clone();
            model.tasks.push(task);
        }
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

/// opencode's own tools (permission keys); any other key names MCP tools as `<server>_<tool>`.
const BUILTINS: &[&str] = &[
    "read",
    "edit",
    "write",
    "patch",
    "multiedit",
    "glob",
    "grep",
    "list",
    "bash",
    "task",
    "skill",
    "lsp",
    "todoread",
    "todowrite",
    "webfetch",
    "websearch",
    "codesearch",
    "external_directory",
    "doom_loop",
    "question",
    "repo_clone",
    "repo_overview",
    "model_override",
];

/// A permission or `tools` key: `*`, a built-in tool, `<server>_*` (every tool of a server) or
/// `<server>_<tool>`. Custom tools are named the same way, and server names may hold `_`: where the file
/// defines servers (`opencode.json`), a key is an MCP tool only when it starts with one of their names; in an
/// agent file, which defines none, `<x>_*` is read as server `x`.
fn tool_target(key: &str, known: Option<&[String]>) -> ToolTarget {
    let builtin = || ToolTarget::Builtin { name: key.to_string(), specifier: None };
    if key == "*" {
        return ToolTarget::Everything;
    }
    if BUILTINS.contains(&key) {
        return builtin();
    }
    let server_of = |k: &str| -> Option<String> {
        match known {
            Some(names) => names
                .iter()
                .filter(|n| k.strip_prefix(n.as_str()).is_some_and(|r| r.starts_with(['_', '-', '*'])))
                .max_by_key(|n| n.len())
                .cloned(),
            None => k
                .strip_suffix('*')
                .map(|s| s.trim_end_matches(['_', '-']).to_string())
                .filter(|s| !s.is_empty() && !s.contains('*')),
        }
    };
    let Some(server) = server_of(key) else { return builtin() };
    let tool = key[server.len()..].trim_start_matches(['_', '-']);
    match tool {
        "*" | "" => ToolTarget::Server { server },
        t if t.contains('*') => ToolTarget::ServerGlob { server, glob: t.to_string() },
        t => ToolTarget::McpTool { server, tool: t.to_string() },
    }
}

/// An agent, from `opencode.json`'s `agent.<name>` or a Markdown agent's frontmatter: `permission` decides what
/// runs unasked (`"allow"` everything; per key, the last matching rule wins), and the deprecated `tools` map
/// turns `true` into `allow` from opencode 1.1.1 on.
fn read_agent(node: &Node, pointer: &str, known: Option<&[String]>) -> Task {
    let mut task = Task::new(TaskKind::Agent, node.span);
    task.pointer = pointer.to_string();
    if let Some(tools) = node.get("tools") {
        for e in tools.entries().iter().filter(|e| e.value.as_bool() == Some(true)) {
            let text = Str {
                text: e.key.clone(),
                span: e.key_span,
                pointer: pointer_push(&pointer_push(pointer, "tools"), &e.key),
            };
            task.preapproved.push(ToolRule { target: tool_target(&e.key, known), text });
        }
    }
    let Some(permission) = node.get("permission") else { return task };
    let ptr = pointer_push(pointer, "permission");
    if permission.as_str() == Some("allow") {
        let value = Str { text: "allow".into(), span: permission.span, pointer: ptr.clone() };
        task.approval =
            Some(Approval { field: "permission".into(), value, level: ApprovalLevel::Bypass, server: None });
        return task;
    }
    for e in permission.entries() {
        let key_ptr = pointer_push(&ptr, &e.key);
        // `bash: {"*": "ask", "git *": "allow"}`: the last matching pattern wins; a catch-all allow last opens all.
        let allowed = match e.value.as_str() {
            Some(action) => (action == "allow").then_some(None),
            None => e.value.entries().last().filter(|p| p.value.as_str() == Some("allow")).map(|p| Some(p.key.clone())),
        };
        let Some(pattern) = allowed else { continue };
        if e.key == "*" {
            let value = Str { text: "allow".into(), span: e.value.span, pointer: key_ptr };
            task.approval =
                Some(Approval { field: "permission.*".into(), value, level: ApprovalLevel::Bypass, server: None });
            continue;
        }
        let target = match (tool_target(&e.key, known), pattern) {
            (ToolTarget::Builtin { name, .. }, Some(p)) if p != "*" => ToolTarget::Builtin { name, specifier: Some(p) },
            (t, _) => t,
        };
        task.preapproved
            .push(ToolRule { text: Str { text: e.key.clone(), span: e.key_span, pointer: key_ptr }, target });
    }
    task
}

/// `.opencode/agents/**/*.md`: the frontmatter is an agent's JSON entry.
pub fn read_agent_file(root: &Node, model: &mut Model) {
    let task = read_agent(root, "", None);
    model.tasks.push(task);
}
