//! The rule packs check themselves: every pattern against its examples, every rule against its docs.

mod common;

use mcptrust::rules::RuleSet;
use mcptrust::rules::pack::Pack;
use mcptrust::scan::Scanner;

#[test]
fn every_rule_behaves_as_its_examples_and_docs_say() {
    let rules = RuleSet::load(&[]).unwrap();
    assert!(rules.rules.len() >= 50, "{} rules", rules.rules.len());
    let problems = mcptrust::run::check_rules(&rules, common::now());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// 100% recall on format-valid fakes for every pattern rule, wherever the value sits, and always masked.
#[test]
fn every_positive_example_is_found_in_every_position_and_masked() {
    let rules = RuleSet::load(&[]).unwrap();
    let scanner = common::scanner(&rules, true);
    for (rule, pattern) in rules.pattern_rules() {
        // Formats without a prefix are recognised by the key they sit under.
        let key = pattern.example_key.as_deref().unwrap_or("VALUE");
        let flag = format!("--{}", key.to_ascii_lowercase().replace('_', "-"));
        for example in &pattern.examples {
            let value = serde_json::to_string(example).unwrap();
            // A format with a shape of its own is found by its value: under a key that says nothing, and as a
            // bare argument with no flag naming it.
            let by_value: Vec<(&str, String)> = if pattern.example_key.is_none() {
                vec![
                    (
                        ".mcp.json",
                        format!(
                            r#"{{"mcpServers": {{"s": {{"command": "x", "env": {{"SETTING_VALUE": {value}}}}}}}}}"#
                        ),
                    ),
                    (
                        ".cursor/mcp.json",
                        format!(r#"{{"mcpServers": {{"s": {{"command": "x", "args": ["serve", {value}]}}}}}}"#),
                    ),
                ]
            } else {
                Vec::new()
            };
            for (path, content) in by_value.into_iter().chain([
                (".mcp.json", format!(r#"{{"mcpServers": {{"s": {{"command": "x", "env": {{"{key}": {value}}}}}}}}}"#)),
                (
                    ".cursor/mcp.json",
                    format!(
                        r#"{{"mcpServers": {{"s": {{"url": "https://mcp.acme.test/", "headers": {{"{key}": {value}}}}}}}}}"#
                    ),
                ),
                (
                    ".vscode/mcp.json",
                    format!(r#"{{"servers": {{"s": {{"command": "x", "args": ["{flag}", {value}]}}}}}}"#),
                ),
            ]) {
                let outcome = scanner.scan_text(path, &content);
                let hit = outcome.findings.iter().find(|f| f.finding.rule.id == rule.meta.id);
                let hit = hit.unwrap_or_else(|| panic!("{} misses its example in {path}", rule.meta.id));
                assert!(!hit.finding.message.contains(&example[example.len() / 2..]), "{} message leaks", rule.meta.id);
                let source = hit.source.as_ref().unwrap();
                assert!(!source.text().contains(&example[4..]), "{} code frame leaks", rule.meta.id);
            }
        }
        for negative in &pattern.negative_examples {
            let content = format!(
                r#"{{"mcpServers": {{"s": {{"command": "x", "env": {{"{key}": {}}}}}}}}}"#,
                serde_json::to_string(negative).unwrap()
            );
            let outcome = scanner.scan_text(".mcp.json", &content);
            assert!(
                !outcome.findings.iter().any(|f| f.finding.rule.id == rule.meta.id),
                "{} hits its negative {negative:?}",
                rule.meta.id
            );
        }
    }
}

#[test]
fn references_and_placeholders_are_never_secrets() {
    let rules = RuleSet::load(&[]).unwrap();
    let scanner = common::scanner(&rules, false);
    for value in [
        "${GITHUB_TOKEN}",
        "${env:OPENAI_API_KEY}",
        "${input:api-key}",
        "{env:API_KEY}",
        "${{ secrets.API_KEY }}",
        "${user_config.api_key}",
        "$API_KEY",
        "<YOUR_API_KEY>",
        "your-api-key-here",
        "xxxxxxxxxxxxxxxxxxxx",
        "changeme",
        "sk-...",
        "Bearer ${env:TOKEN}",
        "postgresql://user:${DB_PASSWORD}@db/app",
    ] {
        let content = format!(
            r#"{{"mcpServers": {{"s": {{"command": "x", "env": {{"API_KEY": {}}}}}}}}}"#,
            serde_json::to_string(value).unwrap()
        );
        let outcome = scanner.scan_text(".mcp.json", &content);
        assert!(
            outcome.findings.is_empty(),
            "{value} reported: {:?}",
            outcome.findings.iter().map(|f| &f.finding.message).collect::<Vec<_>>()
        );
    }
}

/// Values that look like credentials and are not: each must stay silent as a secret, whatever key it sits
/// under, in every client's spelling where one applies.
#[test]
fn look_alikes_are_not_credentials() {
    let rules = RuleSet::load(&[]).unwrap();
    let scanner = common::scanner(&rules, false);
    let supabase_anon = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImFiY2RlZmdoaWprbG1ub3BxcnN0Iiwicm9sZSI6ImFub24iLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MjAwMDAwMDAwMH0.Xb0mZ3Q9kYpL2rT7vW1sN4cF6hJ8dA5eG0iK3oM9uPq";
    let env = |key: &str, value: &str| {
        (
            ".mcp.json",
            format!(
                r#"{{"mcpServers": {{"s": {{"command": "x", "env": {{"{key}": {}}}}}}}}}"#,
                serde_json::to_string(value).unwrap()
            ),
        )
    };
    let header = |key: &str, value: &str| {
        (
            ".cursor/mcp.json",
            format!(
                r#"{{"mcpServers": {{"s": {{"url": "https://mcp.acme.test/", "headers": {{"{key}": {}}}}}}}}}"#,
                serde_json::to_string(value).unwrap()
            ),
        )
    };
    let cases: Vec<(&str, (&str, String))> = vec![
        // A git commit SHA names a commit, under whatever key.
        ("commit SHA under a Datadog-looking key", env("DATADOG_API_KEY", "4b825dc642cb6eb9a060e54bf8d69288fbee4904")),
        ("commit SHA under a revision key", env("GIT_REVISION", "e83c5163316f89bfbde7d9ab23ca2e25604af290")),
        ("commit SHA under a token-looking key", env("UPSTREAM_TOKEN_REF", "9fceb02d0ae598e95dc970b74767f19372d61af8")),
        ("npm integrity", env("PACKAGE_INTEGRITY", "sha512-Q1b2Vy5lH3aZ8m0d4xT1uXw9k7Lr2Ne6Pq0Sv8Yc3Jf5Ga1Bh4Di7Ek0Fm2Hn6Io9Jp3Kq5Lr8Ms1Nt4Ou7Pv0Qw2Rx5Sy8Tz1Ua4Vb7Wc=")),
        ("Stripe publishable key", env("STRIPE_PUBLISHABLE_KEY", "pk_live_51HqLyjWDarjtT1zdp7dcXdd9XyZaBcDeFgHiJkLmN")),
        ("an SSH public key", env("SSH_PUBLIC_KEY", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGy1Qm0f6v3Kx9Hq2Zt7Lb4Wc8Rn5Pj0Sd3Fa6Ge1Yh user@laptop")),
        ("a Supabase anon key", env("SUPABASE_ANON_KEY", supabase_anon)),
        ("a Supabase anon key under a neutral key", env("SUPABASE_KEY", supabase_anon)),
        ("a template", header("Authorization", "Bearer {token}")),
        ("a reference", header("Authorization", "Bearer ${API_TOKEN}")),
        ("code", env("API_KEY", "ENV[\"API_KEY\"]")),
        ("code", env("API_KEY", "process.env.OPENAI_API_KEY")),
        ("a placeholder sequence", env("API_KEY", "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4")),
        ("a placeholder sequence", env("API_TOKEN", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")),
        ("a placeholder sequence", env("SECRET_KEY", "1234567890abcdef1234567890abcdef")),
        (
            "an env var name where Codex expects one",
            (".codex/config.toml", "[mcp_servers.s]\nurl = \"https://mcp.acme.test/\"\nbearer_token_env_var = \"GITHUB_PERSONAL_ACCESS_TOKEN\"\nenv_http_headers = { \"X-Api-Key\" = \"ACME_API_KEY\" }\n".to_string()),
        ),
    ];
    let mut wrong = Vec::new();
    for (what, (path, content)) in &cases {
        let outcome = scanner.scan_text(path, content);
        let secrets: Vec<String> = outcome
            .findings
            .iter()
            .filter(|f| f.finding.rule.category == mcptrust::rules::Category::Secret)
            .map(|f| format!("{} {}", f.finding.rule.id, f.finding.message))
            .collect();
        if !secrets.is_empty() {
            wrong.push(format!("{what}: {content}\nreported: {secrets:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // A prefixed value too short for its provider is that provider's malformed form or nothing: never a
    // generic secret of high severity.
    for (key, value) in
        [("GITHUB_TOKEN", "ghp_abc123"), ("STRIPE_SECRET_KEY", "sk_live_short"), ("SLACK_TOKEN", "xoxb-12")]
    {
        let (path, content) = env(key, value);
        let outcome = scanner.scan_text(path, &content);
        for f in &outcome.findings {
            assert!(
                !(f.finding.rule.category == mcptrust::rules::Category::Secret
                    && f.finding.severity >= mcptrust::rules::Severity::High
                    && f.finding.rule.slug == "generic-secret"),
                "{value} under {key}: {} {} {}",
                f.finding.rule.id,
                f.finding.severity.name(),
                f.finding.message
            );
        }
    }
}

#[test]
fn duplicate_rule_ids_are_refused() {
    let pack = r#"
rules:
  - id: X1
    slug: a
    name: A
    category: config
    severity: low
    check: model-note
    docs: { what: w, why: y, example: { path: a.json, content: "{}" }, use_instead: { path: a.json, content: "{}" } }
"#;
    let a = Pack::parse("a.yaml", pack).unwrap();
    let b = Pack::parse("b.yaml", pack).unwrap();
    let err = RuleSet::from_packs(vec![("a.yaml".into(), a), ("b.yaml".into(), b)]).err().expect("refused");
    assert!(err.to_string().contains("X1"), "{err}");
}

#[test]
fn a_pattern_without_a_capture_group_is_refused() {
    let pack = r#"
rules:
  - id: X2
    slug: b
    name: B
    category: secret
    severity: low
    pattern: { regex: "abc[0-9]+", examples: [abc1, abc2], negative_examples: [x, y] }
    docs: { what: w, why: y, example: { path: a.json, content: "{}" }, use_instead: { path: a.json, content: "{}" } }
"#;
    let err =
        RuleSet::from_packs(vec![("p.yaml".into(), Pack::parse("p.yaml", pack).unwrap())]).err().expect("refused");
    assert!(format!("{err:#}").contains("capture group"), "{err:#}");
}

#[test]
fn user_packs_load_from_a_file() {
    let dir = common::temp_dir("pack");
    common::write(
        &dir,
        "extra.yaml",
        r#"
rules:
  - id: ORG001
    slug: internal-token
    name: Acme internal token
    category: secret
    severity: high
    pattern: { regex: "\\b(acme_[a-z0-9]{16})\\b", keywords: [acme_], examples: [acme_0123456789abcdef, acme_abcdefabcdef0123], negative_examples: [acme_short, acme-0123456789abcdef] }
    docs:
      what: w
      why: y
      example: { path: .mcp.json, content: '{"mcpServers": {"s": {"command": "x", "env": {"T": "acme_9f8e7d6c5b4a3f2e"}}}}' }
      use_instead: { path: .mcp.json, content: '{"mcpServers": {"s": {"command": "x", "env": {"T": "${T}"}}}}' }
"#,
    );
    let rules = RuleSet::load(&[dir.join("extra.yaml")]).unwrap();
    assert!(rules.get("ORG001").is_some());
    assert!(mcptrust::run::check_rules(&rules, common::now()).is_empty());
}

/// Every rule maps to the frameworks people gate on: OWASP MCP / NHI / Agentic or NIST CSF.
#[test]
fn every_rule_has_a_framework_tag() {
    let rules = RuleSet::load(&[]).unwrap();
    for rule in &rules.rules {
        let framework = rule.meta.tags.iter().any(|t| {
            t.starts_with("MCP") && t.ends_with(":2025")
                || t.starts_with("NHI")
                || t.starts_with("ASI")
                || t.starts_with("PR.")
        });
        assert!(framework, "{} has no framework tag: {:?}", rule.meta.id, rule.meta.tags);
    }
}

/// What each rule reports on its own docs Example: the bad fixture of every rule, reviewed as one snapshot
/// (its good fixture, "Use instead", is checked to report nothing by `every_rule_behaves_as_its_examples_and_docs_say`).
#[test]
fn rule_examples_snapshot() {
    let rules = RuleSet::load(&[]).unwrap();
    let mut text = String::new();
    let mut metas: Vec<_> = rules.rules.iter().map(|r| &r.meta).collect();
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    for meta in metas {
        text.push_str(&format!(
            "{} {} ({} {}) {}\n",
            meta.id,
            meta.slug,
            meta.category,
            meta.severity,
            meta.tags.join(" ")
        ));
        let found = mcptrust::run::scan_doc_example(&rules, &meta.docs.example, common::snapshot_now());
        for f in found.iter().filter(|f| f.finding.rule.id == meta.id) {
            text.push_str(&format!("  {}:{}:{} {}\n", f.path, f.start.line, f.start.column, f.finding.message));
        }
    }
    insta::assert_snapshot!("rule_examples", text);
}

/// Every date-dependent check, judged at two days far apart: the rules still behave as their docs say on both,
/// and what a finding says about time follows the clock it is given, never the wall clock.
#[test]
fn date_dependent_checks_follow_the_clock_they_are_given() {
    use mcptrust::clock::Now;
    let rules = RuleSet::load(&[]).unwrap();
    let early = Now::parse("2026-12-01").unwrap();
    let late = Now::parse("2036-06-15").unwrap();
    for now in [early, late] {
        let problems = mcptrust::run::check_rules(&rules, now);
        assert!(problems.is_empty(), "as of {now}: {}", problems.join("\n"));
    }
    // iat 2026-01-01, exp 2027-06-01: not yet expired early, expired late.
    let token = jwt(r#"{"sub":"svc","iat":1767225600,"exp":1811808000}"#);
    let config = format!(
        r#"{{"mcpServers": {{"api": {{"type": "http", "url": "https://mcp.acme.test/mcp", "headers": {{"Authorization": "Bearer {token}"}}}}}}}}"#
    );
    let expired = |now: Now| -> Vec<String> {
        let scanner = Scanner {
            rules: &rules,
            keep_sources: false,
            now,
            settings: &mcptrust::rules::settings::DEFAULT,
            full_models: true,
        };
        let outcome = scanner.scan_text(".mcp.json", &config);
        outcome
            .findings
            .iter()
            .filter(|f| f.finding.rule.id == "MCP205")
            .map(|f| f.finding.message.to_string())
            .collect()
    };
    assert!(expired(early).is_empty(), "{:?}", expired(early));
    let late_messages = expired(late);
    assert_eq!(late_messages.len(), 1, "{late_messages:?}");
    assert!(late_messages[0].contains("expired on 2027-06-01 (3302 days ago)"), "{}", late_messages[0]);
    // The same scan a day later says one day more.
    let next_day = Now::from_unix(late.unix() + 86_400);
    assert!(expired(next_day)[0].contains("(3303 days ago)"));
}

/// Claims that would overflow 64-bit arithmetic must not panic a debug build.
#[test]
fn crafted_jwt_claims_do_not_overflow() {
    let rules = RuleSet::load(&[]).unwrap();
    for now in [mcptrust::clock::Now::from_unix(i64::MAX), mcptrust::clock::Now::from_unix(i64::MIN), common::now()] {
        let scanner = Scanner {
            rules: &rules,
            keep_sources: true,
            now,
            settings: &mcptrust::rules::settings::DEFAULT,
            full_models: true,
        };
        for claims in [
            format!(r#"{{"iat":{},"exp":{}}}"#, i64::MIN, i64::MAX),
            format!(r#"{{"iat":{},"exp":{}}}"#, i64::MAX, i64::MIN),
            format!(r#"{{"exp":{}}}"#, i64::MIN),
            format!(r#"{{"exp":{}}}"#, i64::MAX),
        ] {
            let token = jwt(&claims);
            let config = format!(r#"{{"mcpServers": {{"s": {{"command": "x", "env": {{"TOKEN": "{token}"}}}}}}}}"#);
            let outcome = scanner.scan_text(".mcp.json", &config);
            assert!(outcome.error.is_none(), "{claims}: {:?}", outcome.error);
        }
    }
}

/// An HS256 token with these claims (signature bytes are filler).
fn jwt(claims: &str) -> String {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!("{}.{}.c2lnbmF0dXJlYnl0ZXNmb3J0ZXN0aW5nb25seQ", b64(r#"{"alg":"HS256","typ":"JWT"}"#), b64(claims))
}
