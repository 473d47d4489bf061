//! Turns the user's paths into a sorted list of candidate files. It walks in parallel, walks hidden
//! folders (that is where MCP configs live) but never `.git`, respects ignore files unless told not to,
//! and says why anything it passed over was passed over. It never parses.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};

use crate::model::clients::{Client, classify, syntax_of};
use crate::parse::Syntax;

#[derive(Debug, Clone)]
pub struct Options {
    pub no_ignore: bool,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub max_filesize: u64,
    pub threads: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// The path shown in reports: relative to the scan root it was found under.
    pub display: String,
    /// Known from the path; `None` means it must prove itself by content.
    pub client: Option<Client>,
    pub syntax: Syntax,
    /// Named on the command line: always scanned.
    pub explicit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub display: String,
    pub client: Option<Client>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WalkError {
    pub display: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<WalkError>,
}

/// Shows `path` relative to `root` with `/` separators; a file root shows as given.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).ok().filter(|r| !r.as_os_str().is_empty()).unwrap_or(path);
    let shown = rel.to_string_lossy().replace('\\', "/");
    shown.strip_prefix("./").map(str::to_string).unwrap_or(shown)
}

pub fn discover(roots: &[PathBuf], options: &Options) -> anyhow::Result<Discovery> {
    let found = Mutex::new(Discovery::default());
    for root in roots {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                found
                    .lock()
                    .unwrap()
                    .errors
                    .push(WalkError { display: root.display().to_string(), message: e.to_string() });
                continue;
            }
        };
        if meta.is_file() || !meta.is_dir() {
            // Named on the command line: always a candidate, whatever its name or content.
            let display = root.to_string_lossy().replace('\\', "/");
            let client = classify(root);
            let syntax = syntax_of(root).unwrap_or(Syntax::Json);
            let mut d = found.lock().unwrap();
            if !meta.is_file() {
                d.skipped.push(Skipped { display, client, reason: "not a regular file".into() });
            } else if meta.len() > options.max_filesize {
                d.skipped.push(Skipped { display, client, reason: too_big(meta.len(), options.max_filesize) });
            } else {
                d.candidates.push(Candidate { path: root.clone(), display, client, syntax, explicit: true });
            }
            continue;
        }
        walk(root, options, &found)?;
    }
    let mut d = found.into_inner().unwrap();
    d.candidates.sort();
    d.candidates.dedup_by(|a, b| a.path == b.path);
    d.skipped.sort();
    d.errors.sort();
    Ok(d)
}

fn too_big(len: u64, max: u64) -> String {
    format!("larger than --max-filesize ({len} bytes > {max})")
}

fn walk(root: &Path, options: &Options, found: &Mutex<Discovery>) -> anyhow::Result<()> {
    // Excludes go to the walker. Includes do not: in `ignore`, any whitelist glob hides every file it does not
    // match, while `--include` only adds files to the candidates.
    let mut excludes = OverrideBuilder::new(root);
    for glob in &options.exclude {
        excludes.add(&format!("!{glob}"))?;
    }
    let excludes = excludes.build()?;
    let mut includes = OverrideBuilder::new(root);
    for glob in &options.include {
        includes.add(glob)?;
    }
    let overrides = includes.build()?;
    let has_include = !options.include.is_empty();
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .git_ignore(!options.no_ignore)
        .git_global(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore)
        .require_git(false)
        .add_custom_ignore_filename(".mcptrustignore")
        .overrides(excludes)
        .threads(options.threads)
        .filter_entry(|e| e.file_name() != ".git");
    let root_owned = root.to_path_buf();
    builder.build_parallel().run(|| {
        let root = root_owned.clone();
        let overrides = overrides.clone();
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let display =
                        error_path(&err).map(|p| display_path(&root, &p)).unwrap_or_else(|| root.display().to_string());
                    found.lock().unwrap().errors.push(WalkError { display, message: err.to_string() });
                    return WalkState::Continue;
                }
            };
            let Some(file_type) = entry.file_type() else {
                return WalkState::Continue;
            };
            if file_type.is_dir() {
                return WalkState::Continue;
            }
            let path = entry.path();
            let Some(syntax) = syntax_of(path) else {
                return WalkState::Continue;
            };
            // `--include` globs make a file a candidate whatever its name.
            let included = has_include && overrides.matched(path, false).is_whitelist();
            let client = classify(path);
            let display = display_path(&root, path);
            if !file_type.is_file() {
                if client.is_some() {
                    let reason =
                        if file_type.is_symlink() { "symbolic link (not followed)" } else { "not a regular file" };
                    found.lock().unwrap().skipped.push(Skipped { display, client, reason: reason.into() });
                }
                return WalkState::Continue;
            }
            let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
            if len > options.max_filesize {
                // Oversize files that could be configs are reported; others were never candidates.
                if client.is_some() || included {
                    found.lock().unwrap().skipped.push(Skipped {
                        display,
                        client,
                        reason: too_big(len, options.max_filesize),
                    });
                }
                return WalkState::Continue;
            }
            found.lock().unwrap().candidates.push(Candidate {
                path: path.to_path_buf(),
                display,
                client,
                syntax,
                explicit: included,
            });
            WalkState::Continue
        })
    });
    Ok(())
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}
