//! The binary as a user runs it: exit codes, coverage, masking in every format, SARIF validity.

mod common;

use common::*;
use regex::Regex;

/// Every literal credential in `testdata/`, found independently of mcptrust's rules.
fn testdata_secrets() -> Vec<String> {
    let value =
        Regex::new(r#"(?i)"?(?:[A-Z_]*(?:TOKEN|KEY|SECRET|PASSWORD)[A-Z_]*|Authorization)"?\s*[:=]\s*"([^"$]{8,})""#)
            .unwrap();
    let db = Regex::new(r"postgresql://[^:]+:([^@]+)@").unwrap();
    let mut secrets = Vec::new();
    for entry in ignore::WalkBuilder::new(root().join("testdata")).hidden(false).build() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for c in value.captures_iter(&text).chain(db.captures_iter(&text)) {
            secrets.push(c[1].trim_start_matches("Bearer ").to_string());
        }
    }
    assert!(secrets.len() >= 7, "the demo tree has its secrets: {secrets:?}");
    secrets
}

/// The part of a secret that must never be shown: everything after a 4-character prefix.
fn hidden_part(secret: &str) -> &str {
    &secret[4..]
}

#[test]
fn scanning_testdata_shows_masked_findings_and_exits_1() {
    let out = mcptrust(&["scan", "testdata", "--color", "never"], &root());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(text.contains("ghp_*"), "masked GitHub token shown with its prefix:\n{text}");
    assert!(text.contains("MCP101(github-classic-pat)"));
    assert!(
        text.contains("╭─[testdata/acme-api/.mcp.json:7:"),
        "code frame with a relative path and position:\n{text}"
    );
    let last = logical_lines(&text).pop().unwrap();
    assert!(last.starts_with("scanned 10 files ("), "{last}");
    assert!(last.contains("16 servers") && last.contains("0 errors"), "{last}");
}

#[test]
fn no_format_shows_the_hidden_part_of_a_secret() {
    let secrets = testdata_secrets();
    for format in ["human", "json", "sarif"] {
        let out = mcptrust(&["scan", "testdata", "--format", format, "--color", "always"], &root());
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for s in &secrets {
            assert!(!all.contains(hidden_part(s)), "{format} output leaks a secret ({}...)", &s[..4]);
        }
    }
}

#[test]
fn json_report_has_findings_files_and_summary() {
    let out = mcptrust(&["scan", "testdata", "--format", "json"], &root());
    let doc = json(&out);
    let findings = doc["findings"].as_array().unwrap();
    let f = findings.iter().find(|f| f["rule"] == "MCP101").expect("GitHub PAT found");
    assert_eq!(f["path"], "testdata/acme-api/.mcp.json", "relative to the current directory");
    assert_eq!(f["line"], 7);
    assert_eq!(f["pointer"], "/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN");
    assert_eq!(f["client"], "claude-code");
    assert_eq!(f["server"], "github");
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["fingerprint"].as_str().unwrap().len(), 32);
    for key in ["name", "category", "column", "end_line", "end_column", "message"] {
        assert!(f.get(key).is_some(), "finding has `{key}`");
    }
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 10);
    assert!(files.iter().all(|f| f["status"] == "scanned"));
    let toml = files.iter().find(|f| f["path"] == "testdata/data-pipeline/.codex/config.toml").unwrap();
    assert_eq!(
        (toml["client"].as_str(), toml["format"].as_str(), toml["servers"].as_u64()),
        (Some("codex"), Some("toml"), Some(2))
    );
    assert_eq!(doc["summary"]["servers"], 16);
}

#[test]
fn findings_come_out_in_a_stable_order() {
    let a = stdout(&mcptrust(&["scan", "testdata", "--format", "json", "-j", "1"], &root()));
    let b = stdout(&mcptrust(&["scan", "testdata", "--format", "json", "-j", "4"], &root()));
    assert_eq!(a, b);
}

#[test]
fn sarif_output_validates_and_carries_rules_and_tags() {
    let out = mcptrust(&["scan", "testdata", "--format", "sarif"], &root());
    let doc = json(&out);
    assert_valid_sarif(&doc);
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let pat = rules.iter().find(|r| r["id"] == "MCP101").unwrap();
    let tags: Vec<&str> = pat["properties"]["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert!(tags.contains(&"security") && tags.contains(&"MCP01:2025") && tags.contains(&"NHI2:2025"), "{tags:?}");
    assert!(pat["help"]["markdown"].as_str().unwrap().contains("## Why is this bad?"));
    let result = run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "MCP101").unwrap();
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "testdata/acme-api/.mcp.json", "relative to the repository root");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(loc["region"]["startLine"], 7);
    assert!(result["partialFingerprints"]["mcptrust/v1"].is_string());
}

#[test]
fn a_malformed_file_is_an_error_with_its_position_and_the_rest_is_scanned() {
    let dir = temp_dir("malformed");
    write(&dir, ".mcp.json", "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"npx\",\n");
    write(
        &dir,
        ".gemini/settings.json",
        r#"{"mcpServers": {"bq": {"command": "uvx", "args": ["bq-mcp==1.0.0"], "trust": true}}}"#,
    );
    write(&dir, ".codex/config.toml", "[mcp_servers.x]\ncommand = \"npx\"\nargs = [\n");
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2), "an incomplete scan never looks clean");
    let doc = json(&out);
    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let json_error = errors.iter().find(|e| e["path"] == ".mcp.json").unwrap();
    assert!(json_error["message"].as_str().unwrap().starts_with("JSON parse error"), "{json_error}");
    assert!(json_error["line"].as_u64().is_some() && json_error["column"].as_u64().is_some());
    let toml_error = errors.iter().find(|e| e["path"] == ".codex/config.toml").unwrap();
    assert!(toml_error["message"].as_str().unwrap().starts_with("TOML parse error"), "{toml_error}");
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "MCP302" && f["path"] == ".gemini/settings.json")
    );
    let gemini = doc["files"].as_array().unwrap().iter().find(|f| f["path"] == ".gemini/settings.json").unwrap();
    assert_eq!(gemini["status"], "scanned");

    let human = mcptrust(&["scan", "."], &dir);
    assert_eq!(human.status.code(), Some(2));
    let text = stdout(&human);
    assert!(text.contains("error: .mcp.json:"), "{text}");
    assert!(text.lines().last().unwrap().contains("2 errors"), "{text}");
}

#[test]
fn a_broken_file_still_has_its_secrets_found() {
    let dir = temp_dir("broken-secret");
    let key = format!(
        "sk-ant-api03-{}AA",
        "bUYN_x7qRdSXvSRvzi1JYY4U9QF3MpeUGeKFAM4eVvmMBE25UheeiLGsZqGuzN8XTyXZjdURlSDWqbqt0hdhzwP3M79Nt"
    );
    write(
        &dir,
        ".mcp.json",
        &format!(
            "{{\n  \"mcpServers\": {{\n    \"p\": {{\n      \"env\": {{\n        \"ANTHROPIC_API_KEY\": \"{key}\"\n"
        ),
    );
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    let f = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "MCP106").expect("raw-text fallback");
    assert_eq!(f["line"], 5);
    assert!(!stdout(&out).contains(&key[4..]));
}

#[test]
fn strict_json_clients_get_a_config_finding_for_comments() {
    let dir = temp_dir("strict");
    write(&dir, ".mcp.json", "{\n  // servers\n  \"mcpServers\": {}\n}\n");
    write(&dir, ".vscode/mcp.json", "{\n  // VS Code reads JSONC\n  \"servers\": {}\n}\n");
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule"], "MCP901");
    assert_eq!((findings[0]["path"].as_str(), findings[0]["line"].as_u64()), (Some(".mcp.json"), Some(2)));
}

#[test]
fn exit_codes_follow_fail_on_and_exit_zero() {
    let dir = temp_dir("exit");
    write(
        &dir,
        "cline_mcp_settings.json",
        r#"{"mcpServers": {"k": {"command": "node", "args": ["k.js"], "autoApprove": ["write_file"]}}}"#,
    );
    assert_eq!(mcptrust(&["scan", "."], &dir).status.code(), Some(1));
    assert_eq!(mcptrust(&["scan", ".", "--fail-on", "high"], &dir).status.code(), Some(0));
    assert_eq!(mcptrust(&["scan", ".", "--exit-zero"], &dir).status.code(), Some(0));
    let clean = temp_dir("clean");
    write(
        &clean,
        ".cursor/mcp.json",
        r#"{"mcpServers": {"l": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2025.8.4"], "env": {"K": "${env:K}"}}}}"#,
    );
    let out = mcptrust(&["scan", "."], &clean);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("scanned 1 file (1 cursor), 1 server, 0 findings"), "{}", stdout(&out));
}

#[test]
fn zero_rules_is_an_error() {
    let out = mcptrust(&["scan", "testdata", "--select", "MCP101", "--ignore", "MCP101"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no rules loaded"), "{}", stderr(&out));
    let out = mcptrust(&["scan", "testdata", "--select", "NOPE"], &root());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn select_by_category_or_tag() {
    let doc = json(&mcptrust(&["scan", "testdata", "--format", "json", "--select", "grant"], &root()));
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty() && findings.iter().all(|f| f["category"] == "grant"));
    let doc = json(&mcptrust(&["scan", "testdata", "--format", "json", "--select", "NHI7:2025"], &root()));
    assert!(doc["findings"].as_array().unwrap().iter().all(|f| f["category"] == "expiry"));
}

#[test]
fn hidden_folders_are_walked_and_gitignore_respected() {
    let dir = temp_dir("walk");
    write(&dir, ".gitignore", "ignored/\n.mcp.json\n");
    write(&dir, ".mcp.json", r#"{"mcpServers": {"v": {"command": "e"}}}"#);
    write(&dir, "ignored/.mcp.json", r#"{"mcpServers": {"x": {"command": "a"}}}"#);
    write(&dir, "ignored/tools/agents.json", r#"{"mcpServers": {"w": {"command": "d"}}}"#);
    write(&dir, ".vscode/mcp.json", r#"{"servers": {"y": {"command": "b"}}}"#);
    write(&dir, "package.json", r#"{"name": "not-mcp", "version": "1.0.0"}"#);
    write(&dir, "tools/agents.json", r#"{"mcpServers": {"z": {"command": "c"}}}"#);
    // A gitignored known config location is scanned, marked; a gitignored folder that is no client's config
    // folder is not entered (so neither its known locations nor its files found by content are scanned), only
    // counted.
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let paths: Vec<&str> = doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec![".mcp.json", ".vscode/mcp.json", "tools/agents.json"]);
    assert_eq!(doc["files"][0]["committed"], false);
    assert_eq!(doc["summary"]["files_ignored"], 0);
    assert_eq!(doc["summary"]["folders_ignored"], 1);
    assert_eq!(doc["summary"]["ignored_by"], serde_json::json!({".gitignore": 1}));
    let doc = json(&mcptrust(&["scan", ".", "--format", "json", "--respect-gitignore"], &dir));
    let paths: Vec<&str> = doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec![".vscode/mcp.json", "tools/agents.json"]);
    let doc = json(&mcptrust(&["scan", ".", "--format", "json", "--no-ignore"], &dir));
    assert_eq!(doc["files"].as_array().unwrap().len(), 5);
    assert_eq!(doc["summary"]["files_ignored"], 0);
    assert_eq!(doc["summary"]["folders_ignored"], 0);
}

#[test]
fn package_manager_lockfiles_are_not_sniffed_unless_included() {
    let dir = temp_dir("lockfiles");
    let shaped = r#"{"mcpServers": {"z": {"command": "c"}}}"#;
    write(&dir, "package-lock.json", shaped);
    write(&dir, "web/npm-shrinkwrap.json", shaped);
    write(&dir, "web/pnpm-lock.yaml", "mcpServers:\n  z:\n    command: c\n");
    write(&dir, "dotnet/packages.lock.json", shaped);
    // The same content under any other name is found by content.
    write(&dir, "tools/package-lock.backup.json", shaped);
    let paths = |doc: &serde_json::Value| -> Vec<String> {
        doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
    };
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    assert_eq!(paths(&doc), vec!["tools/package-lock.backup.json"]);
    let doc = json(&mcptrust(&["scan", ".", "--format", "json", "--include", "**/pnpm-lock.yaml"], &dir));
    assert_eq!(paths(&doc), vec!["tools/package-lock.backup.json", "web/pnpm-lock.yaml"]);
    // A lockfile named on the command line is scanned, as any file named there is.
    let doc = json(&mcptrust(&["scan", "package-lock.json", "--format", "json"], &dir));
    assert_eq!(paths(&doc), vec!["package-lock.json"]);
}

#[test]
fn a_multibyte_character_where_a_sniff_stops_reading_is_no_error() {
    let dir = temp_dir("multibyte-heads");
    // `é` straddles byte 4096 (where the own-output check stops) and byte 65536 (where the recipe check does).
    let padded = |prefix: &str, suffix: &str| {
        let mut text = prefix.to_string();
        text.push_str(&"x".repeat(4095 - text.len()));
        text.push_str(&"é".repeat(40_000));
        text.push_str(suffix);
        assert!(!text.is_char_boundary(4096) && !text.is_char_boundary(65536));
        text
    };
    write(&dir, "i18n/fr.json", &padded(r#"{"greeting": ""#, r#""}"#));
    write(&dir, "recipe.yaml", &padded("title: T\ndescription: D\nprompt: go\nnote: ", "\n"));
    write(&dir, "tools/agents.json", &padded(r#"{"mcpServers": {"z": {"command": "c"}}, "pad": ""#, r#""}"#));
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    let doc = json(&out);
    assert_eq!(doc["summary"]["files_with_errors"], 0, "{}", String::from_utf8_lossy(&out.stdout));
    let paths: Vec<&str> = doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["recipe.yaml", "tools/agents.json"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_oversize_candidate_is_reported_as_skipped() {
    let dir = temp_dir("size");
    write(&dir, ".mcp.json", &format!("{{\"mcpServers\": {{}}, \"pad\": \"{}\"}}", "x".repeat(2048)));
    let out = mcptrust(&["scan", ".", "--format", "json", "--max-filesize", "1K"], &dir);
    assert_eq!(out.status.code(), Some(2), "a candidate not read makes the scan incomplete");
    let doc = json(&out);
    let f = &doc["files"][0];
    assert_eq!((f["path"].as_str(), f["status"].as_str()), (Some(".mcp.json"), Some("skipped")));
    assert!(f["reason"].as_str().unwrap().contains("--max-filesize"));
}

#[test]
fn explain_prints_the_four_sections() {
    let out = mcptrust(&["explain", "MCP302"], &root());
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for section in ["## What it does", "## Why is this bad?", "## Example", "## Use instead"] {
        assert!(text.contains(section), "{text}");
    }
    assert_eq!(mcptrust(&["explain", "MCP999"], &root()).status.code(), Some(2));
}

#[test]
fn output_file_gets_the_report() {
    let dir = temp_dir("output");
    let report = dir.join("r.sarif");
    let out = mcptrust(&["scan", "testdata", "--format", "sarif", "-o", report.to_str().unwrap()], &root());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("scanned 10 files"));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_valid_sarif(&doc);
}

#[test]
fn a_credential_used_in_two_files_is_one_reuse_finding_listing_both() {
    let dir = temp_dir("reuse");
    let token = "ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK";
    write(
        &dir,
        "a/.mcp.json",
        &format!(r#"{{"mcpServers": {{"gh": {{"command": "gh-mcp", "env": {{"GITHUB_TOKEN": "{token}"}}}}}}}}"#),
    );
    write(
        &dir,
        "b/.cursor/mcp.json",
        &format!(r#"{{"mcpServers": {{"git": {{"command": "git-mcp", "env": {{"TOKEN": "{token}"}}}}}}}}"#),
    );
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    let doc = json(&out);
    let reuse: Vec<&serde_json::Value> =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "MCP153").collect();
    assert_eq!(reuse.len(), 1, "{reuse:?}");
    let message = reuse[0]["message"].as_str().unwrap();
    assert!(
        message.contains("2 places") && message.contains("a/.mcp.json") && message.contains("b/.cursor/mcp.json"),
        "{message}"
    );
    assert!(!stdout(&out).contains(&token[4..]));
}

#[test]
fn a_grant_for_an_undefined_server_is_stale_and_others_name_their_server_file() {
    let dir = temp_dir("stale");
    write(&dir, ".mcp.json", r#"{"mcpServers": {"docs": {"command": "npx", "args": ["-y", "@acme/docs@1.0.0"]}}}"#);
    write(&dir, ".claude/settings.json", r#"{"permissions": {"allow": ["mcp__docs", "mcp__jira__get_issue"]}}"#);
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let findings = doc["findings"].as_array().unwrap();
    let stale: Vec<_> = findings.iter().filter(|f| f["rule"] == "MCP904").collect();
    assert_eq!(stale.len(), 1);
    assert_eq!((stale[0]["server"].as_str(), stale[0]["line"].as_u64()), (Some("jira"), Some(1)));
    let grant = findings.iter().find(|f| f["rule"] == "MCP303").unwrap();
    assert!(
        grant["message"].as_str().unwrap().contains("(server defined in .mcp.json, with no tool allowlist"),
        "{grant}"
    );
}

/// The README's example ends with the coverage line that its first command really prints.
#[test]
fn readme_example_coverage_line_is_current() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let documented =
        logical_lines(&readme).into_iter().find(|l| l.starts_with("scanned ")).expect("README shows a coverage line");
    let out = mcptrust(&["scan", "testdata/"], &root());
    assert_eq!(logical_lines(&stdout(&out)).pop().unwrap(), documented);
}

#[test]
fn opencode_allow_all_is_global_and_a_deny_list_scopes_a_trusted_server() {
    let dir = temp_dir("scope");
    write(&dir, "opencode.json", r#"{"permission": "allow", "mcp": {"x": {"type": "local", "command": ["x-mcp"]}}}"#);
    write(
        &dir,
        ".gemini/settings.json",
        r#"{"mcpServers": {
        "a": {"command": "a", "trust": true, "excludeTools": ["delete_all"]},
        "b": {"command": "b", "trust": true}}}"#,
    );
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let rules: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let categories: Vec<&str> =
                f["categories"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
            (
                f["rule"].as_str().unwrap().to_string(),
                f["server"].as_str().unwrap_or("").to_string(),
                categories.join(","),
            )
        })
        .collect();
    assert!(rules.iter().any(|r| r.0 == "MCP301" && r.1.is_empty()), "{rules:?}");
    // One place, one finding: the unscoped server's trust grant is a grant and a scope finding at once.
    assert!(rules.contains(&("MCP302".into(), "b".into(), "grant,scope".into())), "{rules:?}");
    assert!(rules.contains(&("MCP302".into(), "a".into(), "grant".into())), "a deny list scopes it: {rules:?}");
    assert!(!rules.iter().any(|r| r.0 == "MCP401"), "{rules:?}");
}

#[test]
fn include_forces_a_file_and_exclude_drops_one() {
    let dir = temp_dir("globs");
    write(&dir, "conf/agents.json", r#"{"name": "no mcp shape here"}"#);
    write(&dir, "vendor/.mcp.json", r#"{"mcpServers": {"v": {"command": "v"}}}"#);
    write(&dir, ".mcp.json", r#"{"mcpServers": {"a": {"command": "a"}}}"#);
    let doc =
        json(&mcptrust(&["scan", ".", "--format", "json", "--include", "conf/*.json", "--exclude", "vendor/"], &dir));
    let paths: Vec<&str> = doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec![".mcp.json", "conf/agents.json"]);
}

/// `--now` (and `MCPTRUST_NOW`) set the day every date-dependent rule judges by; a bad date is an argument error.
#[test]
fn now_sets_the_day_expiry_is_judged_by() {
    let dir = temp_dir("now");
    // A JWT valid from 2026-01-01 to 2027-06-01 (HS256; the signature is filler).
    write(
        &dir,
        ".mcp.json",
        r#"{"mcpServers": {"api": {"type": "http", "url": "https://mcp.acme.test/mcp", "headers": {"Authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTgxMTgwODAwMH0.c2lnbmF0dXJlYnl0ZXNmb3J0ZXN0aW5nb25seQ"}}}}"#,
    );
    let expired = |args: &[&str], env: Option<&str>| -> Vec<String> {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_mcptrust"));
        cmd.args(["scan", ".", "--format", "json", "--select", "MCP205"]).args(args).current_dir(&dir);
        match env {
            Some(v) => cmd.env("MCPTRUST_NOW", v),
            None => cmd.env_remove("MCPTRUST_NOW"),
        };
        let out = cmd.output().unwrap();
        json(&out)["findings"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap().to_string()).collect()
    };
    assert!(expired(&["--now", "2027-05-31"], None).is_empty());
    let late = expired(&["--now", "2027-06-11"], None);
    assert_eq!(late.len(), 1);
    assert!(late[0].contains("expired on 2027-06-01 (10 days ago)"), "{}", late[0]);
    assert_eq!(expired(&[], Some("2027-06-11")), late, "MCPTRUST_NOW is --now");
    assert!(expired(&["--now", "2027-05-31"], Some("2030-01-01")).is_empty(), "--now wins over the variable");

    let bad = mcptrust(&["scan", ".", "--now", "next tuesday"], &dir);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`next tuesday` is not a date"), "{}", stderr(&bad));
}

fn gh_config(token: &str) -> String {
    format!(r#"{{"mcpServers": {{"gh": {{"command": "gh-mcp", "env": {{"GITHUB_TOKEN": "{token}"}}}}}}}}"#)
}

fn paths_of(doc: &serde_json::Value, key: &str) -> Vec<String> {
    doc[key].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
}

/// Two roots holding the same relative file name show two paths, in every format; a root named twice (or
/// inside another) is one file.
#[test]
fn two_roots_with_the_same_file_name_show_distinct_paths() {
    let dir = temp_dir("two-roots");
    write(&dir, "a/.mcp.json", &gh_config("ghp_Ab3T2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    write(&dir, "b/.mcp.json", &gh_config("ghp_Bc4T2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    let doc = json(&mcptrust(&["scan", "a", "./b/", "--format", "json"], &dir));
    assert_eq!(paths_of(&doc, "files"), vec!["a/.mcp.json", "b/.mcp.json"]);
    let secret_paths: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "MCP101")
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(secret_paths, vec!["a/.mcp.json", "b/.mcp.json"]);
    let human = stdout(&mcptrust(&["scan", "a", "b"], &dir));
    assert!(human.contains("╭─[a/.mcp.json:1:") && human.contains("╭─[b/.mcp.json:1:"), "{human}");
    let sarif = json(&mcptrust(&["scan", "a", "b", "--format", "sarif"], &dir));
    let uris: std::collections::BTreeSet<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris.len(), 2, "{uris:?}");
    // The same file through two roots is scanned once.
    let doc = json(&mcptrust(&["scan", ".", "a", dir.join("a").to_str().unwrap(), "--format", "json"], &dir));
    assert_eq!(paths_of(&doc, "files"), vec!["a/.mcp.json", "b/.mcp.json"]);
}

/// The same credential at the same pointer of same-named files under two roots is one reuse finding naming both:
/// with root-relative paths both files were `.mcp.json` and the reuse vanished.
#[test]
fn secret_reuse_is_found_across_two_roots() {
    let dir = temp_dir("reuse-roots");
    let token = "ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK";
    write(&dir, "team-a/.mcp.json", &gh_config(token));
    write(&dir, "team-b/.mcp.json", &gh_config(token));
    let out = mcptrust(&["scan", "team-a", "team-b", "--format", "json"], &dir);
    let doc = json(&out);
    let reuse: Vec<&serde_json::Value> =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "MCP153").collect();
    assert_eq!(reuse.len(), 1, "{doc:#}");
    let message = reuse[0]["message"].as_str().unwrap();
    assert!(
        message.contains("2 places") && message.contains("team-a/.mcp.json") && message.contains("team-b/.mcp.json"),
        "{message}"
    );
    assert!(!stdout(&out).contains(&token[4..]));
}

/// A root outside the current directory is shown as typed: `../x` as `../x/...`, an absolute one absolute; an
/// absolute root inside the current directory is shown relative to it.
#[test]
fn paths_outside_the_current_directory_are_shown_as_typed() {
    let dir = temp_dir("outside");
    write(&dir, "other/.mcp.json", &gh_config("ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    std::fs::create_dir_all(dir.join("work/inner")).unwrap();
    write(&dir, "work/inner/.mcp.json", &gh_config("ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    let work = dir.join("work");
    let doc = json(&mcptrust(&["scan", "../other", "--format", "json"], &work));
    assert_eq!(paths_of(&doc, "files"), vec!["../other/.mcp.json"]);
    let absolute = dir.join("other");
    let doc = json(&mcptrust(&["scan", absolute.to_str().unwrap(), "--format", "json"], &work));
    assert_eq!(paths_of(&doc, "files"), vec![format!("{}/.mcp.json", absolute.display())]);
    let doc = json(&mcptrust(&["scan", work.join("inner").to_str().unwrap(), "--format", "json"], &work));
    assert_eq!(paths_of(&doc, "files"), vec!["inner/.mcp.json"]);
    let doc = json(&mcptrust(&["scan", "inner/.mcp.json", "--format", "json"], &work));
    assert_eq!(paths_of(&doc, "files"), vec!["inner/.mcp.json"]);
}

/// SARIF places results relative to the repository root (`%SRCROOT%`), wherever mcptrust runs from inside it, so
/// code scanning puts `scan testdata/` results on `testdata/...`; a file outside the repository gets an absolute
/// `file://` URI.
#[test]
fn sarif_uris_are_relative_to_the_repository_root() {
    let uri_of = |doc: &serde_json::Value, rule: &str| -> serde_json::Value {
        let run = &doc["runs"][0];
        let result = run["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == rule).unwrap();
        result["locations"][0]["physicalLocation"]["artifactLocation"].clone()
    };
    let doc = json(&mcptrust(&["scan", "testdata/acme-api", "--format", "sarif"], &root()));
    assert_valid_sarif(&doc);
    assert_eq!(
        uri_of(&doc, "MCP101"),
        serde_json::json!({"uri": "testdata/acme-api/.mcp.json", "uriBaseId": "%SRCROOT%"})
    );
    assert!(doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"].is_object());
    // From a subfolder: the human and JSON paths are relative to it, SARIF still to the repository root.
    let testdata = root().join("testdata");
    let doc = json(&mcptrust(&["scan", "acme-api", "--format", "sarif"], &testdata));
    assert_eq!(uri_of(&doc, "MCP101")["uri"], "testdata/acme-api/.mcp.json");
    let doc = json(&mcptrust(&["scan", "acme-api", "--format", "json"], &testdata));
    assert!(paths_of(&doc, "findings").contains(&"acme-api/.mcp.json".to_string()));

    // Outside any repository: relative to the current directory, absolute beyond it.
    let outside = std::env::temp_dir().join(format!("mcptrust-sarif-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&outside);
    write(&outside, "proj/.mcp.json", &gh_config("ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    write(&outside, "elsewhere/.mcp.json", &gh_config("ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    if mcptrust::discover::paths::repo_root(&outside).is_none() {
        let doc = json(&mcptrust(&["scan", ".", "--format", "sarif"], &outside.join("proj")));
        assert_valid_sarif(&doc);
        assert_eq!(uri_of(&doc, "MCP101"), serde_json::json!({"uri": ".mcp.json", "uriBaseId": "%SRCROOT%"}));
        let elsewhere = std::fs::canonicalize(outside.join("elsewhere")).unwrap();
        let doc = json(&mcptrust(&["scan", elsewhere.to_str().unwrap(), "--format", "sarif"], &outside.join("proj")));
        assert_valid_sarif(&doc);
        assert_eq!(
            uri_of(&doc, "MCP101"),
            serde_json::json!({"uri": format!("file://{}/.mcp.json", elsewhere.display())})
        );
    } else {
        skip("sarif_uris_are_relative_to_the_repository_root", "the system temp folder is inside a repository");
    }
    let _ = std::fs::remove_dir_all(&outside);
}

/// What `--exclude` removes is counted and named in the summary and the coverage line; an excluded folder is
/// not entered, and counted as one folder.
#[test]
fn exclude_is_counted_in_the_summary() {
    let dir = temp_dir("exclude-count");
    write(&dir, ".mcp.json", &gh_config("ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    write(&dir, "vendor/.mcp.json", &gh_config("ghp_Vv1T2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    write(&dir, "vendor/x/.cursor/mcp.json", &gh_config("ghp_Ww2T2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    write(&dir, "fixtures/agents.json", &gh_config("ghp_Xx3T2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    let args = ["scan", ".", "--exclude", "vendor/", "--exclude", "fixtures/*.json"];
    let doc = json(&mcptrust(&[&args[..], &["--format", "json"]].concat(), &dir));
    assert_eq!(paths_of(&doc, "files"), vec![".mcp.json"]);
    assert_eq!(doc["summary"]["files_ignored"], 1);
    assert_eq!(doc["summary"]["folders_ignored"], 1);
    assert_eq!(doc["summary"]["ignored_by"], serde_json::json!({"--exclude": 2}));
    let human = stdout(&mcptrust(&args, &dir));
    let coverage = logical_lines(&human).pop().unwrap();
    assert!(coverage.ends_with(", 0 skipped, 1 file and 1 folder ignored (2 by --exclude)"), "{human}");
    // Files only: `3 files ignored`.
    let args = ["scan", ".", "--exclude", "vendor/**/*.json", "--exclude", "fixtures/*.json"];
    let human = stdout(&mcptrust(&args, &dir));
    assert!(logical_lines(&human).pop().unwrap().ends_with(", 0 skipped, 3 files ignored (3 by --exclude)"), "{human}");
}

/// A scan that reads nothing while ignore rules removed candidates says so on stderr.
#[test]
fn zero_files_scanned_with_candidates_ignored_is_a_warning() {
    let dir = temp_dir("zero-scanned");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(&dir, ".mcptrustignore", "*\n");
    write(&dir, ".mcp.json", &gh_config("ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    write(&dir, "tools/agents.json", &gh_config("ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    for format in ["human", "json"] {
        let out = mcptrust(&["scan", ".", "--format", format], &dir);
        assert!(
            stderr(&out).contains(
                "warning: no file was scanned, but 1 candidate and 1 folder were ignored (2 by .mcptrustignore)"
            ),
            "{format}: {}",
            stderr(&out)
        );
    }
    let out = mcptrust(&["scan", ".", "--no-ignore", "--format", "json"], &dir);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert_eq!(json(&out)["summary"]["files_scanned"], 2);
}

/// Grant linking sees every root: a project's `.mcp.json` and its `.claude/` folder named as two roots are one
/// project (with root-relative paths the grant looked stale, its server file unknown).
#[test]
fn grant_linking_works_across_roots() {
    let dir = temp_dir("grant-roots");
    write(
        &dir,
        "proj/.mcp.json",
        r#"{"mcpServers": {"docs": {"command": "npx", "args": ["-y", "@acme/docs@1.0.0"]}}}"#,
    );
    write(&dir, "proj/.claude/settings.json", r#"{"permissions": {"allow": ["mcp__docs"]}}"#);
    let doc = json(&mcptrust(&["scan", "proj/.mcp.json", "proj/.claude", "--format", "json"], &dir));
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.iter().any(|f| f["rule"] == "MCP904"), "a defined server's grant is not stale: {findings:?}");
    let grant = findings.iter().find(|f| f["rule"] == "MCP303").unwrap();
    assert_eq!(grant["path"], "proj/.claude/settings.json");
    assert!(
        grant["message"].as_str().unwrap().contains("(server defined in proj/.mcp.json, with no tool allowlist"),
        "{grant}"
    );
}

/// Fingerprints name a file by its path from the repository root, so a finding keeps its fingerprint whether
/// the scan runs from the repository root, from a subfolder, or names a deeper root (paths shown differ).
#[test]
fn fingerprints_do_not_depend_on_the_current_directory() {
    let prints = |args: &[&str], cwd: &std::path::Path| -> Vec<(String, String)> {
        let doc = json(&mcptrust(&[&["scan"], args, &["--format", "json"]].concat(), cwd));
        let mut v: Vec<(String, String)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"].as_str().unwrap().ends_with("acme-api/.mcp.json"))
            .map(|f| (f["rule"].as_str().unwrap().to_string(), f["fingerprint"].as_str().unwrap().to_string()))
            .collect();
        v.sort();
        v
    };
    let from_root = prints(&["testdata"], &root());
    assert!(from_root.iter().any(|(rule, _)| rule == "MCP101") && from_root.iter().any(|(rule, _)| rule == "MCP153"));
    assert_eq!(prints(&["."], &root().join("testdata")), from_root);
    let roots = ["testdata/acme-api", "testdata/data-pipeline", "testdata/ops"];
    assert_eq!(prints(&roots, &root()), from_root);
}

/// Runs `mcptrust ARGS` with stdout piped, reads one line and closes the pipe (`mcptrust … | head -1`), and
/// returns the exit code and stderr.
fn exit_code_with_head_1(args: &[&str], dir: &std::path::Path) -> (Option<i32>, String) {
    use std::io::{BufRead, Read};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(args)
        .current_dir(dir)
        .env("MCPTRUST_NOW", now_text())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(!first.is_empty(), "one line of output");
    drop(reader);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    (child.wait().unwrap().code(), err)
}

/// `set -o pipefail; mcptrust scan . | head -1` must not pass when the scan found something: a closed stdout
/// ends the scan quietly, with the exit code the scan deserves (1 findings, 2 errors), never 0.
#[test]
fn a_closed_stdout_keeps_the_exit_code_the_scan_deserves() {
    let dir = temp_dir("epipe");
    // Far more output than a pipe buffers (64 KiB), so that writing really meets the closed pipe.
    for i in 0..300 {
        write(
            &dir,
            &format!("r{i}/.mcp.json"),
            &format!(r#"{{"mcpServers": {{"s": {{"env": {{"T": "ghp_Zc4Lw8Nq2Rv6Tx9Bm3Kd7Hf1Jp5Ys0Ga{i:04}"}}}}}}}}"#),
        );
    }
    let full = mcptrust(&["scan", ".", "--format", "human"], &dir);
    assert_eq!(full.status.code(), Some(1));
    assert!(full.stdout.len() > 256 << 10, "output of {} bytes", full.stdout.len());
    for format in ["human", "json", "sarif"] {
        let (code, err) = exit_code_with_head_1(&["scan", ".", "--format", format], &dir);
        assert_eq!(code, Some(1), "{format}: {err}");
        assert!(err.is_empty(), "{format}: a closed pipe is not reported: {err}");
    }
    write(&dir, "broken/.mcp.json", "{\"mcpServers\": {");
    let (code, err) = exit_code_with_head_1(&["scan", "."], &dir);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.is_empty(), "{err}");
    // Other commands end quietly too.
    let (code, err) = exit_code_with_head_1(&["rules"], &dir);
    assert_eq!((code, err.as_str()), (Some(0), ""));
}

/// Columns count characters (Unicode scalar values), never bytes and never the byte-order mark, and human,
/// JSON and SARIF (which says `columnKind: unicodeCodePoints`) give the same line and column.
#[test]
fn columns_are_characters_and_agree_across_formats() {
    let dir = temp_dir("columns");
    let token = "ghp_Zc4Lw8Nq2Rv6Tx9Bm3Kd7Hf1Jp5Ys0GaUeWi";
    write(
        &dir,
        ".mcp.json",
        &format!("\u{feff}{{\"é日🙂\": \"x\", \"mcpServers\": {{\"s\": {{\"env\": {{\"T\": \"{token}\"}}}}}}}}\n"),
    );
    // `{"é日🙂": "x", "mcpServers": {"s": {"env": {"T": "` is 48 characters (54 bytes, and 3 more for the BOM).
    let column = 49;
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let f = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "MCP101").unwrap();
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(1), Some(column)));
    assert_eq!(f["end_column"].as_u64(), Some(column + token.len() as u64));

    let sarif: serde_json::Value =
        serde_json::from_slice(&mcptrust(&["scan", ".", "--format", "sarif"], &dir).stdout).unwrap();
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    let r = sarif["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "MCP101").unwrap();
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(1), Some(column)));
    assert_eq!(region["endColumn"].as_u64(), Some(column + token.len() as u64));

    let human = stdout(&mcptrust(&["scan", ".", "--color", "never"], &dir));
    assert!(human.contains(&format!("╭─[.mcp.json:1:{column}]")), "{human}");
}

/// A masked multi-line value (a PEM block) leaves the lines after it where they were, in the code frame as
/// in the position: the token two lines below the key block is shown on its own line with its own number.
#[test]
fn lines_after_a_masked_multi_line_value_stay_right() {
    let dir = temp_dir("multiline-mask");
    let token = "ghp_Zc4Lw8Nq2Rv6Tx9Bm3Kd7Hf1Jp5Ys0GaUeWi";
    let pem = "-----BEGIN RSA PRIVATE KEY-----\n        MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF\n        -----END RSA PRIVATE KEY-----";
    write(
        &dir,
        ".continue/config.yaml",
        &format!(
            "mcpServers:\n  - name: a\n    command: npx\n    env:\n      KEY: |\n        {pem}\n      T: {token}\n"
        ),
    );
    let escaped = pem.replace('\n', "\\n");
    write(
        &dir,
        ".mcp.json",
        &format!(
            "{{\"mcpServers\": {{\"s\": {{\"env\": {{\n  \"KEY\": \"{escaped}\",\n\n  \"T\": \"{token}\"}}}}}}}}\n"
        ),
    );
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let at = |path: &str| {
        let f = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "MCP101" && f["path"] == path);
        f.map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())).unwrap()
    };
    assert_eq!(at(".continue/config.yaml"), (9, 10));
    assert_eq!(at(".mcp.json"), (4, 9));
    let human = stdout(&mcptrust(&["scan", ".", "--color", "never"], &dir));
    assert!(human.contains("╭─[.continue/config.yaml:9:10]"), "{human}");
    assert!(
        human.lines().any(|l| l.starts_with(" 9 │ ") && l.contains("T: ghp_****")),
        "line 9 holds the token:\n{human}"
    );
    assert!(human.contains("╭─[.mcp.json:4:9]"), "{human}");
    assert!(human.lines().any(|l| l.starts_with(" 4 │ ") && l.contains("\"T\": \"ghp_****")), "{human}");
    assert!(!human.contains(&token[4..]) && !human.contains("MIIEowIBAAKCAQEA"), "a secret leaked:\n{human}");
}

/// `scan .` in a project with a big gitignored build folder neither walks nor lists it: the folder is one
/// count in the summary, not 5,000 ignored files (nor 5,000 findings from MCP-shaped fixtures in it).
#[test]
fn a_large_gitignored_folder_is_counted_once_and_not_listed() {
    let dir = temp_dir("large-ignored");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(&dir, ".gitignore", "/target/\n");
    write(&dir, ".cursor/mcp.json", &gh_config("ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    for i in 0..5000 {
        let rel = format!("target/test-tmp/case-{}/{}/.mcp.json", i / 100, i % 100);
        write(&dir, &rel, &gh_config("ghp_Vv1T2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"));
    }
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    let doc = json(&out);
    assert_eq!(paths_of(&doc, "files"), vec![".cursor/mcp.json"]);
    assert!(!stdout(&out).contains("target/"), "{}", stdout(&out));
    assert_eq!(doc["summary"]["files_ignored"], 0);
    assert_eq!(doc["summary"]["folders_ignored"], 1);
    assert_eq!(doc["summary"]["ignored_by"], serde_json::json!({".gitignore": 1}));
    let human = stdout(&mcptrust(&["scan", "."], &dir));
    assert!(!human.contains("target/"), "{human}");
    assert!(
        logical_lines(&human).pop().unwrap().ends_with(", 0 skipped, 1 folder ignored (1 by .gitignore)"),
        "{human}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A disabled server's findings say so and drop one level, but a literal credential keeps its severity (the
/// secret is on disk either way); `ws://` is plain text like `http://`.
#[test]
fn disabled_servers_drop_a_level_but_not_their_secrets_and_ws_is_plain_text() {
    let dir = temp_dir("disabled");
    write(
        &dir,
        ".mcp.json",
        r#"{"mcpServers": {
  "old": {"command": "npx", "args": ["-y", "mcp-notes@latest"], "disabled": true, "env": {"GITHUB_TOKEN": "ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK"}},
  "live": {"command": "npx", "args": ["-y", "mcp-notes@latest"]},
  "socket": {"type": "sse", "url": "ws://mcp.acme.test/ws"}
}}"#,
    );
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let of = |rule: &str, server: &str| {
        doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == rule && f["server"] == server).cloned()
    };
    let live = of("MCP501", "live").expect("unpinned live server");
    let old = of("MCP501", "old").expect("unpinned disabled server");
    assert_eq!((live["severity"].as_str(), old["severity"].as_str()), (Some("medium"), Some("low")), "{doc:#}");
    assert!(old["message"].as_str().unwrap().contains("the server is disabled"));
    let token = of("MCP101", "old").expect("the token of the disabled server");
    assert_eq!(token["severity"], "critical");
    assert!(token["message"].as_str().unwrap().contains("(the server is disabled)"));
    let ws = of("MCP601", "socket").expect("ws:// is plain text");
    assert!(ws["message"].as_str().unwrap().contains("WebSocket"), "{ws}");
}

/// Triage: `--statistics` prints a count per rule instead of the findings, and the human summary counts
/// findings by severity and says how many are below `--fail-on`.
#[test]
fn statistics_and_the_severity_line() {
    let out = mcptrust(&["scan", "testdata", "--statistics", "--fail-on", "high"], &root());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(!text.contains("╭─["), "no code frames with --statistics:\n{text}");
    let doc = json(&mcptrust(&["scan", "testdata", "--format", "json"], &root()));
    let by_rule = doc["summary"]["by_rule"].as_object().unwrap();
    for (rule, n) in by_rule {
        let row = text.lines().find(|l| l.split_whitespace().nth(1) == Some(rule.as_str()));
        let row = row.unwrap_or_else(|| panic!("{rule} missing:\n{text}"));
        assert_eq!(row.split_whitespace().next().unwrap(), n.to_string(), "{row}");
    }
    let total: u64 = by_rule.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(total, doc["summary"]["findings"].as_u64().unwrap());
    let sev = &doc["summary"]["by_severity"];
    let below =
        sev["medium"].as_u64().unwrap_or(0) + sev["low"].as_u64().unwrap_or(0) + sev["info"].as_u64().unwrap_or(0);
    let lines = logical_lines(&text);
    let line = lines.iter().find(|l| l.starts_with("findings by severity: ")).expect("severity line");
    assert!(line.ends_with(&format!("({below} below --fail-on high)")), "{line}");
    assert!(line.contains(&format!("{} critical", sev["critical"])), "{line}");
}

/// Claude Code `defaultMode`: `bypassPermissions` is a global bypass, `auto` (a classifier reviews each call)
/// is medium, `dontAsk` (denies whatever is not pre-approved) widens nothing by itself.
#[test]
fn claude_default_modes_are_judged_by_what_they_do() {
    let dir = temp_dir("modes");
    for mode in ["bypassPermissions", "auto", "dontAsk"] {
        write(
            &dir,
            &format!("{mode}/.claude/settings.json"),
            &format!(r#"{{"permissions": {{"defaultMode": "{mode}"}}}}"#),
        );
    }
    let doc = json(&mcptrust(&["scan", ".", "--format", "json", "--select", "MCP301"], &dir));
    let severity = |mode: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().starts_with(mode))
            .map(|f| f["severity"].clone())
    };
    assert_eq!(severity("bypassPermissions"), Some(serde_json::json!("critical")));
    assert_eq!(severity("auto"), Some(serde_json::json!("medium")));
    assert_eq!(severity("dontAsk"), None, "{doc:#}");
}

/// A client's approval spelling counts only in that client's files: `trust: true` in Cursor's config is no
/// grant (Cursor ignores it), and a config finding says the field does nothing there.
#[test]
fn trust_true_outside_gemini_is_a_field_that_does_nothing() {
    let dir = temp_dir("trust-elsewhere");
    let config = r#"{"mcpServers": {"bq": {"command": "uvx", "args": ["mcp-server-bigquery==0.3.0"], "trust": true}}}"#;
    write(&dir, ".cursor/mcp.json", config);
    write(&dir, ".gemini/settings.json", config);
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let at = |path: &str, rule: &str| {
        doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == path && f["rule"] == rule).cloned()
    };
    assert!(at(".gemini/settings.json", "MCP302").is_some(), "{doc:#}");
    assert!(at(".cursor/mcp.json", "MCP302").is_none(), "{doc:#}");
    let note = at(".cursor/mcp.json", "MCP902").expect("a config finding");
    assert!(note["message"].as_str().unwrap().contains("does nothing in cursor"), "{note}");
    assert_eq!(note["category"], "config");
}

/// Scope is the same question wherever the grant is: a Claude Code settings grant of a `.mcp.json` server without
/// a tool allowlist is one finding in both `grant` and `scope`, as a Gemini `trust: true` is in one file.
#[test]
fn a_server_wide_grant_in_another_file_is_also_a_scope_finding() {
    let dir = temp_dir("scope-cross");
    write(
        &dir,
        ".mcp.json",
        r#"{"mcpServers": {"gh": {"command": "gh-mcp"}, "ro": {"command": "x", "disabledTools": ["delete"]}}}"#,
    );
    write(&dir, ".claude/settings.json", r#"{"permissions": {"allow": ["mcp__gh", "mcp__ro"]}}"#);
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let categories = |server: &str| -> Vec<String> {
        let f = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "MCP303" && f["server"] == server)
            .unwrap();
        f["categories"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect()
    };
    assert_eq!(categories("gh"), ["grant", "scope"]);
    assert_eq!(categories("ro"), ["grant"], "a deny list scopes it");
    let sarif = json(&mcptrust(&["scan", ".", "--format", "sarif"], &dir));
    let tagged = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["properties"]["tags"] == serde_json::json!(["grant", "scope"]));
    assert!(tagged, "{sarif:#}");
}

/// Headers handed to `mcp-remote` as arguments carry credentials too, in any Authorization scheme or custom header.
#[test]
fn credentials_in_header_arguments_are_found_and_masked() {
    let dir = temp_dir("header-args");
    let api_key = "9f8c2a7d41b64e0f8a3c5d9e7b1f2a4c";
    let rails = "kq8Vd0Rw2ZtX7mLp4NcY9sBf";
    write(
        &dir,
        ".mcp.json",
        &format!(
            r#"{{"mcpServers": {{"remote": {{"command": "npx", "args": ["-y", "mcp-remote@0.1.29", "https://mcp.acme.test/sse", "--header", "X-API-Key: {api_key}", "--header", "Authorization: Token token={rails}"]}}}}}}"#
        ),
    );
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    let text = common::stdout(&out);
    let doc = json(&out);
    let at: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["pointer"].as_str().unwrap().to_string()))
        .collect();
    assert!(at.contains(&("MCP1999".into(), "/mcpServers/remote/args/4".into())), "{at:?}");
    assert!(at.contains(&("MCP131".into(), "/mcpServers/remote/args/6".into())), "{at:?}");
    assert!(!text.contains(&api_key[4..]) && !text.contains(&rails[4..]), "{text}");
}

/// `--files-from`: the listed paths are scanned as if named, from a file (newline or NUL-separated) or stdin,
/// and nothing else; a list that cannot be read is an error naming it.
#[test]
fn files_from_scans_the_listed_paths_only() {
    use std::io::Write as _;
    let dir = temp_dir("files-from");
    let leak = r#"{"mcpServers": {"s": {"command": "x", "env": {"GITHUB_TOKEN": "ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG"}}}}"#;
    write(&dir, "a/.mcp.json", leak);
    write(&dir, "b c/.cursor/mcp.json", leak);
    write(&dir, "unlisted/.mcp.json", leak);
    let paths = |doc: &serde_json::Value| -> Vec<String> {
        let mut p: Vec<String> =
            doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().into()).collect();
        p.sort();
        p
    };
    write(&dir, "list.txt", "a/.mcp.json\r\nb c/.cursor/mcp.json\n\n");
    let doc = json(&mcptrust(&["scan", "--files-from", "list.txt", "-f", "json"], &dir));
    assert_eq!(paths(&doc), ["a/.mcp.json", "b c/.cursor/mcp.json"]);
    // NUL-separated, from standard input, beside a PATH.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(["scan", "unlisted", "--files-from", "-", "-f", "json"])
        .current_dir(&dir)
        .env("MCPTRUST_NOW", now_text())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"b c/.cursor/mcp.json\0").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(paths(&json(&out)), ["b c/.cursor/mcp.json", "unlisted/.mcp.json"]);
    let out = mcptrust(&["scan", "--files-from", "missing.txt"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--files-from missing.txt"), "{}", stderr(&out));
}
