//! Every way a secret used to leak, written as an attacker (or a careless teammate) would write it: no output
//! format may show it, and the credential beside it must still be reported.

mod common;

use base64::Engine;
use common::*;

const FORMATS: &[&str] = &["human", "json", "sarif", "jsonl", "github", "markdown", "junit", "html"];

/// The hidden part of a secret (what follows its 4-character prefix) appears nowhere in any format, stdout or
/// stderr; `reported` are rule ids that must be among the findings.
fn assert_no_leak(files: &[(&str, &str)], secrets: &[&str], reported: &[&str]) {
    let dir = temp_dir("leak");
    for (path, content) in files {
        write(&dir, path, content);
    }
    for format in FORMATS {
        let out = mcptrust(&["scan", ".", "--format", format, "--color", "never"], &dir);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for secret in secrets {
            let hidden = &secret[4..];
            assert!(!all.contains(hidden), "--format {format} shows {secret}:\n{all}");
        }
        assert!(out.status.code() == Some(1), "--format {format}: exit {:?}\n{all}", out.status.code());
    }
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let rules: Vec<&str> = doc["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    for rule in reported {
        assert!(rules.contains(rule), "{rule} not reported: {rules:?}");
    }
}

const GITHUB: &str = "ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG";
const GITLAB: &str = "glpat-Xk9mQ2vL7nR4tY8wZ3pB";
const SLACK: &str = "xoxb-2742169411-4861254871235-q8Zr4vN1xT7bK2mW9pL3sD6f";

#[test]
fn a_token_in_a_git_package_spec_is_masked_in_supply_chain_messages() {
    let config = format!(
        r#"{{"mcpServers": {{"tool": {{"command": "uvx", "args": ["--from", "git+https://deploy:{GITLAB}@gitlab.acme.test/acme/tool.git", "tool"]}},
  "gh": {{"command": "npx", "args": ["-y", "github:acme/server"], "env": {{"GITHUB_TOKEN": "{GITHUB}"}}}}}}}}"#
    );
    assert_no_leak(&[(".mcp.json", &config)], &[GITLAB, GITHUB], &["MCP101"]);
}

#[test]
fn userinfo_that_no_detector_knows_is_still_masked() {
    // A random deploy password in the userinfo: no provider pattern, no secret-looking key.
    let config = r#"{"mcpServers": {"tool": {"command": "npx", "args": ["-y", "git+https://ci:h7Kp2WqZ9xLm4RtB@git.acme.test/tool.git"]}}}"#;
    assert_no_leak(&[(".mcp.json", config)], &["ci:h7Kp2WqZ9xLm4RtB"], &[]);
}

#[test]
fn a_basic_auth_user_name_that_is_a_token_is_masked() {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let random_user = "q8Zr4vN1xT7bK2mW9pL3sD6fA1cE";
    let config = format!(
        r#"{{"mcpServers": {{
  "a": {{"url": "https://mcp.acme.test/a", "headers": {{"Authorization": "Basic {}"}}}},
  "b": {{"url": "https://mcp.acme.test/b", "headers": {{"Authorization": "Basic {}"}}}}}}}}"#,
        b64(&format!("{GITHUB}:x-oauth-basic")),
        b64(&format!("{random_user}:x"))
    );
    assert_no_leak(&[(".mcp.json", &config)], &[GITHUB, random_user], &["MCP131"]);
}

#[test]
fn a_token_as_the_name_of_a_docker_env_flag_or_an_env_list_entry_is_masked() {
    let config = format!(
        r#"{{"mcpServers": {{
  "d": {{"command": "docker", "args": ["run", "-i", "--rm", "-e", "{GITHUB}=1", "ghcr.io/acme/mcp:1.0"]}},
  "l": {{"command": "npx", "args": ["-y", "@acme/mcp@1.0.0"], "env": ["{SLACK}=1"]}}}}}}"#
    );
    assert_no_leak(&[(".mcp.json", &config)], &[GITHUB, SLACK], &["MCP101"]);
}

#[test]
fn a_second_copy_of_a_secret_elsewhere_in_the_file_is_masked_in_code_frames() {
    // The detected token sits in env; a copy sits in a field no rule reads, on a line a code frame shows.
    let config = format!(
        r#"{{"mcpServers": {{"gh": {{
  "command": "npx",
  "description": "token {GITHUB} (rotate)",
  "env": {{"GITHUB_TOKEN": "{GITHUB}"}}
}}}}}}"#
    );
    assert_no_leak(&[(".mcp.json", &config)], &[GITHUB], &["MCP101"]);
}

#[test]
fn a_secret_in_a_jsonc_comment_is_found_and_masked() {
    let config = format!(
        r#"{{
  // old token, do not use: {SLACK}
  "servers": {{"gh": {{"command": "npx", "args": ["-y", "@acme/mcp@1.0.0"], "env": {{"GITHUB_TOKEN": "{GITHUB}"}}}}}}
}}"#
    );
    assert_no_leak(&[(".vscode/mcp.json", &config)], &[SLACK, GITHUB], &["MCP101"]);
    // The commented token is a finding of its own, at its own line.
    let dir = temp_dir("comment");
    write(&dir, ".vscode/mcp.json", &config);
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let slack: Vec<_> =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["line"] == 2 && f["category"] == "secret").collect();
    assert_eq!(slack.len(), 1, "{doc:#}");
}

#[test]
fn an_undetected_credential_on_a_neighbouring_line_is_masked_in_code_frames() {
    // `settings` is not read by any client adapter, so no rule reports its password; the code frame of the
    // token two lines below shows that line, and must not show the password.
    let password = "Tr0ub4dor&3-horse-battery";
    let config = format!(
        r#"{{"settings": {{"db_password": "{password}"}},
  "mcpServers": {{"gh": {{"command": "npx", "args": ["-y", "@acme/mcp@1.0.0"],
    "env": {{"GITHUB_TOKEN": "{GITHUB}"}}}}}}}}"#
    );
    assert_no_leak(&[(".mcp.json", &config)], &[password, GITHUB], &["MCP101"]);
}

#[test]
fn a_token_as_a_server_name_or_an_env_key_is_masked_in_every_field() {
    let config = format!(
        r#"{{"mcpServers": {{"{GITHUB}": {{"command": "npx", "args": ["-y", "pkg"], "env": {{"{SLACK}": "1"}}}}}}}}"#
    );
    assert_no_leak(&[(".mcp.json", &config)], &[GITHUB, SLACK], &[]);
}

#[test]
fn secrets_in_a_file_that_does_not_parse_are_masked_in_the_error_and_the_frames() {
    let config = format!(r#"{{"mcpServers": {{"gh": {{"env": {{"GITHUB_TOKEN": "{GITHUB}" "X": {SLACK}"#);
    let dir = temp_dir("broken");
    write(&dir, ".mcp.json", &config);
    for format in FORMATS {
        let out = mcptrust(&["scan", ".", "--format", format], &dir);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(2), "{all}");
        assert!(!all.contains(&GITHUB[4..]) && !all.contains(&SLACK[4..]), "--format {format}:\n{all}");
    }
}

#[test]
fn a_folder_named_after_a_token_is_masked_in_every_path() {
    let dir = temp_dir("token-path");
    let config = format!(r#"{{"mcpServers": {{"gh": {{"command": "npx", "env": {{"GITHUB_TOKEN": "{SLACK}"}}}}}}}}"#);
    write(&dir, &format!("{GITHUB}/.mcp.json"), &config);
    for format in FORMATS {
        let out = mcptrust(&["scan", ".", "--format", format, "--color", "never"], &dir);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(!all.contains(&GITHUB[4..]) && !all.contains(&SLACK[4..]), "--format {format}:\n{all}");
        // Markdown writes `_` as a character reference (so that no value can start emphasis).
        let shown = all.contains("ghp_") || (*format == "markdown" && all.contains("ghp&#95;&#42;"));
        assert!(shown, "--format {format}: the path is still shown, masked:\n{all}");
    }
    for format in ["table", "json", "csv", "markdown"] {
        let text = stdout(&mcptrust(&["inventory", ".", "--format", format], &dir));
        assert!(!text.contains(&GITHUB[4..]), "inventory {format}:\n{text}");
    }
    let draft = stdout(&mcptrust(&["inventory", ".", "--write-policy"], &dir));
    assert!(!draft.contains(&GITHUB[4..]), "{draft}");
}
