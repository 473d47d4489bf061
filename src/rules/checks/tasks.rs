//! Tasks (subagents, commands, skills, prompts, profiles, recipes, roles): what one of them may run without a
//! person asking, and what it sees. The checks read only the model's `Task`s, never which client wrote them.

use super::{Check, Hit};
use crate::model::task::{ApprovalLevel, Task, ToolRule, ToolTarget, Tools};
use crate::rules::tool_risk::Class;
use crate::rules::{FileContext, Severity};

fn label(task: &Task) -> String {
    format!("{} `{}`", task.kind.name(), task.name)
}

/// The risk class of what a tool entry names, by the tool's name (`Bash` is `execute`, `get_issue` `read-only`).
fn class<'a>(ctx: &'a FileContext, target: &ToolTarget) -> Option<&'a Class> {
    let risk = ctx.settings.tool_risk();
    match target {
        ToolTarget::McpTool { tool, .. } => risk.classify(tool),
        ToolTarget::ServerGlob { glob, .. } => risk.classify(glob.trim_matches('*')),
        ToolTarget::Builtin { name, .. } => risk.classify(name),
        _ => None,
    }
}

/// A shell tool with nothing limiting it (`Bash`, `Bash(*)`, `execute_bash`, `shell`) runs anything.
fn unbounded_shell(ctx: &FileContext, rule: &ToolRule) -> bool {
    matches!(&rule.target, ToolTarget::Builtin { specifier: None, .. })
        && class(ctx, &rule.target).is_some_and(|c| c.name == "execute")
}

/// Commands that reach the network or run arbitrary code even when a shell rule names only them.
const OPEN_COMMANDS: &[&str] = &[
    "curl", "wget", "sh", "bash", "zsh", "python", "python3", "node", "npx", "uvx", "ssh", "scp", "rm", "sudo",
    "docker", "kubectl", "eval", "xargs", "env",
];

fn what_it_covers(target: &ToolTarget) -> String {
    match target {
        ToolTarget::Everything => "every tool".into(),
        ToolTarget::AllMcp => "every tool of every MCP server".into(),
        ToolTarget::Server { server } => format!("every tool of server `{server}`"),
        ToolTarget::Builtin { name, .. } => format!("`{name}` with any argument"),
        _ => "the tools it names".into(),
    }
}

/// MCP321: the task's own approval mode lets its tool calls run without a person confirming them.
pub struct TaskApproval;

impl Check for TaskApproval {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for task in &model.tasks {
            let Some(approval) = &task.approval else { continue };
            let setting = format!("`{}: {}`", approval.field, approval.value.text);
            let (severity, effect) = match approval.level {
                ApprovalLevel::Bypass => match &approval.server {
                    Some(server) => {
                        (Severity::High, format!("every tool call to its server `{server}` skips confirmation"))
                    }
                    None => (Severity::High, "none of its tool calls asks a person".to_string()),
                },
                ApprovalLevel::Classifier => {
                    (Severity::Medium, "a classifier reviews each tool call; no person does".to_string())
                }
                ApprovalLevel::AcceptEdits => (Severity::Low, "file edits run without confirmation".to_string()),
                ApprovalLevel::DenyUnlisted => {
                    // As wide as what it pre-approves: risky only together with broad allow rules.
                    let Some(broad) =
                        task.preapproved.iter().find(|r| r.target.is_wholesale() || unbounded_shell(ctx, r))
                    else {
                        continue;
                    };
                    (
                        Severity::Medium,
                        format!("whatever it pre-approves runs unasked, and it pre-approves `{}`", broad.text.text),
                    )
                }
                ApprovalLevel::Ask => continue,
            };
            let mut hit = Hit::new(
                approval.value.span,
                approval.value.pointer.clone(),
                approval.server.clone(),
                format!("{} runs with {setting}: {effect}", label(task)),
            );
            hit.severity = Some(severity);
            emit(hit);
        }
    }
}

/// MCP322: a task pre-approves a whole server, every MCP tool, everything, or a shell without limits.
pub struct TaskWholesalePreapproval;

impl Check for TaskWholesalePreapproval {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for task in &model.tasks {
            for rule in task.preapproved.iter().filter(|r| r.target.is_wholesale() || unbounded_shell(ctx, r)) {
                let mut hit = Hit::new(
                    rule.text.span,
                    rule.text.pointer.clone(),
                    rule.target.server().map(str::to_string),
                    format!(
                        "{} pre-approves `{}`: {} runs without confirmation whenever it is used",
                        label(task),
                        rule.text.text,
                        what_it_covers(&rule.target)
                    ),
                );
                if rule.target == ToolTarget::Everything {
                    hit.severity = Some(Severity::Critical);
                }
                emit(hit);
            }
        }
    }
}

/// MCP323: a task pre-approves named tools that execute, write, send or fetch; severity by the tool's risk class.
pub struct TaskRiskyPreapproval;

impl Check for TaskRiskyPreapproval {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for task in &model.tasks {
            for rule in task.preapproved.iter().filter(|r| !r.target.is_wholesale() && !unbounded_shell(ctx, r)) {
                let Some(class) = class(ctx, &rule.target).filter(|c| c.severity > Severity::Info) else { continue };
                let severity = match &rule.target {
                    // A shell rule limited to one command: as risky as that command.
                    ToolTarget::Builtin { specifier: Some(spec), .. } if class.name == "execute" => {
                        let command = spec.split([' ', ':', '*']).next().unwrap_or("");
                        if OPEN_COMMANDS.contains(&command) { Severity::Medium } else { continue }
                    }
                    ToolTarget::Builtin { specifier: Some(_), .. } => Severity::Low,
                    _ => class.severity,
                };
                let mut hit = Hit::new(
                    rule.text.span,
                    rule.text.pointer.clone(),
                    rule.target.server().map(str::to_string),
                    format!(
                        "{} pre-approves `{}`, which {}: it runs without confirmation whenever the {} is used",
                        label(task),
                        rule.text.text,
                        class.what,
                        task.kind.name()
                    ),
                );
                hit.severity = Some(severity);
                emit(hit);
            }
        }
    }
}

/// MCP324: a task sees every tool because its tool field is omitted (where the client's default is "all") or
/// says `*`; worse when it also runs unasked.
pub struct TaskInheritsAllTools;

impl Check for TaskInheritsAllTools {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for task in &model.tasks {
            let Tools::All { field, omitted_in, omitted_pointer } = &task.tools else { continue };
            let why = match field {
                Some(f) => format!("`{}` shows it every tool", f.text),
                None => "it names no tool list, so it sees every tool".to_string(),
            };
            let (span, pointer) = match field {
                Some(f) => (f.span, f.pointer.clone()),
                None => (crate::parse::Span::new(omitted_in.start, omitted_in.start), omitted_pointer.clone()),
            };
            let mut message =
                format!("{}: {why} of every server it reaches, built-in shell and file tools included", label(task));
            let mut hit_severity = None;
            if task.bypasses() {
                message.push_str(", and its approval mode runs them unasked");
                hit_severity = Some(Severity::High);
            }
            let mut hit = Hit::new(span, pointer, None, message);
            hit.severity = hit_severity;
            emit(hit);
        }
    }
}

/// MCP326: a command or skill whose body runs shell lines at invocation, with shell or write tools pre-approved.
pub struct ShellAtInvocation;

impl Check for ShellAtInvocation {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for task in &model.tasks {
            let Some(line) = task.shell_lines.first() else { continue };
            let opens = |r: &&ToolRule| {
                r.target == ToolTarget::Everything
                    || class(ctx, &r.target).is_some_and(|c| c.name == "execute" || c.name == "write")
            };
            let Some(grant) = task.preapproved.iter().find(opens) else { continue };
            emit(Hit::new(
                line.span,
                line.pointer.clone(),
                None,
                format!(
                    "{} runs `{}` in a shell as soon as it is invoked (before the model reads anything), and pre-approves `{}`; {} such line{} in all",
                    label(task),
                    line.text,
                    grant.text.text,
                    task.shell_lines.len(),
                    if task.shell_lines.len() == 1 { "" } else { "s" }
                ),
            ));
        }
    }
}

/// MCP905: fields the client ignores where they are.
pub struct IgnoredField;

impl Check for IgnoredField {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for note in &model.ignored {
            emit(Hit::new(note.span, note.pointer.clone(), None, note.message.clone()));
        }
    }
}
