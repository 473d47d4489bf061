//! The whole one-file pipeline (parse, model, every rule, masking) on arbitrary text read as each kind of
//! config file: never a panic, and every finding inside the file.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mcptrust::rules::RuleSet;
use mcptrust::scan::Scanner;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::load(&[]).expect("built-in rules"));

const PATHS: &[&str] = &[
    ".mcp.json",
    "claude_desktop_config.json",
    ".claude/settings.json",
    ".vscode/mcp.json",
    ".vscode/settings.json",
    ".cursor/mcp.json",
    "cline_mcp_settings.json",
    ".roo/mcp.json",
    ".gemini/settings.json",
    ".zed/settings.json",
    ".codex/config.toml",
    ".config/goose/config.yaml",
    ".continue/config.yaml",
    ".amazonq/mcp.json",
    "opencode.json",
    "server.json",
    "manifest.json",
    "smithery.yaml",
    "mcp.json",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let path = PATHS[which as usize % PATHS.len()];
    let scanner = Scanner { rules: &RULES, keep_sources: true, now: mcptrust::clock::Now::from_unix(1_796_083_200), settings: &mcptrust::rules::settings::DEFAULT, full_models: true };
    let outcome = scanner.scan_text(path, text);
    for f in &outcome.findings {
        assert!(f.finding.span.end <= text.len());
        assert!(f.start.line >= 1 && f.start.column >= 1);
    }
});
