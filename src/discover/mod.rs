//! Turns the user's paths into a sorted list of candidate files. It walks in parallel, walks hidden
//! folders (that is where MCP configs live) but never `.git`, and says why anything it passed over was passed
//! over. It never parses.
//!
//! Ignore files cannot hide trust: a known config location (a path that `classify` names, such as
//! `.mcp.json` or `.vscode/mcp.json`) is scanned even when a `.gitignore`, the repository's `info/exclude`, the
//! user's global excludes or a `.mcptrustignore`/`.ignore` below the top of the tree matches it, and the file is
//! marked with the ignore file that matched (and, for a VCS rule, as not committed). Other files (found by
//! content) honour every ignore file. `--respect-gitignore` lets ignore files hide known configs too.
//!
//! Ignored folders: one is entered only when a known config location can be in it, as `may_hold_config`
//! (built from `classify`'s own folder lists) says: a client's folder (`.vscode`, `.claude`, `.cursor`,
//! `.codex`, ...), a folder on the way to one (`.config`, `.kiro`, `.codeium`) or anything under `.continue`
//! or a windsurf folder. Inside it, its subfolders are entered by the same test, and known configs are scanned
//! and marked. Every other ignored folder (`node_modules/`, `target/`, `dist/`, `.venv/`) is not entered: a
//! build or dependency tree's configs are not the project's trust, and walking it would make every scan as
//! slow as the biggest ignored tree. Such a folder is counted once, by the ignore file that matched it. An
//! `--exclude`d folder, or one ignored by the project's own top-level `.mcptrustignore`/`.ignore` or under
//! `--respect-gitignore`, is never entered (nothing in it would be scanned). What ignore rules or `--exclude`
//! removed is counted, files and folders apart, per ignore file. `--no-ignore` walks everything.
//!
//! The walk is mcptrust's own (over `std::fs`, in parallel with rayon), not `ignore::WalkBuilder`: the crate's
//! walker reads ignore files itself (unbounded, and a FIFO blocks it), applies `.gitignore` files above the
//! repository with `parents(true)`, and prunes every ignored folder, where a gitignored `.vscode/mcp.json`
//! lives. Matching still uses the crate's `Gitignore` and `Override` matchers, fed from checked reads.
//!
//! Symbolic links are followed when their target (a chain of links resolved whole) is inside the scan root, and
//! with `--follow` wherever it points; otherwise a repository could make a scan read, and report, files of the
//! machine it runs on. A linked file is classified and shown by the link's path, which is what makes it a config
//! (a dotfiles repository's `claude/.mcp.json -> ../shared/mcp.json`); it is read from its target, which
//! `--max-filesize` measures, and its origin names the target. A linked folder is followed unless its target
//! is one of its own parents (a loop), since its path may be what makes a config (`app/.vscode ->
//! ../shared/vscode`); folder links inside it are not followed again (one to a folder inside the scan root is
//! followed on its real path; with `--follow`, one inside a folder outside the root is listed as skipped), so no
//! loop or web of links can make the walk blow up: it stays linear. The same file reached twice is scanned once
//! per client whose config location reaches it, under its most specific path. A link that is not followed
//! (outside the scan root, dangling, a loop) is listed as skipped when its path is a known config location or,
//! for a folder, it looks like a config folder.
//!
//! `-` is standard input, read before the walk, as the file `--stdin-filename` names (see `stdin`).
//!
//! The scan root itself is never tested against ignore rules (as in ripgrep): what the user names is scanned.
//! An ignored folder that is entered for its name but cannot be read is no error unless it looks like a config
//! folder (holds, or is named for, a known config location): entering ignored folders must not turn a clean
//! scan into an incomplete one.

mod ignores;
pub mod paths;
pub mod stdin;
pub mod user;

use std::collections::{BTreeMap, HashMap};
use std::fs::FileType;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use ignore::overrides::{Override, OverrideBuilder};
use rayon::prelude::*;

use self::ignores::{Frame, Hit, Problem, UserExcludes};
use crate::model::clients::{Client, classify, may_hold_config, syntax_of};
use crate::parse::Syntax;
use crate::shard::{Shard, ShardBy};

#[derive(Debug, Clone)]
pub struct Options {
    /// Read no ignore file at all.
    pub no_ignore: bool,
    /// Let ignore files hide known config locations too (the behaviour before ignore files stopped hiding
    /// trust).
    pub respect_gitignore: bool,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub max_filesize: u64,
    /// Paths are shown relative to this folder; SARIF locations are relative to the repository holding it.
    pub cwd: PathBuf,
    /// `--shard K/N`: walk only this shard's units (another shard's repository is not even entered).
    pub shard: Option<(Shard, ShardBy)>,
    /// `--follow`: follow symbolic links whose target is outside the scan root too.
    pub follow: bool,
    /// Standard input, already read, for a root `-`.
    pub stdin: Option<stdin::Stdin>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            no_ignore: false,
            respect_gitignore: false,
            include: Vec::new(),
            exclude: Vec::new(),
            max_filesize: 10 << 20,
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            shard: None,
            follow: false,
            stdin: None,
        }
    }
}

/// Where a file is, for the formats that place it, and what ignore rule matched it though it was scanned.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// Relative to the repository root holding the current directory (else to the current directory),
    /// `/`-separated; `None` when the file is outside it.
    pub repo_path: Option<String>,
    /// The absolute path, `/`-separated.
    pub absolute: String,
    /// The ignore file (shown like any path) whose rule matched this file, which was scanned anyway.
    pub ignored_by: Option<String>,
    /// `Some(false)`: a VCS ignore rule matched, so the file is not committed.
    pub committed: Option<bool>,
    /// The file is a symbolic link (followed) to this file, shown like any path.
    pub link_target: Option<String>,
    /// The repository the file belongs to, shown like any path: the nearest folder holding `.git` at or below
    /// the scan root, else the top-level folder under the root (the root itself for a file directly in it or in
    /// a hidden folder there, such as `.vscode/`).
    /// Noted by the walk from the folder listings it reads anyway; `None` for a file not found by walking.
    pub repository: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Where to read it.
    pub path: PathBuf,
    /// The path shown in reports: relative to the current directory, or as typed when outside it.
    pub display: String,
    /// Known from the path; `None` means it must prove itself by content.
    pub client: Option<Client>,
    pub syntax: Syntax,
    /// Named on the command line: always scanned.
    pub explicit: bool,
    pub origin: Origin,
    /// `--max-filesize`: a larger file is listed as skipped when it is read (its size comes from the open
    /// handle, so the walk stats no file).
    pub max_size: u64,
    /// Its bytes, when they were read already and `path` is only what they stand for (standard input).
    pub bytes: Option<Arc<[u8]>>,
    /// Reached through a symbolic link (to it, or to a folder on its way): the file may be reached twice.
    pub via_link: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub display: String,
    pub client: Option<Client>,
    pub reason: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkError {
    pub display: String,
    pub message: String,
    pub origin: Origin,
}

#[derive(Debug, Default)]
pub struct Discovery {
    /// Empty when the walk handed each candidate to a sink instead ([`walk`]).
    pub candidates: Vec<Candidate>,
    /// Whether one file may have been reached on two paths (two roots, `--user` locations, a followed link), so
    /// that what was found must go through [`one_per_file`].
    pub may_reach_twice: bool,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<WalkError>,
    /// Candidates that ignore rules or `--exclude` removed: how many, by the ignore file (or `--exclude`) that
    /// removed them.
    pub ignored: BTreeMap<String, usize>,
    /// Folders that ignore rules or `--exclude` passed over without entering them: how many, by what passed
    /// them over.
    pub ignored_folders: BTreeMap<String, usize>,
}

/// The name `ignored` uses for what `--exclude` removed.
pub const EXCLUDE: &str = "--exclude";

pub fn discover(roots: &[PathBuf], options: &Options) -> anyhow::Result<Discovery> {
    discover_with(roots, &[], options)
}

/// `discover`, plus the user's config locations that are there (`--user`): each file is named as if on the
/// command line (always scanned) and each task folder is walked within itself, their files read as the
/// location's client when their path alone does not say it (a `CODEX_HOME` elsewhere, a VS Code profile).
/// Ignore files do not apply to them: the user named these locations. Nothing else is read.
pub fn discover_with(roots: &[PathBuf], user: &[user::Checked], options: &Options) -> anyhow::Result<Discovery> {
    let candidates = Mutex::new(Vec::new());
    let mut d = walk(roots, user, options, &|c| candidates.lock().unwrap().push(c))?;
    d.candidates = candidates.into_inner().unwrap();
    if d.may_reach_twice {
        d.candidates = one_per_file(std::mem::take(&mut d.candidates), Candidate::claim);
    }
    d.candidates.sort_by(|a, b| a.display.cmp(&b.display));
    d.candidates.dedup_by(|a, b| a.path == b.path && a.display == b.display);
    Ok(d)
}

/// The walk of `discover_with`, handing each candidate to `sink` as it is found (from the walking thread), so
/// that a scan can read files while the walk goes on and no list of candidates is ever held. What was found
/// on two paths is not decided here: with `may_reach_twice` set, the caller passes what it kept through
/// [`one_per_file`]. Skipped files and errors are collected, sorted.
pub fn walk(
    roots: &[PathBuf],
    user: &[user::Checked],
    options: &Options,
    sink: &(dyn Fn(Candidate) + Sync),
) -> anyhow::Result<Discovery> {
    let cwd = paths::canonical(&options.cwd);
    let base = paths::repo_root(&cwd).unwrap_or_else(|| cwd.clone());
    let found = Mutex::new(Discovery::default());
    let followed = AtomicBool::new(false);
    let user_excludes = UserExcludes::default();
    let shared = Shared {
        cwd: &cwd,
        base: &base,
        options,
        found: &found,
        followed: &followed,
        sink,
        user_excludes: &user_excludes,
    };
    // Roots in parallel: pre-commit and `xargs` name many files, each a root.
    roots.par_iter().try_for_each(|root| -> anyhow::Result<()> {
        if stdin::is_stdin(root) {
            let Some(input) = &options.stdin else {
                anyhow::bail!("`-` names standard input, which was not read");
            };
            let name = input.name.clone().unwrap_or_else(|| PathBuf::from(stdin::UNNAMED));
            let walk = Walk::new(&name, &paths::canonical(&cwd.join(&name)), shared)?;
            walk.stdin(input);
            return Ok(());
        }
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                let display = paths::root_display(root, root, &cwd);
                let absolute = if root.is_absolute() { root.clone() } else { cwd.join(root) };
                let origin = Origin {
                    repo_path: absolute.strip_prefix(&base).ok().map(paths::normalize),
                    absolute: paths::normalize(&absolute),
                    ..Origin::default()
                };
                found.lock().unwrap().errors.push(WalkError { display, message: e.to_string(), origin });
                return Ok(());
            }
        };
        let canonical = paths::canonical(root);
        let walk = Walk::new(root, &canonical, shared)?;
        if meta.is_dir() {
            walk.root();
        } else {
            walk.named_file(&meta);
        }
        Ok(())
    })?;
    let user_options = Options { no_ignore: true, ..options.clone() };
    for location in user.iter().filter(|l| l.found || l.error.is_some()) {
        let path = &location.path;
        let origin = || Origin {
            repo_path: path.strip_prefix(&base).ok().map(paths::normalize),
            absolute: paths::normalize(path),
            ..Origin::default()
        };
        let display = paths::root_display(path, &paths::canonical(path), &cwd);
        let meta = match (&location.error, std::fs::metadata(path)) {
            (Some(message), _) => Err(message.clone()),
            (None, m) => m.map_err(|e| e.to_string()),
        };
        let meta = match meta {
            Ok(m) => m,
            Err(message) => {
                found.lock().unwrap().errors.push(WalkError { display, message, origin: origin() });
                continue;
            }
        };
        let canonical = paths::canonical(path);
        let mut walk = Walk::new(path, &canonical, Shared { options: &user_options, ..shared })?;
        walk.fallback = Some((location.client, location.syntax));
        if meta.is_dir() && location.kind == user::Kind::Folder {
            walk.root();
        } else {
            walk.named_file(&meta);
        }
    }
    let mut d = found.into_inner().unwrap();
    d.may_reach_twice = several_roots(roots, user) || followed.load(Ordering::Relaxed);
    d.skipped.sort();
    d.skipped.dedup();
    d.errors.sort();
    d.errors.dedup();
    Ok(d)
}

/// Whether a walk has more than one root (paths named, `--user` locations): one file may then be reached from
/// two of them, whether or not a link is followed.
pub fn several_roots(roots: &[PathBuf], user: &[user::Checked]) -> bool {
    roots.len() + user.len() > 1
}

/// What decides which of the paths to one file is kept (see [`one_per_file`]).
pub struct Claim<'a> {
    /// Where the file is read (a link's target).
    pub path: &'a Path,
    /// The client its path names, before its content is read.
    pub client: Option<Client>,
    /// A buffer read from standard input, standing for the file.
    pub from_stdin: bool,
    /// Named on the command line (always scanned, whatever it holds).
    pub explicit: bool,
    /// How it is shown.
    pub display: &'a str,
}

impl Candidate {
    pub fn claim(&self) -> Claim<'_> {
        Claim {
            path: &self.path,
            client: self.client,
            from_stdin: self.bytes.is_some(),
            explicit: self.explicit,
            display: &self.display,
        }
    }
}

/// The same file reached twice (two roots, or a followed link) is scanned once per client that reads it: under
/// the path that says most about it (a known client over a generic config over none), else the shorter one,
/// else the first in byte order. Two clients' config locations linked to one file (`.vscode/mcp.json` and
/// `.cursor/mcp.json` -> `shared/mcp.json`) are two configs, each read as its client reads it; a path that
/// names no client adds nothing to one that does. A buffer read from standard input for a file
/// (`--stdin-filename`) is scanned in place of the file, and a file named on the command line in place of the
/// same file found by the walk (so it is scanned whatever it holds, as named files are). Works on candidates before they are read, or on what
/// reading them gave (a scan that read each as the walk found it), provided a candidate that gave nothing but
/// whose claim can matter is kept as its claim alone (see `Scanner::walk_and_run`).
pub fn one_per_file<T>(items: Vec<T>, claim: impl Fn(&T) -> Claim<'_>) -> Vec<T> {
    let rank = |c: &Claim| match c.client {
        Some(Client::Generic) => 1,
        Some(_) => 0,
        None => 2,
    };
    let known = |c: &Claim| c.client.filter(|c| *c != Client::Generic);
    let mut best: HashMap<(PathBuf, Option<Client>), T> = HashMap::new();
    for item in items {
        let c = claim(&item);
        let key = (paths::canonical(c.path), known(&c));
        let better = match best.get(&key) {
            Some(kept) => {
                let k = claim(kept);
                (!c.from_stdin, !c.explicit, rank(&c), c.display.len(), c.display)
                    < (!k.from_stdin, !k.explicit, rank(&k), k.display.len(), k.display)
            }
            None => true,
        };
        if better {
            best.insert(key, item);
        }
    }
    let read_by_a_client: std::collections::HashSet<PathBuf> =
        best.keys().filter(|(_, client)| client.is_some()).map(|(path, _)| path.clone()).collect();
    best.into_iter()
        .filter(|((path, client), _)| client.is_some() || !read_by_a_client.contains(path))
        .map(|(_, item)| item)
        .collect()
}

pub fn too_big(len: u64, max: u64) -> String {
    format!("larger than --max-filesize ({len} bytes > {max})")
}

/// What every root's walk shares.
#[derive(Clone, Copy)]
struct Shared<'a> {
    cwd: &'a Path,
    base: &'a Path,
    options: &'a Options,
    found: &'a Mutex<Discovery>,
    followed: &'a AtomicBool,
    sink: &'a (dyn Fn(Candidate) + Sync),
    user_excludes: &'a UserExcludes,
}

/// One root's walk.
struct Walk<'a> {
    options: &'a Options,
    /// The root as typed (what `classify` reads, as before) and resolved (where the walk goes).
    typed: PathBuf,
    root: PathBuf,
    /// How the root is shown.
    shown: String,
    cwd: &'a Path,
    base: &'a Path,
    excludes: Override,
    includes: Override,
    found: &'a Mutex<Discovery>,
    followed: &'a AtomicBool,
    /// Takes each candidate as it is found.
    sink: &'a (dyn Fn(Candidate) + Sync),
    user_excludes: &'a UserExcludes,
    /// A `--user` location's client, for the files there that no path rule names (for a folder, only those of
    /// the given syntax).
    fallback: Option<(Client, Option<Syntax>)>,
}

/// What a folder passes on to what it holds.
#[derive(Clone, Default)]
struct Inherited {
    /// The folder (or one above it) is ignored, by this rule; it was entered because it may hold a config.
    ignored: Option<Hit>,
    /// The target of the folder link followed to get here, if any (links are followed one hop deep).
    links: Vec<PathBuf>,
    /// How the nearest folder holding `.git` at or below the root is shown, if any.
    repository: Option<Arc<str>>,
    /// How the top-level folder under the root is shown (below the root).
    top: Option<Arc<str>>,
}

impl<'a> Walk<'a> {
    fn new(typed: &Path, root: &Path, shared: Shared<'a>) -> anyhow::Result<Walk<'a>> {
        let Shared { cwd, base, options, found, followed, sink, user_excludes } = shared;
        let dir = if root.is_dir() { root } else { root.parent().unwrap_or(root) };
        let mut excludes = OverrideBuilder::new(dir);
        for glob in &options.exclude {
            excludes.add(&format!("!{glob}"))?;
        }
        let mut includes = OverrideBuilder::new(dir);
        for glob in &options.include {
            includes.add(glob)?;
        }
        Ok(Walk {
            options,
            typed: typed.to_path_buf(),
            root: root.to_path_buf(),
            shown: paths::root_display(typed, root, cwd),
            cwd,
            base,
            excludes: excludes.build()?,
            includes: includes.build()?,
            found,
            followed,
            sink,
            user_excludes,
            fallback: None,
        })
    }

    /// What `classify` says of `typed`, else the `--user` location's client.
    fn classify(&self, typed: &Path) -> Option<Client> {
        let by_path = classify(typed);
        match (by_path, self.fallback) {
            (None | Some(Client::Generic), Some((client, syntax)))
                if syntax.is_none_or(|s| syntax_of(typed) == Some(s)) =>
            {
                Some(client)
            }
            _ => by_path,
        }
    }

    /// How `abs` is shown: under the root as the root is shown, else relative to the current directory, else
    /// absolute.
    fn show(&self, abs: &Path) -> String {
        if let Ok(rel) = abs.strip_prefix(&self.root) {
            return paths::join(&self.shown, rel);
        }
        self.show_outside(abs)
    }

    /// How `abs` is shown when it is not under the root: relative to the current directory, else absolute.
    fn show_outside(&self, abs: &Path) -> String {
        if let Ok(rel) = abs.strip_prefix(self.cwd) {
            return paths::join("", rel);
        }
        paths::normalize(abs)
    }

    fn origin(&self, abs: &Path) -> Origin {
        Origin {
            repo_path: abs.strip_prefix(self.base).ok().map(paths::normalize),
            absolute: paths::normalize(abs),
            ignored_by: None,
            committed: None,
            link_target: None,
            repository: None,
        }
    }

    fn problems(&self, problems: Vec<Problem>) {
        if problems.is_empty() {
            return;
        }
        let mut d = self.found.lock().unwrap();
        for (file, message) in problems {
            d.errors.push(WalkError { display: self.show(&file), message, origin: self.origin(&file) });
        }
    }

    /// The ignore files of the folders from the top of the tree (the repository root, else the scan root)
    /// down to `dir`, `dir` included when `inclusive`.
    fn frames_above(&self, dir: &Path, inclusive: bool) -> Option<Arc<Frame>> {
        if self.options.no_ignore {
            return None;
        }
        let top =
            paths::repo_root(dir).unwrap_or_else(|| if self.root.is_dir() { self.root.clone() } else { dir.into() });
        let mut chain: Vec<&Path> = dir.ancestors().take_while(|a| a.starts_with(&top)).collect();
        chain.reverse();
        if !inclusive {
            chain.pop();
        }
        let mut problems = Vec::new();
        let mut frame = None;
        for d in chain {
            frame = Some(Frame::load(frame, d, d == top, None, self.user_excludes, &|p| self.show(p), &mut problems));
        }
        self.problems(problems);
        frame
    }

    fn root(&self) {
        let parent = self.frames_above(&self.root, false);
        let top = paths::repo_root(&self.root).is_none_or(|t| t == self.root);
        self.dir(&self.root, Path::new(""), parent, top, Inherited::default());
    }

    /// Whether this shard scans the file named as the root: a unit of its own, by its name, whatever the shard
    /// splits by.
    fn named_in_shard(&self) -> bool {
        match (self.options.shard, self.typed.file_name()) {
            (Some((shard, _)), Some(name)) => shard.owns(&name.to_string_lossy()),
            _ => true,
        }
    }

    /// The file named as the root (which need not exist): where it is, how it is shown, its client and syntax by
    /// its name, and its origin, marked with the ignore rule that matches it.
    fn named(&self) -> (PathBuf, String, Option<Client>, Syntax, Origin) {
        let typed_parent = self.typed.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        // A parent that does not exist (standard input named for a file not there) is taken from the current
        // directory as typed.
        let parent = paths::canonical(typed_parent);
        let parent = if parent.is_relative() { self.cwd.join(parent) } else { parent };
        let abs = match self.typed.file_name() {
            Some(name) => parent.join(name),
            None => self.root.clone(),
        };
        let client = self.classify(&self.typed);
        let syntax = syntax_of(&self.typed).unwrap_or(Syntax::Json);
        let mut origin = self.origin(&abs);
        if let Some(hit) = self.frames_above(&parent, true).and_then(|f| f.matched(&abs, false)) {
            mark(&mut origin, &hit);
        }
        (abs, self.shown.clone(), client, syntax, origin)
    }

    /// A file named on the command line: always a candidate, whatever its name, content or ignore rules (which
    /// still mark it). A symbolic link is followed wherever it points (the user named it).
    fn named_file(&self, meta: &std::fs::Metadata) {
        if !self.named_in_shard() {
            return;
        }
        let (abs, display, client, syntax, mut origin) = self.named();
        if std::fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_symlink()) {
            origin.link_target = Some(self.show_outside(&self.root));
        }
        let origin_is_link = origin.link_target.is_some();
        let skip = |reason: String| {
            self.found.lock().unwrap().skipped.push(Skipped {
                display: display.clone(),
                client,
                reason,
                origin: origin.clone(),
            })
        };
        if !meta.is_file() {
            skip("not a regular file".into());
        } else if meta.len() > self.options.max_filesize {
            skip(too_big(meta.len(), self.options.max_filesize));
        } else {
            let max_size = self.options.max_filesize;
            (self.sink)(Candidate {
                path: abs,
                display,
                client,
                syntax,
                explicit: true,
                origin,
                max_size,
                bytes: None,
                via_link: origin_is_link,
            });
        }
    }

    /// Standard input (`-`), as the file `--stdin-filename` names (else `<stdin>`): always a candidate, read from
    /// memory.
    fn stdin(&self, input: &stdin::Stdin) {
        let (abs, display, client, syntax, origin) = if input.name.is_some() {
            if !self.named_in_shard() {
                return;
            }
            self.named()
        } else {
            let origin =
                Origin { repo_path: Some(stdin::UNNAMED.into()), absolute: stdin::UNNAMED.into(), ..Origin::default() };
            (PathBuf::from(stdin::UNNAMED), stdin::UNNAMED.into(), None, Syntax::Json, origin)
        };
        match &input.read {
            stdin::Input::Bytes(bytes) => (self.sink)(Candidate {
                path: abs,
                display,
                client,
                syntax,
                explicit: true,
                origin,
                max_size: self.options.max_filesize,
                bytes: Some(bytes.clone()),
                via_link: false,
            }),
            stdin::Input::TooBig(max) => {
                let reason = format!("standard input is larger than --max-filesize (more than {max} bytes)");
                self.found.lock().unwrap().skipped.push(Skipped { display, client, reason, origin });
            }
            stdin::Input::Failed(e) => {
                let message = format!("cannot read standard input: {e}");
                self.found.lock().unwrap().errors.push(WalkError { display, message, origin });
            }
        }
    }

    fn dir(&self, dir: &Path, rel: &Path, parent: Option<Arc<Frame>>, top: bool, inherited: Inherited) {
        let entries: Vec<(std::ffi::OsString, FileType)> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(|e| match e.and_then(|e| Ok((e.file_name(), e.file_type()?))) {
                    Ok(x) => Some(x),
                    Err(err) => {
                        self.error(dir, err.to_string());
                        None
                    }
                })
                .collect(),
            Err(e) => {
                // An ignored folder entered because its name may hold a config (`.vscode`, `.config`) that cannot
                // be read is no gap in the scan unless it looks like a config folder.
                if inherited.ignored.is_none() || looks_like_config_folder(&self.typed.join(rel), dir) {
                    self.error(dir, e.to_string());
                }
                return;
            }
        };
        let frame = if self.options.no_ignore {
            None
        } else {
            let present = |name: &str| entries.iter().any(|(n, _)| n == name);
            let mut problems = Vec::new();
            let frame =
                Frame::load(parent, dir, top, Some(&present), self.user_excludes, &|p| self.show(p), &mut problems);
            self.problems(problems);
            Some(frame)
        };
        let mut inherited = inherited;
        // A repository (for the report's charts) is seen in the listing read anyway: no extra look-up.
        if entries.iter().any(|(n, _)| n == ".git") {
            inherited.repository = Some(self.show(dir).into());
        }
        let mut folders: Vec<(PathBuf, PathBuf, Option<PathBuf>)> = Vec::new();
        let mut files: Vec<(PathBuf, PathBuf, FileType)> = Vec::new();
        for (name, file_type) in &entries {
            if name == ".git" {
                continue;
            }
            // Most files of a tree have no config's extension: pass them over before building their paths.
            if !file_type.is_dir() && !file_type.is_symlink() && syntax_of(Path::new(name)).is_none() {
                continue;
            }
            let abs = dir.join(name);
            let rel = rel.join(name);
            // Another shard's repository is passed over unread: neither walked nor counted (that shard counts it).
            if !self.in_shard(&rel, ShardBy::Repo) {
                continue;
            }
            if file_type.is_dir() {
                folders.push((abs, rel, None));
            } else if file_type.is_symlink() && std::fs::metadata(&abs).is_ok_and(|m| m.is_dir()) {
                if let Some(target) = self.folder_link(dir, &abs, &rel, &inherited) {
                    folders.push((abs, rel, Some(target)));
                }
            } else {
                files.push((abs, rel, *file_type));
            }
        }
        // A folder's files and its subfolders in parallel: a flat folder of configs is read on every core.
        let files = || {
            files
                .par_iter()
                .for_each(|(abs, rel, file_type)| self.file(frame.as_deref(), &inherited, abs, rel, file_type))
        };
        let folders = || {
            folders.into_par_iter().for_each(|(abs, rel, link)| {
                // By path, a folder passed over is counted by the shard its own path falls to (counted once).
                let counts = self.in_shard(&rel, ShardBy::Path);
                if self.excludes.matched(&abs, true).is_ignore() {
                    if counts {
                        self.count_ignored_folder(EXCLUDE);
                    }
                    return;
                }
                let mut next = inherited.clone();
                // A client folder directly under the root (`.vscode/`, `.claude/`) is the root's, not a repository.
                if rel.components().count() == 1 && !rel.to_string_lossy().starts_with('.') {
                    next.top = Some(self.show(&abs).into());
                }
                if next.ignored.is_none() {
                    next.ignored = frame.as_ref().and_then(|f| f.matched(&abs, true));
                }
                if let Some(hit) = &next.ignored {
                    // An ignored folder is entered only when a known config location can be in it (a gitignored
                    // `.vscode/`, `.claude/`, `.config/`): never a build or dependency tree (`node_modules/`,
                    // `target/`), whose configs are not this project's. Nothing in it could be scanned under the
                    // project's own top-level ignore files or --respect-gitignore.
                    if self.options.respect_gitignore || hit.top_level || !may_hold_config(&self.typed.join(&rel)) {
                        if counts {
                            self.count_ignored_folder(&hit.source);
                        }
                        return;
                    }
                }
                if let Some(target) = link {
                    next.links.push(target);
                }
                self.dir(&abs, &rel, frame.clone(), false, next);
            })
        };
        rayon::join(files, folders);
    }

    fn error(&self, path: &Path, message: String) {
        let display = self.show(path);
        let origin = self.origin(path);
        self.found.lock().unwrap().errors.push(WalkError { display, message, origin });
    }

    /// A symbolic link to a folder: its resolved target when it is to be followed; otherwise `None`, and it is
    /// listed as skipped when it looks like a config folder.
    fn folder_link(&self, dir: &Path, link: &Path, rel: &Path, inherited: &Inherited) -> Option<PathBuf> {
        let target = paths::canonical(link);
        let inside = target.starts_with(&self.root);
        let reason = if !inherited.links.is_empty() {
            // Inside a followed link, links are not followed again: one to a folder inside the scan root is
            // reached (and followed) on its real path. One hop at most keeps the walk deterministic and linear,
            // where links that point at each other would otherwise make it exponential. Only with --follow, in a
            // folder outside the scan root, can a link be reached on no other path: it is listed then.
            if inside || inherited.links.iter().all(|l| l.starts_with(&self.root)) {
                return None;
            }
            "symbolic link inside a followed symbolic link (not followed: links are followed one hop deep)"
        } else if !inside && !self.options.follow {
            "symbolic link to a folder outside the scan root (not followed)"
        } else if paths::canonical(dir).starts_with(&target) {
            "symbolic link loop (not followed)"
        } else {
            self.followed.store(true, Ordering::Relaxed);
            return Some(target);
        };
        let typed = self.typed.join(rel);
        if self.in_shard(rel, ShardBy::Path) && looks_like_config_folder(&typed, &target) {
            let display = self.show(link);
            let skipped = Skipped { display, client: None, reason: reason.into(), origin: self.origin(link) };
            self.found.lock().unwrap().skipped.push(skipped);
        }
        None
    }

    fn file(&self, frame: Option<&Frame>, inherited: &Inherited, abs: &Path, rel: &Path, file_type: &FileType) {
        let Some(syntax) = syntax_of(abs) else {
            // A link that resolves to nothing (dangling, or a loop) where a config folder would be (`.vscode`).
            if file_type.is_symlink()
                && std::fs::metadata(abs).is_err()
                && self.in_shard(rel, ShardBy::Path)
                && !self.excludes.matched(abs, false).is_ignore()
                && looks_like_config_folder(&self.typed.join(rel), abs)
                && let Err(reason) = self.file_link(abs)
            {
                let skipped = Skipped { display: self.show(abs), client: None, reason, origin: self.origin(abs) };
                self.found.lock().unwrap().skipped.push(skipped);
            }
            return;
        };
        if !self.in_shard(rel, ShardBy::Path) {
            return;
        }
        let client = self.classify(&self.typed.join(rel));
        // Markdown is read only at task-file locations (`.claude/agents/`, `*.prompt.md`, ...), never sniffed.
        if syntax == Syntax::Markdown && client.is_none() {
            return;
        }
        // `--include` globs make a file a candidate whatever its name.
        let included = !self.options.include.is_empty() && self.includes.matched(abs, false).is_whitelist();
        if client.is_none() && !included && is_lockfile(abs) {
            return;
        }
        if self.excludes.matched(abs, false).is_ignore() {
            self.count_ignored(EXCLUDE);
            return;
        }
        let mut origin = self.origin(abs);
        let repository = inherited.repository.as_ref().or(inherited.top.as_ref());
        origin.repository = Some(repository.map_or_else(|| self.show(&self.root), |r| r.to_string()));
        if let Some(hit) = inherited.ignored.clone().or_else(|| frame.and_then(|f| f.matched(abs, false))) {
            // Known config locations are scanned whatever ignore file matches them, but for the project's own
            // top-level `.mcptrustignore`/`.ignore` (or under --respect-gitignore).
            if client.is_none() || self.options.respect_gitignore || hit.top_level {
                self.count_ignored(&hit.source);
                return;
            }
            mark(&mut origin, &hit);
        }
        let display = self.show(abs);
        let mut path = abs.to_path_buf();
        if file_type.is_symlink() {
            match self.file_link(abs) {
                Ok((target, _)) => {
                    origin.link_target = Some(self.show(&target));
                    path = target;
                }
                Err(reason) => {
                    if client.is_some() || included {
                        self.found.lock().unwrap().skipped.push(Skipped { display, client, reason, origin });
                    }
                    return;
                }
            }
        } else if !file_type.is_file() {
            if client.is_some() || included {
                let reason = "not a regular file".into();
                self.found.lock().unwrap().skipped.push(Skipped { display, client, reason, origin });
            }
            return;
        }
        // The size (the target's, for a link) is checked on the open handle when the file is read.
        let max_size = self.options.max_filesize;
        let via_link = file_type.is_symlink() || !inherited.links.is_empty();
        let explicit = included;
        (self.sink)(Candidate { path, display, client, syntax, explicit, origin, max_size, bytes: None, via_link });
    }

    /// A symbolic link to a file: its resolved target and the target's metadata when it is to be followed (its
    /// target is a regular file inside the scan root, or anywhere with --follow); otherwise why not. A chain of
    /// links is resolved whole; links that point at each other are a loop, not a hang.
    fn file_link(&self, link: &Path) -> Result<(PathBuf, std::fs::Metadata), String> {
        let resolved = std::fs::metadata(link).and_then(|meta| Ok((std::fs::canonicalize(link)?, meta)));
        let (target, meta) = match resolved {
            Ok(x) => x,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err("dangling symbolic link (its target does not exist)".into());
            }
            Err(e) if is_loop(&e) => {
                return Err("symbolic link loop (not followed)".into());
            }
            Err(e) => return Err(format!("symbolic link whose target cannot be read ({e})")),
        };
        if !target.starts_with(&self.root) && !self.options.follow {
            return Err("symbolic link to a file outside the scan root (not followed)".into());
        }
        if !meta.is_file() {
            return Err("symbolic link to something that is not a regular file (not followed)".into());
        }
        self.followed.store(true, Ordering::Relaxed);
        Ok((target, meta))
    }

    /// Whether `rel` (relative to the scan root) is this shard's, for the unit `by`; always without `--shard`
    /// or when the shard splits by the other unit. By repository, only top-level entries are asked.
    fn in_shard(&self, rel: &Path, by: ShardBy) -> bool {
        match self.options.shard {
            Some((shard, unit)) if unit == by => {
                if by == ShardBy::Repo && rel.components().count() != 1 {
                    return true;
                }
                shard.owns(&paths::normalize(rel))
            }
            _ => true,
        }
    }

    fn count_ignored(&self, by: &str) {
        *self.found.lock().unwrap().ignored.entry(by.to_string()).or_insert(0) += 1;
    }

    fn count_ignored_folder(&self, by: &str) {
        *self.found.lock().unwrap().ignored_folders.entry(by.to_string()).or_insert(0) += 1;
    }
}

/// `ELOOP` (too many levels of symbolic links) without a libc dependency: its value on Linux and the
/// BSDs/macOS (`ErrorKind::FilesystemLoop` is not stable).
fn is_loop(e: &std::io::Error) -> bool {
    let eloop = if cfg!(any(target_os = "linux", target_os = "android")) { 40 } else { 62 };
    cfg!(unix) && e.raw_os_error() == Some(eloop)
}

fn mark(origin: &mut Origin, hit: &Hit) {
    origin.ignored_by = Some(hit.source.to_string());
    if hit.vcs {
        origin.committed = Some(false);
    }
}

/// A package manager's lockfile: the largest JSON or YAML file of most repositories (hundreds of kilobytes),
/// written by the tool that owns its name, and read by no MCP client. It is not sniffed, as a `.rs` file is not.
fn is_lockfile(path: &Path) -> bool {
    const LOCKFILES: &[&str] = &["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "packages.lock.json"];
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| LOCKFILES.iter().any(|l| n.eq_ignore_ascii_case(l)))
}

/// Whether a folder reached through a link that is not followed should be listed: its name makes it a config
/// folder (`.vscode`, `.cursor`, `.claude`, `goose`, ...), or it holds a file at a known config location.
fn looks_like_config_folder(typed: &Path, target: &Path) -> bool {
    const PROBES: &[&str] =
        &["mcp.json", "settings.json", "config.toml", "mcp_config.json", "mcp-config.json", "config.yaml"];
    PROBES.iter().any(|p| classify(&typed.join(p)).is_some_and(|c| c != Client::Generic))
        || std::fs::read_dir(target)
            .into_iter()
            .flatten()
            .flatten()
            .take(1000)
            .any(|e| syntax_of(Path::new(&e.file_name())).is_some() && classify(&typed.join(e.file_name())).is_some())
}
