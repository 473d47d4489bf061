//! Inline code in a server's command line: `sh -c`, `bash -c`, `python -c`, `node -e`, `powershell -Command`,
//! `eval`, and `cmd /c` with shell operators. Such a server is a script nobody reviews as code.

use super::launch::program_name;
use super::{Check, Hit};
use crate::rules::FileContext;

/// The flags that make each interpreter run the next argument as code.
fn inline_flags(program: &str) -> &'static [&'static str] {
    match program {
        "sh" | "bash" | "zsh" | "dash" | "ksh" | "fish" => &["-c", "-lc", "-ic"],
        "python" | "python3" | "python2" | "py" => &["-c"],
        "node" | "nodejs" | "bun" => &["-e", "--eval", "-p", "--print"],
        "deno" => &["eval"],
        "perl" | "ruby" => &["-e", "-E"],
        "powershell" | "pwsh" => &["-command", "-c", "-encodedcommand", "-enc", "-e"],
        "php" => &["-r"],
        _ => &[],
    }
}

/// The interpreter's own options: the arguments before its script or module. What follows `python -m module`
/// or `node script.js` belongs to that program (`python -m pkg -c config.yaml` runs no inline code).
fn interpreter_options(args: &[crate::model::Str]) -> impl Iterator<Item = &crate::model::Str> {
    // Options that take a value as the next argument.
    const VALUED: &[&str] = &["-W", "-X", "-r", "--require", "--import", "--loader", "-I"];
    let mut skip_value = false;
    args.iter().take_while(move |a| {
        let t = a.text.as_str();
        if std::mem::take(&mut skip_value) {
            return true;
        }
        if t == "-m" || t == "--" || !t.starts_with('-') {
            return false;
        }
        skip_value = VALUED.contains(&t);
        true
    })
}

pub struct InlineCode;

impl Check for InlineCode {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            let Some(command) = &server.command else { continue };
            let program = program_name(&command.text);
            let flags = inline_flags(&program);
            let is_flag = |a: &&crate::model::Str| flags.iter().any(|f| a.text.eq_ignore_ascii_case(f));
            // `deno eval` is a subcommand, the first word; everything else is an option before the script.
            let flagged = match program.as_str() {
                "deno" => server.args.first().filter(is_flag),
                _ => interpreter_options(&server.args).find(is_flag),
            };
            let cmd_operators = (program == "cmd")
                .then(|| server.args.iter().find(|a| ["&&", "||", "|", ">", "&"].iter().any(|op| a.text.contains(op))))
                .flatten();
            let (at, what) = match (flagged, cmd_operators, program.as_str()) {
                (Some(a), _, _) => (a, format!("`{program} {}`", a.text)),
                (None, Some(a), _) => (a, "`cmd /c` with shell operators".to_string()),
                (None, None, "eval") => (command, "`eval`".to_string()),
                _ => continue,
            };
            emit(Hit::new(
                at.span,
                at.pointer.clone(),
                Some(server.name.clone()),
                format!(
                    "server `{}` runs inline code through {what}: the config is a script, and whoever edits it runs code as you",
                    server.name
                ),
            ));
        }
    }
}

/// MCP802: shell commands the client runs by itself (`apiKeyHelper`, `headersHelper`, a recipe's `retry`).
pub struct ClientShellCommand;

impl Check for ClientShellCommand {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for c in &model.shell_commands {
            let whose = c.server.as_deref().map(|s| format!(" for server `{s}`")).unwrap_or_default();
            emit(Hit::new(
                c.command.span,
                c.command.pointer.clone(),
                c.server.clone(),
                format!(
                    "`{}`{whose} runs `{}` in a shell {}: whoever edits this file runs code as you, with no prompt",
                    c.field, c.command.text, c.when
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<crate::model::Str> {
        list.iter()
            .map(|t| crate::model::Str {
                text: t.to_string(),
                span: crate::parse::Span::new(0, 0),
                pointer: String::new(),
            })
            .collect()
    }

    #[test]
    fn options_end_where_the_script_or_module_begins() {
        let opts = |list: &[&str]| interpreter_options(&args(list)).map(|a| a.text.clone()).collect::<Vec<_>>();
        assert_eq!(opts(&["-c", "print(1)"]), ["-c"]);
        assert_eq!(opts(&["-m", "pkg", "-c", "config.yaml"]), Vec::<String>::new());
        assert_eq!(opts(&["-W", "ignore", "-c", "x"]), ["-W", "ignore", "-c"]);
        assert_eq!(opts(&["server.js", "-e", "x"]), Vec::<String>::new());
        assert_eq!(opts(&["-u", "-c", "x"]), ["-u", "-c"]);
    }
}
