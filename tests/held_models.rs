//! A scan that builds no inventory holds only part of each file's model once its per-file checks have run
//! (`Model::keep_for_cross_file`); one that builds an inventory (`--inventory`) holds it whole. What the two
//! find, the checks across files included, must be the same, finding for finding.

mod common;

use std::path::Path;

use common::{json, mcptrust, shared, stderr, temp_dir, write};

/// The exit code, findings, files and errors of `scan PATH --format json`, with or without `--inventory`.
fn report(root: &Path, inventory: bool) -> (Option<i32>, [serde_json::Value; 3]) {
    let mut args = vec!["scan", ".", "--format", "json", "--no-ignore"];
    if inventory {
        args.push("--inventory");
    }
    let out = mcptrust(&args, root);
    let doc = json(&out);
    assert_eq!(doc.get("inventory").is_some(), inventory, "{}", stderr(&out));
    (out.status.code(), [doc["findings"].clone(), doc["files"].clone(), doc["errors"].clone()])
}

fn assert_same_with_whole_models(root: &Path) -> serde_json::Value {
    let (slim_code, [slim, slim_files, slim_errors]) = report(root, false);
    let (whole_code, [whole, whole_files, whole_errors]) = report(root, true);
    assert_eq!(slim, whole, "findings differ when models are held whole");
    assert_eq!((slim_code, slim_files, slim_errors), (whole_code, whole_files, whole_errors));
    slim
}

/// Every check across files has something to say here, so each runs on the part of the models it keeps.
#[test]
fn the_checks_across_files_find_the_same_on_the_models_a_scan_keeps() {
    let dir = temp_dir("held-models");
    let token = format!("ghp_{}", "Ab3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5");
    write(
        &dir,
        "app/.mcp.json",
        &format!(
            r#"{{"mcpServers": {{
  "github": {{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.0.0"], "env": {{"GITHUB_TOKEN": "{token}"}}}},
  "docs": {{"url": "https://docs.example.com/mcp"}}
}}}}"#
        ),
    );
    write(&dir, "app/.claude/settings.json", r#"{"permissions": {"allow": ["mcp__github", "mcp__gone"]}}"#);
    write(&dir, "app/.claude/agents/wide.md", "---\nname: wide\ndescription: Everything\n---\nDo it.\n");
    write(&dir, "app/.claude/agents/lost.md", "---\nname: lost\ndescription: x\ntools: mcp__nowhere__run\n---\n");
    write(
        &dir,
        "other/.vscode/mcp.json",
        &format!(r#"{{"servers": {{"gh": {{"command": "gh-mcp", "env": {{"GH_TOKEN": "{token}"}}}}}}}}"#),
    );

    let findings = assert_same_with_whole_models(&dir);
    let rules: Vec<&str> = findings.as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
    for (rule, what) in [
        ("MCP153", "the same credential in two repositories"),
        ("MCP904", "a grant of a server no config defines"),
        ("MCP325", "a task naming a server no config defines"),
    ] {
        assert!(rules.contains(&rule), "no {rule} ({what}) in {rules:?}");
    }
    let message = |rule: &str| -> String {
        let f = findings.as_array().unwrap().iter().find(|f| f["rule"] == rule);
        f.map(|f| f["message"].as_str().unwrap_or_default().to_string()).unwrap_or_default()
    };
    assert!(message("MCP324").contains("reaches 2 servers here"), "{}", message("MCP324"));
    assert!(!serde_json::to_string(&findings).unwrap().contains(&token[8..]));
}

#[test]
fn testdata_finds_the_same_on_the_models_a_scan_keeps() {
    let findings = assert_same_with_whole_models(&common::root().join("testdata"));
    assert!(findings.as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
fn the_real_corpus_finds_the_same_on_the_models_a_scan_keeps() {
    let Some(corpus) = shared("corpus/real", "the_real_corpus_finds_the_same_on_the_models_a_scan_keeps") else {
        return;
    };
    let findings = assert_same_with_whole_models(&corpus);
    assert!(findings.as_array().is_some_and(|f| f.len() > 100));
}
