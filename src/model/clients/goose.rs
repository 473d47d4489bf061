//! Goose `config.yaml`: `extensions:` map (`cmd`, `args`, `envs`, `uri`) and `GOOSE_MODE`.

use crate::model::Str;
use crate::model::reader::{read_server_list, read_server_map};
use crate::model::task::{Route, ServerRef, Task, TaskKind, ToolRule, ToolTarget, Tools};
use crate::model::{Client, Grant, GrantKind, Model, Reach};
use crate::parse::Node;
use crate::parse::tree::pointer_push;

pub fn read(root: &Node, model: &mut Model) {
    if let Some(map) = root.get("extensions") {
        read_server_map(map, "/extensions", Client::Goose, model, "");
    }
    if let Some(mode) = root.get("GOOSE_MODE").filter(|m| m.as_str() == Some("auto")) {
        model.grants.push(Grant {
            kind: GrantKind::ApprovalMode,
            reach: Reach::Global,
            field: "GOOSE_MODE".into(),
            value: "auto".into(),
            server: None,
            tools: Vec::new(),
            span: mode.span,
            pointer: "/GOOSE_MODE".into(),
        });
    }
}

/// A recipe (`title`, `instructions` or `prompt`, optional `extensions`): its `extensions` replace the user's
/// enabled ones for the session; each sees every tool unless `available_tools` lists them; recipes carry no
/// approval fields, so goose's mode applies (default `auto`: nothing asks). The Desktop wraps it in `recipe`.
pub fn read_recipe(root: &Node, model: &mut Model) {
    let (recipe, base) = match root.get("recipe").filter(|r| r.is_object()) {
        Some(inner) => (inner, "/recipe".to_string()),
        None => (root, String::new()),
    };
    let mut task = Task::new(TaskKind::Recipe, recipe.span);
    task.name = recipe.get("title").and_then(Node::scalar_text).unwrap_or_default();
    task.pointer = base.clone();
    // `retry.checks[].command` and `retry.on_failure` run in a shell, by goose itself, not by the model.
    if let Some(retry) = recipe.get("retry") {
        let retry_ptr = pointer_push(&base, "retry");
        let checks = retry.get("checks").map(Node::items).unwrap_or_default();
        let commands = checks
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Str::from_node(c.get("command")?, format!("{retry_ptr}/checks/{i}/command")))
            .chain(retry.get("on_failure").and_then(|f| Str::from_node(f, pointer_push(&retry_ptr, "on_failure"))));
        for command in commands.collect::<Vec<_>>() {
            let field =
                if command.pointer.ends_with("on_failure") { "retry.on_failure" } else { "retry.checks.command" };
            model.sites.push(crate::model::Site {
                role: crate::model::Role::Command,
                key: Some(field.into()),
                value: command.clone(),
                server: None,
                declared_secret: false,
            });
            model.shell_commands.push(crate::model::ShellCommand {
                field: field.into(),
                command,
                server: None,
                when: if field == "retry.on_failure" {
                    "when a retry check fails"
                } else {
                    "after each run of the recipe"
                },
            });
        }
    }
    // Sub-recipes run as subagents of this one, by goose itself.
    for (i, sub) in recipe.get("sub_recipes").map(Node::items).unwrap_or_default().iter().enumerate() {
        let ptr = format!("{base}/sub_recipes/{i}");
        if let Some(name) = sub.get("name").and_then(|n| Str::from_node(n, format!("{ptr}/name"))) {
            task.routes.push(Route {
                target: name.text,
                via: "sub_recipes".into(),
                automatic: true,
                span: name.span,
                pointer: name.pointer,
            });
        }
    }
    let Some(extensions) = recipe.get("extensions") else {
        model.tasks.push(task);
        return;
    };
    task.inherits_session = false;
    let list_ptr = pointer_push(&base, "extensions");
    let first = model.servers.len();
    read_server_list(extensions, &list_ptr, Client::Goose, model);
    let mut listed = Vec::new();
    let mut unlisted = None;
    for (server, item) in model.servers[first..].iter().zip(extensions.items()) {
        task.servers.push(ServerRef {
            name: server.name.clone(),
            inline: true,
            span: server.name_span,
            pointer: server.pointer.clone(),
        });
        match &server.tools_allow {
            Some(list) => listed.extend(list.items.iter().map(|t| ToolRule {
                target: ToolTarget::McpTool { server: server.name.clone(), tool: t.text.clone() },
                text: t.clone(),
            })),
            None => {
                unlisted.get_or_insert((item.span, server.pointer.clone()));
            }
        }
    }
    task.tools = match unlisted {
        Some((span, pointer)) => Tools::All { field: None, omitted_in: span, omitted_pointer: pointer },
        None if listed.is_empty() && task.servers.is_empty() => Tools::None,
        None => Tools::Listed(listed),
    };
    model.tasks.push(task);
}
