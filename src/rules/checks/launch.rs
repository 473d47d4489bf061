//! How a stdio server is started: the program and its arguments, with Windows `cmd /c` unwrapped.

use crate::model::{Server, Str};

pub struct Launch<'a> {
    /// Program basename, lower-cased, without `.exe`/`.cmd`.
    pub program: String,
    pub args: &'a [Str],
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
        return Some(Launch { program: program_name(&next.text), args: &args[i + 2..] });
    }
    Some(Launch { program, args })
}

/// The whole command line as one string (for pattern checks like `curl | sh`).
pub fn command_line(server: &Server) -> String {
    let mut parts: Vec<&str> = server.command.iter().map(|c| c.text.as_str()).collect();
    parts.extend(server.args.iter().map(|a| a.text.as_str()));
    parts.join(" ")
}
