//! Approved trust and the inventory: what `[[trust]]` approves, what lies beyond it, and the relationships a
//! responder lists ("which relationships carry this credential?").

mod common;

use common::*;

const GITHUB: &str = "ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG";

/// A repository with a GitHub server (literal token), a scraper, Cline auto-approvals and Claude grants.
fn project(name: &str, policy: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(
        &dir,
        ".mcp.json",
        &format!(
            r#"{{"mcpServers": {{
  "github": {{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{GITHUB}", "AWS_SECRET_ACCESS_KEY": "${{AWS_SECRET_ACCESS_KEY}}"}}}},
  "scraper": {{"command": "npx", "args": ["-y", "web-scraper-mcp@0.3.1"]}}
}}}}"#
        ),
    );
    write(&dir, ".claude/settings.json", r#"{"permissions": {"allow": ["mcp__github"]}}"#);
    write(
        &dir,
        "cline_mcp_settings.json",
        r#"{"mcpServers": {"github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "autoApprove": ["get_issue", "create_pull_request"]}}}"#,
    );
    write(&dir, "mcptrust.toml", policy);
    dir
}

fn findings(dir: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["scan", ".", "--format", "json"];
    all.extend_from_slice(args);
    let out = mcptrust(&all, dir);
    assert!(!stdout(&out).contains(&GITHUB[4..]), "a secret leaked");
    json(&out)["findings"].as_array().unwrap().clone()
}

fn of<'a>(found: &'a [serde_json::Value], rule: &str) -> Vec<&'a serde_json::Value> {
    found.iter().filter(|f| f["rule"] == rule).collect()
}

const APPROVE_GITHUB: &str = r#"
[[trust]]
server = "github"
owner = "platform-security"
tools = ["get_*", "list_*"]
credentials = ["GITHUB_PERSONAL_ACCESS_TOKEN"]
approved = 2026-06-01
expires = 2027-06-01
ticket = "SEC-4411"
"#;

#[test]
fn a_server_no_entry_covers_is_a_shadow_server_at_its_name() {
    let dir = project("shadow", APPROVE_GITHUB);
    let found = findings(&dir, &[]);
    let shadow = of(&found, "MCP961");
    assert_eq!(shadow.len(), 1, "{shadow:?}");
    assert_eq!((shadow[0]["path"].as_str(), shadow[0]["line"].as_u64()), (Some(".mcp.json"), Some(3)));
    assert!(shadow[0]["message"].as_str().unwrap().contains("server `scraper`"));
    // A `match` glob over the launch approves it; `clients` limits where.
    let dir = project(
        "shadow-match",
        &format!(
            "{APPROVE_GITHUB}\n[[trust]]\nmatch = \"npx -y web-scraper-mcp@*\"\nclients = [\"claude-code\"]\nowner = \"research\"\nexpires = 2027-06-01\n"
        ),
    );
    assert!(of(&findings(&dir, &[]), "MCP961").is_empty());
    let dir = project(
        "shadow-client",
        &format!(
            "{APPROVE_GITHUB}\n[[trust]]\nmatch = \"npx -y web-scraper-mcp@*\"\nclients = [\"cursor\"]\nowner = \"research\"\nexpires = 2027-06-01\n"
        ),
    );
    assert_eq!(of(&findings(&dir, &[]), "MCP961").len(), 1);
    // Without any [[trust]] entry there is no approved list to be outside of.
    let dir = project("no-policy", "fail-on = \"low\"\n");
    assert!(of(&findings(&dir, &[]), "MCP961").is_empty());
}

#[test]
fn tools_and_credentials_beyond_the_approval_are_findings_where_they_are_granted() {
    let dir = project("beyond", APPROVE_GITHUB);
    let found = findings(&dir, &[]);
    let beyond = of(&found, "MCP962");
    let cline = beyond.iter().find(|f| f["path"] == "cline_mcp_settings.json").expect("cline grant");
    assert!(cline["message"].as_str().unwrap().contains("`create_pull_request`"), "{cline}");
    assert!(!cline["message"].as_str().unwrap().contains("`get_issue`,"), "get_issue is approved: {cline}");
    let claude = beyond.iter().find(|f| f["path"] == ".claude/settings.json").expect("server-wide grant");
    assert!(claude["message"].as_str().unwrap().contains("every tool of server `github`"), "{claude}");
    let credential = of(&found, "MCP963");
    assert_eq!(credential.len(), 1, "{credential:?}");
    assert!(credential[0]["message"].as_str().unwrap().contains("`AWS_SECRET_ACCESS_KEY`"));
    assert_eq!(credential[0]["line"], 2);
}

#[test]
fn approvals_expire_warn_need_dates_and_go_stale() {
    let dir = project(
        "lifecycle",
        &format!(
            "require-expiry = true\n{APPROVE_GITHUB}\n[[trust]]\nserver = \"scraper\"\nowner = \"research\"\n\n[[trust]]\nserver = \"jira\"\nowner = \"delivery\"\nexpires = 2027-06-01\n"
        ),
    );
    let at = |now: &str| findings(&dir, &["--now", now]);
    let today = at("2026-12-01");
    assert!(of(&today, "MCP964").is_empty() && of(&today, "MCP965").is_empty());
    let missing = of(&today, "MCP966");
    assert_eq!(
        (missing.len(), missing[0]["path"].as_str(), missing[0]["line"].as_u64()),
        (1, Some("mcptrust.toml"), Some(12))
    );
    let stale = of(&today, "MCP967");
    assert!(stale.len() == 1 && stale[0]["message"].as_str().unwrap().contains("server `jira`"), "{stale:?}");

    let soon = at("2027-05-25");
    let expiring = of(&soon, "MCP965");
    assert!(
        expiring.iter().any(|f| f["message"].as_str().unwrap().contains("expires on 2027-06-01, in 7 days")),
        "{expiring:?}"
    );
    let late = at("2027-06-02");
    let expired = of(&late, "MCP964");
    assert!(
        expired.iter().any(|f| f["message"].as_str().unwrap().contains("expired on 2027-06-01 (1 days ago)")),
        "{expired:?}"
    );
    assert_eq!(expired[0]["line"], 3, "at the entry's [[trust]] header");
}

#[test]
fn a_policy_finding_can_be_suppressed_like_any_other() {
    let dir = project(
        "suppress-policy",
        &format!(
            "{APPROVE_GITHUB}\n[[suppress]]\npath = \".mcp.json\"\nrule = \"MCP961\"\nreason = \"scraper is being removed this sprint\"\n"
        ),
    );
    let found = findings(&dir, &[]);
    assert!(of(&found, "MCP961")[0]["suppressed"]["kind"] == "config");
}

fn inventory(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["inventory", "."];
    all.extend_from_slice(args);
    mcptrust(&all, dir)
}

#[test]
fn the_inventory_lists_every_relationship_with_credentials_grants_and_status() {
    let dir = project("inventory", APPROVE_GITHUB);
    // Days left are counted from the day given (expires 2027-06-01).
    let out = inventory(&dir, &["--format", "json", "--now", "2026-12-01"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    let rels = doc["relationships"].as_array().unwrap();
    assert_eq!(rels.len(), 3, "{doc:#}");
    let gh = rels.iter().find(|r| r["server"] == "github" && r["client"] == "claude-code").unwrap();
    assert_eq!(gh["package"], "@modelcontextprotocol/server-github@2025.4.8");
    assert_eq!(gh["pinned"], true);
    assert_eq!(gh["scope"], "project");
    let token =
        gh["credentials"].as_array().unwrap().iter().find(|c| c["name"] == "GITHUB_PERSONAL_ACCESS_TOKEN").unwrap();
    assert_eq!(token["kind"], "GitHub classic personal access token");
    assert_eq!(token["literal"], true);
    assert_eq!(token["lifetime"], "long-lived");
    assert!(token["value"].as_str().unwrap().starts_with("ghp_*"));
    let reference =
        gh["credentials"].as_array().unwrap().iter().find(|c| c["name"] == "AWS_SECRET_ACCESS_KEY").unwrap();
    assert_eq!((reference["kind"].as_str(), reference["literal"].as_bool()), (Some("reference"), Some(false)));
    let grant = &gh["grants"][0];
    assert_eq!((grant["file"].as_str(), grant["reach"].as_str()), (Some(".claude/settings.json"), Some("server")));
    assert_eq!(gh["policy"]["approved"], true);
    assert_eq!(gh["policy"]["owner"], "platform-security");
    assert_eq!(gh["policy"]["days_left"], 182);
    assert_eq!(gh["policy"]["ticket"], "SEC-4411");

    // The credential id is the one findings carry: "where else is this credential used?"
    let scan = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let id = scan["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "MCP101").unwrap()["credential_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(token["credential_id"], id.as_str());
    let by_id = json(&inventory(&dir, &["--format", "json", "--credential", &id[..12]]));
    assert_eq!(by_id["relationships"].as_array().unwrap().len(), 1);
}

#[test]
fn inventory_filters_narrow_the_list() {
    let dir = project("filters", APPROVE_GITHUB);
    let count = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        json(&inventory(&dir, &all))["relationships"].as_array().unwrap().len()
    };
    assert_eq!(count(&["--server", "github"]), 2);
    assert_eq!(count(&["--client", "cline"]), 1);
    assert_eq!(count(&["--unapproved"]), 1);
    assert_eq!(count(&["--expiring", "200", "--now", "2026-12-01"]), 2);
    assert_eq!(count(&["--expiring", "100", "--now", "2026-12-01"]), 0);
    assert_eq!(count(&["--credential", "0000000000"]), 0);
}

#[test]
fn inventory_formats_never_show_a_secret_and_escape_their_cells() {
    let dir = project("formats", APPROVE_GITHUB);
    // A server name that would be a formula in a spreadsheet and a cell break in Markdown.
    write(
        &dir,
        ".cursor/mcp.json",
        r#"{"mcpServers": {"=HYPERLINK(\"x\")|b": {"command": "npx", "args": ["-y", "a@1.0.0"]}}}"#,
    );
    for format in ["table", "json", "csv", "markdown"] {
        let out = inventory(&dir, &["--format", format]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert!(!text.contains(&GITHUB[4..]), "{format} shows the token:\n{text}");
        assert!(text.contains("github"), "{format}:\n{text}");
    }
    let csv = stdout(&inventory(&dir, &["--format", "csv"]));
    assert!(csv.starts_with("client,file,scope,server,"), "{csv}");
    assert!(csv.contains(r#""'=HYPERLINK(""x"")|b""#), "formula cells are defused:\n{csv}");
    let md = stdout(&inventory(&dir, &["--format", "markdown"]));
    assert!(md.contains(r#"=HYPERLINK("x")\|b"#), "a `|` in a cell does not split it:\n{md}");
    let table = stdout(&inventory(&dir, &["--format", "table"]));
    assert!(table.lines().all(|l| l.chars().count() <= 100), "fits 100 columns:\n{table}");
    assert!(table.ends_with("4 relationships\n"), "{table}");
}

#[test]
fn write_policy_drafts_an_approval_for_every_server_that_then_approves_them() {
    let dir = project("draft", "fail-on = \"low\"\n");
    let draft = stdout(&inventory(&dir, &["--write-policy", "--now", "2026-12-01"]));
    assert!(draft.contains("owner = \"TODO\"") && draft.contains("expires = 2027-03-01"), "{draft}");
    assert!(!draft.contains(&GITHUB[4..]));
    mcptrust::policy::config::parse(&draft, false).unwrap_or_else(|e| panic!("{e:?}\n{draft}"));
    write(&dir, "mcptrust.toml", &draft);
    let found = findings(&dir, &["--now", "2026-12-01"]);
    assert!(of(&found, "MCP961").is_empty() && of(&found, "MCP967").is_empty(), "{found:?}");
    let unapproved = json(&inventory(&dir, &["--format", "json", "--unapproved"]));
    assert!(unapproved["relationships"].as_array().unwrap().is_empty());
}

#[test]
fn inventory_exits_2_when_a_file_could_not_be_read() {
    let dir = project("inventory-broken", APPROVE_GITHUB);
    write(&dir, ".vscode/mcp.json", "{\"servers\": ");
    assert_eq!(inventory(&dir, &["--format", "json"]).status.code(), Some(2));
}
