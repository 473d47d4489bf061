//! The report formats for CI and sweeps (github, jsonl, markdown, junit), `-f`/`-o` pairing, and the
//! terminal's manners: width, short masks, quietness, progress and colour.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

const TOKEN: &str = "ghp_Zc4Lw8Nq2Rv6Tx9Bm3Kd7Hf1Jp5Ys0GaUeWi";

/// The binary as a user runs it in a pipe (not a terminal), with extra environment.
fn run(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mcptrust"));
    c.args(args)
        .current_dir(cwd)
        .env_remove("MCPTRUST_FORMAT")
        .env_remove("COLUMNS")
        .env_remove("CLICOLOR_FORCE")
        .env("MCPTRUST_NOW", now_text())
        .env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("mcptrust runs")
}

/// A tree with a path far longer than 80 columns and a long secret in it.
fn long_path_tree() -> (std::path::PathBuf, String) {
    let dir = temp_dir("formats-long");
    let deep =
        format!("{}/another-very-long-folder-name-for-the-test/.vscode", "a-deeply-nested-project-folder".repeat(3));
    let rel = format!("{deep}/mcp.json");
    write(
        &dir,
        &rel,
        &format!(
            r#"{{"servers": {{"github": {{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.0.0"], "env": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{TOKEN}", "OTHER_TOKEN_WITH_A_LONG_NAME": "{TOKEN}"}}}}}}}}"#
        ),
    );
    (dir, rel)
}

/// Every line of human output fits 80 columns, except a lone path; no path or mask is split.
/// With `any_word`, any word too long for the width (a JSON pointer) may stand alone on its line.
fn assert_fits(text: &str, width: usize, paths: &[&str], any_word: bool) {
    let lone = |l: &str| {
        let t =
            l.trim_start_matches([' ', '│', '×', '⚠', '☞']).trim_end_matches(|c: char| c == ':' || c.is_ascii_digit());
        paths.contains(&t) || (any_word && !t.trim_end_matches([',', '.', ')']).contains(' '))
    };
    for l in text.lines() {
        let w = l.chars().count();
        assert!(w <= width || lone(l), "line of {w} columns (> {width}):\n{l}\n--- in ---\n{text}");
        if l.contains("ghp_") {
            assert!(l.contains("ghp_****…(40 chars)"), "a mask split or not shortened: {l}");
        }
        assert!(!l.contains(TOKEN), "a raw secret: {l}");
    }
}

#[test]
fn human_output_fits_80_columns_on_testdata_and_a_long_path() {
    let out = run(&["scan", "testdata"], &root(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_fits(&stdout(&out), 80, &[], false);
    assert!(stdout(&out).contains("ghp_****…(40 chars)"));

    let (dir, rel) = long_path_tree();
    let out = run(&["scan", "."], &dir, &[]);
    let text = stdout(&out);
    assert!(rel.len() > 80);
    assert_fits(&text, 80, &[&rel], false);
    // The path stands whole on a line of its own above its frames.
    assert!(text.lines().any(|l| l == rel), "{text}");
    // COLUMNS narrows it.
    let out = run(&["scan", "testdata"], &root(), &[("COLUMNS", "60")]);
    assert_fits(&stdout(&out), 60, &["testdata/acme-api/.claude/settings.json", "testdata/acme-api/.mcp.json"], true);
}

#[test]
fn critical_and_high_look_different() {
    let text = stdout(&run(&["scan", "testdata"], &root(), &[]));
    assert!(text.contains("[CRITICAL]") && text.contains("[high]"), "{text}");
}

#[test]
fn quiet_prints_findings_only_and_qq_nothing() {
    let out = run(&["scan", "testdata", "-q"], &root(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("MCP101") && !text.contains("scanned 10 files") && !text.contains("findings by severity"));
    let out = run(&["scan", "testdata", "-qq"], &root(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{}{}", stdout(&out), stderr(&out));
    // Even a fatal error says nothing: only the exit code.
    let out = run(&["scan", "testdata", "-qq", "--config", "no-such.toml"], &root(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{}", stderr(&out));
    // Files named by -o are still written.
    let dir = temp_dir("formats-qq");
    let out = run(&["scan", "testdata", "-qq", "-o", dir.join("r.json").to_str().unwrap()], &root(), &[]);
    assert!(out.stderr.is_empty());
    assert!(std::fs::read_to_string(dir.join("r.json")).unwrap().contains("\"findings\""));
}

#[test]
fn progress_only_when_asked_off_a_terminal() {
    let out = run(&["scan", "testdata"], &root(), &[]);
    assert!(!stderr(&out).contains("candidates scanned"));
    let out = run(&["scan", "testdata", "--progress", "always"], &root(), &[]);
    assert!(stderr(&out).contains("candidates scanned"), "{}", stderr(&out));
    let out = run(&["scan", "testdata", "--progress", "always", "-q"], &root(), &[]);
    assert!(!stderr(&out).contains("candidates scanned"));
}

#[test]
fn colour_follows_the_flags_and_never_goes_into_a_file() {
    let esc = |o: &Output| o.stdout.contains(&0x1b);
    assert!(!esc(&run(&["scan", "testdata"], &root(), &[])));
    assert!(esc(&run(&["scan", "testdata"], &root(), &[("CLICOLOR_FORCE", "1")])));
    assert!(!esc(&run(&["scan", "testdata"], &root(), &[("CLICOLOR_FORCE", "0")])));
    assert!(esc(&run(&["scan", "testdata", "--color", "always"], &root(), &[])));
    assert!(!esc(&run(&["scan", "testdata", "--color", "never"], &root(), &[("CLICOLOR_FORCE", "1")])));
    let dir = temp_dir("formats-color");
    let file = dir.join("r.txt");
    run(&["scan", "testdata", "--color", "always", "-o", file.to_str().unwrap()], &root(), &[]);
    let text = std::fs::read(&file).unwrap();
    assert!(!text.is_empty() && !text.contains(&0x1b));
}

#[test]
fn one_run_writes_a_file_and_prints_to_the_terminal() {
    let dir = temp_dir("formats-pair");
    let sarif = dir.join("r.sarif");
    let jsonl = dir.join("r.jsonl");
    let out = run(
        &[
            "scan",
            "testdata",
            "-f",
            "sarif",
            "-o",
            sarif.to_str().unwrap(),
            "-o",
            jsonl.to_str().unwrap(),
            "-f",
            "human",
        ],
        &root(),
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("MCP101(github-classic-pat)"));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_valid_sarif(&doc);
    assert!(std::fs::read_to_string(&jsonl).unwrap().lines().last().unwrap().contains("\"type\":\"summary\""));
    // Two formats for stdout: an error.
    let out = run(&["scan", "testdata", "-f", "json", "-f", "sarif"], &root(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("more than one format for standard output"), "{}", stderr(&out));
    // MCPTRUST_FORMAT still works alone.
    let out = run(&["scan", "testdata"], &root(), &[("MCPTRUST_FORMAT", "json")]);
    assert!(json(&out)["findings"].is_array());
}

/// JSONL's findings, files and summary are exactly JSON's (streamed or not, suppressed ones marked alike).
fn assert_jsonl_is_json(args: &[&str], cwd: &Path) {
    let with = |f: &'static str| [args, &["-f", f]].concat();
    let doc = json(&run(&with("json"), cwd, &[]));
    let text = stdout(&run(&with("jsonl"), cwd, &[]));
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let of = |kind: &str| -> Vec<String> {
        let mut v: Vec<String> = lines
            .iter()
            .filter(|l| l["type"] == kind)
            .map(|l| {
                let mut l = l.clone();
                l.as_object_mut().unwrap().remove("type");
                l.to_string()
            })
            .collect();
        v.sort();
        v
    };
    let sorted = |key: &str| -> Vec<String> {
        let mut v: Vec<String> = doc[key].as_array().unwrap().iter().map(|x| x.to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(of("finding"), sorted("findings"), "findings differ for {args:?}");
    assert_eq!(of("file"), sorted("files"));
    assert_eq!(of("error"), sorted("errors"));
    let last = lines.last().unwrap();
    assert_eq!(last["type"], "summary");
    let mut summary = last.clone();
    summary.as_object_mut().unwrap().remove("type");
    assert_eq!(summary, doc["summary"]);
}

#[test]
fn jsonl_has_exactly_the_findings_of_json() {
    assert_jsonl_is_json(&["scan", "testdata"], &root());
    // Trust, inline and config suppressions, policy findings.
    let policy = root().join("tests/cmd/policy.in");
    assert_jsonl_is_json(&["scan", "."], &policy);
    let base = temp_dir("formats-baseline").join("b.json");
    run(&["scan", ".", "--write-baseline", base.to_str().unwrap()], &policy, &[]);
    assert_jsonl_is_json(&["scan", ".", "--baseline", base.to_str().unwrap()], &policy);
    // A file that does not parse, and one that is skipped.
    let dir = temp_dir("formats-errors");
    write(&dir, ".mcp.json", &format!(r#"{{"mcpServers": {{"a": {{"env": {{"T": "{TOKEN}"}}"#));
    write(&dir, ".cursor/mcp.json", &format!(r#"{{"mcpServers": {{"a": {{"env": {{"T": "{TOKEN}"}}}}}}}}"#));
    assert_jsonl_is_json(&["scan", "."], &dir);
    let suppressed = stdout(&run(&["scan", ".", "-f", "jsonl"], &policy, &[]));
    assert!(suppressed.contains("\"suppressed\":"), "the fixture has suppressed findings");
}

#[test]
fn github_annotations_are_escaped() {
    let dir = temp_dir("formats-github");
    let hostile = "a,b:c%d";
    write(
        &dir,
        &format!("{hostile}/.mcp.json"),
        &format!(
            r#"{{"mcpServers": {{"x%0A::error file=forged::pwned\n::warning::y,z": {{"command": "npx", "args": ["-y", "pkg@1.0.0"], "env": {{"T": "{TOKEN}"}}}}}}}}"#
        ),
    );
    let out = run(&["scan", ".", "-f", "github"], &dir, &[]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let annotations: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::")).collect();
    assert!(!annotations.is_empty(), "{text}");
    // One line per annotation and the coverage line: nothing a value holds starts a command of its own.
    assert_eq!(annotations.len() + 1, lines.len(), "{text}");
    for l in &annotations {
        let (command, message) = l[2..].split_once("::").unwrap();
        let (kind, props) = command.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&kind));
        let props: Vec<(&str, &str)> = props.split(',').map(|p| p.split_once('=').unwrap()).collect();
        let keys: Vec<&str> = props.iter().map(|p| p.0).collect();
        assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"], "{l}");
        // Relative to the repository root, as GitHub places annotations.
        assert!(props[0].1.ends_with("/a%2Cb%3Ac%25d/.mcp.json"), "{l}");
        assert!(!message.contains('\n') && !message.contains(TOKEN));
    }
    assert!(text.contains("%0A::warning::y,z"), "{text}");
    assert!(text.contains("x%250A::error"), "{text}");
    assert!(text.contains("::error file=") && text.contains("title=MCP101 github-classic-pat::[critical]"), "{text}");
}

#[test]
fn markdown_is_a_summary_no_value_can_inject_into() {
    let dir = temp_dir("formats-markdown");
    let servers: Vec<String> = (0..60)
        .map(|i| format!(r#""s{i}<img src=x onerror=alert(1)>|`x`[l](http://e)": {{"env": {{"T": "{TOKEN}"}}}}"#))
        .collect();
    write(&dir, ".mcp.json", &format!(r#"{{"mcpServers": {{{}}}}}"#, servers.join(",")));
    let text = stdout(&run(&["scan", ".", "-f", "markdown"], &dir, &[]));
    assert!(text.starts_with("## mcptrust"), "{text}");
    assert!(!text.contains("<img") && !text.contains("`x`") && !text.contains("](http") && !text.contains(TOKEN));
    assert!(text.contains("| critical |"), "{text}");
    // Rows keep their cells: 4 cells, 5 pipes.
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| critical | MCP")).collect();
    assert_eq!(rows.len(), 50, "{text}");
    assert!(rows.iter().all(|r| r.matches('|').count() == 5), "{text}");
    assert!(text.contains("more findings (see the full report)"), "{text}");
}

#[test]
fn junit_parses_back_with_a_failure_per_finding() {
    let text = stdout(&run(&["scan", "testdata", "-f", "junit"], &root(), &[]));
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    let failures = doc.descendants().filter(|n| n.has_tag_name("failure")).count();
    let findings = json(&run(&["scan", "testdata", "-f", "json"], &root(), &[]))["summary"]["findings"].as_u64();
    assert_eq!(Some(failures as u64), findings);
    // Values with what XML forbids (escape codes, NUL) still make a document that parses.
    let dir = temp_dir("formats-junit");
    write(
        &dir,
        "x<&\"'/.mcp.json",
        &format!(r#"{{"mcpServers": {{"a\u001b[2J\u0000]]></failure><b": {{"env": {{"T": "{TOKEN}"}}}}}}}}"#),
    );
    write(&dir, ".cursor/mcp.json", "{ not json");
    let text = stdout(&run(&["scan", ".", "-f", "junit"], &dir, &[]));
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    assert!(doc.descendants().any(|n| n.has_tag_name("error")), "{text}");
    assert!(doc.descendants().any(|n| n.attribute("name") == Some("x<&\"'/.mcp.json")), "{text}");
    assert!(!text.contains(TOKEN));
}
