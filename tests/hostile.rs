//! Hostile input: every case ends in a clear per-file error or skip notice, the other files are still
//! scanned, nothing blocks or crashes, and the exit code says the scan was incomplete.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Runs mcptrust with a watchdog: a scan that blocks (on a FIFO, a loop) fails the test instead of hanging it.
fn run(args: &[&str], cwd: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    // Drain output on threads so that a large report cannot fill the pipe and stall the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut buf).unwrap();
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut buf).unwrap();
        buf
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("mcptrust {args:?} did not finish in 120 s: it blocked or looped");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: out_thread.join().unwrap(), stderr: err_thread.join().unwrap() }
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
    assert!(error_for(&doc, "b/.mcp.json")["message"].as_str().unwrap().contains("UTF-16"));
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
        (Some("skipped"), Some("symbolic link (not followed)"))
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
    use mcptrust::scan::{Scanner, Status};
    let dir = temp_dir("deleted");
    with_good_file(&dir);
    write(&dir, "gone/.mcp.json", r#"{"mcpServers": {}}"#);
    let options = Options { no_ignore: true, include: vec![], exclude: vec![], max_filesize: 1 << 20, threads: 1 };
    let discovery = discover::discover(std::slice::from_ref(&dir), &options).unwrap();
    assert_eq!(discovery.candidates.len(), 2);
    std::fs::remove_file(dir.join("gone/.mcp.json")).unwrap();
    let rules = RuleSet::load(&[]).unwrap();
    let outcomes = Scanner { rules: &rules, keep_sources: false, now: common::now() }.run(&discovery);
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
        servers.push(format!(r#""srv{i}": {{"command": "node", "args": ["/opt/s{i}.js"], "autoApprove": ["*"]}}"#));
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
