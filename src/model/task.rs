//! Tasks: the subagents, commands, skills, prompts, agent profiles, recipes and roles that clients define in
//! files next to their MCP configs. Each adapter reads what its client's file says into one [`Task`]: which
//! servers it names (inline ones are ordinary [`super::Server`]s of the same model), which tools it sees, which
//! it may run without asking, and the approval mode it runs under. Which servers of the session it reaches is
//! resolved across files, in [`resolve`].

use serde::{Deserialize, Serialize};

use super::{Str, project_root};
use crate::parse::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    Subagent,
    Command,
    Skill,
    /// VS Code / Copilot custom agent (`*.agent.md`, `.github/agents/*.md`), opencode, Amazon Q and Kiro agents.
    Agent,
    ChatMode,
    Prompt,
    /// Zed `agent.profiles.<id>`.
    Profile,
    Recipe,
    /// Codex role file (`.codex/agents/*.toml`).
    Role,
}

impl TaskKind {
    pub fn name(self) -> &'static str {
        match self {
            TaskKind::Subagent => "subagent",
            TaskKind::Command => "command",
            TaskKind::Skill => "skill",
            TaskKind::Agent => "agent",
            TaskKind::ChatMode => "chat mode",
            TaskKind::Prompt => "prompt",
            TaskKind::Profile => "profile",
            TaskKind::Recipe => "recipe",
            TaskKind::Role => "role",
        }
    }
}

/// Who a task's file belongs to, which decides whether a client loads it unasked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Project,
    User,
    Plugin,
    Managed,
}

/// What one tool entry of a task names, in one vocabulary for every client's spelling (`mcp__srv__tool`,
/// `srv/tool`, `@srv/tool`, `Mcp(srv:tool)`, `mcp_srv_tool`, `srv_tool`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ToolTarget {
    /// Every tool, built-in and MCP (`*`, `Mcp(*:*)` with shell, Kiro `*`).
    Everything,
    /// Every tool of every MCP server (`mcp__*`, `@mcp`, `mcp_*`, `Mcp(*:*)`).
    AllMcp,
    /// Every tool of one server (`mcp__srv`, `srv/*`, `@srv`, `Mcp(srv:*)`).
    Server { server: String },
    /// Tools of one server matching a glob (`mcp__srv__get_*`).
    ServerGlob { server: String, glob: String },
    /// One tool of one server.
    McpTool { server: String, tool: String },
    /// A client's own tool (`Bash`, `Write`, `execute_bash`, `shell`), with what it is limited to, if anything
    /// (`Bash(git log:*)` has `git log:*`).
    Builtin { name: String, specifier: Option<String> },
}

impl ToolTarget {
    /// The server it names, if it names one.
    pub fn server(&self) -> Option<&str> {
        match self {
            ToolTarget::Server { server }
            | ToolTarget::ServerGlob { server, .. }
            | ToolTarget::McpTool { server, .. } => Some(server),
            _ => None,
        }
    }

    /// Whether it covers every tool of a server (or more).
    pub fn is_wholesale(&self) -> bool {
        matches!(self, ToolTarget::Everything | ToolTarget::AllMcp | ToolTarget::Server { .. })
    }

    /// Whether it reaches `server` at all.
    pub fn reaches(&self, server: &str) -> bool {
        match self {
            ToolTarget::Everything | ToolTarget::AllMcp => true,
            other => other.server() == Some(server),
        }
    }
}

/// One entry of a tool field, as written and as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolRule {
    pub text: Str,
    pub target: ToolTarget,
}

/// Which tools a task sees.
#[derive(Debug, Clone, PartialEq)]
pub enum Tools {
    /// What the session offers, as for any prompt: the file does not narrow it, and the client does not
    /// mean it to (commands, skills, prompts).
    Session,
    /// Every tool of every server it reaches, because the tool field is omitted (`omitted_in` names where it
    /// would go) or says `*`/`enable_all_context_servers` (`field`).
    All { field: Option<Str>, omitted_in: Span, omitted_pointer: String },
    /// Only these.
    Listed(Vec<ToolRule>),
    /// None at all (Amazon Q agents without `tools`, `tools: []`).
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovalLevel {
    /// Nothing asks (`bypassPermissions`, opencode `permission: allow`, `trust: true`).
    Bypass,
    /// A classifier decides, no person does (`auto`).
    Classifier,
    /// File edits run unasked (`acceptEdits`).
    AcceptEdits,
    /// Whatever is not pre-approved is denied (`dontAsk`): as wide as the pre-approvals.
    DenyUnlisted,
    /// The client asks (`default`, `plan`, `ask`).
    Ask,
}

/// The approval mode a task's own file sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    pub field: String,
    pub value: Str,
    pub level: ApprovalLevel,
    /// Set when it holds for one server only (an inline server's `trust: true`).
    pub server: Option<String>,
}

/// A server a task names: defined in its own file (inline, a [`super::Server`] of the same model) or by name.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerRef {
    pub name: String,
    pub inline: bool,
    pub span: Span,
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub kind: TaskKind,
    /// From the file's `name` field, else from its path.
    pub name: String,
    pub span: Span,
    pub pointer: String,
    pub scope: Scope,
    pub servers: Vec<ServerRef>,
    /// It also reaches the servers the session has (every client does, but Goose recipes with their own
    /// `extensions`, Amazon Q and Kiro agents without `useLegacyMcpJson`/`includeMcpJson`, Continue agents).
    pub inherits_session: bool,
    pub tools: Tools,
    /// Tools removed before `tools` applies (`disallowedTools`, `excludedTools`).
    pub denied: Vec<ToolRule>,
    /// Tools it may run without a person confirming them.
    pub preapproved: Vec<ToolRule>,
    pub approval: Option<Approval>,
    /// Shell lines its body runs when it is invoked (`` !`cmd` ``), before the model sees anything.
    pub shell_lines: Vec<Str>,
    /// Other tasks it hands work to (a command's `agent`, handoffs, `Agent(x)`, sub-recipes).
    pub routes: Vec<Route>,
}

/// A hand-off from one task to another, by the other's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub target: String,
    /// The field, as the client spells it (`agent`, `handoffs`, `sub_recipes`, `tools: Agent(...)`).
    pub via: String,
    /// The hand-off happens without a person confirming it (`send: true`, a forked command).
    pub automatic: bool,
    pub span: Span,
    pub pointer: String,
}

impl Task {
    pub fn new(kind: TaskKind, span: Span) -> Task {
        Task {
            kind,
            name: String::new(),
            span,
            pointer: String::new(),
            scope: Scope::Project,
            servers: Vec::new(),
            inherits_session: true,
            tools: Tools::Session,
            denied: Vec::new(),
            preapproved: Vec::new(),
            approval: None,
            shell_lines: Vec::new(),
            routes: Vec::new(),
        }
    }

    /// The most it lets run unasked: `Bypass` when its own mode does, else what its approval says.
    pub fn bypasses(&self) -> bool {
        self.approval.as_ref().is_some_and(|a| matches!(a.level, ApprovalLevel::Bypass | ApprovalLevel::Classifier))
    }
}

/// What only the file's path and text tell about its tasks: default names, scope, chat modes, the shell lines
/// a command's body runs, and the fields a plugin's subagents ignore.
pub fn finish(model: &mut super::Model, path: &str, client: super::Client, source: &str, body: Option<usize>) {
    let chat_mode = path.ends_with(".chatmode.md") || path.contains("/chatmodes/") || path.starts_with("chatmodes/");
    for task in &mut model.tasks {
        place(task, path);
        if chat_mode && task.kind == TaskKind::Agent {
            task.kind = TaskKind::ChatMode;
        }
        if let (true, Some(body)) = (client.runs_body_shell(), body) {
            task.shell_lines = body_shell_lines(source, body);
        }
        // Claude Code ignores these in plugin subagents.
        if task.scope == Scope::Plugin && task.kind == TaskKind::Subagent {
            if let Some(approval) = task.approval.take() {
                model.ignored.push(super::Note {
                    message: format!("`permissionMode: {}` does nothing in a plugin's subagent: Claude Code ignores `permissionMode`, `mcpServers` and `hooks` there", approval.value.text),
                    span: approval.value.span,
                    pointer: approval.value.pointer,
                });
            }
            if let Some(first) = task.servers.first() {
                model.ignored.push(super::Note {
                    message: "`mcpServers` does nothing in a plugin's subagent: Claude Code ignores `permissionMode`, `mcpServers` and `hooks` there (put servers in the plugin's `.mcp.json`)".into(),
                    span: first.span,
                    pointer: first.pointer.clone(),
                });
                task.servers.clear();
            }
        }
    }
}

/// A task file's folder and name: where scope and the default name come from.
pub fn place(task: &mut Task, path: &str) {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    task.scope = if lower.starts_with("/etc/") || parts.iter().any(|p| *p == "claudecode" || *p == "managed-settings.d")
    {
        Scope::Managed
    } else if parts.iter().any(|p| *p == "plugins" || *p == ".claude-plugin") || plugin_root(path).is_some() {
        Scope::Plugin
    } else {
        Scope::Project
    };
    if task.name.is_empty() {
        let file = path.rsplit('/').next().unwrap_or(path);
        let stem = if file.eq_ignore_ascii_case("SKILL.md") {
            path.rsplit('/').nth(1).unwrap_or(file)
        } else {
            const SUFFIXES: &[&str] =
                &[".agent.md", ".chatmode.md", ".prompt.md", ".md", ".toml", ".json", ".yaml", ".yml"];
            SUFFIXES.iter().find_map(|s| file.strip_suffix(s)).unwrap_or(file)
        };
        task.name = stem.to_string();
    }
}

/// The plugin folder a task file belongs to, when it sits in a plugin's `agents/`, `commands/` or `skills/`
/// folder beside a `.claude-plugin/` folder.
pub fn plugin_root(path: &str) -> Option<&str> {
    let mut at = path.len();
    while let Some(i) = path[..at].rfind('/') {
        let dir = &path[..i];
        let name = dir.rsplit('/').next().unwrap_or(dir);
        if matches!(name, "agents" | "commands" | "skills") {
            let root = dir.rsplit_once('/').map_or("", |(r, _)| r);
            let marker = if root.is_empty() { ".claude-plugin".to_string() } else { format!("{root}/.claude-plugin") };
            if std::path::Path::new(&marker).is_dir() {
                return Some(root);
            }
        }
        at = i;
    }
    None
}

/// The folder whose session a task file's tasks run in: the path before the client's own folder
/// (`app/.claude/agents/review/x.md` runs in `app`).
pub fn task_root(path: &str) -> String {
    const TASK_DIRS: &[&str] =
        &[".claude", ".github", ".gemini", ".opencode", ".codex", ".kiro", ".amazonq", ".continue", ".cursor"];
    let parts: Vec<&str> = path.split('/').collect();
    match parts.iter().rposition(|p| TASK_DIRS.contains(p)) {
        Some(i) => parts[..i].join("/"),
        None => match plugin_root(path) {
            Some(root) => root.to_string(),
            None => project_root(path),
        },
    }
}

/// The `` !`cmd` `` lines of a command or skill body, and the bodies of ```` ```! ```` blocks: Claude Code runs
/// them when the command is invoked, before the model reads the result.
pub fn body_shell_lines(source: &str, body_start: usize) -> Vec<Str> {
    let mut out = Vec::new();
    let Some(body) = source.get(body_start..) else { return out };
    let mut fenced = false;
    let mut offset = body_start;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if fenced {
            if trimmed.trim_start().starts_with("```") {
                fenced = false;
            } else if !trimmed.trim().is_empty() {
                let lead = line.len() - line.trim_start().len();
                out.push(shell_str(trimmed.trim_start(), offset + lead));
            }
        } else if trimmed.trim_start() == "```!" {
            fenced = true;
        } else {
            let mut from = 0;
            while let Some(i) = trimmed[from..].find("!`") {
                let start = from + i + 2;
                let Some(len) = trimmed[start..].find('`') else { break };
                if len > 0 {
                    out.push(shell_str(&trimmed[start..start + len], offset + start));
                }
                from = start + len + 1;
            }
        }
        offset += line.len();
    }
    out
}

fn shell_str(text: &str, at: usize) -> Str {
    Str { text: text.to_string(), span: Span::new(at, at + text.len()), pointer: String::new() }
}

/// A tool field's entries, each read by the client's own spelling (`parse`).
pub fn tool_rules(node: &crate::parse::Node, pointer: &str, parse: fn(&str) -> ToolTarget) -> Vec<ToolRule> {
    tool_entries(node, pointer).into_iter().map(|text| ToolRule { target: parse(&text.text), text }).collect()
}

/// A tool list field as what a task sees: everything when an entry is `*`, nothing when it is empty.
pub fn listed_tools(node: &crate::parse::Node, pointer: &str, parse: fn(&str) -> ToolTarget) -> Tools {
    let rules = tool_rules(node, pointer, parse);
    if rules.iter().any(|r| r.target == ToolTarget::Everything) {
        Tools::All {
            field: Str::from_node(node, pointer.to_string()),
            omitted_in: node.span,
            omitted_pointer: pointer.to_string(),
        }
    } else if rules.is_empty() {
        Tools::None
    } else {
        Tools::Listed(rules)
    }
}

/// A list-or-string tool field (`tools: Read, Grep`, `allowed-tools: Bash(git:*) Read`, or a YAML list), as
/// its entries with their own spans.
pub fn tool_entries(node: &crate::parse::Node, pointer: &str) -> Vec<Str> {
    use crate::parse::Value;
    match &node.value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Str::from_node(n, format!("{pointer}/{i}")))
            .filter(|s| !s.text.trim().is_empty())
            .collect(),
        Value::String(text) => {
            // A plain scalar's span is its text; a quoted one's adds its two quotes. Anything else (escapes,
            // folded lines) cannot be placed part by part: each entry then points at the whole value.
            let exact = match node.span.len().checked_sub(text.len()) {
                Some(0) => Some(node.span.start),
                Some(2) => Some(node.span.start + 1),
                _ => None,
            };
            split_tool_string(text)
                .into_iter()
                .enumerate()
                .map(|(i, (start, part))| Str {
                    text: part.to_string(),
                    span: exact.map_or(node.span, |at| Span::new(at + start, at + start + part.len())),
                    pointer: format!("{pointer}/{i}"),
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Splits `Read, Grep Bash(git log:*)` at commas and spaces outside parentheses.
fn split_tool_string(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' => {
                depth += 1;
                start.get_or_insert(i);
            }
            ')' => depth = depth.saturating_sub(1),
            ',' | ' ' | '\t' | '\n' if depth == 0 => {
                if let Some(s) = start.take() {
                    out.push((s, &text[s..i]));
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_strings_split_outside_parentheses() {
        let parts: Vec<&str> =
            split_tool_string("Read, Grep Bash(git log:*), mcp__gh__x").into_iter().map(|(_, p)| p).collect();
        assert_eq!(parts, ["Read", "Grep", "Bash(git log:*)", "mcp__gh__x"]);
    }

    #[test]
    fn shell_lines_of_a_body() {
        let text = "---\nx: 1\n---\nNow: !`git status` and !`date`\n```!\nnpm test\n```\n`!not`\n";
        let lines: Vec<String> = body_shell_lines(text, 12).into_iter().map(|s| s.text).collect();
        assert_eq!(lines, ["git status", "date", "npm test"]);
        let first = &body_shell_lines(text, 12)[0];
        assert_eq!(&text[first.span.start..first.span.end], "git status");
    }

    #[test]
    fn roots_and_names() {
        assert_eq!(task_root("app/.claude/agents/review/sec.md"), "app");
        assert_eq!(task_root(".github/agents/x.agent.md"), "");
        let mut t = Task::new(TaskKind::Skill, Span::default());
        place(&mut t, ".claude/skills/deploy/SKILL.md");
        assert_eq!(t.name, "deploy");
        let mut t = Task::new(TaskKind::Prompt, Span::default());
        place(&mut t, ".github/prompts/triage.prompt.md");
        assert_eq!((t.name.as_str(), t.scope), ("triage", Scope::Project));
        let mut t = Task::new(TaskKind::ChatMode, Span::default());
        place(&mut t, "chatmodes/4.1-Beast.chatmode.md");
        assert_eq!(t.name, "4.1-Beast");
    }
}

/// How much of one server a task sees or may run unasked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ToolSet {
    All,
    Some(Vec<String>),
    None,
}

impl ToolSet {
    fn add(&mut self, tool: &str) {
        match self {
            ToolSet::All => {}
            ToolSet::Some(list) => {
                if !list.iter().any(|t| t == tool) {
                    list.push(tool.to_string());
                }
            }
            ToolSet::None => *self = ToolSet::Some(vec![tool.to_string()]),
        }
    }

    fn union(&mut self, target: &ToolTarget) {
        match target {
            ToolTarget::Everything | ToolTarget::AllMcp | ToolTarget::Server { .. } => *self = ToolSet::All,
            ToolTarget::ServerGlob { glob, .. } => self.add(glob),
            ToolTarget::McpTool { tool, .. } => self.add(tool),
            ToolTarget::Builtin { .. } => {}
        }
    }
}

/// One server as one task reaches it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reached {
    pub server: String,
    /// The file that defines it (the task's own file for inline servers).
    pub defined_in: String,
    pub inline: bool,
    pub visible: ToolSet,
    pub preapproved: ToolSet,
}

/// A task resolved against the configs of its session.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Index of the file in the list given to [`resolve`], and of the task in that file's model.
    pub file: usize,
    pub task: usize,
    pub servers: Vec<Reached>,
    /// Servers it names that no scanned config defines, with where it names them.
    pub dangling: Vec<(String, Span, String)>,
    /// Whether any config of its client was scanned in its session at all (without one, names cannot be
    /// resolved, and nothing is called dangling).
    pub session_known: bool,
}

/// A file as resolution sees it.
pub struct FileModel<'a> {
    pub path: &'a str,
    pub client: super::Client,
    pub model: &'a super::Model,
}

/// Resolves every task of `files` by its client's rules: the servers of its session (configs of the same client
/// in its folder or a folder above it) unless its file replaces them, plus its own inline servers; then its tool
/// list, deny list and pre-approvals per server.
pub fn resolve(files: &[FileModel]) -> Vec<Resolved> {
    let mut out = Vec::new();
    resolve_each(files, |r| out.push(r));
    out
}

/// [`resolve`], handing each task to `each` as it is resolved instead of holding them all (the checks across
/// files need one at a time).
pub fn resolve_each(files: &[FileModel], mut each: impl FnMut(Resolved)) {
    use std::collections::BTreeMap;
    // (family, folder) -> server name -> defining file.
    let mut session: BTreeMap<(super::Client, String), BTreeMap<&str, &str>> = BTreeMap::new();
    for f in files.iter().filter(|f| !f.client.is_task_file()) {
        let root = project_root(f.path);
        for s in &f.model.servers {
            session.entry((f.client.family(), root.clone())).or_default().entry(s.name.as_str()).or_insert(f.path);
        }
    }
    for (fi, f) in files.iter().enumerate() {
        for (ti, task) in f.model.tasks.iter().enumerate() {
            let root = task_root(f.path);
            let family = f.client.family();
            let mut pool: BTreeMap<&str, (&str, bool)> = BTreeMap::new();
            // A task that does not inherit the session reaches only what its own file defines: all known.
            let mut session_known = !task.inherits_session;
            if task.inherits_session {
                // Its folder and every folder above it, nearest first (a lookup each, not a pass over all).
                let mut folder = root.as_str();
                loop {
                    if let Some(servers) = session.get(&(family, folder.to_string())) {
                        session_known = true;
                        for (name, path) in servers {
                            pool.entry(name).or_insert((path, false));
                        }
                    }
                    if folder.is_empty() {
                        break;
                    }
                    folder = folder.rsplit_once('/').map_or("", |(up, _)| up);
                }
            }
            for s in task.servers.iter().filter(|s| s.inline) {
                pool.insert(&s.name, (f.path, true));
            }
            // A file's own servers outside any task (a Zed profile's `context_servers`) are its session too.
            if !f.client.is_task_file() {
                session_known = true;
                for s in &f.model.servers {
                    pool.entry(&s.name).or_insert((f.path, false));
                }
            }
            let mut reached = Vec::new();
            for (name, (path, inline)) in &pool {
                let mut visible = match &task.tools {
                    Tools::All { .. } | Tools::Session => ToolSet::All,
                    Tools::None => ToolSet::None,
                    Tools::Listed(rules) => {
                        let mut set = ToolSet::None;
                        rules.iter().filter(|r| r.target.reaches(name)).for_each(|r| set.union(&r.target));
                        set
                    }
                };
                if task.denied.iter().any(|r| r.target.reaches(name) && r.target.is_wholesale()) {
                    visible = ToolSet::None;
                }
                let mut preapproved = ToolSet::None;
                task.preapproved.iter().filter(|r| r.target.reaches(name)).for_each(|r| preapproved.union(&r.target));
                if let Some(a) = task.approval.as_ref().filter(|a| a.level == ApprovalLevel::Bypass)
                    && a.server.as_deref().is_none_or(|s| s == *name)
                    && visible != ToolSet::None
                {
                    preapproved = visible.clone();
                }
                if visible == ToolSet::None && preapproved == ToolSet::None && !*inline {
                    continue;
                }
                reached.push(Reached {
                    server: name.to_string(),
                    defined_in: path.to_string(),
                    inline: *inline,
                    visible,
                    preapproved,
                });
            }
            let mut dangling = Vec::new();
            if session_known {
                let named = task
                    .servers
                    .iter()
                    .filter(|s| !s.inline)
                    .map(|s| (s.name.as_str(), s.span, s.pointer.as_str(), s.name.as_str()));
                let by_tool = match &task.tools {
                    Tools::Listed(rules) => rules.as_slice(),
                    _ => &[],
                };
                let by_rule = by_tool.iter().chain(&task.preapproved).filter_map(|r| {
                    r.target.server().map(|s| (s, r.text.span, r.text.pointer.as_str(), r.text.text.as_str()))
                });
                for (name, span, pointer, text) in named.chain(by_rule) {
                    // A server name may hold the separator a client splits at (`my_db_query` in opencode): a
                    // defined server that the entry starts with resolves it.
                    let known =
                        pool.contains_key(name) || pool.keys().any(|p| text.contains(p) && p.len() > name.len());
                    if !known && !dangling.iter().any(|(n, _, _): &(String, Span, String)| n == name) {
                        dangling.push((name.to_string(), span, pointer.to_string()));
                    }
                }
            }
            each(Resolved { file: fi, task: ti, servers: reached, dangling, session_known });
        }
    }
}
