//! File names and config values are data: a hostile repository cannot drive the terminal that shows the
//! report (clear it, hide the summary, set the window title, forge lines, reorder text), while JSON and SARIF
//! keep every name exact.

mod common;

use std::path::Path;

use common::*;
use regex::Regex;

const TOKEN: &str = "ghp_Zc4Lw8Nq2Rv6Tx9Bm3Kd7Hf1Jp5Ys0GaUeWi";

/// A folder whose name holds a newline and a forged summary line, as an attacker would name it.
const FORGED_DIR: &str = "forged\nscanned 0 files, 0 servers, 0 findings, 0 errors, 0 skipped\n";
/// A folder whose name clears the screen and sets the window title.
const TITLE_DIR: &str = "evil\x1b[2J\x1b]0;pwned\x07\u{202e}";

/// The hostile tree: names and values full of escape sequences, and one good secret beside them in each file.
fn hostile_tree() -> std::path::PathBuf {
    let dir = temp_dir("terminal");
    // Values decoded from JSON escapes: the model holds the real control characters.
    write(
        &dir,
        &format!("{TITLE_DIR}/.mcp.json"),
        &format!(
            r#"{{"mcpServers": {{"a\u001b]0;pwned\u0007\u001b[2Jb": {{"command": "npx", "args": ["x\r\u001b[8mMCP000 forged\u202e"], "env": {{"GITHUB_TOKEN": "{TOKEN}"}}}}}}}}"#
        ),
    );
    write(
        &dir,
        &format!("{FORGED_DIR}/.mcp.json"),
        &format!(r#"{{"mcpServers": {{"s\nscanned 0 files\r": {{"env": {{"T": "{TOKEN}"}}}}}}}}"#),
    );
    // A file that does not parse is still searched for secrets, and shown in a code frame: raw control bytes
    // (and a bidi override) sit before the secret on its own line.
    write(
        &dir,
        "raw/.mcp.json",
        &format!(
            "{{\"x\": \"\x1b[2J\x1b[8m\r\u{202e}\x07\x7f\u{9b}\", \"mcpServers\": {{\"s\": {{\"env\": {{\"T\": \"{TOKEN}\"}}}}}}\n"
        ),
    );
    dir
}

/// Characters that must never reach a terminal raw from data. `\n` is the report's own line structure.
fn unsafe_char(c: char) -> bool {
    matches!(c, '\0'..='\x09' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{2028}' | '\u{2029}')
}

/// Asserts `text` is safe for a terminal; with `color`, the scanner's own SGR colour codes are allowed, but
/// not the ones an attacker wrote (conceal `ESC[8m`), nor anything else that starts with ESC.
fn assert_terminal_safe(what: &str, text: &str, color: bool) -> String {
    let text = if color {
        for attack in ["\x1b[8m", "\x1b[2J", "\x1b]"] {
            assert!(!text.contains(attack), "{what}: raw {attack:?} in the output:\n{text}");
        }
        Regex::new(r"\x1b\[[0-9;]*m").unwrap().replace_all(text, "").into_owned()
    } else {
        text.to_string()
    };
    if let Some((i, c)) = text.char_indices().find(|(_, c)| unsafe_char(*c)) {
        panic!("{what}: raw {c:?} at byte {i}:\n{}", text.escape_debug());
    }
    text
}

/// Wide (COLUMNS=400): these tests are about escaping, so frames are shown uncropped (tests/formats.rs checks
/// the width).
fn scan_human(dir: &Path, color: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(["scan", ".", "--color", color])
        .current_dir(dir)
        .env_remove("MCPTRUST_FORMAT")
        .env("MCPTRUST_NOW", now_text())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "400")
        .output()
        .expect("mcptrust runs")
}

#[test]
fn hostile_names_and_values_cannot_drive_the_terminal() {
    let dir = hostile_tree();
    for color in ["never", "always"] {
        let out = scan_human(&dir, color);
        assert_eq!(out.status.code(), Some(2), "the unparsable file makes the scan incomplete: {}", stderr(&out));
        let text = assert_terminal_safe(&format!("stdout --color {color}"), &stdout(&out), color == "always");
        assert_terminal_safe(&format!("stderr --color {color}"), &stderr(&out), color == "always");

        // The summary is the last line, intact, and no data made a line that looks like one.
        let lines: Vec<&str> = text.lines().collect();
        let last = lines.last().unwrap();
        // Two files scanned, the unparsable one an error.
        assert!(last.starts_with("scanned 2 files (2 claude-code), 2 servers, "), "{last}");
        assert!(last.contains(" 1 error"), "{last}");
        let summaries: Vec<&&str> = lines.iter().filter(|l| l.trim_start().starts_with("scanned ")).collect();
        assert_eq!(summaries.len(), 1, "a forged summary line:\n{text}");
        assert!(!lines.iter().any(|l| l.trim_start().starts_with("MCP000")), "a forged finding line:\n{text}");

        // What was hostile is shown, escaped, where it belongs.
        assert!(text.contains(r"evil\x1b[2J\x1b]0;pwned\x07\u{202e}/.mcp.json"), "escaped path:\n{text}");
        assert!(text.contains(r"forged\nscanned 0 files, 0 servers, 0 findings, 0 errors, 0 skipped\n/.mcp.json"));
        assert!(text.contains(r"server `a\x1b]0;pwned\x07\x1b[2Jb`"), "escaped server name:\n{text}");
        assert!(text.contains(r"x\r\x1b[8mMCP000 forged\u{202e}"), "escaped argument:\n{text}");
        assert!(text.contains(r#"{"x": "\x1b[2J\x1b[8m\r\u{202e}\x07\x7f\u{9b}", "mcpServers""#), "frame:\n{text}");

        // The good secret beside them is still reported, masked, in every file.
        assert_eq!(text.matches("MCP101(github-classic-pat)").count(), 3, "{text}");
        assert!(text.contains("ghp_*"), "{text}");
        assert!(!text.contains(&TOKEN[4..]), "the secret leaked:\n{text}");
    }
}

/// The raw line is shown escaped in its code frame, and the underline still starts under the secret.
#[test]
fn code_frames_escape_controls_and_keep_their_underlines() {
    let dir = hostile_tree();
    let out = scan_human(&dir, "never");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let frame_line = lines.iter().position(|l| l.contains(r#"{"x": "\x1b[2J"#)).expect("the raw file's frame");
    let source: Vec<char> = lines[frame_line].chars().collect();
    let under: Vec<char> = lines[frame_line + 1].chars().collect();
    let secret_at = lines[frame_line].find("ghp_").map(|b| lines[frame_line][..b].chars().count()).unwrap();
    let underline_at = under.iter().position(|c| matches!(c, '─' | '┬')).expect("an underline");
    assert_eq!(underline_at, secret_at, "underline off:\n{}\n{}", lines[frame_line], lines[frame_line + 1]);
    let underline_len = under[underline_at..].iter().take_while(|c| matches!(c, '─' | '┬')).count();
    let secret_len = source[secret_at..].iter().take_while(|c| **c != '"').count();
    assert_eq!(underline_len, secret_len, "the underline covers the masked secret exactly");
}

#[test]
fn json_and_sarif_keep_hostile_names_exact() {
    let dir = hostile_tree();
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    let doc = json(&out);
    let paths: Vec<&str> = doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&format!("{TITLE_DIR}/.mcp.json").as_str()), "{paths:?}");
    assert!(paths.contains(&format!("{FORGED_DIR}/.mcp.json").as_str()), "{paths:?}");
    let servers: Vec<&str> = doc["findings"].as_array().unwrap().iter().filter_map(|f| f["server"].as_str()).collect();
    assert!(servers.contains(&"a\x1b]0;pwned\x07\x1b[2Jb"), "{servers:?}");
    assert!(servers.contains(&"s\nscanned 0 files\r"), "{servers:?}");
    // serde escapes every control character: the raw document has none, only `\n` between lines.
    assert!(!out.stdout.iter().any(|b| *b < 0x20 && *b != b'\n'), "raw control byte in JSON");

    let out = mcptrust(&["scan", ".", "--format", "sarif"], &dir);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!out.stdout.iter().any(|b| *b < 0x20 && *b != b'\n'), "raw control byte in SARIF");
    let messages: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"]["text"].as_str().unwrap())
        .collect();
    assert!(messages.iter().any(|m| m.contains("a\x1b]0;pwned\x07\x1b[2Jb")), "{messages:?}");
    assert_valid_sarif(&sarif);
}

/// Errors printed on stderr (a bad `--rules` path, a missing scan path) name what the user typed, escaped.
#[test]
fn errors_on_stderr_are_escaped() {
    let dir = temp_dir("terminal-stderr");
    let out = mcptrust(&["scan", ".", "--rules", "pack\x1b]0;pwned\x07\nmcptrust: all clear\r.yaml"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let err = assert_terminal_safe("stderr", &stderr(&out), false);
    assert!(err.contains(r"pack\x1b]0;pwned\x07\nmcptrust: all clear\r.yaml"), "{err}");
    assert_eq!(err.lines().count(), 1, "one error, one line: {err}");

    let out = mcptrust(&["scan", "missing\x1b[2J\u{202e}"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let text = assert_terminal_safe("stdout", &stdout(&out), false);
    assert!(text.contains(r"error: missing\x1b[2J\u{202e}:"), "{text}");
    assert_terminal_safe("stderr", &stderr(&out), false);

    // `-o` sends the coverage line to stderr.
    let out = mcptrust(&["scan", ".", "--format", "json", "-o", "report.json"], &hostile_tree());
    assert_terminal_safe("stderr with -o", &stderr(&out), false);
    assert!(stderr(&out).starts_with("scanned 2 files"), "{}", stderr(&out));
}

/// A rule pack is data too: `explain` and `rules` show its docs and names escaped, line breaks kept.
#[test]
fn rule_pack_docs_are_escaped() {
    let dir = temp_dir("terminal-pack");
    let pack = r#"rules:
  - id: MCP990
    slug: "inline-code-copy"
    name: "Inline code \e[2J\r"
    category: exec
    severity: medium
    check: inline-code
    docs:
      what: "Finds inline code.\e]0;pwned\a\u202e\nSecond line.\n"
      why: |
        Because.
      example:
        path: .mcp.json
        content: |
          { "mcpServers": { "db": { "command": "bash", "args": ["-c", "x"] } } }
      use_instead:
        path: .mcp.json
        content: |
          { "mcpServers": { "db": { "command": "db-mcp", "args": ["--stdio"] } } }
"#;
    write(&dir, "pack.yaml", pack);
    let out = mcptrust(&["explain", "MCP990", "--rules", "pack.yaml"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = assert_terminal_safe("explain", &stdout(&out), false);
    assert!(text.contains("Finds inline code.\\x1b]0;pwned\\x07\\u{202e}\nSecond line."), "{text}");
    assert!(text.contains("Inline code \\x1b[2J\\r"), "{text}");
    let out = mcptrust(&["rules", "--rules", "pack.yaml"], &dir);
    let text = assert_terminal_safe("rules", &stdout(&out), false);
    assert!(text.contains("MCP990"), "{text}");
}
