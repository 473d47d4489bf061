//! Inputs beyond the walk: symbolic links (a dotfiles repository is made of them), `--follow`, and `-`, a
//! config read from standard input (`--stdin-filename` says which file it is), as an editor or a pre-commit
//! hook pipes a buffer in.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::*;

/// A GitHub classic token of the real shape, distinct per place (`n` < 1000).
fn token(n: usize) -> String {
    format!("ghp_U{n:03}mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoKq")
}

/// What a token may never be seen as in any output: its tail.
fn tail(n: usize) -> String {
    token(n)[12..].to_string()
}

fn claude(n: usize) -> String {
    format!(r#"{{"mcpServers": {{"gh": {{"command": "gh-mcp", "env": {{"GITHUB_TOKEN": "{}"}}}}}}}}"#, token(n))
}

fn vscode(n: usize) -> String {
    format!(r#"{{"servers": {{"gh": {{"command": "gh-mcp", "env": {{"GITHUB_TOKEN": "{}"}}}}}}}}"#, token(n))
}

/// A folder of its own repository (fingerprints are made from paths relative to it).
fn repo(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    dir
}

/// Runs mcptrust in `cwd`, with `input` on its standard input (none: closed), and fails the test if it has not
/// finished after a generous deadline: the walk looped. (No tighter bound: the machine may be paused.)
fn run(args: &[&str], cwd: &Path, input: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(args)
        .current_dir(cwd)
        .env_remove("MCPTRUST_FORMAT")
        .env_remove("MCPTRUST_CONFIG")
        .env("MCPTRUST_NOW", now_text())
        .env("NO_COLOR", "1")
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = input {
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        // A writer of its own: mcptrust may stop reading (a too-big input) and close the pipe.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    common::finish_within(child, 600, &format!("mcptrust {args:?} (the walk looped or blocked)"))
}

fn files(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    doc["files"].as_array().unwrap().clone()
}

fn file<'a>(doc: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file {path} in {:#?}", doc["files"]))
}

fn paths(doc: &serde_json::Value) -> Vec<String> {
    files(doc).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
}

/// What a finding is, for comparing two scans: rule, place and fingerprint.
fn findings(doc: &serde_json::Value) -> Vec<(String, String, u64, u64, String, String)> {
    let mut out: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["pointer"].as_str().unwrap().to_string(),
                f["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn rules_at(doc: &serde_json::Value, path: &str) -> Vec<String> {
    findings(doc).into_iter().filter(|f| f.1 == path).map(|f| f.0).collect()
}

fn all_output(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

#[cfg(unix)]
fn link(target: &str, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// A dotfiles repository: each client's config location is a link to a shared file. Each is scanned as the
/// client its link's path names, reported under the link's path with the target in its origin, and the target
/// (reached directly too) is not scanned a second time. The findings are those of the same files copied into
/// place, fingerprints included.
#[cfg(unix)]
#[test]
fn linked_config_files_inside_the_root_are_scanned_under_the_links_path() {
    let dir = repo("dotfiles");
    write(&dir, "shared/mcp.json", &claude(1));
    write(&dir, "editor/mcp.json", &vscode(2));
    link("../shared/mcp.json", &dir.join("claude/.mcp.json"));
    link("../editor/mcp.json", &dir.join(".vscode/mcp.json"));
    // A chain of links counts by where it ends.
    link("../editor/mcp.json", &dir.join("chain/one.json"));
    link("one.json", &dir.join("chain/.cursor-target.json"));
    link("../chain/.cursor-target.json", &dir.join(".cursor/mcp.json"));

    let out = run(&["scan", ".", "--format", "json"], &dir, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    let claude_link = file(&doc, "claude/.mcp.json");
    assert_eq!(
        (claude_link["status"].as_str(), claude_link["client"].as_str(), claude_link["servers"].as_u64()),
        (Some("scanned"), Some("claude-code"), Some(1))
    );
    assert_eq!(claude_link["link_target"], "shared/mcp.json");
    let vscode_link = file(&doc, ".vscode/mcp.json");
    assert_eq!(
        (vscode_link["client"].as_str(), vscode_link["link_target"].as_str()),
        (Some("vscode"), Some("editor/mcp.json"))
    );
    let cursor_link = file(&doc, ".cursor/mcp.json");
    assert_eq!(
        (cursor_link["client"].as_str(), cursor_link["link_target"].as_str()),
        (Some("cursor"), Some("editor/mcp.json"))
    );
    assert!(rules_at(&doc, "claude/.mcp.json").contains(&"MCP101".to_string()), "{:#?}", doc["findings"]);
    assert!(rules_at(&doc, ".vscode/mcp.json").contains(&"MCP101".to_string()));
    // One file, scanned once: the targets and the middle of the chain are not listed again.
    for not in ["shared/mcp.json", "editor/mcp.json", "chain/one.json", "chain/.cursor-target.json"] {
        assert!(!paths(&doc).contains(&not.to_string()), "{not} listed: {:?}", paths(&doc));
    }
    assert!(!all_output(&out).contains(&tail(1)) && !all_output(&out).contains(&tail(2)));
    // The findings carry the link's target too, and `merge` keeps it.
    let f = doc["findings"].as_array().unwrap().iter().find(|f| f["path"] == "claude/.mcp.json").unwrap();
    assert_eq!(f["link_target"], "shared/mcp.json");
    let reports = temp_dir("dotfiles-report");
    std::fs::write(reports.join("report.json"), &out.stdout).unwrap();
    let merged = run(&["merge", "report.json", "-f", "json"], &reports, None);
    assert_eq!(file(&json(&merged), "claude/.mcp.json")["link_target"], "shared/mcp.json", "{}", stderr(&merged));

    // The same as the files copied into place: the link's path is what fingerprints see.
    let copied = repo("dotfiles-copied");
    write(&copied, "claude/.mcp.json", &claude(1));
    write(&copied, ".vscode/mcp.json", &vscode(2));
    write(&copied, ".cursor/mcp.json", &vscode(2));
    let copy = json(&run(&["scan", ".", "--format", "json"], &copied, None));
    assert_eq!(findings(&doc), findings(&copy));

    // Deterministic: the same report however the parallel walk meets the link and its target, and from a
    // root that names the target's folder first.
    for _ in 0..3 {
        assert_eq!(stdout(&run(&["scan", ".", "--format", "json"], &dir, None)), stdout(&out));
    }
    let both = json(&run(&["scan", "editor", ".", "--format", "json"], &dir, None));
    assert!(paths(&both).contains(&".vscode/mcp.json".to_string()), "{:?}", paths(&both));
    assert!(!paths(&both).contains(&"editor/mcp.json".to_string()), "{:?}", paths(&both));
}

/// A link at no known location follows the same rule: scanned when its content has an MCP shape, once, under
/// the shorter of its two paths whichever the walk meets first.
#[cfg(unix)]
#[test]
fn a_linked_file_found_by_content_is_scanned_once() {
    let dir = repo("content-link");
    write(&dir, "lib/deeper/servers.json", &claude(3));
    link("../lib/deeper/servers.json", &dir.join("tools/agents.json"));
    let out = run(&["scan", ".", "--format", "json"], &dir, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(paths(&doc), ["tools/agents.json"], "the shorter path, once");
    assert_eq!(file(&doc, "tools/agents.json")["link_target"], "lib/deeper/servers.json");
    assert_eq!(rules_at(&doc, "tools/agents.json").first().map(String::as_str), Some("MCP101"));
}

/// `--max-filesize` measures the target, not the link (a few bytes).
#[cfg(unix)]
#[test]
fn the_size_limit_applies_to_a_links_target() {
    let dir = repo("link-size");
    let big = format!("{}{}", claude(4), " ".repeat(5000));
    write(&dir, "shared/mcp.json", &big);
    link("../shared/mcp.json", &dir.join("claude/.mcp.json"));
    let out = run(&["scan", ".", "--format", "json", "--max-filesize", "1K"], &dir, None);
    assert_eq!(out.status.code(), Some(2), "a skipped config makes the scan incomplete");
    let doc = json(&out);
    let entry = file(&doc, "claude/.mcp.json");
    assert_eq!(entry["status"], "skipped");
    let reason = entry["reason"].as_str().unwrap();
    assert!(reason.contains(&format!("{} bytes > 1024", big.len())), "{reason}");
    assert!(!all_output(&out).contains(&tail(4)));
}

/// A link whose target is outside the scan root, file or folder, is listed as skipped and its target is not
/// read, unless `--follow`; then both are scanned under the link's path.
#[cfg(unix)]
#[test]
fn links_outside_the_root_are_listed_unless_follow_is_given() {
    let base = temp_dir("outside");
    write(&base, "machine/claude.json", &claude(5));
    write(&base, "machine/vscode/mcp.json", &vscode(6));
    let dir = base.join("repo");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    link("../machine/claude.json", &dir.join(".mcp.json"));
    link("../machine/vscode", &dir.join(".vscode"));
    // Not a config location, pointing outside: not a candidate, not listed.
    link("../machine/claude.json", &dir.join("notes/readme.txt"));

    let out = run(&["scan", ".", "--format", "json"], &dir, None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(file(&doc, ".mcp.json")["reason"], "symbolic link to a file outside the scan root (not followed)");
    assert_eq!(file(&doc, ".vscode")["reason"], "symbolic link to a folder outside the scan root (not followed)");
    assert_eq!(paths(&doc), [".mcp.json", ".vscode"]);
    assert!(doc["findings"].as_array().unwrap().is_empty(), "the machine's files were read");
    let human = run(&["scan", "."], &dir, None);
    assert!(
        stdout(&human).contains("skipped: .mcp.json: symbolic link to a file outside the scan root (not followed)"),
        "{}",
        stdout(&human)
    );

    let out = run(&["scan", ".", "--format", "json", "--follow"], &dir, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(paths(&doc), [".mcp.json", ".vscode/mcp.json"]);
    let f = file(&doc, ".mcp.json");
    // A target outside the scan root and the current directory is shown absolute, as such a root would be.
    let target = std::fs::canonicalize(base.join("machine/claude.json")).unwrap();
    assert_eq!((f["client"].as_str(), f["link_target"].as_str()), (Some("claude-code"), target.to_str()));
    assert_eq!(file(&doc, ".vscode/mcp.json")["client"], "vscode");
    assert!(rules_at(&doc, ".mcp.json").contains(&"MCP101".to_string()));
    assert!(rules_at(&doc, ".vscode/mcp.json").contains(&"MCP101".to_string()));
    assert!(!all_output(&out).contains(&tail(5)) && !all_output(&out).contains(&tail(6)));
}

/// A dangling link or a loop of links at a config location is listed as skipped with a reason saying so (the
/// client would read nothing there: the scan is incomplete), never silently dropped, never a hang.
#[cfg(unix)]
#[test]
fn dangling_links_and_loops_at_config_locations_are_skipped_and_say_why() {
    let dir = repo("dangling");
    write(&dir, "good/.mcp.json", &claude(7));
    link("gone.json", &dir.join(".mcp.json"));
    link("../no/such/folder", &dir.join(".vscode"));
    link("mcp.json", &dir.join(".cursor/mcp.json"));
    link("b.json", &dir.join(".gemini/settings.json"));
    link("settings.json", &dir.join(".gemini/b.json"));
    link("loop-b", &dir.join("x/.codex"));
    link(".codex", &dir.join("x/loop-b"));
    let out = run(&["scan", ".", "--format", "json"], &dir, None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let doc = json(&out);
    let reason = |p: &str| file(&doc, p)["reason"].as_str().unwrap().to_string();
    assert_eq!(reason(".mcp.json"), "dangling symbolic link (its target does not exist)");
    assert_eq!(reason(".vscode"), "dangling symbolic link (its target does not exist)");
    assert_eq!(reason(".cursor/mcp.json"), "symbolic link loop (not followed)");
    assert_eq!(reason(".gemini/settings.json"), "symbolic link loop (not followed)");
    assert_eq!(reason("x/.codex"), "symbolic link loop (not followed)");
    assert_eq!(file(&doc, "good/.mcp.json")["status"], "scanned");
    // --follow changes nothing for a link that leads nowhere.
    let followed = json(&run(&["scan", ".", "--format", "json", "--follow"], &dir, None));
    assert_eq!(files(&followed), files(&doc));
}

/// With `--follow`, links that lead back up, point at each other, chain or form a web: the walk ends, reads
/// each file once and lists what it did not follow.
#[cfg(unix)]
#[test]
fn follow_is_loop_protected() {
    let base = temp_dir("follow-loops");
    let dir = base.join("repo");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(&dir, ".mcp.json", &claude(10));
    // To an ancestor of the scan root (outside it), and to the root itself.
    link("../..", &dir.join("up/.cursor"));
    link("..", &dir.join("self/.claude"));
    // Two folders outside that point at each other, reached through a link.
    write(&base, "out/a/.vscode/mcp.json", &vscode(11));
    link("../b", &dir.join("../out/a/to-b"));
    link("../a", &dir.join("../out/b/to-a"));
    link("../out/a", &dir.join("linked-a"));
    // A chain of links to a folder outside.
    write(&base, "out/chain-end/mcp.json", &vscode(12));
    link("chain-end", &base.join("out/chain-2"));
    link("chain-2", &base.join("out/chain-1"));
    link("../../out/chain-1", &dir.join("app/.vscode"));
    // A web: every folder outside links to every other.
    let n = 8;
    for i in 0..n {
        write(&base, &format!("web/d{i}/.cursor/mcp.json"), &vscode(20 + i));
        for j in (0..n).filter(|j| *j != i) {
            link(&format!("../d{j}"), &base.join(format!("web/d{i}/to{j}")));
        }
    }
    link("../web/d0", &dir.join("web"));

    let out = run(&["scan", ".", "--format", "json", "--follow"], &dir, None);
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    let doc = json(&out);
    let reason = |p: &str| file(&doc, p)["reason"].as_str().unwrap_or("").to_string();
    assert_eq!(reason("up/.cursor"), "symbolic link loop (not followed)");
    assert_eq!(reason("self/.claude"), "symbolic link loop (not followed)");
    assert!(rules_at(&doc, "linked-a/.vscode/mcp.json").contains(&"MCP101".to_string()), "{:?}", paths(&doc));
    assert!(rules_at(&doc, "app/.vscode/mcp.json").contains(&"MCP101".to_string()), "{:?}", paths(&doc));
    assert!(rules_at(&doc, "web/.cursor/mcp.json").contains(&"MCP101".to_string()), "{:?}", paths(&doc));
    // One hop deep: the links inside a followed folder outside the root are not followed again; where they
    // look like config folders they are listed (here none does), so the web is walked once, not n! times.
    let scanned: Vec<String> =
        files(&doc).iter().filter(|f| f["status"] == "scanned").map(|f| f["path"].as_str().unwrap().into()).collect();
    assert_eq!(
        scanned,
        [".mcp.json", "app/.vscode/mcp.json", "linked-a/.vscode/mcp.json", "web/.cursor/mcp.json"],
        "{:#?}",
        doc["files"]
    );
    // A config-looking link inside a followed folder outside the root is not silently dropped.
    link("../d1/.cursor", &base.join("web/d0/.vscode"));
    let doc = json(&run(&["scan", ".", "--format", "json", "--follow"], &dir, None));
    assert_eq!(
        file(&doc, "web/.vscode")["reason"],
        "symbolic link inside a followed symbolic link (not followed: links are followed one hop deep)"
    );
}

/// `-` reads one config from standard input as the file `--stdin-filename` names: the same findings as a scan
/// of that file on disk, in rule, place, pointer and fingerprint, for each client's kind of file; and the same
/// ignore marks and config.
#[test]
fn stdin_is_scanned_exactly_as_the_file_it_names() {
    let dir = repo("stdin-same");
    write(&dir, ".vscode/mcp.json", &vscode(30));
    write(&dir, "app/.mcp.json", &claude(31));
    write(
        &dir,
        ".codex/config.toml",
        &format!("[mcp_servers.gh]\ncommand = \"gh-mcp\"\nenv = {{ GITHUB_TOKEN = \"{}\" }}\n", token(32)),
    );
    write(&dir, "claude_desktop_config.json", &claude(33));
    write(&dir, ".gitignore", "app/.mcp.json\n");
    // The config above the named file is the one read, as for the file itself.
    write(&dir, "app/mcptrust.toml", "ignore = [\"MCP201\"]\n");
    for (name, client) in [
        (".vscode/mcp.json", "vscode"),
        ("app/.mcp.json", "claude-code"),
        (".codex/config.toml", "codex"),
        ("claude_desktop_config.json", "claude-desktop"),
    ] {
        let text = std::fs::read(dir.join(name)).unwrap();
        let piped = run(&["scan", "-", "--stdin-filename", name, "--format", "json"], &dir, Some(&text));
        let on_disk = run(&["scan", name, "--format", "json"], &dir, None);
        assert_eq!(piped.status.code(), on_disk.status.code(), "{name}: {}", stderr(&piped));
        let (piped, on_disk) = (json(&piped), json(&on_disk));
        assert!(!findings(&on_disk).is_empty(), "{name}");
        assert_eq!(findings(&piped), findings(&on_disk), "{name}");
        assert_eq!(files(&piped), files(&on_disk), "{name}");
        assert_eq!(file(&piped, name)["client"], client);
        assert!(!serde_json::to_string(&piped).unwrap().contains(&token(30)[12..20]));
    }
    let doc = json(&run(
        &["scan", "-", "--stdin-filename", "app/.mcp.json", "-f", "json"],
        &dir,
        Some(claude(31).as_bytes()),
    ));
    assert_eq!(file(&doc, "app/.mcp.json")["ignored_by"], ".gitignore");
    assert!(!rules_at(&doc, "app/.mcp.json").contains(&"MCP201".to_string()), "app/mcptrust.toml applies");
    // From a subfolder, the name is relative to it, as a PATH would be.
    let sub = run(
        &["scan", "-", "--stdin-filename", ".mcp.json", "-f", "json"],
        &dir.join("app"),
        Some(claude(31).as_bytes()),
    );
    let disk = run(&["scan", ".mcp.json", "-f", "json"], &dir.join("app"), None);
    assert_eq!(findings(&json(&sub)), findings(&json(&disk)));
}

/// The pre-commit case: a baseline written from the files on disk knows every finding of the same file piped
/// in, and a new secret in the buffer is new.
#[test]
fn a_baseline_knows_the_findings_of_a_piped_buffer() {
    let dir = repo("stdin-baseline");
    write(&dir, ".mcp.json", &claude(40));
    let out = run(&["scan", ".", "--write-baseline", "baseline.json", "-q"], &dir, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let same = run(
        &["scan", "-", "--stdin-filename", ".mcp.json", "--baseline", "baseline.json", "-f", "json"],
        &dir,
        Some(claude(40).as_bytes()),
    );
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));
    assert_eq!(json(&same)["summary"]["baseline"]["new"], 0);
    let changed = format!(
        r#"{{"mcpServers": {{"gh": {{"command": "gh-mcp", "env": {{"GITHUB_TOKEN": "{}", "OTHER": "{}"}}}}}}}}"#,
        token(40),
        token(41)
    );
    let new = run(
        &["scan", "-", "--stdin-filename", ".mcp.json", "--baseline", "baseline.json", "-f", "json"],
        &dir,
        Some(changed.as_bytes()),
    );
    assert_eq!(new.status.code(), Some(1));
    assert!(json(&new)["summary"]["baseline"]["new"].as_u64().unwrap() >= 1);
    assert!(!all_output(&new).contains(&tail(41)));
}

/// Beside other PATHs, and when the walk reaches the file it names too, the buffer is scanned in the file's
/// place (an editor's unsaved buffer), once.
#[test]
fn stdin_beside_a_walk_replaces_the_file_it_names() {
    let dir = repo("stdin-walk");
    write(&dir, ".mcp.json", r#"{"mcpServers": {"gh": {"command": "gh-mcp"}}}"#);
    write(&dir, "other/.cursor/mcp.json", &claude(50));
    let out =
        run(&["scan", ".", "-", "--stdin-filename", ".mcp.json", "-f", "json"], &dir, Some(claude(51).as_bytes()));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(paths(&doc), [".mcp.json", "other/.cursor/mcp.json"]);
    assert!(rules_at(&doc, ".mcp.json").contains(&"MCP101".to_string()), "the buffer, not the file on disk");
    assert!(rules_at(&doc, "other/.cursor/mcp.json").contains(&"MCP101".to_string()));
    // A name for a file that is not there is fine too.
    let doc = json(&run(
        &["scan", "-", "--stdin-filename", "new/.vscode/mcp.json", "-f", "json"],
        &dir,
        Some(vscode(52).as_bytes()),
    ));
    assert_eq!(file(&doc, "new/.vscode/mcp.json")["client"], "vscode");
    assert!(rules_at(&doc, "new/.vscode/mcp.json").contains(&"MCP101".to_string()));
}

/// Without `--stdin-filename`, standard input is a JSON file of no known location named `<stdin>`, always
/// scanned; its secrets are masked in every format like any other file's.
#[test]
fn unnamed_stdin_is_a_json_config_named_stdin_and_its_secrets_are_masked() {
    let dir = repo("stdin-unnamed");
    let text = claude(60);
    let out = run(&["scan", "-", "-f", "json"], &dir, Some(text.as_bytes()));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(paths(&doc), ["<stdin>"]);
    assert_eq!(file(&doc, "<stdin>")["client"], "generic");
    assert!(rules_at(&doc, "<stdin>").contains(&"MCP101".to_string()));
    for format in ["human", "json", "jsonl", "sarif", "markdown", "github", "junit", "html"] {
        let out = run(&["scan", "-", "-f", format], &dir, Some(text.as_bytes()));
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        assert!(!all_output(&out).contains(&tail(60)), "{format} printed the secret");
        if format == "sarif" {
            assert_valid_sarif(&json(&out));
        }
    }
    // Not JSON: an error naming it, exit 2.
    let out = run(&["scan", "-", "-f", "json"], &dir, Some(b"[mcp_servers.x]\ncommand = 1\n"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["errors"][0]["path"], "<stdin>");
    // Nothing at all on standard input: an empty file, which does not parse.
    let out = run(&["scan", "-", "-f", "json"], &dir, None);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
}

/// Standard input is read only up to `--max-filesize`: beyond it, listed as skipped (exit 2), never held whole.
#[test]
fn stdin_is_bounded_by_max_filesize() {
    let dir = repo("stdin-big");
    let big = format!("{}{}", claude(70), " ".repeat(4096));
    let out = run(
        &["scan", "-", "--stdin-filename", ".mcp.json", "--max-filesize", "1K", "-f", "json"],
        &dir,
        Some(big.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let doc = json(&out);
    let entry = file(&doc, ".mcp.json");
    assert_eq!(entry["status"], "skipped");
    assert_eq!(entry["reason"], "standard input is larger than --max-filesize (more than 1024 bytes)");
    // A stream far larger than the limit is not read to its end.
    let huge = vec![b' '; 64 << 20];
    let out = run(&["scan", "-", "--max-filesize", "1K", "-f", "json"], &dir, Some(&huge));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(file(&json(&out), "<stdin>")["status"], "skipped");
}

/// The usage rules: `--stdin-filename` needs `-`; standard input is one thing (not `-` twice, not also the
/// `--files-from` list). Each is an error saying so, exit 2.
#[test]
fn stdin_usage_errors() {
    let dir = repo("stdin-usage");
    write(&dir, ".mcp.json", &claude(80));
    for (args, says) in [
        (
            &["scan", ".", "--stdin-filename", ".mcp.json"][..],
            "--stdin-filename names the file read from standard input",
        ),
        (&["scan", "-", "-"][..], "more than once"),
        (&["scan", "-", "--files-from", "-"][..], "both the --files-from list and a config"),
        (&["inventory", "--stdin-filename", "x"][..], "unexpected argument"),
    ] {
        let out = run(args, &dir, Some(b"{}"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
    // A file named `-` is `./-`.
    write(&dir, "-", &claude(81));
    let doc = json(&run(&["scan", "./-", "-f", "json"], &dir, None));
    assert_eq!(paths(&doc), ["-"]);
}

/// A link's target is a path like any other: a folder named after a credential is masked in `link_target`, in
/// every format.
#[cfg(unix)]
#[test]
fn a_links_target_named_after_a_token_is_masked() {
    let dir = repo("link-leak");
    let folder = format!("keys/{}", token(90));
    write(&dir, &format!("{folder}/mcp.json"), &claude(91));
    link(&format!("../{folder}/mcp.json"), &dir.join("claude/.mcp.json"));
    let out = run(&["scan", ".", "-f", "json"], &dir, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    let target = file(&doc, "claude/.mcp.json")["link_target"].as_str().unwrap().to_string();
    assert!(target.starts_with("keys/ghp_") && target.ends_with("/mcp.json"), "{target}");
    for format in ["human", "json", "jsonl", "sarif", "markdown", "github", "junit", "html"] {
        let out = run(&["scan", ".", "-f", format], &dir, None);
        assert!(!all_output(&out).contains(&tail(90)), "{format} printed the folder's token");
        assert!(!all_output(&out).contains(&tail(91)), "{format} printed the secret");
    }
}

/// The files a scan lists, by path, client and status: from `--format json`, which reads each file as the walk
/// finds it, or `--format jsonl`, which walks first and writes each file's lines as it is done.
#[cfg(unix)]
fn listed(dir: &Path, args: &[&str], format: &str) -> Vec<(String, String, String)> {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", format]);
    let out = run(&all, dir, None);
    let text = stdout(&out);
    let files: Vec<serde_json::Value> = match format {
        "json" => json(&out)["files"].as_array().unwrap().clone(),
        _ => text
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|l| l["type"] == "file")
            .collect(),
    };
    let mut listed: Vec<(String, String, String)> = files
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("path"), s("client"), s("status"))
        })
        .collect();
    listed.sort();
    listed
}

/// Which of two paths to one file is kept does not depend on whether files are read during the walk or after
/// it, even when the path that ranks first finds no config there: a manifest at an MCPB location that is no
/// MCPB manifest is still the file's claim, and a path that names no client adds nothing to it.
#[cfg(unix)]
#[test]
fn a_file_reached_twice_is_kept_under_the_same_path_whether_read_during_the_walk_or_after() {
    let dir = repo("reached-twice");
    let browser_manifest = r#"{"manifest_version": 3, "name": "x", "mcpServers": {"s": {"command": "y"}}}"#;
    write(&dir, "ext/manifest.json", browser_manifest);
    link("../ext/manifest.json", &dir.join("tools/servers.json"));
    write(&dir, "shared/mcp.json", &claude(4));
    link("../shared/mcp.json", &dir.join("app/.mcp.json"));
    link("../shared/mcp.json", &dir.join("app/more.json"));
    write(&dir, "plain/notes.json", r#"{"name": "notes"}"#);
    for args in [&["."][..], &[".", "shared/mcp.json"], &[".", "plain/notes.json", "ext"]] {
        let walked = listed(&dir, args, "json");
        assert_eq!(walked, listed(&dir, args, "jsonl"), "{args:?}");
        assert!(walked.iter().any(|(p, c, _)| p == "app/.mcp.json" && c == "claude-code"), "{args:?}: {walked:?}");
        assert!(!walked.iter().any(|(p, _, _)| p == "tools/servers.json"), "{args:?}: {walked:?}");
    }
}
