//! How a stdio server is started: the program and its arguments, with Windows `cmd /c` and a shell's
//! `-c "command line"` unwrapped.

use std::borrow::Cow;

use crate::model::{Server, Str};

pub struct Launch<'a> {
    /// Program basename, lower-cased, without `.exe`/`.cmd`.
    pub program: String,
    pub args: Cow<'a, [Str]>,
}

pub fn program_name(command: &str) -> String {
    let base = command.rsplit(['/', '\\']).next().unwrap_or(command).to_ascii_lowercase();
    for ext in [".exe", ".cmd", ".bat"] {
        if let Some(b) = base.strip_suffix(ext) {
            return b.to_string();
        }
    }
    base
}

pub fn launch(server: &Server) -> Option<Launch<'_>> {
    let command = server.command.as_ref()?;
    let program = program_name(&command.text);
    let args = &server.args[..];
    if program == "cmd"
        && let Some(i) =
            args.iter().position(|a| a.text.eq_ignore_ascii_case("/c") || a.text.eq_ignore_ascii_case("/k"))
        && let Some(next) = args.get(i + 1)
    {
        return Some(Launch { program: program_name(&next.text), args: Cow::Borrowed(&args[i + 2..]) });
    }
    // `sh -c "npx -y pkg"`: the launch is the command line's first command (up to a shell operator). Its words
    // point at the whole `-c` argument, which is where the source spells them.
    if matches!(program.as_str(), "sh" | "bash" | "zsh" | "dash")
        && let Some(i) = args.iter().position(|a| matches!(a.text.as_str(), "-c" | "-lc" | "-ic"))
        && let Some(line) = args.get(i + 1)
    {
        // Set-up commands (`cd /x && ...`, `source .env; ...`) come first: the launch is the first other one.
        const SETUP: &[&str] = &["cd", "export", "source", ".", "set", "unset", "ulimit", "umask", "true"];
        for command in line.text.split(['&', '|', ';']) {
            let mut words = crate::model::shell_words(command)
                .into_iter()
                .map(|(_, w)| Str { text: w, span: line.span, pointer: line.pointer.clone() })
                .skip_while(|w| w.text == "exec" || w.text.contains('=') && !w.text.starts_with('-'));
            let Some(inner) = words.next() else { continue };
            if SETUP.contains(&inner.text.as_str()) {
                continue;
            }
            return Some(Launch { program: program_name(&inner.text), args: Cow::Owned(words.collect()) });
        }
    }
    Some(Launch { program, args: Cow::Borrowed(args) })
}

/// The whole command line as one string (for pattern checks like `curl | sh`).
pub fn command_line(server: &Server) -> String {
    let mut parts: Vec<&str> = server.command.iter().map(|c| c.text.as_str()).collect();
    parts.extend(server.args.iter().map(|a| a.text.as_str()));
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Transport;

    fn server(command: &str, args: &[&str]) -> Server {
        let s = |t: &str| Str { text: t.to_string(), span: crate::parse::Span::default(), pointer: String::new() };
        let mut server = Server::new("x".into(), Default::default(), String::new());
        server.transport = Transport::Stdio;
        server.command = Some(s(command));
        server.args = args.iter().map(|a| s(a)).collect();
        server
    }

    #[test]
    fn a_shell_command_line_is_unwrapped_to_its_launch() {
        let s = server("bash", &["-c", "cd /srv && TOKEN=x exec npx -y pkg --stdio"]);
        let l = launch(&s).unwrap();
        assert_eq!(l.program, "npx");
        assert_eq!(l.args.iter().map(|a| a.text.as_str()).collect::<Vec<_>>(), ["-y", "pkg", "--stdio"]);
        let s = server("cmd", &["/c", "npx", "-y", "pkg"]);
        assert_eq!(launch(&s).unwrap().program, "npx");
    }
}
