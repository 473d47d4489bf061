//! Ignore files, read by mcptrust itself rather than by the `ignore` crate's walker: every ignore file is read
//! bounded and only when it is a regular file (`crate::fsread`), only ignore files from the repository root down
//! apply (never a `.gitignore` above the repository), and each match says which file it came from, so that
//! discovery can count what was ignored, name the file that did it, and scan known config locations anyway.
//!
//! Precedence is ripgrep's: `.mcptrustignore` over `.ignore` over `.gitignore` over `.git/info/exclude` over the
//! user's global excludes; within one kind the deepest folder's file wins. A folder that is ignored ignores all
//! it holds (git never looks inside it, so nothing under it can be re-included).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::fsread::{OWN_FILE_LIMIT, read_bounded};

pub const TOOL_FILE: &str = ".mcptrustignore";
pub const DOT_FILE: &str = ".ignore";
pub const GIT_FILE: &str = ".gitignore";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `.mcptrustignore`
    Tool,
    /// `.ignore`
    Dot,
    /// `.gitignore`, `.git/info/exclude`, the global excludes file.
    Vcs,
}

/// The ignore rule that matched a path: the file it came from.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The ignore file, shown as paths are shown.
    pub source: Arc<str>,
    /// A VCS ignore rule: the file is not committed.
    pub vcs: bool,
    /// A `.mcptrustignore` or `.ignore` at the top of the tree (the repository root, or the scan root outside a
    /// repository): the project's own choice, which may hide even a known config location.
    pub top_level: bool,
}

struct Matcher {
    gitignore: Gitignore,
    source: Arc<str>,
    kind: Kind,
}

/// What one repository adds: its `info/exclude` and the user's global excludes, both rooted at its top.
pub struct Repo {
    exclude: Option<Matcher>,
    global: Option<Matcher>,
}

/// The ignore files of one folder, linked to those of the folders above it.
pub struct Frame {
    parent: Option<Arc<Frame>>,
    matchers: Vec<Matcher>,
    /// The top of the tree: its tool ignore files may hide known config locations.
    top: bool,
    /// A repository root: VCS rules of the folders above it do not apply inside it.
    boundary: bool,
    repo: Option<Arc<Repo>>,
}

/// A problem with an ignore file: (the file, what is wrong). The file is then not applied.
pub type Problem = (PathBuf, String);

impl Frame {
    /// The frame of `dir`: its ignore files (those `present` says exist; `None` means look), below `parent`.
    pub fn load(
        parent: Option<Arc<Frame>>,
        dir: &Path,
        top: bool,
        present: Option<&dyn Fn(&str) -> bool>,
        user: &UserExcludes,
        show: &dyn Fn(&Path) -> String,
        problems: &mut Vec<Problem>,
    ) -> Arc<Frame> {
        let has = |name: &str| present.is_none_or(|p| p(name));
        let mut matchers = Vec::new();
        for (name, kind) in [(TOOL_FILE, Kind::Tool), (DOT_FILE, Kind::Dot), (GIT_FILE, Kind::Vcs)] {
            if has(name)
                && let Some(m) = load_matcher(dir, &dir.join(name), kind, show, problems)
            {
                matchers.push(m);
            }
        }
        let boundary = has(".git") && std::fs::symlink_metadata(dir.join(".git")).is_ok();
        let repo = if boundary {
            Some(Arc::new(Repo::load(dir, user, show, problems)))
        } else {
            parent.as_ref().and_then(|p| p.repo.clone())
        };
        Arc::new(Frame { parent, matchers, top, boundary, repo })
    }

    /// The rule that ignores `path` (under this frame's folder), if any; `None` also when a rule re-includes it.
    pub fn matched(&self, path: &Path, is_dir: bool) -> Option<Hit> {
        for kind in [Kind::Tool, Kind::Dot, Kind::Vcs] {
            let mut frame = Some(self);
            while let Some(f) = frame {
                for m in f.matchers.iter().filter(|m| m.kind == kind) {
                    match m.gitignore.matched(path, is_dir) {
                        Match::Ignore(_) => return Some(m.hit(f.top)),
                        Match::Whitelist(_) => return None,
                        Match::None => {}
                    }
                }
                if kind == Kind::Vcs && f.boundary {
                    break;
                }
                frame = f.parent.as_deref();
            }
        }
        let repo = self.repo.as_deref()?;
        for m in [&repo.exclude, &repo.global].into_iter().flatten() {
            match m.gitignore.matched(path, is_dir) {
                Match::Ignore(_) => return Some(m.hit(false)),
                Match::Whitelist(_) => return None,
                Match::None => {}
            }
        }
        None
    }
}

impl Matcher {
    fn hit(&self, top: bool) -> Hit {
        Hit { source: self.source.clone(), vcs: self.kind == Kind::Vcs, top_level: top && self.kind != Kind::Vcs }
    }
}

impl Repo {
    fn load(top: &Path, user: &UserExcludes, show: &dyn Fn(&Path) -> String, problems: &mut Vec<Problem>) -> Repo {
        let exclude = git_common_dir(top)
            .and_then(|d| load_matcher(top, &d.join("info").join("exclude"), Kind::Vcs, show, problems));
        let global = user.text(problems).and_then(|(path, text)| matcher(top, path, text, Kind::Vcs, show));
        Repo { exclude, global }
    }
}

/// The user's global excludes file, read once for every repository of a scan: it is the same file for all of
/// them (only the folder its rules are rooted at differs), and a sweep of 300 repositories read it 300 times.
#[derive(Default)]
pub struct UserExcludes {
    file: OnceLock<Option<(PathBuf, String)>>,
}

impl UserExcludes {
    /// The file and its text, read on first use; a problem reading it is reported that once.
    fn text(&self, problems: &mut Vec<Problem>) -> Option<(&Path, &str)> {
        let file = self.file.get_or_init(|| {
            let (path, configured) = global_excludes_path()?;
            // git's default excludes file may sit under a home this process cannot read: only a file that
            // core.excludesFile names is a problem when it cannot be read.
            let mut quiet = Vec::new();
            let text = read_ignore_file(&path, if configured { &mut *problems } else { &mut quiet })?;
            Some((path, text))
        });
        file.as_ref().map(|(path, text)| (path.as_path(), text.as_str()))
    }
}

/// Reads one ignore file (bounded, regular files only). A missing file is no matcher; any other problem is
/// reported and the file not applied.
fn load_matcher(
    root: &Path,
    file: &Path,
    kind: Kind,
    show: &dyn Fn(&Path) -> String,
    problems: &mut Vec<Problem>,
) -> Option<Matcher> {
    let text = read_ignore_file(file, problems)?;
    matcher(root, file, &text, kind, show)
}

/// The text of an ignore file; `None` when there is none (a missing file, a folder of that name) or it cannot
/// be read (reported).
fn read_ignore_file(file: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    if file.is_dir() {
        // A folder named `.gitignore` is no ignore file (git passes over it too); it is walked like any folder.
        return None;
    }
    match read_bounded(file, OWN_FILE_LIMIT) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            problems.push((file.to_path_buf(), format!("cannot read ignore file ({e}); it was not applied")));
            None
        }
    }
}

/// The rules of an ignore file's text, rooted at `root`; `None` when it has none.
fn matcher(root: &Path, file: &Path, text: &str, kind: Kind, show: &dyn Fn(&Path) -> String) -> Option<Matcher> {
    let mut builder = GitignoreBuilder::new(root);
    for line in text.lines() {
        // Like git, a line that is not a valid pattern is passed over.
        let _ = builder.add_line(Some(file.to_path_buf()), line);
    }
    let gitignore = builder.build().ok()?;
    if gitignore.is_empty() {
        return None;
    }
    Some(Matcher { gitignore, source: Arc::from(show(file)), kind })
}

/// The folder holding `info/exclude`: `.git`, or for a worktree (a `.git` file) its common git folder.
fn git_common_dir(top: &Path) -> Option<PathBuf> {
    let dot_git = top.join(".git");
    let meta = std::fs::symlink_metadata(&dot_git).ok()?;
    if meta.is_dir() {
        return Some(dot_git);
    }
    let small = |p: &Path| read_bounded(p, 64 << 10).ok().and_then(|b| String::from_utf8(b).ok());
    let text = small(&dot_git)?;
    let git_dir = top.join(text.trim().strip_prefix("gitdir:")?.trim());
    match small(&git_dir.join("commondir")) {
        Some(common) => Some(git_dir.join(common.trim())),
        None => Some(git_dir),
    }
}

/// The user's global excludes file: `core.excludesFile` from git's global config (`GIT_CONFIG_GLOBAL`, else
/// `~/.gitconfig`, then `$XDG_CONFIG_HOME/git/config`), else `$XDG_CONFIG_HOME/git/ignore`; and whether a config
/// named it.
fn global_excludes_path() -> Option<(PathBuf, bool)> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|x| !x.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    let configs: Vec<PathBuf> = match std::env::var_os("GIT_CONFIG_GLOBAL").filter(|g| !g.is_empty()) {
        Some(global) => vec![PathBuf::from(global)],
        None => [home.as_ref().map(|h| h.join(".gitconfig")), xdg.as_ref().map(|x| x.join("git").join("config"))]
            .into_iter()
            .flatten()
            .collect(),
    };
    for config in configs {
        let Ok(bytes) = read_bounded(&config, OWN_FILE_LIMIT) else { continue };
        if let Some(path) = excludes_file(&String::from_utf8_lossy(&bytes)) {
            let path = match (path.strip_prefix("~/"), &home) {
                (Some(rest), Some(home)) => home.join(rest),
                _ => PathBuf::from(path),
            };
            return Some((path, true));
        }
    }
    xdg.map(|x| (x.join("git").join("ignore"), false))
}

/// `core.excludesFile` from the text of a git config file (the last one set wins, as in git).
fn excludes_file(config: &str) -> Option<String> {
    let mut in_core = false;
    let mut found = None;
    for line in config.lines() {
        let line = line.trim();
        if let Some(section) = line.strip_prefix('[') {
            let name = section.split(']').next().unwrap_or("").trim();
            in_core = name.eq_ignore_ascii_case("core");
            continue;
        }
        if !in_core {
            continue;
        }
        if let Some((key, value)) = line.split_once('=')
            && key.trim().eq_ignore_ascii_case("excludesfile")
        {
            let value = value.split(['#', ';']).next().unwrap_or("").trim().trim_matches('"').trim();
            if !value.is_empty() {
                found = Some(value.to_string());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_core_excludes_file() {
        let config =
            "[user]\n\tname = x\n[core]\n\tautocrlf = false\n\texcludesFile = \"~/.gitignore_global\" # mine\n";
        assert_eq!(excludes_file(config).as_deref(), Some("~/.gitignore_global"));
        assert_eq!(excludes_file("[other]\nexcludesfile = /x\n"), None);
        assert_eq!(excludes_file("[core]\nexcludesfile = /a\n[core]\nExcludesFile=/b\n").as_deref(), Some("/b"));
    }
}
