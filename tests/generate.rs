//! `mcptrust generate` and what it makes: the committed completions, man pages and rule docs are exactly what
//! the current code generates, and SARIF's documentation links reach files that exist.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{mcptrust, root, stderr, temp_dir};

const HINT: &str = "regenerate with `cargo run -- generate` (from the repository root) and commit the result";

/// Every file under `dir` (relative, `/`-separated).
fn listing(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

#[test]
fn the_generated_files_are_committed_and_current() {
    let out = temp_dir("generate");
    let run = mcptrust(&["generate", "--out-dir", out.to_str().unwrap()], &root());
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let generated = listing(&out);
    for must in ["completions/mcptrust.bash", "completions/mcptrust.zsh", "completions/mcptrust.fish"] {
        assert!(generated.contains(must), "{must} is generated");
    }
    for must in ["completions/mcptrust.ps1", "completions/mcptrust.elv", "man/mcptrust.1", "man/mcptrust-scan.1"] {
        assert!(generated.contains(must), "{must} is generated");
    }
    assert!(generated.contains("docs/rules/README.md") && generated.contains("docs/rules/MCP101.md"));
    assert!(stderr(&run).contains(&format!("wrote {} files", generated.len())), "{}", stderr(&run));

    let mut problems = Vec::new();
    for rel in &generated {
        let fresh = std::fs::read(out.join(rel)).unwrap();
        match std::fs::read(root().join(rel)) {
            Ok(committed) if committed == fresh => {}
            Ok(_) => problems.push(format!("{rel} is stale")),
            Err(_) => problems.push(format!("{rel} is missing")),
        }
    }
    // Nothing generated once and no longer (a removed rule's page, a dropped shell) stays behind.
    for folder in ["completions", "man", "docs/rules"] {
        for rel in listing(&root().join(folder)) {
            let rel = format!("{folder}/{rel}");
            if !generated.contains(&rel) {
                problems.push(format!("{rel} is not generated any more"));
            }
        }
    }
    assert!(problems.is_empty(), "{}\n{HINT}", problems.join("\n"));
}

#[test]
fn the_man_page_documents_the_commands_and_no_build_detail() {
    let page = std::fs::read_to_string(root().join("man/mcptrust.1")).unwrap();
    assert!(page.starts_with(".ie") || page.contains(".TH mcptrust"), "a roff page:\n{}", &page[..200.min(page.len())]);
    assert!(page.contains(&format!("mcptrust {}", env!("CARGO_PKG_VERSION"))), "the page names the version");
    for sub in ["scan", "inventory", "rules", "explain"] {
        assert!(page.contains(&format!("mcptrust\\-{sub}(1)")), "the page lists `{sub}`");
        assert!(root().join(format!("man/mcptrust-{sub}.1")).exists());
    }
    // Hidden commands (generate, completions, config-schema) get no page.
    assert!(!root().join("man/mcptrust-generate.1").exists());
    let scan = std::fs::read_to_string(root().join("man/mcptrust-scan.1")).unwrap();
    assert!(scan.contains("\\-\\-fail\\-on"), "the scan page documents its flags");
}

#[test]
fn each_rule_page_shows_what_explain_shows() {
    let explain = mcptrust(&["explain", "MCP101"], &root());
    let text = common::stdout(&explain);
    let page = std::fs::read_to_string(root().join("docs/rules/MCP101.md")).unwrap();
    let first_line = text.lines().next().unwrap();
    // `# MCP101 (slug): Name` in explain; `# MCP101: Name` and the slug in the table on the page.
    let (head, name) = first_line.split_once("): ").unwrap();
    let slug = head.split_once(" (").unwrap().1;
    assert!(page.contains(&format!("# MCP101: {name}")), "{page}");
    assert!(page.contains(&format!("`{slug}`")));
    for section in ["## What it does", "## Why is this bad?", "## Example", "## Use instead"] {
        assert!(page.contains(section) && text.contains(section), "{section}");
    }
    let index = std::fs::read_to_string(root().join("docs/rules/README.md")).unwrap();
    assert!(index.contains("[MCP101](MCP101.md)"));
}

/// Every rule's `helpUri` (and the tool's `informationUri`) in a SARIF log points into this repository at a
/// file that exists.
#[test]
fn sarif_documentation_links_reach_files_that_exist() {
    let dir = temp_dir("sarif-links");
    let report = dir.join("r.sarif");
    let out = mcptrust(&["scan", "testdata", "--format", "sarif", "-o", report.to_str().unwrap()], &root());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    common::assert_valid_sarif(&doc);
    let driver = &doc["runs"][0]["tool"]["driver"];
    let prefix = format!("{}/blob/main/", env!("CARGO_PKG_REPOSITORY"));
    let in_repo = |uri: &str| -> std::path::PathBuf {
        let rel = uri.strip_prefix(&prefix).unwrap_or_else(|| panic!("{uri} is not under {prefix}"));
        root().join(rel)
    };
    let info = driver["informationUri"].as_str().unwrap();
    assert!(in_repo(info).is_file(), "informationUri {info}");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() > 100, "every built-in rule is described");
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let uri = rule["helpUri"].as_str().unwrap_or_else(|| panic!("{id} has no helpUri"));
        assert!(uri.ends_with(&format!("/docs/rules/{id}.md")), "{uri}");
        assert!(in_repo(uri).is_file(), "{id}: {uri} does not exist");
    }
}

/// A rule from a user's own pack has no page in this repository: it gets no `helpUri` rather than a dead one.
#[test]
fn a_user_rule_gets_no_help_uri() {
    let dir = temp_dir("sarif-user-rule");
    common::write(
        &dir,
        "pack.yaml",
        r#"rules:
  - id: ACME001
    slug: acme-token
    name: ACME token
    category: secret
    severity: high
    pattern:
      regex: '\b(acme_[a-z0-9]{24})\b'
      keywords: [acme_]
      examples: [acme_abcdefghijklmnopqrstuvwx]
    docs:
      what: Finds ACME tokens.
      why: They are credentials.
      example: { path: .mcp.json, content: '{"mcpServers":{"a":{"command":"a","env":{"T":"acme_abcdefghijklmnopqrstuvwx"}}}}' }
      use_instead: { path: .mcp.json, content: '{"mcpServers":{"a":{"command":"a","env":{"T":"${T}"}}}}' }
"#,
    );
    common::write(
        &dir,
        ".mcp.json",
        r#"{"mcpServers":{"a":{"command":"a","env":{"T":"acme_abcdefghijklmnopqrstuvwx"}}}}"#,
    );
    let report = dir.join("r.sarif");
    let out = mcptrust(
        &["scan", ".", "--isolated", "--rules", "pack.yaml", "--format", "sarif", "-o", report.to_str().unwrap()],
        &dir,
    );
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let acme = rules.iter().find(|r| r["id"] == "ACME001").expect("the user rule is described");
    assert!(acme.get("helpUri").is_none(), "{acme}");
    assert!(rules.iter().find(|r| r["id"] == "MCP101").unwrap()["helpUri"].is_string());
}
