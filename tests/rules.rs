//! The rule packs check themselves: every pattern against its examples, every rule against its docs.

mod common;

use mcptrust::rules::RuleSet;
use mcptrust::rules::pack::Pack;
use mcptrust::scan::Scanner;

#[test]
fn every_rule_behaves_as_its_examples_and_docs_say() {
    let rules = RuleSet::load(&[]).unwrap();
    assert!(rules.rules.len() >= 50, "{} rules", rules.rules.len());
    let problems = mcptrust::run::check_rules(&rules);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// 100% recall on format-valid fakes for every pattern rule, wherever the value sits, and always masked.
#[test]
fn every_positive_example_is_found_in_every_position_and_masked() {
    let rules = RuleSet::load(&[]).unwrap();
    let scanner = Scanner { rules: &rules, keep_sources: true };
    for (rule, pattern) in rules.pattern_rules() {
        // Formats without a prefix are recognised by the key they sit under.
        let key = pattern.example_key.as_deref().unwrap_or("VALUE");
        let flag = format!("--{}", key.to_ascii_lowercase().replace('_', "-"));
        for example in &pattern.examples {
            let value = serde_json::to_string(example).unwrap();
            for (path, content) in [
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
            ] {
                let outcome = scanner.scan_text(path, &content);
                let hit = outcome.findings.iter().find(|f| f.finding.rule.id == rule.meta.id);
                let hit = hit.unwrap_or_else(|| panic!("{} misses its example in {path}", rule.meta.id));
                assert!(!hit.finding.message.contains(&example[example.len() / 2..]), "{} message leaks", rule.meta.id);
                let source = hit.source.as_ref().unwrap();
                assert!(!source.text.contains(&example[4..]), "{} code frame leaks", rule.meta.id);
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
    let scanner = Scanner { rules: &rules, keep_sources: false };
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
    assert!(mcptrust::run::check_rules(&rules).is_empty());
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
    let scanner = Scanner { rules: &rules, keep_sources: false };
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
        let outcomes = scanner.scan_texts(&meta.docs.example.files());
        for o in &outcomes {
            for f in o.findings.iter().filter(|f| f.finding.rule.id == meta.id) {
                text.push_str(&format!("  {}:{}:{} {}\n", o.path, f.start.line, f.start.column, f.finding.message));
            }
        }
    }
    insta::assert_snapshot!("rule_examples", text);
}
