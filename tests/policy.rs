//! The trust lifecycle as a team uses it: a config found above the scan root, severity and selection from it,
//! suppressions that say why and expire, and a baseline that survives a reformatted file.

mod common;

use common::*;

const GITHUB: &str = "ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG";
const SLACK: &str = "xoxb-2742169411-4861254871235-q8Zr4vN1xT7bK2mW9pL3sD6f";

fn repo(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    dir
}

fn mcp_json(secret: &str) -> String {
    format!(
        r#"{{"mcpServers": {{"gh": {{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": {{"GITHUB_TOKEN": "{secret}"}}}}}}}}"#
    )
}

fn rules_of(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

fn finding<'a>(doc: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule}: {doc:#}"))
}

#[test]
fn the_config_is_found_above_the_scan_root_but_not_above_the_repository() {
    let outer = temp_dir("outer");
    // A config above the repository is someone else's: never read.
    write(&outer, "mcptrust.toml", "ignore = [\"MCP101\"]\n");
    let dir = outer.join("repo");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(&dir, "app/.mcp.json", &mcp_json(GITHUB));
    let doc = json(&mcptrust(&["scan", "app", "--format", "json"], &dir));
    assert!(rules_of(&doc).contains(&"MCP101".to_string()), "the outer config was read: {doc:#}");

    // The repository's own config applies to a scan of a subfolder.
    write(&dir, "mcptrust.toml", "ignore = [\"MCP101\"]\n");
    let doc = json(&mcptrust(&["scan", "app", "--format", "json"], &dir));
    assert!(!rules_of(&doc).contains(&"MCP101".to_string()), "{doc:#}");

    // --isolated reads none; --config and MCPTRUST_CONFIG name one.
    let doc = json(&mcptrust(&["scan", "app", "--format", "json", "--isolated"], &dir));
    assert!(rules_of(&doc).contains(&"MCP101".to_string()));
    write(&outer, "other.toml", "select = [\"MCP151\"]\n");
    let doc = json(&mcptrust(&["scan", "app", "--format", "json", "--config", "../other.toml"], &dir));
    assert!(rules_of(&doc).iter().all(|r| r == "MCP151"), "{doc:#}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(["scan", "app", "--format", "json"])
        .env("MCPTRUST_CONFIG", outer.join("other.toml"))
        .env("MCPTRUST_NOW", now_text())
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(rules_of(&json(&out)).iter().all(|r| r == "MCP151"));
}

#[test]
fn dot_mcptrust_toml_and_pyproject_tool_tables_are_configs() {
    let dir = repo("dotconfig");
    write(&dir, ".mcp.json", &mcp_json(GITHUB));
    write(&dir, "pyproject.toml", "[project]\nname = \"app\"\n\n[tool.mcptrust]\nignore = [\"MCP101\"]\n");
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    assert!(!rules_of(&doc).contains(&"MCP101".to_string()), "{doc:#}");
    // `mcptrust.toml` wins over `.mcptrust.toml`, which wins over pyproject.
    write(&dir, ".mcptrust.toml", "ignore = [\"MCP201\"]\n");
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    assert!(rules_of(&doc).contains(&"MCP101".to_string()) && !rules_of(&doc).contains(&"MCP201".to_string()));
}

#[test]
fn a_config_error_is_a_code_frame_at_the_key_naming_the_valid_keys() {
    let dir = repo("badconfig");
    write(&dir, ".mcp.json", &mcp_json(GITHUB));
    write(&dir, "mcptrust.toml", "select = [\"secret\"]\nfail_on = \"high\"\n");
    let out = mcptrust(&["scan", "."], &dir);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("mcptrust.toml:2:1"), "{err}");
    assert!(err.contains("2 │ fail_on = \"high\""), "{err}");
    assert!(
        err.contains("unknown field `fail_on`") && err.contains("`fail-on`") && err.contains("`suppress`"),
        "{err}"
    );
    assert!(stdout(&out).is_empty(), "no scan ran: {}", stdout(&out));

    write(&dir, "mcptrust.toml", "[severity]\nMCP305 = \"severe\"\n");
    let err = stderr(&mcptrust(&["scan", "."], &dir));
    assert!(err.contains("mcptrust.toml:2:10") && err.contains("severe"), "{err}");
}

#[test]
fn severity_fail_on_and_selection_come_from_the_config() {
    let dir = repo("settings");
    write(&dir, ".mcp.json", &mcp_json(GITHUB));
    write(&dir, "mcptrust.toml", "fail-on = \"critical\"\n[severity]\nMCP101 = \"medium\"\n");
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(finding(&json(&out), "MCP101")["severity"], "medium");
    assert_eq!(out.status.code(), Some(0), "nothing at or above critical once MCP101 is medium");
    // The command line wins over the config.
    assert_eq!(mcptrust(&["scan", ".", "--fail-on", "medium"], &dir).status.code(), Some(1));
}

#[test]
fn an_inline_suppression_accepts_a_finding_with_its_reason() {
    let dir = repo("inline");
    write(
        &dir,
        ".vscode/mcp.json",
        &format!(
            "{{\"servers\": {{\"gh\": {{\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-github@2025.4.8\"],\n  // mcptrust: ignore[MCP101,MCP201] revoked fixture token\n  \"env\": {{\"GITHUB_TOKEN\": \"{GITHUB}\"}}}}}}}}"
        ),
    );
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    let doc = json(&out);
    let f = finding(&doc, "MCP101");
    assert_eq!(f["suppressed"]["kind"], "inline");
    assert_eq!(f["suppressed"]["reason"], "revoked fixture token");
    assert_eq!(doc["summary"]["suppressed"], 2, "{doc:#}");
    assert_eq!(out.status.code(), Some(0), "accepted findings never fail the scan: {doc:#}");
    let human = mcptrust(&["scan", "."], &dir);
    let joined = logical_lines(&stdout(&human)).join("\n");
    assert!(!joined.contains("MCP101(") && joined.contains("2 suppressed"), "{joined}");
    let sarif = json(&mcptrust(&["scan", ".", "--format", "sarif"], &dir));
    assert_valid_sarif(&sarif);
    let result = sarif["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "MCP101").unwrap();
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
    assert_eq!(result["suppressions"][0]["justification"], "revoked fixture token");
}

#[test]
fn an_inline_suppression_without_a_reason_or_without_a_finding_is_reported() {
    let dir = repo("inline-bad");
    write(
        &dir,
        ".continue/config.yaml",
        &format!(
            "mcpServers:\n  - name: gh\n    command: npx\n    env:\n      # mcptrust: ignore[MCP101]\n      GITHUB_TOKEN: {GITHUB}\n      # mcptrust: ignore[MCP107] old slack token, rotated\n      SLACK: ${{SLACK_TOKEN}}\n"
        ),
    );
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    assert!(finding(&doc, "MCP101")["suppressed"].is_object(), "a suppression without a reason still applies");
    let no_reason = finding(&doc, "MCP951");
    assert_eq!((no_reason["line"].as_u64(), no_reason["column"].as_u64()), (Some(5), Some(9)));
    assert_eq!(finding(&doc, "MCP953")["line"], 7);
}

#[test]
fn a_config_suppression_covers_strict_json_and_expires() {
    let dir = repo("config-suppress");
    write(&dir, ".mcp.json", &mcp_json(GITHUB));
    write(
        &dir,
        "mcptrust.toml",
        "[[suppress]]\npath = \".mcp.json\"\nrule = \"MCP101\"\npointer = \"/mcpServers/gh/env/GITHUB_TOKEN\"\nreason = \"until the vault migration\"\nexpires = 2027-03-31\n\n[[suppress]]\npath = \"**/cline_mcp_settings.json\"\nrule = \"MCP302\"\nreason = \"legacy\"\n",
    );
    let before = mcptrust(&["scan", ".", "--format", "json", "--now", "2027-03-31"], &dir);
    let doc = json(&before);
    let f = finding(&doc, "MCP101");
    assert_eq!(f["suppressed"]["kind"], "config");
    assert_eq!(f["suppressed"]["expires"], "2027-03-31");
    assert_eq!(finding(&doc, "MCP953")["line"], 8, "the second entry matches nothing");
    assert_eq!(finding(&doc, "MCP953")["path"], "mcptrust.toml");

    let after = mcptrust(&["scan", ".", "--format", "json", "--now", "2027-04-01"], &dir);
    let doc = json(&after);
    assert!(finding(&doc, "MCP101")["suppressed"].is_null(), "expired: reported again");
    let expired = finding(&doc, "MCP952");
    assert_eq!((expired["path"].as_str(), expired["line"].as_u64()), (Some("mcptrust.toml"), Some(1)));
    assert!(expired["message"].as_str().unwrap().contains("expired on 2027-03-31 (1 days ago)"), "{expired}");
    assert_eq!(after.status.code(), Some(1));
    // In human output the expired entry is shown in a frame of the config.
    let human = stdout(&mcptrust(&["scan", ".", "--now", "2027-04-01"], &dir));
    assert!(human.contains("MCP952(expired-suppression)") && human.contains("[[suppress]]"), "{human}");
}

#[test]
fn a_baseline_fails_only_on_new_findings_and_survives_reformatting() {
    let dir = repo("baseline");
    write(&dir, ".mcp.json", &mcp_json(GITHUB));
    let written = mcptrust(&["scan", ".", "--write-baseline", "baseline.json", "--format", "json"], &dir);
    assert_eq!(written.status.code(), Some(1));
    let baseline = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    assert!(!baseline.contains(&GITHUB[4..]), "a baseline never holds a secret");
    assert!(baseline.contains("\"format\": \"mcptrust-baseline-1\""));

    // Reformatted: every line moved, keys reordered.
    let reformatted = format!(
        "{{\n\n  \"mcpServers\": {{\n    \"gh\": {{\n      \"env\": {{\n        \"GITHUB_TOKEN\": \"{GITHUB}\"\n      }},\n      \"args\": [\"-y\", \"@modelcontextprotocol/server-github@2025.4.8\"],\n      \"command\": \"npx\"\n    }}\n  }}\n}}\n"
    );
    write(&dir, ".mcp.json", &reformatted);
    let out = mcptrust(&["scan", ".", "--baseline", "baseline.json", "--format", "json"], &dir);
    let doc = json(&out);
    assert_eq!(out.status.code(), Some(0), "nothing new: {doc:#}");
    assert_eq!(finding(&doc, "MCP101")["baseline_state"], "unchanged");
    assert_eq!(doc["summary"]["baseline"]["new"], 0);

    // A new secret fails; the old one removed is reported fixed.
    write(&dir, ".mcp.json", &reformatted.replace(GITHUB, SLACK));
    let out = mcptrust(&["scan", ".", "--baseline", "baseline.json", "--format", "json"], &dir);
    let doc = json(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(finding(&doc, "MCP107")["baseline_state"], "new");
    assert!(doc["fixed"].as_array().unwrap().iter().any(|e| e["rule"] == "MCP101"), "{doc:#}");
    let sarif = json(&mcptrust(&["scan", ".", "--baseline", "baseline.json", "--format", "sarif"], &dir));
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["baselineState"] == "new" || r["baselineState"] == "unchanged"));
    assert!(results.iter().any(|r| r["ruleId"] == "MCP107" && r["baselineState"] == "new"));
    let human = stdout(&mcptrust(&["scan", ".", "--baseline", "baseline.json"], &dir));
    assert!(human.contains("fixed since the baseline: MCP101 .mcp.json /mcpServers/gh/env/GITHUB_TOKEN"), "{human}");
}

#[test]
fn the_committed_config_schema_is_current_and_validates_configs() {
    let committed = std::fs::read_to_string(root().join("mcptrust.schema.json")).unwrap();
    assert!(
        committed == mcptrust::policy::config::schema(),
        "mcptrust.schema.json is stale: mcptrust config-schema > mcptrust.schema.json"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // Every TOML example in the README that names the schema is a valid config, by the schema and by mcptrust.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut examples = 0;
    for block in readme.split("```toml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        if !block.starts_with("#:schema") {
            continue;
        }
        examples += 1;
        let value: toml::Value = toml::from_str(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        let doc = toml_to_json(&value);
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{block}");
        mcptrust::policy::config::parse(block, false).unwrap_or_else(|e| panic!("{e:?}\n{block}"));
    }
    assert!(examples >= 1, "the README shows a config");
    let bad = serde_json::json!({"fail_on": "high"});
    assert!(!validator.is_valid(&bad), "unknown keys are refused");
}

/// TOML as JSON the way editors validate it against a schema: dates become strings.
fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::json!(i),
        toml::Value::Float(f) => serde_json::json!(f),
        toml::Value::Boolean(b) => serde_json::json!(b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => serde_json::Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            serde_json::Value::Object(t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect())
        }
    }
}

#[test]
fn rule_settings_come_from_the_config() {
    let dir = repo("rule-settings");
    // A JWT that lives 120 days (iat 2026-01-01, exp 2026-05-01), a package of an untrusted publisher, and an
    // organisation's dummy value under a secret-looking key.
    write(
        &dir,
        ".mcp.json",
        r#"{"mcpServers": {"api": {"command": "npx", "args": ["-y", "mcp-notes-helper@0.3.1"], "env": {"TOKEN": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc3NzU5MzYwMH0.c2lnbmF0dXJlYnl0ZXNmb3J0ZXN0aW5nb25seQ", "ACME_API_KEY": "acme-stub-9f8e7d6c5b4a3f2e1d0c"}}}}"#,
    );
    let rules = |doc: &serde_json::Value| rules_of(doc);
    let before = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    assert!(rules(&before).contains(&"MCP204".to_string()), "120 days > the default 90");
    assert!(!rules(&before).contains(&"MCP505".to_string()), "the publisher inventory is off until configured");
    assert!(rules(&before).contains(&"MCP150".to_string()), "the dummy value looks like a secret");
    write(
        &dir,
        "mcptrust.toml",
        "jwt-max-lifetime-days = 180\ntrusted-publishers = [\"@modelcontextprotocol/\"]\nplaceholders = [\"^acme-stub-\"]\n",
    );
    let after = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    assert!(!rules(&after).contains(&"MCP204".to_string()), "{after:#}");
    assert!(rules(&after).contains(&"MCP505".to_string()));
    assert!(!rules(&after).contains(&"MCP150".to_string()));
}

#[test]
fn respect_gitignore_in_the_config_lets_ignore_files_hide_configs() {
    let dir = repo("respect");
    write(&dir, ".gitignore", ".mcp.json\n");
    write(&dir, ".mcp.json", &mcp_json(GITHUB));
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    assert!(rules_of(&doc).contains(&"MCP101".to_string()), "a gitignored config is scanned by default");
    write(&dir, "mcptrust.toml", "respect-gitignore = true\n");
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    assert!(!rules_of(&doc).contains(&"MCP101".to_string()), "{doc:#}");
}

#[test]
fn tool_risk_classes_judge_named_approvals_and_the_config_extends_them() {
    let dir = repo("tool-risk");
    write(
        &dir,
        "cline_mcp_settings.json",
        r#"{"mcpServers": {"ops": {"command": "npx", "args": ["-y", "@acme/ops-mcp@1.0.0"], "autoApprove": ["deploy_app"]},
  "sh": {"command": "npx", "args": ["-y", "@acme/sh-mcp@1.0.0"], "autoApprove": ["run_command"]},
  "clock": {"command": "npx", "args": ["-y", "@acme/clock-mcp@1.0.0"], "autoApprove": ["get_current_time"]}}}"#,
    );
    let severity = |server: &str| {
        let doc = json(&mcptrust(&["scan", ".", "--format", "json", "--select", "MCP305"], &dir));
        doc["findings"].as_array().unwrap().iter().find(|f| f["server"] == server).unwrap()["severity"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(severity("sh"), "high");
    assert_eq!(severity("clock"), "info");
    assert_eq!(severity("ops"), "medium", "a tool no class names keeps the rule's severity");
    write(&dir, "mcptrust.toml", "[tool-risk]\nexecute = [\"deploy_*\"]\n");
    assert_eq!(severity("ops"), "high");
    write(&dir, "mcptrust.toml", "[tool-risk]\nnuclear = [\"launch_*\"]\n");
    let out = mcptrust(&["scan", "."], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no tool risk class `nuclear`") && stderr(&out).contains("[tool-risk]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_baselined_finding_whose_value_changes_is_new() {
    let dir = repo("baseline-value");
    let config = |pkg: &str| format!(r#"{{"mcpServers": {{"notes": {{"command": "npx", "args": ["-y", "{pkg}"]}}}}}}"#);
    write(&dir, ".mcp.json", &config("harmless-notes-mcp"));
    mcptrust(&["scan", ".", "--write-baseline", "baseline.json"], &dir);
    assert_eq!(mcptrust(&["scan", ".", "--baseline", "baseline.json"], &dir).status.code(), Some(0));
    write(&dir, ".mcp.json", &config("evil-backdoor-mcp"));
    let doc = json(&mcptrust(&["scan", ".", "--baseline", "baseline.json", "--format", "json"], &dir));
    assert_eq!(finding(&doc, "MCP501")["baseline_state"], "new", "{doc:#}");
}
