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

pub struct InlineCode;

impl Check for InlineCode {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            let Some(command) = &server.command else { continue };
            let program = program_name(&command.text);
            let flags = inline_flags(&program);
            let flagged = server.args.iter().find(|a| flags.iter().any(|f| a.text.eq_ignore_ascii_case(f)));
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
