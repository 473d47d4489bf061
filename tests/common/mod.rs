//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The day snapshots are recorded at: they hold messages that count days, so they pin the clock.
pub const SNAPSHOT_DATE: &str = "2026-12-01";

/// The day every other test judges dates by: `MCPTRUST_NOW` when set (so `MCPTRUST_NOW=2027-12-01 cargo test`
/// runs the suite a year ahead), else [`SNAPSHOT_DATE`]. Never the wall clock.
pub fn now_text() -> String {
    std::env::var("MCPTRUST_NOW").ok().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| SNAPSHOT_DATE.to_string())
}

pub fn now() -> mcptrust::clock::Now {
    mcptrust::clock::Now::parse(&now_text()).expect("MCPTRUST_NOW is a date")
}

pub fn snapshot_now() -> mcptrust::clock::Now {
    mcptrust::clock::Now::parse(SNAPSHOT_DATE).unwrap()
}

/// A scanner of the built-in rules as the tests use it: the test day, no config.
pub fn scanner(rules: &mcptrust::rules::RuleSet, keep_sources: bool) -> mcptrust::scan::Scanner<'_> {
    mcptrust::scan::Scanner {
        rules,
        keep_sources,
        now: now(),
        settings: &mcptrust::rules::settings::DEFAULT,
        full_models: true,
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Says on stderr (uncaptured) that `test` is skipped and why. Under `CI=true` a missing prerequisite fails
/// the test instead: CI must never be green while its strongest checks did not run.
pub fn skip(test: &str, why: &str) {
    if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false")) {
        panic!("{test} cannot run under CI=true: {why}");
    }
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// `../shared/<rel>`, or `None` after saying that the test is skipped and why (a failure under `CI=true`).
pub fn shared(rel: &str, test: &str) -> Option<PathBuf> {
    let path = root().join("..").join("shared").join(rel);
    if path.exists() {
        return Some(path);
    }
    skip(test, &format!("{} not found (this clone has no ../shared/ reference material beside it)", path.display()));
    None
}

pub fn mcptrust(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(args)
        .current_dir(cwd)
        .env_remove("MCPTRUST_FORMAT")
        .env("MCPTRUST_NOW", now_text())
        .env("NO_COLOR", "1")
        .output()
        .expect("mcptrust runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Human output's lines with the continuation lines of a wrapped line (indented by two spaces, after a line
/// that is not indented) joined back: the summary lines as one line each, whatever the width.
pub fn logical_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in text.lines() {
        match out.last_mut() {
            Some(prev)
                if l.starts_with("  ") && !l.starts_with("   ") && !prev.starts_with(' ') && !prev.is_empty() =>
            {
                prev.push(' ');
                prev.push_str(l.trim_start());
            }
            _ => out.push(l.to_string()),
        }
    }
    out
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh, empty folder under the target dir (removed at the start of the next run, not the end, so it
/// can be looked at after a failure).
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = root().join("target").join("test-tmp").join(format!(
        "{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn write(dir: &Path, rel: &str, content: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("JSON output ({e}): {}", stdout(o)))
}

/// Validates a SARIF document against the official 2.1.0 schema (vendored, with its one known defect patched:
/// the `language` pattern is not a valid regex for Rust's engine).
pub fn assert_valid_sarif(doc: &serde_json::Value) {
    let text = std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap();
    let text = text.replace(r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#, r#"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
}

/// Waits for a spawned mcptrust (stdout and stderr piped) for at most `seconds`, draining its output on threads
/// so that a large report cannot fill a pipe and stall it. Past the deadline it is killed and the test fails:
/// `what` says what a hang means there (the deadline is generous, since the machine may be paused).
pub fn finish_within(mut child: std::process::Child, seconds: u64, what: &str) -> Output {
    use std::time::{Duration, Instant};
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            pipe.read_to_end(&mut buf).unwrap();
            buf
        })
    };
    let out_thread = drain(Box::new(child.stdout.take().unwrap()));
    let err_thread = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("{what}: not finished in {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: out_thread.join().unwrap(), stderr: err_thread.join().unwrap() }
}
