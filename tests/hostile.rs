//! Hostile input: every case ends in a clear per-file error or skip notice, the other files are still
//! scanned, nothing blocks or crashes, and the exit code says the scan was incomplete.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Runs mcptrust with a watchdog: a scan that blocks (on a FIFO, a loop) fails the test instead of hanging it.
fn run(args: &[&str], cwd: &Path) -> Output {
    run_env(args, cwd, &[])
}

/// `run`, with extra environment variables.
fn run_env(args: &[&str], cwd: &Path, env: &[(&str, &Path)]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("MCPTRUST_NOW", now_text())
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    common::finish_within(child, 120, &format!("mcptrust {args:?} (it blocked or looped)"))
}

/// A good file with one finding, scanned beside each hostile one.
fn with_good_file(dir: &Path) {
    write(
        dir,
        "good/.gemini/settings.json",
        r#"{"mcpServers": {"bq": {"command": "uvx", "args": ["bq==1.0.0"], "trust": true}}}"#,
    );
}

fn assert_good_file_scanned(doc: &serde_json::Value) {
    let good = doc["files"].as_array().unwrap().iter().find(|f| f["path"] == "good/.gemini/settings.json").unwrap();
    assert_eq!(good["status"], "scanned");
    assert!(doc["findings"].as_array().unwrap().iter().any(|f| f["path"] == "good/.gemini/settings.json"));
}

fn error_for<'a>(doc: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == path)
        .unwrap_or_else(|| panic!("no error for {path}: {doc}"))
}

fn file_entry<'a>(doc: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not listed: {doc}"))
}

#[test]
fn encodings_truncation_and_nul_bytes() {
    let dir = temp_dir("encodings");
    with_good_file(&dir);
    std::fs::create_dir_all(dir.join("a/.cursor")).unwrap();
    std::fs::write(dir.join("a/.cursor/mcp.json"), b"{\"mcpServers\": {\"x\": {\"command\": \"\xff\xfe\"}}}").unwrap();
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("{\"mcpServers\": {}}".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::write(dir.join("b/.mcp.json"), utf16).unwrap();
    write(&dir, "c/.mcp.json", "{\"mcpServers\": {}}\0\0");
    write(&dir, "d/.continue/config.yaml", "mcpServers:\n  - name: x\n    args: [\"a\", \"b\"\n");
    write(&dir, "e/.codex/config.toml", "[mcp_servers.x]\ncommand = \"npx\nargs = []\n");
    write(
        &dir,
        "f/.mcp.json",
        "\u{feff}{\r\n  \"mcpServers\": {\r\n    \"x\": {\"command\": \"x\", \"env\": {\"T\": \"ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK\"}}\r\n  }\r\n}\r\n",
    );
    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_good_file_scanned(&doc);
    let e = error_for(&doc, "a/.cursor/mcp.json");
    assert!(e["message"].as_str().unwrap().contains("not valid UTF-8"), "{e}");
    assert_eq!((e["line"].as_u64(), e["column"].as_u64()), (Some(1), Some(35)));
    // UTF-16 with a byte-order mark is decoded and read (a config note says clients may reject it).
    let b = doc["files"].as_array().unwrap().iter().find(|f| f["path"] == "b/.mcp.json").unwrap();
    assert_eq!(b["status"], "scanned", "{b}");
    assert!(error_for(&doc, "c/.mcp.json")["message"].as_str().unwrap().starts_with("JSON parse error"));
    assert!(error_for(&doc, "d/.continue/config.yaml")["message"].as_str().unwrap().starts_with("YAML parse error"));
    assert!(error_for(&doc, "e/.codex/config.toml")["message"].as_str().unwrap().starts_with("TOML parse error"));
    // BOM and CRLF: read, and positions still right.
    let pat = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "f/.mcp.json" && f["rule"] == "MCP101")
        .unwrap();
    assert_eq!((pat["line"].as_u64(), pat["column"].as_u64()), (Some(3), Some(41)));
}

#[test]
fn deep_nesting_and_alias_bombs_are_errors_not_crashes() {
    let dir = temp_dir("deep");
    with_good_file(&dir);
    let deep = "[".repeat(100_000);
    write(&dir, "a/.mcp.json", &deep);
    write(&dir, "b/.continue/config.yaml", &deep);
    write(&dir, "c/.codex/config.toml", &format!("a = {deep}"));
    write(&dir, "d/.mcp.json", &format!("{{\"mcpServers\": {}}}", "{\"a\": ".repeat(100_000)));
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    write(&dir, "e/.config/goose/config.yaml", &bomb);
    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let doc = json(&out);
    assert_good_file_scanned(&doc);
    for path in ["a/.mcp.json", "b/.continue/config.yaml", "c/.codex/config.toml", "d/.mcp.json"] {
        let message = error_for(&doc, path)["message"].as_str().unwrap().to_lowercase();
        assert!(["nesting", "depth", "recursion limit"].iter().any(|w| message.contains(w)), "{path}: {message}");
    }
    assert!(error_for(&doc, "e/.config/goose/config.yaml")["message"].as_str().unwrap().contains("alias"));
}

#[test]
fn a_huge_sparse_file_is_skipped_by_size_without_being_read() {
    let dir = temp_dir("sparse");
    with_good_file(&dir);
    let f = std::fs::File::create(dir.join(".mcp.json")).unwrap();
    f.set_len(1 << 30).unwrap();
    let started = Instant::now();
    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_good_file_scanned(&doc);
    let entry = file_entry(&doc, ".mcp.json");
    assert_eq!(entry["status"], "skipped");
    assert!(entry["reason"].as_str().unwrap().contains("1073741824 bytes"), "{entry}");
    assert!(started.elapsed() < Duration::from_secs(60), "the 1 GB file was read");
    let human = run(&["scan", "."], &dir);
    assert!(stdout(&human).contains("skipped: .mcp.json: larger than --max-filesize"), "{}", stdout(&human));
}

#[test]
fn fifos_and_symlink_loops_never_block() {
    let dir = temp_dir("fifo");
    with_good_file(&dir);
    assert!(Command::new("mkfifo").arg(dir.join(".mcp.json")).status().unwrap().success());
    std::fs::create_dir_all(dir.join("links/.cursor")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("links/loop")).unwrap();
    std::os::unix::fs::symlink("mcp.json", dir.join("links/.cursor/mcp.json")).unwrap();
    std::os::unix::fs::symlink("b.json", dir.join("links/a.json")).unwrap();
    std::os::unix::fs::symlink("a.json", dir.join("links/b.json")).unwrap();
    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_good_file_scanned(&doc);
    let fifo = file_entry(&doc, ".mcp.json");
    assert_eq!((fifo["status"].as_str(), fifo["reason"].as_str()), (Some("skipped"), Some("not a regular file")));
    let link = file_entry(&doc, "links/.cursor/mcp.json");
    assert_eq!(
        (link["status"].as_str(), link["reason"].as_str()),
        (Some("skipped"), Some("symbolic link loop (not followed)"))
    );
    // Named on the command line, a FIFO is still never opened.
    let out = run(&["scan", ".mcp.json", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["files"][0]["reason"], "not a regular file");
}

#[test]
fn an_unreadable_file_is_an_error() {
    let dir = temp_dir("perm");
    with_good_file(&dir);
    write(&dir, "locked/.mcp.json", r#"{"mcpServers": {}}"#);
    let locked = dir.join("locked/.mcp.json");
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    // Root reads any file; run the scan as `nobody` then (CI runs as root).
    let root = unsafe_is_root();
    let bin = env!("CARGO_BIN_EXE_mcptrust");
    let output = if root {
        if Command::new("setpriv").arg("--version").output().is_err() {
            common::skip("an_unreadable_file_is_an_error", "running as root without setpriv (util-linux)");
            return;
        }
        make_world_readable(&dir);
        std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin, "scan", ".", "--format", "json"])
            .current_dir(&dir)
            .output()
            .unwrap()
    } else {
        Command::new(bin).args(["scan", ".", "--format", "json"]).current_dir(&dir).output().unwrap()
    };
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let doc = json(&output);
    assert_good_file_scanned(&doc);
    let e = error_for(&doc, "locked/.mcp.json");
    assert!(e["message"].as_str().unwrap().contains("cannot read file"), "{e}");
}

fn unsafe_is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Lets `nobody` reach the test folder: every folder from `/` down to it gets o+x, and its contents o+r.
fn make_world_readable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut p = dir.to_path_buf();
    loop {
        if let Ok(meta) = std::fs::metadata(&p) {
            let mode = meta.permissions().mode();
            let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode | 0o005));
        }
        if !p.pop() {
            break;
        }
    }
    for entry in ignore::WalkBuilder::new(dir).hidden(false).ignore(false).git_ignore(false).build().flatten() {
        let mode = entry.metadata().unwrap().permissions().mode();
        let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode | 0o005));
    }
}

#[test]
fn a_file_deleted_during_the_scan_is_an_error() {
    use mcptrust::discover::{self, Options};
    use mcptrust::rules::RuleSet;
    use mcptrust::scan::Status;
    let dir = temp_dir("deleted");
    with_good_file(&dir);
    write(&dir, "gone/.mcp.json", r#"{"mcpServers": {}}"#);
    let options = Options { no_ignore: true, max_filesize: 1 << 20, cwd: dir.clone(), ..Options::default() };
    let mut discovery = discover::discover(std::slice::from_ref(&dir), &options).unwrap();
    assert_eq!(discovery.candidates.len(), 2);
    std::fs::remove_file(dir.join("gone/.mcp.json")).unwrap();
    let rules = RuleSet::load(&[]).unwrap();
    let outcomes = common::scanner(&rules, false).run(&mut discovery);
    let gone = outcomes.iter().find(|o| o.path == "gone/.mcp.json").unwrap();
    assert_eq!(gone.status, Status::Error);
    assert!(gone.error.as_ref().unwrap().message.contains("cannot read file"));
    assert!(outcomes.iter().any(|o| o.path == "good/.gemini/settings.json" && o.status == Status::Scanned));
}

#[test]
fn lines_of_many_megabytes() {
    let dir = temp_dir("long-line");
    let token = "ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK";
    let padding = "x".repeat(5 << 20);
    let content =
        format!(r#"{{"mcpServers": {{"s": {{"command": "a", "args": ["{padding}"], "env": {{"T": "{token}"}}}}}}}}"#);
    write(&dir, ".mcp.json", &content);
    let column = content.find(token).unwrap() + 1;
    let out = run(&["scan", "."], &dir);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.len() < 100_000, "the 5 MB line is not printed ({} bytes of output)", text.len());
    assert!(
        text.contains(&format!("MCP101(github-classic-pat) .mcp.json:1:{column}:")),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(!text.contains(&token[4..]));
}

#[test]
fn a_hundred_thousand_servers_and_two_hundred_thousand_findings() {
    let dir = temp_dir("many");
    let mut servers = Vec::new();
    for i in 0..100_000 {
        // Two findings each: the wildcard grant (with MCP401's scope verdict merged into it) and the unpinned package.
        servers.push(format!(r#""srv{i}": {{"command": "npx", "args": ["-y", "pkg-{i}"], "autoApprove": ["*"]}}"#));
    }
    write(&dir, "cline_mcp_settings.json", &format!("{{\"mcpServers\": {{\n{}\n}}}}", servers.join(",\n")));
    let out = run(&["scan", ".", "--format", "json", "--max-filesize", "100M"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["summary"]["servers"], 100_000);
    assert_eq!(doc["summary"]["findings"], 200_000);
    let human = run(&["scan", ".", "--max-filesize", "100M"], &dir);
    let text = stdout(&human);
    assert!(text.ends_with("scanned 1 file (1 cline), 100000 servers, 200000 findings, 0 errors, 0 skipped\n"));
}

/// `--rules` naming a FIFO or `/dev/zero` (or a folder holding a FIFO pack) is a clear error at once: the pack is
/// never opened for a blocking read, and never read without bound.
#[test]
fn a_rules_pack_that_is_a_fifo_or_dev_zero_is_a_clear_error() {
    let dir = temp_dir("rules-fifo");
    with_good_file(&dir);
    assert!(Command::new("mkfifo").arg(dir.join("pack.yaml")).status().unwrap().success());
    std::fs::create_dir_all(dir.join("packs")).unwrap();
    assert!(Command::new("mkfifo").arg(dir.join("packs/more.yaml")).status().unwrap().success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    let f = std::fs::File::create(dir.join("huge.yaml")).unwrap();
    f.set_len(10 << 30).unwrap();
    for (pack, why) in [
        ("pack.yaml", "not a regular file (a FIFO)"),
        ("packs", "not a regular file (a FIFO)"),
        ("/dev/zero", "not a regular file (a character device)"),
        ("zero.yaml", "not a regular file (a character device)"),
        ("huge.yaml", "larger than"),
    ] {
        let started = Instant::now();
        let out = run(&["scan", ".", "--rules", pack], &dir);
        assert_eq!(out.status.code(), Some(2), "{pack}");
        let err = stderr(&out);
        assert!(err.contains("cannot read rule pack") && err.contains(why), "{pack}: {err}");
        assert!(started.elapsed() < Duration::from_secs(30), "{pack} was read");
    }
    // The good file is still reported when the pack is fine.
    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_good_file_scanned(&json(&out));
}

// Hiding places: ignore files, global excludes and symlinks an attacker (or a careless .gitignore) uses to keep a
// real credential out of the scan. Each sits beside a committed config whose secret must still be reported.

/// A GitHub token unique to `tag` (letters and digits only).
fn token(tag: &str) -> String {
    let fill = "Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK";
    format!("ghp_{tag}{}", &fill[..36 - tag.len()])
}

fn mcp_json(token: &str) -> String {
    format!(r#"{{"mcpServers": {{"gh": {{"command": "gh-mcp", "env": {{"GITHUB_TOKEN": "{token}"}}}}}}}}"#)
}

/// A committed config with a secret, beside each hiding place: its finding must always be reported.
fn with_committed_secret(dir: &Path) {
    write(dir, "good/.cursor/mcp.json", &mcp_json(&token("Good")));
}

fn assert_committed_secret_found(doc: &serde_json::Value) {
    let f = finding_at(doc, "good/.cursor/mcp.json", "MCP101");
    assert!(f.get("ignored_by").is_none() && f.get("committed").is_none(), "{f}");
}

fn finding_at<'a>(doc: &'a serde_json::Value, path: &str, rule: &str) -> &'a serde_json::Value {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path && f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} at {path}: {doc:#}"))
}

fn paths_of(doc: &serde_json::Value) -> Vec<&str> {
    doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect()
}

/// A folder that is a repository root (what mcptrust looks for is the `.git` folder).
fn repo(dir: &Path) {
    std::fs::create_dir_all(dir.join(".git/info")).unwrap();
}

#[test]
fn a_gitignored_config_is_scanned_and_marked_not_committed() {
    let dir = temp_dir("gitignored");
    repo(&dir);
    with_committed_secret(&dir);
    write(&dir, ".gitignore", ".mcp.json\n.claude/settings.local.json\n.vscode/\nnotes/\nagents.local.json\n");
    write(&dir, ".mcp.json", &mcp_json(&token("Root")));
    write(
        &dir,
        ".claude/settings.local.json",
        &format!(r#"{{"env": {{"GITHUB_TOKEN": "{}"}}, "permissions": {{"allow": ["mcp__gh"]}}}}"#, token("Local")),
    );
    write(
        &dir,
        ".vscode/mcp.json",
        &format!(r#"{{"servers": {{"gh": {{"command": "gh-mcp", "env": {{"T": "{}"}}}}}}}}"#, token("Vsc")),
    );
    // Found by content only: ignore files still apply to it, as a file or in an ignored folder (not entered).
    write(&dir, "notes/agents.json", &mcp_json(&token("Notes")));
    write(&dir, "tools/agents.local.json", &mcp_json(&token("Tools")));

    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    for path in [".mcp.json", ".claude/settings.local.json", ".vscode/mcp.json"] {
        let entry = file_entry(&doc, path);
        assert_eq!((entry["status"].as_str(), entry["committed"].as_bool()), (Some("scanned"), Some(false)), "{entry}");
        assert_eq!(entry["ignored_by"], ".gitignore");
    }
    for path in [".mcp.json", ".vscode/mcp.json"] {
        let f = finding_at(&doc, path, "MCP101");
        assert_eq!((f["ignored_by"].as_str(), f["committed"].as_bool()), (Some(".gitignore"), Some(false)));
    }
    assert!(!paths_of(&doc).contains(&"notes/agents.json") && !paths_of(&doc).contains(&"tools/agents.local.json"));
    let summary = &doc["summary"];
    assert_eq!(summary["files_ignored"], 1);
    assert_eq!(summary["folders_ignored"], 1);
    assert_eq!(summary["ignored_by"], serde_json::json!({".gitignore": 2}));
    assert_eq!(summary["files_scanned_despite_ignore"], 3);

    let human = stdout(&run(&["scan", "."], &dir));
    assert!(human.contains("note: .mcp.json is not committed (.gitignore matches it)"), "{human}");
    let coverage = logical_lines(&human).pop().unwrap();
    assert!(
        coverage.contains("1 file and 1 folder ignored (2 by .gitignore), 3 scanned despite an ignore rule"),
        "{coverage}"
    );

    let sarif = json(&run(&["scan", ".", "--format", "sarif"], &dir));
    assert_valid_sarif(&sarif);
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == ".mcp.json")
        .expect("the gitignored .mcp.json has a SARIF result");
    assert_eq!(result["properties"]["committed"], false);
    assert_eq!(result["properties"]["ignored_by"], ".gitignore");

    // --respect-gitignore: the old behaviour, still counted and named.
    let out = run(&["scan", ".", "--format", "json", "--respect-gitignore"], &dir);
    let doc = json(&out);
    assert_eq!(paths_of(&doc), vec!["good/.cursor/mcp.json"]);
    assert_committed_secret_found(&doc);
    assert_eq!(doc["summary"]["ignored_by"], serde_json::json!({".gitignore": 5}));
}

/// A dependency's own configs are not this project's trust: a gitignored `node_modules/` (or `target/`) is not
/// entered, so a package that ships a `.mcp.json` or a `.vscode/mcp.json` with a token cannot fill the report,
/// while the project's own gitignored `.mcp.json`, `.vscode/` and `.config/goose/` still are scanned and marked.
#[test]
fn a_gitignored_dependency_tree_is_not_entered_but_a_gitignored_config_folder_is() {
    let dir = temp_dir("dependency-tree");
    repo(&dir);
    with_committed_secret(&dir);
    write(
        &dir,
        ".gitignore",
        "node_modules/
.vscode/
.mcp.json
.config/
",
    );
    write(&dir, "node_modules/pkg/.mcp.json", &mcp_json(&token("Dep")));
    write(&dir, "node_modules/pkg/.vscode/mcp.json", &mcp_json(&token("DepVsc")));
    write(&dir, "node_modules/@scope/pkg/.claude/settings.local.json", &mcp_json(&token("DepClaude")));
    write(&dir, ".mcp.json", &mcp_json(&token("Root")));
    write(
        &dir,
        ".vscode/mcp.json",
        &format!(r#"{{"servers": {{"gh": {{"command": "gh-mcp", "env": {{"T": "{}"}}}}}}}}"#, token("Vsc")),
    );
    write(&dir, ".vscode/extensions/x/agents.json", &mcp_json(&token("Ext")));
    write(
        &dir,
        ".config/goose/config.yaml",
        &format!("extensions:\n  gh:\n    cmd: gh-mcp\n    envs:\n      GITHUB_TOKEN: {}\n", token("Goose")),
    );

    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    for path in [".mcp.json", ".vscode/mcp.json", ".config/goose/config.yaml"] {
        let f = finding_at(&doc, path, "MCP101");
        assert_eq!((f["ignored_by"].as_str(), f["committed"].as_bool()), (Some(".gitignore"), Some(false)), "{f}");
    }
    let paths = paths_of(&doc);
    assert!(paths.iter().all(|p| !p.starts_with("node_modules")), "a dependency's config was scanned: {paths:?}");
    assert!(!paths.contains(&".vscode/extensions/x/agents.json"), "{paths:?}");
    for tag in ["Dep", "DepVsc", "DepClaude"] {
        assert!(
            !text.contains(&token(tag)[4..12]),
            "{tag} was reported:
{text}"
        );
    }
    let summary = &doc["summary"];
    // node_modules/ and .vscode/extensions/: two folders not entered; nothing in them counted file by file.
    assert_eq!(summary["folders_ignored"], 2, "{summary}");
    assert_eq!(summary["files_ignored"], 0, "{summary}");
    assert_eq!(summary["ignored_by"], serde_json::json!({".gitignore": 2}));
    let human = stdout(&run(&["scan", "."], &dir));
    let coverage = logical_lines(&human).pop().unwrap();
    assert!(coverage.contains(", 2 folders ignored (2 by .gitignore), 3 scanned despite an ignore rule"), "{coverage}");

    // --no-ignore walks everything: the dependency's configs are there to be found.
    let doc = json(&run(&["scan", ".", "--format", "json", "--no-ignore"], &dir));
    for path in ["node_modules/pkg/.mcp.json", "node_modules/pkg/.vscode/mcp.json"] {
        finding_at(&doc, path, "MCP101");
    }
    assert_eq!(doc["summary"]["folders_ignored"], 0);
}

#[test]
fn a_mcptrustignore_planted_in_a_subfolder_cannot_hide_a_known_config() {
    let dir = temp_dir("planted");
    repo(&dir);
    with_committed_secret(&dir);
    write(&dir, "app/.mcptrustignore", "*\n");
    write(&dir, "app/.mcp.json", &mcp_json(&token("Planted")));
    write(&dir, "app/tools/agents.json", &mcp_json(&token("Tools")));
    write(&dir, "app/.ignore", ".cursor/\n");
    write(&dir, "app/.cursor/mcp.json", &mcp_json(&token("DotIgnore")));
    // The project's own top-level .mcptrustignore is a choice it makes in the open: it may hide a config.
    write(&dir, ".mcptrustignore", "vendor/\n");
    write(&dir, "vendor/.mcp.json", &mcp_json(&token("Vendor")));

    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    let f = finding_at(&doc, "app/.mcp.json", "MCP101");
    assert_eq!(f["ignored_by"], "app/.mcptrustignore");
    assert!(f.get("committed").is_none(), "a tool ignore file says nothing of git: {f}");
    assert_eq!(finding_at(&doc, "app/.cursor/mcp.json", "MCP101")["ignored_by"], "app/.mcptrustignore");
    assert!(!paths_of(&doc).contains(&"vendor/.mcp.json") && !paths_of(&doc).contains(&"app/tools/agents.json"));
    let summary = &doc["summary"];
    assert_eq!(summary["files_scanned_despite_ignore"], 2);
    assert_eq!(summary["ignored_by"], serde_json::json!({".mcptrustignore": 1, "app/.mcptrustignore": 1}));
    let human = stdout(&run(&["scan", "."], &dir));
    assert!(human.contains("note: app/.mcp.json is matched by app/.mcptrustignore; scanned anyway"), "{human}");
}

#[test]
fn ignore_files_above_the_repository_root_do_not_apply() {
    let outer = temp_dir("above");
    for name in [".gitignore", ".ignore", ".mcptrustignore"] {
        write(&outer, name, "*.json\n.vscode/\nrepo/\n");
    }
    let dir = outer.join("repo");
    repo(&dir);
    with_committed_secret(&dir);
    write(&dir, ".vscode/mcp.json", &mcp_json(&token("Vsc")));
    write(&dir, "tools/agents.json", &mcp_json(&token("Tools")));
    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    for path in [".vscode/mcp.json", "tools/agents.json"] {
        let f = finding_at(&doc, path, "MCP101");
        assert!(f.get("ignored_by").is_none(), "an ignore file above the repository applied: {f}");
    }
    assert_eq!(doc["summary"]["files_ignored"], 0);

    // Those from the repository root down do apply, even above the folder scanned.
    write(&dir, ".gitignore", "notes.json\n");
    write(&dir, "sub/notes.json", &mcp_json(&token("Notes")));
    write(&dir, "sub/.mcp.json", &mcp_json(&token("Sub")));
    let doc = json(&run(&["scan", "sub", "--format", "json"], &dir));
    assert_eq!(paths_of(&doc), vec!["sub/.mcp.json"]);
    assert_eq!(doc["summary"]["ignored_by"], serde_json::json!({".gitignore": 1}));
}

#[test]
fn the_users_global_excludes_and_info_exclude_cannot_hide_a_known_config() {
    let base = temp_dir("global");
    let home = base.join("home");
    let xdg = base.join("xdg");
    std::fs::create_dir_all(&xdg).unwrap();
    write(&home, ".gitconfig", "[user]\n\tname = dev\n[core]\n\texcludesFile = ~/global-ignore\n");
    write(&home, "global-ignore", ".mcp.json\nagents.json\n");
    let dir = base.join("repo");
    repo(&dir);
    with_committed_secret(&dir);
    write(&dir, ".git/info/exclude", ".codex/\n");
    write(&dir, ".mcp.json", &mcp_json(&token("Global")));
    write(&dir, "tools/agents.json", &mcp_json(&token("Tools")));
    write(
        &dir,
        ".codex/config.toml",
        &format!("[mcp_servers.gh]\ncommand = \"gh-mcp\"\nenv = {{ GITHUB_TOKEN = \"{}\" }}\n", token("Exclude")),
    );
    let env = [("HOME", home.as_path()), ("XDG_CONFIG_HOME", xdg.as_path())];
    let out = run_env(&["scan", ".", "--format", "json"], &dir, &env);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    let global = home.join("global-ignore").to_string_lossy().into_owned();
    let f = finding_at(&doc, ".mcp.json", "MCP101");
    assert_eq!((f["ignored_by"].as_str(), f["committed"].as_bool()), (Some(global.as_str()), Some(false)));
    let f = finding_at(&doc, ".codex/config.toml", "MCP101");
    assert_eq!((f["ignored_by"].as_str(), f["committed"].as_bool()), (Some(".git/info/exclude"), Some(false)));
    assert_eq!(doc["summary"]["ignored_by"], serde_json::json!({ global.as_str(): 1 }));

    // Without core.excludesFile, git's default: $XDG_CONFIG_HOME/git/ignore.
    std::fs::remove_file(home.join(".gitconfig")).unwrap();
    write(&xdg, "git/ignore", ".mcp.json\n");
    let doc = json(&run_env(&["scan", ".", "--format", "json"], &dir, &env));
    let xdg_ignore = xdg.join("git/ignore").to_string_lossy().into_owned();
    assert_eq!(finding_at(&doc, ".mcp.json", "MCP101")["ignored_by"], xdg_ignore.as_str());
    assert!(paths_of(&doc).contains(&"tools/agents.json"));
}

#[test]
fn a_symlinked_config_folder_never_silently_vanishes() {
    let base = temp_dir("linked-folder");
    write(&base, "shared-vscode/mcp.json", &mcp_json(&token("Outside")));
    let dir = base.join("repo");
    repo(&dir);
    with_committed_secret(&dir);
    std::os::unix::fs::symlink("../shared-vscode", dir.join(".vscode")).unwrap();
    write(
        &dir,
        "shared/vscode/mcp.json",
        &format!(r#"{{"servers": {{"gh": {{"command": "gh-mcp", "env": {{"T": "{}"}}}}}}}}"#, token("Inside")),
    );
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::os::unix::fs::symlink("../shared/vscode", dir.join("app/.vscode")).unwrap();
    std::fs::create_dir_all(dir.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("loop/.cursor")).unwrap();

    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2), "a config folder not read makes the scan incomplete");
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    // Outside the scan root: listed, not followed (a repository must not make the scan read the machine's files).
    let outside = file_entry(&doc, ".vscode");
    assert_eq!(outside["status"], "skipped");
    assert_eq!(outside["reason"], "symbolic link to a folder outside the scan root (not followed)");
    assert!(!stdout(&out).contains(&token("Outside")[4..]));
    // Inside: followed, and the file is scanned once, under the path its client reads it by.
    let inside = file_entry(&doc, "app/.vscode/mcp.json");
    assert_eq!((inside["status"].as_str(), inside["client"].as_str()), (Some("scanned"), Some("vscode")));
    finding_at(&doc, "app/.vscode/mcp.json", "MCP101");
    assert!(!paths_of(&doc).contains(&"shared/vscode/mcp.json"), "{:?}", paths_of(&doc));
    let looped = file_entry(&doc, "loop/.cursor");
    assert_eq!(
        (looped["status"].as_str(), looped["reason"].as_str()),
        (Some("skipped"), Some("symbolic link loop (not followed)"))
    );
}

#[test]
fn an_ignore_file_that_is_a_fifo_a_device_or_huge_is_an_error_not_a_hang() {
    let dir = temp_dir("ignore-fifo");
    repo(&dir);
    with_committed_secret(&dir);
    std::os::unix::fs::symlink("/dev/zero", dir.join(".gitignore")).unwrap();
    std::fs::create_dir_all(dir.join("a")).unwrap();
    assert!(Command::new("mkfifo").arg(dir.join("a/.mcptrustignore")).status().unwrap().success());
    write(&dir, "a/tools/agents.json", &mcp_json(&token("Fifo")));
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::File::create(dir.join("b/.ignore")).unwrap().set_len(10 << 30).unwrap();
    write(&dir, "b/.mcp.json", &mcp_json(&token("Sparse")));
    let started = Instant::now();
    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert!(started.elapsed() < Duration::from_secs(30), "an ignore file was read");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    for (path, why) in [
        (".gitignore", "not a regular file (a character device)"),
        ("a/.mcptrustignore", "not a regular file (a FIFO)"),
        ("b/.ignore", "larger than"),
    ] {
        let message = error_for(&doc, path)["message"].as_str().unwrap();
        assert!(message.contains("cannot read ignore file") && message.contains(why), "{path}: {message}");
    }
    // An ignore file not applied hides nothing.
    finding_at(&doc, "a/tools/agents.json", "MCP101");
    finding_at(&doc, "b/.mcp.json", "MCP101");
    // SARIF places the problems relative to the repository root, from wherever the scan runs.
    let sarif = json(&run(&["scan", ".", "--format", "sarif"], &dir.join("a")));
    assert_valid_sarif(&sarif);
    let mut uris: Vec<String> = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_string())
        .collect();
    uris.sort();
    assert_eq!(uris, vec![".gitignore", "a/.mcptrustignore"]);
}

/// Folders whose links point at each other (a web, not just a loop) would make a link-following walk
/// exponential: links are followed one hop deep, so the scan ends at once and lists each file once.
#[test]
fn a_web_of_folder_links_cannot_blow_up_the_walk() {
    let dir = temp_dir("link-web");
    with_committed_secret(&dir);
    let n = 12;
    for i in 0..n {
        write(&dir, &format!("d{i}/.cursor/mcp.json"), &mcp_json(&token(&format!("Web{i}"))));
        for j in 0..n {
            if i != j {
                std::os::unix::fs::symlink(format!("../d{j}"), dir.join(format!("d{i}/to{j}"))).unwrap();
            }
        }
    }
    let started = Instant::now();
    let out = run(&["scan", ".", "--format", "json"], &dir);
    assert!(started.elapsed() < Duration::from_secs(30), "the walk blew up");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    for i in 0..n {
        finding_at(&doc, &format!("d{i}/.cursor/mcp.json"), "MCP101");
    }
    assert_eq!(doc["summary"]["files_scanned"], n + 1, "each file once: {:?}", paths_of(&doc));
}

/// An ignored folder that cannot be read (a local database volume, a cache) must not turn a clean scan into an
/// error (it is not even entered); an unreadable gitignored config folder (`.vscode/`, which is entered) still
/// does.
#[test]
fn an_unreadable_ignored_folder_is_no_error_but_an_unreadable_config_folder_is() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("unreadable-ignored");
    repo(&dir);
    with_committed_secret(&dir);
    write(&dir, ".gitignore", "pgdata/\n.vscode/\n");
    write(&dir, "pgdata/base/x.json", "{}");
    write(&dir, ".vscode/mcp.json", &mcp_json(&token("Locked")));
    let bin = env!("CARGO_BIN_EXE_mcptrust");
    let scan = || {
        if unsafe_is_root() {
            make_world_readable(&dir);
            for locked in ["pgdata", ".vscode"] {
                std::fs::set_permissions(dir.join(locked), std::fs::Permissions::from_mode(0o000)).unwrap();
            }
            Command::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin, "scan", ".", "--format", "json"])
                .env("MCPTRUST_NOW", now_text())
                .current_dir(&dir)
                .output()
                .unwrap()
        } else {
            for locked in ["pgdata", ".vscode"] {
                std::fs::set_permissions(dir.join(locked), std::fs::Permissions::from_mode(0o000)).unwrap();
            }
            Command::new(bin).args(["scan", ".", "--format", "json"]).current_dir(&dir).output().unwrap()
        }
    };
    if unsafe_is_root() && Command::new("setpriv").arg("--version").output().is_err() {
        common::skip("an_unreadable_ignored_folder_is_no_error", "running as root without setpriv (util-linux)");
        return;
    }
    let out = scan();
    for locked in ["pgdata", ".vscode"] {
        std::fs::set_permissions(dir.join(locked), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let doc = json(&out);
    assert_committed_secret_found(&doc);
    let errors: Vec<&str> = doc["errors"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(errors, vec![".vscode"], "{doc:#}");
}

/// Peak memory stays a bounded multiple of the file, for every syntax. The file is ~6 MB of servers, each
/// with a table of settings no rule reads, so that what is measured is the parser and the spanned tree (the
/// model of a server costs what it costs in every syntax). Before TOML was parsed in sections and JSON
/// converted by value, this took 41 (TOML) and 27 (JSON) times the file; now about 17 for each syntax.
/// Measured with `/usr/bin/time -f %M` (peak RSS of the child, in KiB); no timing is asserted.
#[test]
fn peak_memory_is_a_small_multiple_of_the_file_in_every_syntax() {
    if !Path::new("/usr/bin/time").exists() {
        skip("peak_memory_is_a_small_multiple_of_the_file_in_every_syntax", "/usr/bin/time is not installed");
        return;
    }
    let dir = temp_dir("memory");
    let n = 20_000;
    let settings = |i: usize| (0..20).map(move |k| (format!("opt{k}"), k * i % 997));
    let mut toml = String::new();
    let mut json = String::from("{\"mcpServers\": {\n");
    let mut yaml = String::from("mcpServers:\n");
    for i in 0..n {
        toml.push_str(&format!("[mcp_servers.s{i}]\ncommand = \"npx\"\n[mcp_servers.s{i}.meta]\n"));
        let pairs: Vec<String> = settings(i).map(|(k, v)| format!("\"{k}\": {v}")).collect();
        json.push_str(&format!("\"s{i}\": {{\"command\": \"npx\", \"meta\": {{{}}}}}", pairs.join(", ")));
        json.push_str(if i + 1 < n { ",\n" } else { "\n}}\n" });
        yaml.push_str(&format!("  - name: s{i}\n    command: npx\n    meta:\n"));
        for (k, v) in settings(i) {
            toml.push_str(&format!("{k} = {v}\n"));
            yaml.push_str(&format!("      {k}: {v}\n"));
        }
    }
    for (rel, text) in [(".codex/config.toml", &toml), (".mcp.json", &json), (".continue/config.yaml", &yaml)] {
        let sub = dir.join(rel.split('/').next().unwrap().trim_start_matches('.'));
        write(&sub, rel, text);
        let report = dir.join("peak.txt");
        let out = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&report)
            .arg(env!("CARGO_BIN_EXE_mcptrust"))
            .args(["scan", ".", "--max-filesize", "100M", "--format", "json", "-o", "/dev/null", "-j", "1"])
            .current_dir(&sub)
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c <= 1), "{rel}: {}", stderr(&out));
        let kib: u64 = std::fs::read_to_string(&report).unwrap().trim().parse().unwrap();
        let size = text.len() as u64;
        let limit = 20 * size + (32 << 20);
        assert!(
            kib * 1024 < limit,
            "{rel}: peak RSS {} MB for a {} MB file (limit 20 × file + 32 MB = {} MB)",
            kib >> 10,
            size >> 20,
            limit >> 20
        );
        eprintln!("{rel}: peak RSS {} KiB for {} bytes ({:.1}×)", kib, size, (kib * 1024) as f64 / size as f64);
    }
}
