//! Build-time inputs: every `rules/*.yaml` pack embedded in the binary (so that rules never load from a
//! relative path at run time), and the version `--version` shows, with the git commit it was built from.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Scalar typing, shared with the scanner's YAML reader.
#[path = "src/parse/yaml_scalar.rs"]
mod yaml_scalar;
use yaml_scalar::{Plain, plain};

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
    println!("cargo:rerun-if-changed=src/parse/yaml_scalar.rs");
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rules/ exists")
        .map(|e| e.expect("readable rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    packs.sort();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut code = String::from("pub static BUILTIN_PACKS: &[(&str, &str)] = &[\n");
    let mut sources = String::from("#[cfg(test)]\npub static BUILTIN_PACK_SOURCES: &[(&str, &str)] = &[\n");
    for pack in &packs {
        println!("cargo:rerun-if-changed={}", pack.display());
        let name = pack.file_name().unwrap().to_string_lossy();
        let yaml = std::fs::read_to_string(pack).unwrap_or_else(|e| panic!("rules/{name}: {e}"));
        let json = out_dir.join(format!("{name}.json"));
        std::fs::write(&json, yaml_to_json(&name, &yaml)).unwrap();
        writeln!(code, "    ({name:?}, include_str!({:?})),", json.display().to_string()).unwrap();
        writeln!(sources, "    ({name:?}, include_str!({:?})),", pack.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    sources.push_str("];\n");
    std::fs::write(out_dir.join("builtin_packs.rs"), code + &sources).unwrap();
}

/// A built-in pack as JSON, which the binary reads with serde_json: parsing the YAML at every start was two
/// thirds of the start-up of a scan. The JSON is what the scanner's own YAML reader makes of the pack (the
/// same scalar types; a unit test compares the two), and a pack that is not plain YAML fails the build.
fn yaml_to_json(name: &str, text: &str) -> String {
    use saphyr_parser::{Event, Parser, ScalarStyle};
    enum Frame {
        Seq { first: bool },
        Map { first: bool, at_key: bool, keys: std::collections::BTreeSet<String> },
    }
    let mut out = String::with_capacity(text.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event
            .unwrap_or_else(|e| panic!("rules/{name}:{}:{}: {}", e.marker().line(), e.marker().col() + 1, e.info()));
        let line = span.start.line();
        let fail = |why: &str| -> ! { panic!("rules/{name}:{line}: {why}") };
        match &event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    fail("a pack is one YAML document");
                }
                continue;
            }
            Event::Alias(_) => fail("built-in packs use no anchors or aliases"),
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                out.push(if matches!(event, Event::SequenceEnd) { ']' } else { '}' });
                continue;
            }
            _ => {}
        }
        // A mapping's key: a scalar, as the run-time reader names it (`scalar_text`), never repeated and never a
        // merge key (which the run-time reader would resolve).
        if let Some(Frame::Map { first, at_key: at_key @ true, keys }) = stack.last_mut() {
            let Event::Scalar(key, style, ..) = &event else { fail("a mapping key that is not a scalar") };
            let key = match (style, &**key) {
                (ScalarStyle::Plain, "<<") => fail("built-in packs use no merge keys"),
                (ScalarStyle::Plain, key) => match plain(key) {
                    Plain::Null => "",
                    Plain::Bool(true) => "true",
                    Plain::Bool(false) => "false",
                    Plain::Number(text) | Plain::String(text) => text,
                },
                (_, key) => key,
            };
            if !keys.insert(key.to_string()) {
                fail(&format!("key `{key}` is given twice"));
            }
            if !std::mem::take(first) {
                out.push(',');
            }
            *at_key = false;
            json_string(&mut out, key);
            out.push(':');
            continue;
        }
        match stack.last_mut() {
            Some(Frame::Seq { first }) => out.push_str(if std::mem::take(first) { "" } else { "," }),
            Some(Frame::Map { at_key, .. }) => *at_key = true,
            None => {}
        }
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) if anchor != 0 => {
                fail("built-in packs use no anchors or aliases")
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq { first: true });
                out.push('[');
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map { first: true, at_key: true, keys: Default::default() });
                out.push('{');
            }
            Event::Scalar(_, _, anchor, _) if anchor != 0 => fail("built-in packs use no anchors or aliases"),
            // As `Node::to_json` writes a number: an integer, else a finite float, else its text.
            Event::Scalar(value, ScalarStyle::Plain, ..) => match plain(&value) {
                Plain::Null => out.push_str("null"),
                Plain::Bool(true) => out.push_str("true"),
                Plain::Bool(false) => out.push_str("false"),
                Plain::Number(v) => match (v.parse::<i64>(), v.parse::<f64>()) {
                    (Ok(i), _) => out.push_str(&i.to_string()),
                    (_, Ok(f)) if f.is_finite() => write!(out, "{f:?}").unwrap(),
                    (_, Ok(_)) => out.push_str("null"),
                    _ => json_string(&mut out, v),
                },
                Plain::String(v) => json_string(&mut out, v),
            },
            Event::Scalar(value, ..) => json_string(&mut out, &value),
            _ => unreachable!("handled above"),
        }
    }
    out
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
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
