//! `-` as a PATH: one config read from standard input, as an editor or a pre-commit hook pipes a buffer in.
//!
//! `--stdin-filename PATH` says which file the buffer is: it is classified (its client, its syntax), shown,
//! matched against ignore rules and fingerprinted exactly as that file would be, so `mcptrust scan - --stdin-filename
//! X < X` reports what `mcptrust scan X` reports. The file need not exist; when it does and is also reached by the
//! walk (`mcptrust scan . - --stdin-filename .vscode/mcp.json`), the buffer is scanned in its place. Without
//! `--stdin-filename` the buffer is a file of no known location named `<stdin>`: read as JSON, always scanned
//! (like any file named on the command line).
//!
//! The bytes are read before discovery (the walk itself never reads standard input), at most `--max-filesize`
//! of them: a larger input is listed as skipped, never held whole.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a file read from standard input is shown when `--stdin-filename` does not name it.
pub const UNNAMED: &str = "<stdin>";

/// Whether a PATH means standard input (`-`; a file named `-` is `./-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Standard input, read.
#[derive(Debug, Clone)]
pub struct Stdin {
    /// `--stdin-filename`: the path the buffer stands for.
    pub name: Option<PathBuf>,
    pub read: Input,
}

/// What reading standard input gave.
#[derive(Debug, Clone)]
pub enum Input {
    Bytes(Arc<[u8]>),
    /// More than `--max-filesize` bytes (the limit).
    TooBig(u64),
    Failed(String),
}

/// Reads at most `max + 1` bytes of `input`.
pub fn read(input: &mut dyn Read, name: Option<PathBuf>, max: u64) -> Stdin {
    let mut bytes = Vec::new();
    let read = match input.take(max.saturating_add(1)).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > max => Input::TooBig(max),
        Ok(_) => Input::Bytes(Arc::from(bytes)),
        Err(e) => Input::Failed(e.to_string()),
    };
    Stdin { name, read }
}

/// The usage rules of `-`: `--stdin-filename` only with `-`, `-` at most once, and standard input not also the
/// `--files-from` list.
pub fn check(paths: &[PathBuf], files_from: Option<&Path>, stdin_filename: Option<&Path>) -> anyhow::Result<()> {
    let dashes = paths.iter().filter(|p| is_stdin(p)).count();
    if stdin_filename.is_some() && dashes == 0 {
        anyhow::bail!("--stdin-filename names the file read from standard input: give `-` as a PATH too");
    }
    if dashes > 1 {
        anyhow::bail!("`-` (standard input) is given more than once");
    }
    if dashes == 1 && files_from.is_some_and(is_stdin) {
        anyhow::bail!(
            "standard input cannot be both the --files-from list and a config (`-`): write the list to a file"
        );
    }
    if stdin_filename.is_some_and(|n| n.as_os_str().is_empty() || n.file_name().is_none()) {
        anyhow::bail!("--stdin-filename needs a file's path (e.g. .vscode/mcp.json)");
    }
    Ok(())
}

/// A PATH as the config lookup sees it: `-` stands for its `--stdin-filename` (its nearest folder that exists,
/// when the file is not there), else the current directory.
pub fn as_root(path: &Path, stdin_filename: Option<&Path>) -> PathBuf {
    if !is_stdin(path) {
        return path.to_path_buf();
    }
    let name = stdin_filename.unwrap_or(Path::new("."));
    name.ancestors()
        .find(|a| !a.as_os_str().is_empty() && a.exists())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_read_is_bounded() {
        let s = read(&mut &b"0123456789"[..], None, 10);
        assert!(matches!(s.read, Input::Bytes(b) if b.len() == 10));
        let s = read(&mut &b"0123456789"[..], None, 9);
        assert!(matches!(s.read, Input::TooBig(9)));
    }

    #[test]
    fn usage() {
        let dash = [PathBuf::from("-")];
        let name = Path::new(".mcp.json");
        assert!(check(&dash, None, Some(name)).is_ok());
        assert!(check(&[PathBuf::from(".")], None, Some(name)).is_err());
        assert!(check(&[dash[0].clone(), dash[0].clone()], None, None).is_err());
        assert!(check(&dash, Some(Path::new("-")), None).is_err());
        assert!(check(&dash, Some(Path::new("list.txt")), None).is_ok());
        assert!(check(&dash, None, Some(Path::new(""))).is_err());
        assert_eq!(as_root(Path::new("a"), Some(name)), Path::new("a"));
        assert_eq!(as_root(Path::new("-"), Some(Path::new("no/such/.mcp.json"))), Path::new("."));
        assert_eq!(as_root(Path::new("-"), Some(Path::new("src/no/.mcp.json"))), Path::new("src"));
    }
}
