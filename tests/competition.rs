//! The 22-point sample the other scanners were measured on (`../shared/competition/sample`): every expected
//! finding is reported, and no "must not" line is.

mod common;

use common::*;

#[test]
fn competition_sample() {
    let Some(sample) = shared("competition/sample", "competition_sample") else {
        return;
    };
    let out = mcptrust(&["scan", ".", "--format", "json"], &sample);
    assert_eq!(out.status.code(), Some(2), "14-broken is an error, so the scan is incomplete");
    let doc = json(&out);
    let findings: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["rule"].as_str().unwrap().into(),
                f["pointer"].as_str().unwrap().into(),
            )
        })
        .collect();
    let has =
        |path: &str, rule: &str, pointer: &str| findings.iter().any(|f| f.0 == path && f.1 == rule && f.2 == pointer);
    let expected = [
        (
            "E01a",
            "01-claude-desktop/claude_desktop_config.json",
            "MCP101",
            "/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN",
        ),
        (
            "E01b",
            "01-claude-desktop/claude_desktop_config.json",
            "MCP201",
            "/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN",
        ),
        ("E02a", "02-claude-code/.mcp.json", "MCP131", "/mcpServers/tickets/headers/Authorization"),
        ("E02b", "02-claude-code/.mcp.json", "MCP202", "/mcpServers/tickets/headers/Authorization"),
        ("E04a", "04-cline/cline_mcp_settings.json", "MCP304", "/mcpServers/git/autoApprove"),
        ("E04b", "04-cline/cline_mcp_settings.json", "MCP305", "/mcpServers/shell/alwaysAllow"),
        ("E05", "05-gemini/.gemini/settings.json", "MCP302", "/mcpServers/bigquery/trust"),
        ("E06a", "06-codex/.codex/config.toml", "MCP105", "/mcp_servers/docs/env/OPENAI_API_KEY"),
        ("E06b", "06-codex/.codex/config.toml", "MCP301", "/approval_policy"),
        ("E07", "07-vscode/.vscode/mcp.json", "MCP107", "/servers/slack/env/SLACK_BOT_TOKEN"),
        ("E08a", "08-zed/.zed/settings.json", "MCP109", "/context_servers/aws-api/env/AWS_ACCESS_KEY_ID"),
        ("E08b", "08-zed/.zed/settings.json", "MCP165", "/context_servers/aws-api/env/AWS_SECRET_ACCESS_KEY"),
        ("E09a", "09-claude-perms/.claude/settings.json", "MCP303", "/permissions/allow/0"),
        ("E09b", "09-claude-perms/.claude/settings.json", "MCP303", "/permissions/allow/1"),
        ("E09c", "09-claude-perms/.claude/settings.json", "MCP306", "/enableAllProjectMcpServers"),
        ("E10", "10-registry/server.json", "MCP151", "/packages/0/environmentVariables/0/default"),
        ("E11a", "11-npx-unpinned/.mcp.json", "MCP501", "/mcpServers/filesystem/args/1"),
        ("E11b", "11-npx-unpinned/.mcp.json", "MCP701", "/mcpServers/filesystem/args/2"),
        ("E12a", "12-plain-http/.cursor/mcp.json", "MCP601", "/mcpServers/metrics/url"),
        ("E12b", "12-plain-http/.cursor/mcp.json", "MCP603", "/mcpServers/metrics/url"),
        ("E13", "13-continue-yaml/.continue/mcpServers/postgres.yaml", "MCP129", "/mcpServers/0/args/2"),
        ("E14 bonus", "14-broken/.mcp.json", "MCP106", ""),
        ("E15", "15-jsonc/.vscode/mcp.json", "MCP104", "/servers/gitlab/env/GITLAB_PERSONAL_ACCESS_TOKEN"),
    ];
    let missing: Vec<&str> = expected.iter().filter(|(_, p, r, ptr)| !has(p, r, ptr)).map(|e| e.0).collect();
    assert!(missing.is_empty(), "missing {missing:?} in {findings:#?}");

    // E14: a parse diagnostic naming the file, with a position.
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], "14-broken/.mcp.json");

    // No "unpinned" on pinned packages; no auth or plain-HTTP finding on the https server with an auth header.
    for (path, rule) in [
        ("03-cursor-envref/.cursor/mcp.json", "MCP501"),
        ("04-cline/cline_mcp_settings.json", "MCP501"),
        ("05-gemini/.gemini/settings.json", "MCP501"),
        ("06-codex/.codex/config.toml", "MCP501"),
        ("07-vscode/.vscode/mcp.json", "MCP501"),
        ("13-continue-yaml/.continue/mcpServers/postgres.yaml", "MCP501"),
        ("02-claude-code/.mcp.json", "MCP601"),
        ("02-claude-code/.mcp.json", "MCP603"),
    ] {
        assert!(!findings.iter().any(|f| f.0 == path && f.1 == rule), "false alarm {rule} on {path}");
    }
    // Must not: the variable-name pass-through, ids, regions and secure inputs.
    // 03 is the right way to do it: nothing above info (the publisher inventory, MCP505, is info).
    let above_info: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().starts_with("03-cursor-envref") && f["severity"] != "info")
        .collect();
    assert!(above_info.is_empty(), "{above_info:#?}");
    for (path, pointer) in [
        ("01-claude-desktop/claude_desktop_config.json", "/mcpServers/github/args/4"),
        ("07-vscode/.vscode/mcp.json", "/servers/slack/env/SLACK_TEAM_ID"),
        ("07-vscode/.vscode/mcp.json", "/servers/notion/env/NOTION_TOKEN"),
        ("08-zed/.zed/settings.json", "/context_servers/aws-api/env/AWS_REGION"),
        ("10-registry/server.json", "/packages/0/environmentVariables/1/default"),
    ] {
        assert!(!findings.iter().any(|f| f.0 == path && f.2 == pointer), "false alarm at {path}#{pointer}");
    }
    // `Bash(npm run test:*)` is a narrow rule, not an MCP grant.
    assert!(!findings.iter().any(|f| f.0.starts_with("09-") && f.2 == "/permissions/allow/2"));

    let sarif = json(&mcptrust(&["scan", ".", "--format", "sarif"], &sample));
    assert_valid_sarif(&sarif);
}
