//! The leak property: whatever the input, no text that a finding reports as a secret (past the short prefix
//! that masks keep) appears in the human, JSON or SARIF report. SARIF rule help is left out: it quotes each
//! rule's documented example, which an input may contain.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mcptrust::report::Report;
use mcptrust::rules::RuleSet;
use mcptrust::rules::redact::hidden_part;
use mcptrust::scan::Scanner;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::load(&[]).expect("built-in rules"));

/// The rules' names and slugs: words every report may show whatever the input.
static VOCABULARY: LazyLock<String> =
    LazyLock::new(|| RULES.rules.iter().map(|r| format!("{} {}\n", r.meta.name, r.meta.slug)).collect());

const PATHS: &[&str] = &[
    ".mcp.json",
    ".vscode/mcp.json",
    ".cursor/mcp.json",
    ".gemini/settings.json",
    ".zed/settings.json",
    ".codex/config.toml",
    ".config/goose/config.yaml",
    ".continue/config.yaml",
    "server.json",
    "manifest.json",
    "smithery.yaml",
    // Task files: Markdown frontmatter (strict and line-by-line readings), agent JSON.
    ".claude/agents/a.md",
    ".claude/commands/c.md",
    ".kiro/agents/k.json",
    "opencode.json",
];

fn strings(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        // Keys are mcptrust's own words (`properties`, `message`), or data mcptrust writes itself.
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let path = PATHS[which as usize % PATHS.len()];
    let scanner = Scanner { rules: &RULES, keep_sources: true, now: mcptrust::clock::Now::from_unix(1_796_083_200), settings: &mcptrust::rules::settings::DEFAULT, full_models: true };
    let outcomes = vec![scanner.scan_text(path, text)];
    let secrets: Vec<&str> = outcomes[0]
        .findings
        .iter()
        .filter(|f| f.finding.masked.is_some())
        .filter_map(|f| text.get(hidden_part(text, f.finding.span).start..f.finding.span.end))
        // A hidden part that is one lowercase word (`roperties`) may be any word of the report itself, and one
        // that is a word of a rule's name (`Authorization`, of "Authorization header credential") is that name.
        .filter(|hidden| hidden.len() >= 8 && !hidden.bytes().all(|b| b == b'*' || b.is_ascii_lowercase()))
        .filter(|hidden| !(hidden.bytes().all(|b| b.is_ascii_alphabetic()) && VOCABULARY.contains(*hidden)))
        .collect();
    if secrets.is_empty() {
        return;
    }
    // Only the rules that fired: the SARIF rule table is the same text for every input.
    let metas: Vec<_> = RULES
        .rules
        .iter()
        .map(|r| r.meta.as_ref())
        .filter(|m| outcomes[0].findings.iter().any(|f| f.finding.rule.id == m.id))
        .collect();
    let report = Report::new(&outcomes, &[], &[], metas);
    let mut shown = mcptrust::report::render(&report, mcptrust::report::Format::Human, false);
    strings(&serde_json::from_str(&mcptrust::report::render(&report, mcptrust::report::Format::Json, false)).expect("JSON report"), &mut shown);
    let doc: serde_json::Value = serde_json::from_str(&mcptrust::report::render(&report, mcptrust::report::Format::Sarif, false)).expect("SARIF report");
    strings(&doc["runs"][0]["results"], &mut shown);
    for secret in secrets {
        assert!(!shown.contains(secret), "a reported secret is shown");
    }
});
