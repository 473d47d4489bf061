//! Places a credential used to hide from the model: each is found (and masked), beside a good config whose
//! secret is still reported.

mod common;

use common::*;

const GITHUB: &str = "ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG";
const SLACK: &str = "xoxb-2742169411-4861254871235-q8Zr4vN1xT7bK2mW9pL3sD6f";

/// (path, rule, line, column, pointer) of a secret finding.
type Place = (String, String, u64, u64, String);

/// Scans `dir` and returns the exit code, each secret finding's place, and the JSON text.
fn secret_findings(dir: &std::path::Path) -> (Option<i32>, Vec<Place>, String) {
    let out = mcptrust(&["scan", ".", "--format", "json"], dir);
    let text = stdout(&out);
    assert!(!text.contains(&GITHUB[4..]) && !text.contains(&SLACK[4..]), "a secret leaked:\n{text}");
    let doc = json(&out);
    let found = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "secret")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["pointer"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (out.status.code(), found, text)
}

fn good(dir: &std::path::Path) {
    write(
        dir,
        "good/.mcp.json",
        &format!(
            r#"{{"mcpServers": {{"gh": {{"command": "npx", "args": ["-y", "@acme/mcp@1.0.0"], "env": {{"GITHUB_TOKEN": "{GITHUB}"}}}}}}}}"#
        ),
    );
}

fn assert_found(dir: &std::path::Path, path: &str, rule: &str, line: u64) {
    let (code, found, text) = secret_findings(dir);
    assert!(found.iter().any(|f| f.0 == "good/.mcp.json" && f.1 == "MCP101"), "good secret missed:\n{text}");
    assert!(
        found.iter().any(|f| f.0 == path && f.1 == rule && f.2 == line),
        "{rule} at {path}:{line} missed: {found:?}\n{text}"
    );
    assert_eq!(code, Some(1), "{text}");
}

#[test]
fn a_secret_under_a_shadowed_duplicate_key_is_found() {
    let dir = temp_dir("dup");
    good(&dir);
    // The client keeps the last `env`; the first one's token is still on disk.
    write(
        &dir,
        "a/.mcp.json",
        &format!(
            "{{\"mcpServers\": {{\"s\": {{\"command\": \"x\",\n  \"env\": {{\"SLACK_BOT_TOKEN\": \"{SLACK}\"}},\n  \"env\": {{}}}}}}}}"
        ),
    );
    assert_found(&dir, "a/.mcp.json", "MCP107", 2);
}

#[test]
fn a_secret_behind_a_yaml_merge_key_is_read_by_the_model() {
    let dir = temp_dir("merge");
    good(&dir);
    write(
        &dir,
        "a/.continue/config.yaml",
        &format!(
            "defaults: &defaults\n  env:\n    SETTING_VALUE: {SLACK}\nmcpServers:\n  - name: slack\n    command: npx\n    <<: *defaults\n"
        ),
    );
    let (_, found, text) = secret_findings(&dir);
    // Found through the model: it carries the server and the pointer the merge gives it.
    assert!(
        found.iter().any(|f| f.0 == "a/.continue/config.yaml" && f.2 == 3 && f.4 == "/mcpServers/0/env/SETTING_VALUE"),
        "{found:?}\n{text}"
    );
}

#[test]
fn a_secret_in_the_second_yaml_document_is_found_and_the_document_reported() {
    let dir = temp_dir("docs");
    good(&dir);
    write(
        &dir,
        "a/.continue/config.yaml",
        &format!(
            "name: assistant\nmcpServers: []\n---\nmcpServers:\n  - name: slack\n    command: npx\n    env:\n      SLACK_BOT_TOKEN: {SLACK}\n"
        ),
    );
    assert_found(&dir, "a/.continue/config.yaml", "MCP107", 8);
    let doc = json(&mcptrust(&["scan", "a", "--format", "json"], &dir));
    let note = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "MCP902");
    assert!(note.is_some_and(|n| n["message"].as_str().unwrap().contains("2 YAML documents")), "{doc:#}");
}

#[test]
fn a_secret_deep_in_settings_no_adapter_reads_is_found() {
    let dir = temp_dir("deep");
    good(&dir);
    write(
        &dir,
        "a/.vscode/settings.json",
        &format!(
            "{{\"acme.tools\": {{\"profiles\": [{{\"deploy\": {{\"auth\": {{\n  \"value\": \"{SLACK}\"}}}}}}]}}}}"
        ),
    );
    assert_found(&dir, "a/.vscode/settings.json", "MCP107", 2);
}

#[test]
fn a_secret_in_a_latin1_file_is_found_and_the_file_is_an_error() {
    let dir = temp_dir("latin1");
    good(&dir);
    let mut bytes = b"{\"mcpServers\": {\"caf\xe9\": {\"command\": \"x\",\n \"env\": {\"T\": \"".to_vec();
    bytes.extend_from_slice(SLACK.as_bytes());
    bytes.extend_from_slice(b"\"}}}}");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(dir.join("a/.mcp.json"), bytes).unwrap();
    let (code, found, text) = secret_findings(&dir);
    assert_eq!(code, Some(2), "not UTF-8: the scan is incomplete\n{text}");
    assert!(found.iter().any(|f| f.0 == "a/.mcp.json" && f.1 == "MCP107" && f.2 == 2 && f.3 == 16), "{found:?}");
}

#[test]
fn a_utf16_file_is_read_with_character_columns_and_no_bom() {
    let dir = temp_dir("utf16");
    good(&dir);
    let text = format!("{{\"mcpServers\": {{\"s\": {{\"command\": \"x\",\n\"env\": {{\"T\": \"{SLACK}\"}}}}}}}}");
    for (name, bom, unit) in [
        ("le", [0xFF, 0xFE], u16::to_le_bytes as fn(u16) -> [u8; 2]),
        ("be", [0xFE, 0xFF], u16::to_be_bytes as fn(u16) -> [u8; 2]),
    ] {
        let bytes: Vec<u8> = bom.into_iter().chain(text.encode_utf16().flat_map(unit)).collect();
        std::fs::create_dir_all(dir.join(name)).unwrap();
        std::fs::write(dir.join(name).join(".mcp.json"), bytes).unwrap();
    }
    let (code, found, text) = secret_findings(&dir);
    assert_eq!(code, Some(1), "{text}");
    for name in ["le", "be"] {
        let path = format!("{name}/.mcp.json");
        assert!(
            found.iter().any(|f| f.0 == path
                && f.1 == "MCP107"
                && f.2 == 2
                && f.3 == 15
                && f.4 == "/mcpServers/s/env/T"),
            "{path}: {found:?}"
        );
    }
    let doc = json(&mcptrust(&["scan", "le", "--format", "json"], &dir));
    assert!(doc["findings"].as_array().unwrap().iter().any(|f| f["message"].as_str().unwrap().contains("UTF-16")));
}
