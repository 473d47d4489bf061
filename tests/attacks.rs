//! What an independent attacker's review of the policy found, each as the attack it was: a repository's
//! config reading files outside it, suppression directives hidden in strings, secrets in reasons and config
//! frames, globs that approve more than written, raw bidi characters in the inventory.

mod common;

use common::*;

const GITHUB: &str = "ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG";

fn repo(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    dir
}

fn token_config(key_line: &str) -> String {
    format!(
        "mcpServers:\n  - name: gh\n    command: npx\n    env:\n{key_line}      GITHUB_PERSONAL_ACCESS_TOKEN: {GITHUB}\n"
    )
}

#[test]
fn a_config_cannot_name_packs_outside_its_folder_nor_quote_a_pack_that_is_not_one() {
    let dir = repo("rules-path");
    write(&dir, ".mcp.json", "{\"mcpServers\": {}}");
    write(dir.parent().unwrap(), "git-credentials", &format!("https://oauth2:{GITHUB}@github.com\n"));
    for rules in ["../git-credentials", "/etc/passwd"] {
        write(&dir, "mcptrust.toml", &format!("rules = [\"{rules}\"]\n"));
        let out = mcptrust(&["scan", "."], &dir);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.contains("packs must lie inside the config's folder"), "{rules}: {err}");
        assert!(!err.contains(&GITHUB[4..]) && !err.contains("root:x:0:0"), "{rules}: {err}");
    }
    // A file inside the repository that is not a pack is refused without quoting it.
    write(&dir, "packs/creds.yaml", &format!("https://oauth2:{GITHUB}@github.com\n"));
    write(&dir, "mcptrust.toml", "rules = [\"packs/creds.yaml\"]\n");
    let out = mcptrust(&["scan", "."], &dir);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("not a rule pack") && !err.contains(&GITHUB[4..]) && !err.contains("oauth2"), "{err}");
}

#[test]
fn a_directive_inside_a_string_suppresses_nothing() {
    let dir = repo("directive-in-string");
    // YAML block scalar, YAML plain scalar holding `//`, TOML multi-line string, JSON string with a raw newline.
    write(
        &dir,
        "a/.continue/config.yaml",
        &token_config("      NOTE: |\n        # mcptrust: ignore[MCP101,MCP201] x\n"),
    );
    write(&dir, "b/.continue/config.yaml", &token_config("      DOCS: https://mcptrust:ignore[MCP101,MCP201] x\n"));
    write(
        &dir,
        "c/.codex/config.toml",
        &format!(
            "[mcp_servers.gh]\ncommand = \"npx\"\ndescription = \"\"\"\n# mcptrust: ignore[MCP101,MCP201] x\"\"\"\nenv = {{ GITHUB_PERSONAL_ACCESS_TOKEN = \"{GITHUB}\" }}\n"
        ),
    );
    write(
        &dir,
        "d/.vscode/mcp.json",
        &format!(
            "{{\"servers\": {{\"gh\": {{\"command\": \"npx\", \"description\": \"multi\n// mcptrust: ignore[MCP101,MCP201] x\",\n \"env\": {{\"GITHUB_PERSONAL_ACCESS_TOKEN\": \"{GITHUB}\"}}}}}}}}"
        ),
    );
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    let doc = json(&out);
    for path in ["a/.continue/config.yaml", "b/.continue/config.yaml", "c/.codex/config.toml", "d/.vscode/mcp.json"] {
        let f = doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == path && f["rule"] == "MCP101");
        let f = f.unwrap_or_else(|| panic!("{path}: no MCP101 in {doc:#}"));
        assert!(f["suppressed"].is_null(), "{path}: a directive in a string suppressed {f}");
    }
    assert_eq!(doc["summary"]["suppressed"], 0);
    assert_eq!(out.status.code(), Some(1));
    // A real comment beside them still works.
    write(&dir, "e/.continue/config.yaml", &token_config("      # mcptrust: ignore[MCP101] rotated fixture\n"));
    let doc = json(&mcptrust(&["scan", "e", "--format", "json"], &dir));
    let f = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "MCP101").unwrap();
    assert_eq!(f["suppressed"]["kind"], "inline");
}

#[test]
fn a_secret_in_a_config_reason_or_beside_a_config_error_is_masked() {
    let dir = repo("reason");
    write(
        &dir,
        ".mcp.json",
        &format!(r#"{{"mcpServers": {{"gh": {{"command": "npx", "env": {{"T": "{GITHUB}"}}}}}}}}"#),
    );
    write(
        &dir,
        "mcptrust.toml",
        &format!("[[suppress]]\npath = \".mcp.json\"\nrule = \"MCP201\"\nreason = \"revoked token {GITHUB}\"\n"),
    );
    for format in ["json", "sarif"] {
        let text = stdout(&mcptrust(&["scan", ".", "--format", format], &dir));
        assert!(text.contains("revoked token ghp_") && !text.contains(&GITHUB[4..]), "--format {format}:\n{text}");
    }
    write(&dir, "mcptrust.toml", &format!("# old token {GITHUB}\nfail_on = \"high\"\n"));
    let err = stderr(&mcptrust(&["scan", "."], &dir));
    assert!(err.contains("unknown field `fail_on`") && err.contains("# old token ghp_*"), "{err}");
    assert!(!err.contains(&GITHUB[4..]), "{err}");
}

#[test]
fn trust_globs_approve_only_what_they_say() {
    let dir = repo("globs");
    write(
        &dir,
        ".mcp.json",
        r#"{"mcpServers": {
  "lookalike": {"type": "http", "url": "https://attacker.example/steal/.acme.com/mcp"},
  "local": {"command": "https://mcp.acme.com/../../run.sh"},
  "backdoor": {"command": "npx", "args": ["-y", "@evil/backdoor", "--x", "@modelcontextprotocol/server-github@1.0.0"]},
  "real": {"type": "http", "url": "https://mcp.acme.com/mcp"},
  "gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.0.0"]}
}}"#,
    );
    write(
        &dir,
        "mcptrust.toml",
        "[[trust]]\nmatch = \"https://*.acme.com/*\"\nowner = \"a\"\n\n[[trust]]\nmatch = \"npx -y @modelcontextprotocol/server-github@*\"\nowner = \"b\"\n",
    );
    let doc = json(&mcptrust(&["inventory", ".", "--format", "json"], &dir));
    let approved = |name: &str| {
        doc["relationships"].as_array().unwrap().iter().find(|r| r["server"] == name).unwrap()["policy"]["approved"]
            .as_bool()
            .unwrap()
    };
    assert!(approved("real") && approved("gh"), "{doc:#}");
    assert!(!approved("lookalike") && !approved("local") && !approved("backdoor"), "{doc:#}");
}

#[test]
fn a_suppression_path_star_stays_in_its_folder_and_tools_match_their_own_server() {
    let dir = repo("paths");
    let token = format!(r#"{{"mcpServers": {{"gh": {{"command": "npx", "env": {{"T": "{GITHUB}"}}}}}}}}"#);
    write(&dir, ".mcp.json", &token);
    write(&dir, "deep/er/.mcp.json", &token);
    write(
        &dir,
        "mcptrust.toml",
        "[[suppress]]\npath = \"*.json\"\nrule = \"MCP101\"\nreason = \"top-level fixtures\"\n",
    );
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let state = |path: &str| {
        let f =
            doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == path && f["rule"] == "MCP101").unwrap();
        f["suppressed"].is_object()
    };
    assert!(state(".mcp.json") && !state("deep/er/.mcp.json"), "{doc:#}");

    let dir = repo("tool-names");
    write(
        &dir,
        "cline_mcp_settings.json",
        r#"{"mcpServers": {"github": {"command": "npx", "autoApprove": ["mcp__github__delete_repository__get_x", "mcp__github__get_issue"]}}}"#,
    );
    write(&dir, "mcptrust.toml", "[[trust]]\nserver = \"github\"\nowner = \"a\"\ntools = [\"get_*\"]\n");
    let doc = json(&mcptrust(&["scan", ".", "--format", "json", "--select", "MCP962"], &dir));
    let found = doc["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{doc:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`mcp__github__delete_repository__get_x`") && !message.contains("`mcp__github__get_issue`,"),
        "{message}"
    );
}

#[test]
fn the_inventory_escapes_bidi_and_control_characters_in_every_text_format() {
    let dir = repo("inventory-bidi");
    write(
        &dir,
        ".mcp.json",
        "{\"mcpServers\": {\"gh\\u202eb\\u2066x\\u001b[2J\": {\"command\": \"npx\\u202e\\u200f\", \"args\": [\"-y\", \"a@1.0.0\"]}}}",
    );
    for args in [
        &["inventory", ".", "--format", "table"][..],
        &["inventory", ".", "--format", "markdown"],
        &["inventory", ".", "--format", "csv"],
        &["inventory", ".", "--write-policy"],
    ] {
        let out = mcptrust(args, &dir);
        let text = stdout(&out);
        assert!(
            !text.chars().any(|c| matches!(c, '\u{1b}' | '\u{202e}' | '\u{2066}' | '\u{200f}' | '\u{9b}')),
            "{args:?}: {text:?}"
        );
        assert!(text.contains("gh"), "{args:?}: {text}");
    }
    let draft = stdout(&mcptrust(&["inventory", ".", "--write-policy"], &dir));
    mcptrust::policy::config::parse(&draft, false).unwrap_or_else(|e| panic!("{e:?}\n{draft}"));
}
