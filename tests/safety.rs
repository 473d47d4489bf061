//! What mcptrust never does: run a program, open a connection, or print a secret, not even in an error or
//! a crash.

mod common;

#[cfg(not(feature = "test-hooks"))]
compile_error!("the safety tests need the `test-hooks` feature, which the dev-dependency on mcptrust turns on");

use std::process::Command;

use common::*;

const TOKEN: &str = "ghp_Zc4Lw8Nq2Rv6Tx9Bm3Kd7Hf1Jp5Ys0GaUeWi";

/// The panic is injected through `MCPTRUST_TEST_PANIC_ON`, a hook compiled in only with the `test-hooks`
/// feature, which `cargo test` enables through the crate's dev-dependency on itself (a plain `cargo build`
/// or `cargo install` has no hook).
#[test]
fn a_panic_stays_in_its_file_and_its_message_is_withheld() {
    let dir = temp_dir("panic");
    write(
        &dir,
        "bad/.mcp.json",
        &format!(r#"{{"marker": "PANIC-HERE", "mcpServers": {{"s": {{"env": {{"T": "{TOKEN}"}}}}}}}}"#),
    );
    write(&dir, "good/.gemini/settings.json", r#"{"mcpServers": {"bq": {"command": "uvx", "trust": true}}}"#);
    let out = Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(["scan", ".", "--format", "json"])
        .current_dir(&dir)
        .env("MCPTRUST_TEST_PANIC_ON", "PANIC-HERE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!all.contains(&TOKEN[4..]), "a panic printed the file it was reading");
    assert!(stderr(&out).contains("internal error"), "{}", stderr(&out));
    let doc = json(&out);
    let error = doc["errors"].as_array().unwrap().iter().find(|e| e["path"] == "bad/.mcp.json").unwrap();
    assert!(error["message"].as_str().unwrap().contains("internal error"));
    assert!(doc["findings"].as_array().unwrap().iter().any(|f| f["path"] == "good/.gemini/settings.json"));
}

#[test]
fn error_messages_never_quote_secrets() {
    let dir = temp_dir("error-leak");
    // Each file breaks right at or after a secret, where a parser might quote what it saw.
    write(&dir, "a/.codex/config.toml", &format!("[mcp_servers.x]\nenv = {{ T = \"{TOKEN}\n"));
    write(&dir, "b/.continue/config.yaml", &format!("mcpServers:\n  - name: x\n    env: {{T: {TOKEN}: x}}\n"));
    write(&dir, "c/.mcp.json", &format!("{{\"mcpServers\": {{\"x\": {{\"env\": {{\"T\": {TOKEN}}}}}}}}}"));
    write(&dir, "d/.mcp.json", &format!("{{\"mcpServers\": {{\"x\": {{\"env\": {{\"T\": \"{TOKEN}\" \"U\"}}}}}}}}"));
    for format in ["human", "json", "sarif"] {
        let out = mcptrust(&["scan", ".", "--format", format], &dir);
        assert_eq!(out.status.code(), Some(2));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.contains("parse error"), "{format}: {all}");
        assert!(!all.contains(&TOKEN[4..]), "{format} output quotes a secret:\n{all}");
    }
}

#[test]
fn rules_never_load_from_a_url() {
    let out = mcptrust(&["scan", "testdata", "--rules", "https://rules.example.test/pack.yaml"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read rule pack https://rules.example.test/pack.yaml"), "{}", stderr(&out));
}

/// Runs a scan under `strace` and returns its trace of `execve` and `connect` calls.
fn traced(args: &[&str]) -> Option<String> {
    if Command::new("strace").arg("-V").output().is_err() {
        common::skip("no_exec_and_no_network", "strace is not installed (.ci/run installs it)");
        return None;
    }
    let log = temp_dir("strace").join("trace.txt");
    let status = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=execve,connect", "-o"])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_mcptrust"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(status.status.code().is_some(), "traced run ended by a signal");
    Some(std::fs::read_to_string(log).unwrap())
}

#[test]
fn no_exec_and_no_network() {
    for args in [
        &["scan", "testdata", "--format", "sarif", "-o", "/dev/null"][..],
        &["scan", "testdata", "--rules", "https://rules.example.test/pack.yaml"][..],
        &["explain", "MCP101"][..],
    ] {
        let Some(trace) = traced(args) else { return };
        let execs: Vec<&str> = trace.lines().filter(|l| l.contains("execve(")).collect();
        assert_eq!(execs.len(), 1, "{args:?} ran another program:\n{trace}");
        assert!(execs[0].contains(env!("CARGO_BIN_EXE_mcptrust")), "{}", execs[0]);
        assert!(!trace.contains("connect("), "{args:?} opened a connection:\n{trace}");
    }
}
