//! How a path is shown. Every format shows paths relative to the current directory (as ruff and ripgrep print
//! them), so two roots never show two files under one path; a root outside the current directory is shown as
//! the user typed it (`../x` stays `../x`, an absolute path stays absolute). SARIF places a file relative to
//! the repository root (the folder holding `.git`), else the current directory.

use std::path::{Component, Path, PathBuf};

/// `path` with `/` separators, `.` components dropped and no trailing `/`; `..` kept as typed.
pub fn normalize(path: &Path) -> String {
    // Most paths are normal already (a sweep shows every candidate's): no component to parse and allocate.
    if let Some(text) = path.to_str()
        && is_normal(text)
    {
        return text.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute { format!("/{joined}") } else { joined }
}

/// Whether `normalize` would give `text` back: `/` separators only, no empty or `.` component, no trailing `/`
/// (but for `/` itself). Never on Windows, whose `\\` separators and prefixes `normalize` rewrites.
fn is_normal(text: &str) -> bool {
    if cfg!(windows) {
        return false;
    }
    match text {
        "" | "/" => true,
        _ => !text.strip_prefix('/').unwrap_or(text).split('/').any(|c| c.is_empty() || c == "."),
    }
}

/// `base/rel`, where an empty `base` (the current directory) adds nothing.
pub fn join(base: &str, rel: &Path) -> String {
    let rel = normalize(rel);
    match (base.is_empty(), rel.is_empty()) {
        (_, true) if base.is_empty() => ".".into(),
        (_, true) => base.to_string(),
        (true, false) => rel,
        (false, false) if base.ends_with('/') => format!("{base}{rel}"),
        (false, false) => format!("{base}/{rel}"),
    }
}

/// What a root the user typed is shown as: relative as typed, or (absolute) relative to the current
/// directory when it is inside it, else absolute.
pub fn root_display(typed: &Path, canonical: &Path, cwd: &Path) -> String {
    if typed.is_relative() {
        return normalize(typed);
    }
    match canonical.strip_prefix(cwd) {
        Ok(rel) => normalize(rel),
        Err(_) => normalize(typed),
    }
}

/// The folder holding `.git` (a folder, or a worktree's file) at or above `dir`.
pub fn repo_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok()).map(Path::to_path_buf)
}

/// Canonical, or as given when it cannot be resolved.
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path taken as it is only where parsing it would give it back.
    #[test]
    fn a_normal_path_is_taken_as_it_is() {
        let parsed = |p: &str| {
            let parts: Vec<String> = Path::new(p)
                .components()
                .filter_map(|c| match c {
                    Component::RootDir | Component::CurDir => None,
                    c => Some(c.as_os_str().to_string_lossy().into_owned()),
                })
                .collect();
            let joined = parts.join("/");
            if p.starts_with('/') { format!("/{joined}") } else { joined }
        };
        for p in [
            "",
            "/",
            "//",
            "a",
            "a/",
            "/a",
            "/a/",
            "a//b",
            "./a",
            "a/.",
            "a/./b",
            ".",
            "..",
            "../a",
            "a/..",
            ".a/b.c",
            "a b/c\\d",
            "/x/.claude/settings.json",
            "./",
            "///x",
        ] {
            assert_eq!(normalize(Path::new(p)), parsed(p), "{p:?}");
            if is_normal(p) {
                assert_eq!(parsed(p), p, "{p:?}");
            }
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(normalize(Path::new("./a/./b/")), "a/b");
        assert_eq!(normalize(Path::new("../x")), "../x");
        assert_eq!(normalize(Path::new("/abs/./x")), "/abs/x");
        assert_eq!(normalize(Path::new(".")), "");
        assert_eq!(join("", Path::new(".mcp.json")), ".mcp.json");
        assert_eq!(join("a", Path::new(".vscode/mcp.json")), "a/.vscode/mcp.json");
        assert_eq!(join("/", Path::new("etc/x")), "/etc/x");
        assert_eq!(join("", Path::new("")), ".");
        let cwd = Path::new("/work/repo");
        assert_eq!(root_display(Path::new("/work/repo/sub"), Path::new("/work/repo/sub"), cwd), "sub");
        assert_eq!(root_display(Path::new("/elsewhere/x"), Path::new("/elsewhere/x"), cwd), "/elsewhere/x");
        assert_eq!(root_display(Path::new("./t/"), Path::new("/work/repo/t"), cwd), "t");
    }
}
