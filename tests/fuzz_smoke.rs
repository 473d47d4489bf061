//! A bounded fuzz smoke run for every build: mutated configs of every syntax go through the whole one-file
//! pipeline (parse, model, rules, masking) and must never panic, and every finding must point inside its file.
//! The long coverage-guided runs live in `fuzz/` (cargo-fuzz).

mod common;

use mcptrust::rules::RuleSet;
use mcptrust::scan::Scanner;

/// xorshift64*: deterministic, so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SPICE: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    ":",
    ",",
    "\n",
    "\r\n",
    "\\",
    "\\u00",
    "#",
    "//",
    "/*",
    "*/",
    "&a",
    "*a",
    "<<: *a",
    "- ",
    "  ",
    "\t",
    "é",
    "😀",
    "\u{feff}",
    "\0",
    "${",
    "${env:",
    "{env:",
    "${{ secrets.",
    "ghp_",
    "eyJ",
    "Bearer ",
    "mcp__",
    "\"autoApprove\": [\"*\"]",
    "[mcp_servers.x]",
    "\"\"\"",
    "'''",
    "=",
    "0x",
    "1e999",
    "-",
    "~",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..=rng.below(6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 => bytes.truncate(at),
            1 => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let s = SPICE[rng.below(SPICE.len())].as_bytes();
                bytes.splice(at..at, s.iter().copied());
            }
            3 => {
                let end = (at + rng.below(200)).min(bytes.len());
                let chunk = bytes[at..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            _ => {
                if at < bytes.len() {
                    bytes[at] = rng.next() as u8;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_configs_never_panic() {
    let rules = RuleSet::load(&[]).unwrap();
    let scanner = common::scanner(&rules, true);
    let mut seeds: Vec<(String, String)> = Vec::new();
    for entry in ignore::WalkBuilder::new(common::root().join("testdata")).hidden(false).build().flatten() {
        if entry.file_type().is_some_and(|t| t.is_file()) {
            let rel =
                entry.path().strip_prefix(common::root().join("testdata")).unwrap().to_string_lossy().into_owned();
            let rel = rel.split_once('/').map(|(_, r)| r.to_string()).unwrap_or(rel);
            seeds.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    for rule in &rules.rules {
        seeds.push((rule.meta.docs.example.path.clone(), rule.meta.docs.example.content.clone()));
    }
    let iterations = std::env::var("MCPTRUST_FUZZ_ITERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..iterations {
        let (path, seed) = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| scanner.scan_text(path, &input)))
            .unwrap_or_else(|_| panic!("iteration {i}: scanning a mutated {path} panicked; input: {input:?}"));
        for f in &outcome.findings {
            assert!(
                f.finding.span.start <= f.finding.span.end && f.finding.span.end <= input.len(),
                "iteration {i}: span out of the file"
            );
            assert!(f.start.line >= 1 && f.start.column >= 1);
        }
    }
}

/// Every string value of a JSON document, one per line (JSON escapes would hide a leak from `contains`).
fn json_strings(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        // Keys are mcptrust's own words (`properties`, `message`), or data mcptrust writes itself.
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

/// The secrets a report of `input` (read as `path`) shows: the hidden part of every reported secret that
/// appears in the human, JSON or SARIF output.
/// `None` when the report holds no secret to check.
fn leaked(scanner: &Scanner, rules: &RuleSet, path: &str, input: &str) -> Option<Vec<String>> {
    use mcptrust::report::Report;
    use mcptrust::rules::redact::hidden_part;
    let outcomes = vec![scanner.scan_text(path, input)];
    let secrets: Vec<&str> = outcomes[0]
        .findings
        .iter()
        .filter(|f| f.finding.masked.is_some())
        .filter_map(|f| input.get(hidden_part(input, f.finding.span).start..f.finding.span.end))
        // A hidden part that is one lowercase word (`roperties`) may be any word of the report itself.
        .filter(|hidden| hidden.len() >= 8 && !hidden.bytes().all(|b| b == b'*' || b.is_ascii_lowercase()))
        .collect();
    if secrets.is_empty() {
        return None;
    }
    let metas: Vec<_> = rules.rules.iter().map(|r| r.meta.as_ref()).collect();
    let report = Report::new(&outcomes, &[], &[], metas);
    let mut shown = mcptrust::report::render(&report, mcptrust::report::Format::Human, false);
    json_strings(
        &serde_json::from_str(&mcptrust::report::render(&report, mcptrust::report::Format::Json, false)).unwrap(),
        &mut shown,
    );
    let sarif_doc: serde_json::Value =
        serde_json::from_str(&mcptrust::report::render(&report, mcptrust::report::Format::Sarif, false)).unwrap();
    json_strings(&sarif_doc["runs"][0]["results"], &mut shown);
    Some(secrets.into_iter().filter(|s| shown.contains(s)).map(|s| format!("{s:?} in:\n{shown}")).collect())
}

/// Inputs the fuzzer found that once leaked (the first byte picks the file kind, as in `fuzz/fuzz_targets/leak.rs`).
#[test]
fn fuzzer_found_leaks_stay_fixed() {
    let rules = RuleSet::load(&[]).unwrap();
    let scanner = common::scanner(&rules, true);
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
    for entry in std::fs::read_dir(common::root().join("tests/fixtures/leaks")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let Some((&which, rest)) = bytes.split_first() else { continue };
        let text = String::from_utf8_lossy(rest);
        let path = PATHS[which as usize % PATHS.len()];
        let leaks = leaked(&scanner, &rules, path, &text).unwrap_or_default();
        assert!(leaks.is_empty(), "{path}: {}", leaks.join("\n"));
    }
}

/// The leak property on mutated configs: no text that a finding reports as a secret (past the short prefix
/// that masks keep) appears in the human, JSON or SARIF report of that file. SARIF rule help is left out: it
/// quotes each rule's documented example, which a mutated input may contain.
#[test]
fn mutated_configs_never_leak_a_secret() {
    let rules = RuleSet::load(&[]).unwrap();
    let scanner = common::scanner(&rules, true);
    let seeds: Vec<(String, String)> =
        rules.rules.iter().map(|r| (r.meta.docs.example.path.clone(), r.meta.docs.example.content.clone())).collect();
    let iterations = std::env::var("MCPTRUST_FUZZ_ITERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000) / 8;
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut checked = 0;
    for i in 0..iterations {
        let (path, seed) = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        let Some(leaks) = leaked(&scanner, &rules, path, &input) else { continue };
        checked += 1;
        assert!(
            leaks.is_empty(),
            "iteration {i}: {path} shows a reported secret; input: {input:?}\n{}",
            leaks.join("\n")
        );
    }
    assert!(checked >= iterations / 10, "only {checked} of {iterations} inputs had a secret to check");
}
