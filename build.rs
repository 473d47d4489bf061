//! Build-time inputs: every `rules/*.yaml` pack embedded in the binary (so that rules never load from a
//! relative path at run time), and the version `--version` shows, with the git commit it was built from.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    embed_rule_packs(&root);
    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    let long = match git_commit(&root) {
        Some((commit, date)) => format!("{version} ({commit} {date})"),
        None => version,
    };
    println!("cargo:rustc-env=MCPTRUST_VERSION={long}");
}

fn embed_rule_packs(root: &Path) {
    let dir = root.join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rules/ exists")
        .map(|e| e.expect("readable rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    packs.sort();
    let mut code = String::from("pub static BUILTIN_PACKS: &[(&str, &str)] = &[\n");
    for pack in &packs {
        println!("cargo:rerun-if-changed={}", pack.display());
        let name = pack.file_name().unwrap().to_string_lossy();
        writeln!(code, "    ({name:?}, include_str!({:?})),", pack.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_packs.rs");
    std::fs::write(out, code).unwrap();
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    // A build run from a git hook (pre-commit installs hooks from one) inherits the hook's repository: git
    // must read the crate's own checkout.
    let mut cmd = Command::new("git");
    for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"] {
        cmd.env_remove(var);
    }
    let out = cmd.arg("-C").arg(root).args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The short commit and its date (the commit's, not the build's: a rebuild of the same commit says the
/// same) when the crate root is itself a git checkout: never a repository above it (a vendored copy inside
/// someone else's repository, a crates.io package), and no git at all means no commit, not a failure.
/// The build reruns when HEAD moves: HEAD itself, the branch it names, and packed refs.
fn git_commit(root: &Path) -> Option<(String, String)> {
    if !root.join(".git").exists() {
        return None;
    }
    let git_dir = PathBuf::from(git(root, &["rev-parse", "--absolute-git-dir"])?);
    let common = git(root, &["rev-parse", "--git-common-dir"]).map(|d| {
        let d = PathBuf::from(d);
        if d.is_absolute() { d } else { root.join(d) }
    });
    let mut watched = vec![git_dir.join("HEAD")];
    if let Ok(head) = std::fs::read_to_string(git_dir.join("HEAD"))
        && let Some(reference) = head.trim().strip_prefix("ref: ")
    {
        watched.push(git_dir.join(reference));
        if let Some(common) = &common {
            watched.push(common.join(reference));
        }
    }
    if let Some(common) = &common {
        watched.push(common.join("packed-refs"));
    }
    // A path that does not exist would rerun the build script on every build.
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let commit = git(root, &["rev-parse", "--short=7", "HEAD"])?;
    let date = git(root, &["log", "-1", "--format=%cd", "--date=short", "HEAD"])?;
    Some((commit, date))
}
