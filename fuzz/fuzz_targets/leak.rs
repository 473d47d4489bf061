//! The leak property: whatever the input, no text that a finding reports as a secret (past the short prefix
//! that masks keep) appears in the human, JSON or SARIF report. SARIF rule help is left out: it quotes each
//! rule's documented example, which an input may contain.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mcptrust::report::{Report, human, json, sarif};
use mcptrust::rules::RuleSet;
use mcptrust::rules::redact::hidden_part;
use mcptrust::scan::Scanner;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::load(&[]).expect("built-in rules"));

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
];

fn strings(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push_str(k);
            out.push('\n');
            strings(v, out);
        }),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let path = PATHS[which as usize % PATHS.len()];
    let scanner = Scanner { rules: &RULES, keep_sources: true, now: mcptrust::clock::Now::from_unix(1_796_083_200) };
    let outcomes = vec![scanner.scan_text(path, text)];
    let secrets: Vec<&str> = outcomes[0]
        .findings
        .iter()
        .filter(|f| f.finding.masked.is_some())
        .filter_map(|f| text.get(hidden_part(text, f.finding.span).start..f.finding.span.end))
        .filter(|hidden| hidden.len() >= 8 && !hidden.bytes().all(|b| b == b'*'))
        .collect();
    if secrets.is_empty() {
        return;
    }
    let metas: Vec<_> = RULES.rules.iter().map(|r| r.meta.as_ref()).collect();
    let report = Report::new(&outcomes, &[], &[], metas);
    let mut shown = human::render(&report, false);
    strings(&serde_json::from_str(&json::render(&report)).expect("JSON report"), &mut shown);
    let doc: serde_json::Value = serde_json::from_str(&sarif::render(&report)).expect("SARIF report");
    strings(&doc["runs"][0]["results"], &mut shown);
    for secret in secrets {
        assert!(!shown.contains(secret), "a reported secret is shown");
    }
});
