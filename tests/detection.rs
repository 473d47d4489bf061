//! Where a launch, a transport or a server hides: each case is a whole file as a user writes it, and the
//! finding (or the silence) a reviewer expects of it.

mod common;

use mcptrust::rules::RuleSet;

/// (rule slug, server, pointer) of every finding in the file.
fn findings(path: &str, content: &str) -> Vec<(String, Option<String>, String)> {
    let rules = RuleSet::load(&[]).unwrap();
    let scanner = common::scanner(&rules, false);
    let outcome = scanner.scan_text(path, content);
    assert!(outcome.error.is_none(), "{path}: {:?}", outcome.error.map(|e| e.message));
    outcome
        .findings
        .iter()
        .map(|f| {
            (
                f.finding.rule.slug.clone(),
                f.finding.server.as_deref().map(str::to_string),
                f.finding.pointer.to_string(),
            )
        })
        .collect()
}

fn has(found: &[(String, Option<String>, String)], slug: &str, server: &str) -> bool {
    found.iter().any(|(s, srv, _)| s == slug && srv.as_deref() == Some(server))
}

#[test]
fn the_launch_inside_a_smithery_command_function_is_judged() {
    let file = "startCommand:\n  type: stdio\n  commandFunction: |\n    (config) => ({\n      command: 'npx',\n      args: ['-y', '@webclaw/mcp'],\n      env: {}\n    })\nname: webclaw\n";
    let found = findings("smithery.yaml", file);
    assert!(found.iter().any(|(s, _, p)| s == "unpinned-package" && p == "/startCommand/commandFunction"), "{found:?}");
    let pinned = file.replace("'@webclaw/mcp'", "'@webclaw/mcp@1.4.2'");
    assert!(!findings("smithery.yaml", &pinned).iter().any(|(s, ..)| s == "unpinned-package"));
}

#[test]
fn a_stdio_bridge_to_a_plain_http_remote_is_plain_text() {
    let file = r#"{"mcpServers": {
        "remote": {"command": "npx", "args": ["-y", "mcp-remote@0.1.29", "http://mcp.acme.test/sse"]},
        "local": {"command": "npx", "args": ["-y", "mcp-remote@0.1.29", "http://localhost:8808/sse"]},
        "tls": {"command": "npx", "args": ["-y", "mcp-remote@0.1.29", "https://mcp.acme.test/sse"]}
    }}"#;
    let found = findings(".mcp.json", file);
    assert!(has(&found, "plain-http-remote", "remote"), "{found:?}");
    assert!(!has(&found, "plain-http-remote", "local") && !has(&found, "plain-http-remote", "tls"), "{found:?}");
}

#[test]
fn kiro_power_servers_are_servers() {
    let file = r#"{"mcpServers": {},
        "powers": {"mcpServers": {"power-deploy": {"command": "npx", "args": ["-y", "@acme/deploy-mcp"],
            "env": {"GITHUB_TOKEN": "ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG"}, "autoApprove": ["*"]}}}}"#;
    let found = findings(".kiro/settings/mcp.json", file);
    for slug in ["github-classic-pat", "unpinned-package"] {
        assert!(
            found.iter().any(|(s, srv, p)| s == slug
                && srv.as_deref() == Some("power-deploy")
                && p.starts_with("/powers/mcpServers/power-deploy")),
            "{slug}: {found:?}"
        );
    }
    // The same key in another client's file is nothing of that client's.
    assert!(!findings(".cursor/mcp.json", file).iter().any(|(_, srv, _)| srv.as_deref() == Some("power-deploy")));
}

#[test]
fn a_locally_built_image_is_not_a_registry_tag() {
    let file = r#"{"mcpServers": {
        "local": {"command": "docker", "args": ["run", "-i", "--rm", "fidora-app"]},
        "never-pulled": {"command": "docker", "args": ["run", "-i", "--rm", "--pull=never", "acme/srv:latest"]},
        "hub": {"command": "docker", "args": ["run", "-i", "--rm", "mcp/fetch"]},
        "official": {"command": "docker", "args": ["run", "-i", "--rm", "python"]}
    }}"#;
    let found = findings(".mcp.json", file);
    assert!(has(&found, "unpinned-container-image", "hub"), "{found:?}");
    assert!(has(&found, "unpinned-container-image", "official"), "{found:?}");
    assert!(!has(&found, "unpinned-container-image", "local"), "{found:?}");
    assert!(!has(&found, "unpinned-container-image", "never-pulled"), "{found:?}");
}
