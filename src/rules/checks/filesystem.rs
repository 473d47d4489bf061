//! What a server can reach on the machine: filesystem servers rooted at `/` or a home folder, and
//! containers given the host's root, its Docker socket, its network or extra privileges.

use std::sync::LazyLock;

use regex::Regex;

use super::launch::command_line;
use super::supply_chain::docker_run;
use super::{Check, Hit};
use crate::model::Server;
use crate::rules::FileContext;

static BROAD_ROOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(
            / | ~/? | \$HOME/? | \$\{HOME\}/? | \$\{userHome\}/? | %USERPROFILE%\\? | /etc/? | /root/? | /home/? | /Users/?
          | /home/[^/]+/? | /Users/[^/]+/? | [A-Z]:[\\/]?\\? | [A-Z]:\\Users\\[^\\]+\\?
        )$",
    )
    .expect("root regex")
});

/// Whether the server serves files: the filesystem reference server or anything named like it.
fn is_filesystem_server(server: &Server) -> bool {
    let line = command_line(server).to_ascii_lowercase();
    let name = server.name.to_ascii_lowercase();
    line.contains("server-filesystem")
        || line.contains("filesystem-mcp")
        || line.contains("mcp-filesystem")
        || name.contains("filesystem")
}

pub struct BroadFilesystemRoot;

impl Check for BroadFilesystemRoot {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in model.servers.iter().filter(|s| is_filesystem_server(s)) {
            for arg in &server.args {
                if BROAD_ROOT.is_match(arg.text.trim()) {
                    emit(Hit::new(
                        arg.span,
                        arg.pointer.clone(),
                        Some(server.name.clone()),
                        format!(
                            "filesystem server `{}` is rooted at `{}`: every file there, keys and credentials included, is one tool call away",
                            server.name,
                            arg.text.trim()
                        ),
                    ));
                }
            }
        }
    }
}

/// Why a `docker run` flag gives the container the host.
fn dangerous(flag: &str, value: Option<&str>) -> Option<&'static str> {
    let value = value.unwrap_or("");
    match flag {
        "--privileged" => Some("`--privileged` gives the container every capability and every device of the host"),
        "--network" | "--net" if value == "host" => Some("`--network host` shares the host's network stack"),
        "--pid" if value == "host" => Some("`--pid host` shares the host's processes"),
        "--cap-add" => Some("`--cap-add` gives the container extra kernel capabilities"),
        "-v" | "--volume" | "--mount" if value.contains("docker.sock") => {
            Some("the Docker socket is mounted: the container controls the host's Docker, and so the host")
        }
        "-v" | "--volume" if value.starts_with("/:") || value == "/" => Some("the host's root folder is mounted"),
        "--mount" if value.split(',').any(|kv| kv == "source=/" || kv == "src=/") => {
            Some("the host's root folder is mounted")
        }
        _ => None,
    }
}

pub struct DangerousContainer;

impl Check for DangerousContainer {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for server in &model.servers {
            let Some((_, flags)) = docker_run(server) else { continue };
            for (i, arg) in flags.iter().enumerate() {
                let (flag, inline) = match arg.text.split_once('=') {
                    Some((f, v)) if f.starts_with("--") => (f, Some(v)),
                    _ => (arg.text.as_str(), None),
                };
                let value = inline.or_else(|| flags.get(i + 1).map(|v| v.text.as_str()));
                if let Some(why) = dangerous(flag, value) {
                    emit(Hit::new(
                        arg.span,
                        arg.pointer.clone(),
                        Some(server.name.clone()),
                        format!("server `{}`: {why}", server.name),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        for r in ["/", "~", "$HOME", "${HOME}", "/Users/alice", "/home/bob/", "C:\\", "C:/", "/etc"] {
            assert!(BROAD_ROOT.is_match(r), "{r}");
        }
        for r in ["/Users/alice/projects", "/home/dev/src/app", "./data", "/tmp/mcp"] {
            assert!(!BROAD_ROOT.is_match(r), "{r}");
        }
    }
}
