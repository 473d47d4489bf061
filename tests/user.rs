//! `mcptrust scan --user` on a fake home: every client's user config is found at its per-OS location and
//! read as that client; nothing outside those locations is read. The binary runs with every variable the
//! location table reads pointed into the fake home, so the machine's own home is never scanned.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use regex::Regex;

/// A GitHub classic token of the real shape, distinct per place (`n` < 1000).
fn token(n: usize) -> String {
    format!("ghp_U{n:03}mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoKq")
}

struct Home {
    /// The fake home folder.
    home: PathBuf,
    /// Where the binary runs: an empty folder outside the home.
    cwd: PathBuf,
    xdg: PathBuf,
    codex: PathBuf,
    copilot: PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let base = temp_dir(name);
        let home = base.join("home");
        let cwd = base.join("cwd");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&cwd).unwrap();
        // Not the defaults (~/.config, ~/.codex, ~/.copilot): the variables must be what decides.
        Home {
            xdg: home.join("xdg-config"),
            codex: home.join("codex-home"),
            copilot: home.join("copilot-home"),
            home,
            cwd,
        }
    }

    /// The per-OS folder that holds Claude Desktop's and the VS Code family's folders.
    fn app_data(&self) -> PathBuf {
        if cfg!(target_os = "macos") {
            self.home.join("Library/Application Support")
        } else if cfg!(windows) {
            self.home.join("AppData/Roaming")
        } else {
            self.xdg.clone()
        }
    }

    /// Zed's folder: `~/.config/zed` on macOS, `XDG_CONFIG_HOME/zed` on Linux, `%APPDATA%\Zed` on Windows.
    fn zed(&self) -> PathBuf {
        if cfg!(target_os = "macos") {
            self.home.join(".config/zed")
        } else if cfg!(windows) {
            self.app_data().join("Zed")
        } else {
            self.xdg.join("zed")
        }
    }

    fn goose(&self) -> PathBuf {
        if cfg!(windows) {
            self.app_data().join("Block/goose/config/config.yaml")
        } else {
            self.xdg.join("goose/config.yaml")
        }
    }

    fn write(&self, path: &Path, content: &str) -> PathBuf {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        path.to_path_buf()
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mcptrust"));
        cmd.args(args)
            .current_dir(&self.cwd)
            .env_remove("MCPTRUST_FORMAT")
            .env_remove("MCPTRUST_CONFIG")
            .env("MCPTRUST_NOW", now_text())
            .env("NO_COLOR", "1")
            .env("HOME", &self.home)
            .env("USERPROFILE", &self.home)
            .env("APPDATA", self.home.join("AppData/Roaming"))
            .env("LOCALAPPDATA", self.home.join("AppData/Local"))
            .env("XDG_CONFIG_HOME", &self.xdg)
            .env("CODEX_HOME", &self.codex)
            .env("COPILOT_HOME", &self.copilot)
            .env("ProgramFiles", self.home.join("Program Files"))
            .env("ProgramData", self.home.join("ProgramData"));
        cmd.output().expect("mcptrust runs")
    }
}

/// An `mcpServers` file with one server carrying `secret`.
fn mcp_servers(secret: &str) -> String {
    format!(
        r#"{{"mcpServers": {{"github": {{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.2.3"], "env": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{secret}"}}}}}}}}"#
    )
}

/// Writes one config per client into the fake home, each with its own token. Returns (client slug, file, token
/// number) for each.
fn populate(h: &Home) -> Vec<(&'static str, PathBuf, usize)> {
    let mut placed = Vec::new();
    let mut put = |client: &'static str, path: PathBuf, n: usize, content: String| {
        placed.push((client, h.write(&path, &content), n));
    };
    let proj = h.home.join("projects/app");
    put(
        "claude-code",
        h.home.join(".claude.json"),
        1,
        format!(
            r#"{{"numStartups": 3, "mcpServers": {{"github": {{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.2.3"], "env": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{}"}}}}}}, "projects": {{"{}": {{"mcpServers": {{"local-gh": {{"type": "http", "url": "https://api.githubcopilot.com/mcp/", "headers": {{"Authorization": "Bearer {}"}}}}}}}}}}}}"#,
            token(1),
            proj.to_string_lossy().replace('\\', "\\\\"),
            token(2)
        ),
    );
    put("claude-desktop", h.app_data().join("Claude/claude_desktop_config.json"), 3, mcp_servers(&token(3)));
    put("cursor", h.home.join(".cursor/mcp.json"), 4, mcp_servers(&token(4)));
    let vscode_server = |n: usize| {
        format!(
            r#"{{"type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.2.3"], "env": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{}"}}}}"#,
            token(n)
        )
    };
    put(
        "vscode",
        h.app_data().join("Code/User/mcp.json"),
        5,
        format!(r#"{{"servers": {{"github": {}}}}}"#, vscode_server(5)),
    );
    put(
        "vscode",
        h.app_data().join("Code/User/profiles/6a1f2b/mcp.json"),
        6,
        format!(r#"{{"servers": {{"github": {}}}}}"#, vscode_server(6)),
    );
    put(
        "vscode-settings",
        h.app_data().join("Code/User/settings.json"),
        7,
        format!(
            "{{\n  // JSONC, as VS Code writes it\n  \"mcp\": {{\"servers\": {{\"github\": {}}}}}\n}}",
            vscode_server(7)
        ),
    );
    put(
        "vscode",
        h.app_data().join("VSCodium/User/mcp.json"),
        8,
        format!(r#"{{"servers": {{"github": {}}}}}"#, vscode_server(8)),
    );
    put("windsurf", h.home.join(".codeium/windsurf/mcp_config.json"), 9, mcp_servers(&token(9)));
    put(
        "cline",
        h.app_data().join("Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
        10,
        mcp_servers(&token(10)),
    );
    put(
        "roo",
        h.app_data().join("Cursor/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
        11,
        mcp_servers(&token(11)),
    );
    put(
        "codex",
        h.codex.join("config.toml"),
        12,
        format!(
            "[mcp_servers.github]\ncommand = \"npx\"\nargs = [\"-y\", \"@modelcontextprotocol/server-github@1.2.3\"]\nenv = {{ GITHUB_PERSONAL_ACCESS_TOKEN = \"{}\" }}\n",
            token(12)
        ),
    );
    put(
        "zed",
        h.zed().join("settings.json"),
        13,
        format!(
            r#"{{"context_servers": {{"github": {{"source": "custom", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@1.2.3"], "env": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{}"}}}}}}}}"#,
            token(13)
        ),
    );
    put(
        "goose",
        h.goose(),
        14,
        format!(
            "extensions:\n  github:\n    enabled: true\n    type: stdio\n    name: github\n    cmd: npx\n    args: [\"-y\", \"@modelcontextprotocol/server-github@1.2.3\"]\n    envs:\n      GITHUB_PERSONAL_ACCESS_TOKEN: \"{}\"\n",
            token(14)
        ),
    );
    put("gemini", h.home.join(".gemini/settings.json"), 15, mcp_servers(&token(15)));
    put("amazonq", h.home.join(".aws/amazonq/mcp.json"), 16, mcp_servers(&token(16)));
    put("kiro", h.home.join(".kiro/settings/mcp.json"), 17, mcp_servers(&token(17)));
    put(
        "opencode",
        h.xdg.join("opencode/opencode.json"),
        18,
        format!(
            r#"{{"mcp": {{"github": {{"type": "local", "command": ["npx", "-y", "@modelcontextprotocol/server-github@1.2.3"], "environment": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{}"}}}}}}}}"#,
            token(18)
        ),
    );
    put("lmstudio", h.home.join(".lmstudio/mcp.json"), 19, mcp_servers(&token(19)));
    put("copilot-cli", h.copilot.join("mcp-config.json"), 20, mcp_servers(&token(20)));
    put(
        "claude-agent",
        h.home.join(".claude/agents/triage.md"),
        21,
        format!(
            "---\nname: triage\ndescription: Triage issues\ntools: Read, mcp__tracker__list\nmcpServers:\n  - tracker:\n      type: http\n      url: https://tracker.example.com/mcp\n      headers:\n        Authorization: \"Bearer {}\"\n---\nLabel issues.\n",
            token(21)
        ),
    );
    placed
}

/// The places that must not be read: a project folder `~/.claude.json` lists, and a stray config elsewhere in
/// the home. Returns their tokens' numbers.
fn outside(h: &Home) -> Vec<usize> {
    h.write(&h.home.join("projects/app/.mcp.json"), &mcp_servers(&token(90)));
    h.write(
        &h.home.join("projects/app/.vscode/mcp.json"),
        &format!(r#"{{"servers": {{"gh": {{"command": "x", "env": {{"T": "{}"}}}}}}}}"#, token(91)),
    );
    h.write(&h.home.join("Downloads/old/.cursor/mcp.json"), &mcp_servers(&token(92)));
    h.write(&h.home.join(".claude/settings.local.json.bak/mcp.json"), &mcp_servers(&token(93)));
    vec![90, 91, 92, 93]
}

/// The findings on the placed tokens (each placed file holds one token; `~/.claude.json` two), by where they
/// sit: an env value or an Authorization header.
fn token_findings(doc: &serde_json::Value) -> Vec<&serde_json::Value> {
    let on_token = |p: &str| p.ends_with("GITHUB_PERSONAL_ACCESS_TOKEN") || p.ends_with("headers/Authorization");
    doc["findings"].as_array().unwrap().iter().filter(|f| on_token(f["pointer"].as_str().unwrap())).collect()
}

fn path_text(p: &Path) -> String {
    mcptrust::discover::paths::normalize(p)
}

#[test]
fn scan_user_finds_every_clients_user_config() {
    let h = Home::new("user-clients");
    let placed = populate(&h);
    let forbidden = outside(&h);
    let out = h.run(&["scan", "--user", "--format", "json"]);
    let doc = json(&out);
    assert_eq!(out.status.code(), Some(1), "findings, nothing incomplete: {}{}", stdout(&out), stderr(&out));
    let files = doc["files"].as_array().unwrap();
    let findings = token_findings(&doc);
    let clients: std::collections::BTreeSet<&str> = placed.iter().map(|(c, _, _)| *c).collect();
    assert!(clients.len() >= 8, "at least eight clients: {clients:?}");
    for (client, path, _) in &placed {
        let path = path_text(path);
        let file = files.iter().find(|f| f["path"] == path.as_str());
        let file = file.unwrap_or_else(|| panic!("{path} scanned; files: {files:#?}"));
        assert_eq!(file["client"], *client, "{path} read as {client}");
        assert_eq!(file["status"], "scanned", "{path}");
        let here: Vec<_> = findings.iter().filter(|f| f["path"] == path.as_str()).collect();
        assert!(!here.is_empty(), "the token in {path} is found");
        let client_of_finding = here[0]["client"].as_str().unwrap();
        // Task files' findings name their family's client.
        assert!(client_of_finding == *client || *client == "claude-agent", "{path}: {client_of_finding}");
    }
    // `projects.*.mcpServers` inside ~/.claude.json is the file's own content, so it is read.
    let claude_json = path_text(&h.home.join(".claude.json"));
    let pointers: Vec<&str> =
        findings.iter().filter(|f| f["path"] == claude_json.as_str()).map(|f| f["pointer"].as_str().unwrap()).collect();
    assert!(pointers.iter().any(|p| p.starts_with("/projects/")), "local-scope server in ~/.claude.json: {pointers:?}");
    // Nothing else in the home: every file read there is one of the placed ones (a machine-wide location such
    // as /etc/claude-code/managed-settings.json, outside the fake home, is listed as found).
    let placed_paths: Vec<String> = placed.iter().map(|(_, p, _)| path_text(p)).collect();
    let locations = doc["user_locations"].as_array().expect("user_locations with --user");
    let home = path_text(&h.home);
    for f in files {
        let path = f["path"].as_str().unwrap();
        if path.starts_with(&home) {
            assert!(placed_paths.iter().any(|p| p == path), "{path} was read, but it is at no user location");
        } else {
            assert!(locations.iter().any(|l| l["path"] == path && l["found"] == true), "{path} was read");
        }
    }
    let all = format!("{}{}", stdout(&out), stderr(&out));
    for n in placed.iter().map(|(_, _, n)| *n).chain([2]).chain(forbidden) {
        assert!(!all.contains(&token(n)[4..]), "token {n} shown raw");
    }
    // ~/.claude.json names the project folder (its pointers say so), but no file in it is read.
    for rel in ["projects/app", "Downloads"] {
        let dir = path_text(&h.home.join(rel));
        let read = doc["files"].as_array().unwrap().iter().chain(doc["errors"].as_array().unwrap());
        assert!(!read.into_iter().any(|f| f["path"].as_str().unwrap().starts_with(&dir)), "{rel} was read");
    }
    // The locations checked, with full paths; the ones placed are found (a task file, as its folder).
    for path in &placed_paths {
        let holds = |l: &&serde_json::Value| {
            let at = l["path"].as_str().unwrap();
            path == at || (l["kind"] == "folder" && path.starts_with(&format!("{at}/")))
        };
        let l = locations.iter().find(holds);
        assert!(l.is_some_and(|l| l["found"] == true), "{path} listed as found");
    }
    let absent = locations.iter().find(|l| l["path"] == path_text(&h.home.join(".kiro/agents")).as_str()).unwrap();
    assert_eq!((absent["found"].as_bool(), absent["kind"].as_str()), (Some(false), Some("folder")));
    // The stray copies hold tokens 90-93: the count of token findings is exactly the placed files' (1 each, 2 in
    // ~/.claude.json).
    let in_home =
        findings.iter().filter(|f| f["category"] == "secret" && f["path"].as_str().unwrap().starts_with(&home)).count();
    assert_eq!(in_home, placed.len() + 1, "{findings:#?}");
}

#[test]
fn user_summary_and_verbose_listing() {
    let h = Home::new("user-verbose");
    h.write(&h.home.join(".cursor/mcp.json"), &mcp_servers(&token(4)));
    h.write(&h.codex.join("config.toml"), "model = \"o3\"\n");
    let out = h.run(&["scan", "--user"]);
    let text = stdout(&out);
    let lines = logical_lines(&text);
    let last = lines.last().unwrap();
    assert!(last.starts_with("scanned 2 files"), "{last}");
    let summary = Regex::new(r", 2 of (\d+) user locations found").unwrap();
    let checked: usize = summary.captures(last).unwrap_or_else(|| panic!("{last}"))[1].parse().unwrap();
    assert!(checked > 40, "{last}");
    assert!(!text.contains("absent"), "the listing is --verbose only:\n{text}");

    let out = h.run(&["scan", "--user", "-v"]);
    let text = stdout(&out);
    assert!(text.contains(&format!("user locations checked (2 of {checked} user locations found):")), "{text}");
    assert!(text.contains("found   cursor"), "{text}");
    let cursor = text.lines().find(|l| l.contains("found   cursor")).unwrap();
    assert!(cursor.ends_with("  ~/.cursor/mcp.json"), "home shown as ~: {cursor}");
    let codex = text.lines().find(|l| l.contains("found   codex")).unwrap();
    assert!(codex.ends_with("~/codex-home/config.toml"), "CODEX_HOME honoured: {codex}");
    assert!(text.lines().any(|l| l.starts_with("  absent  claude-code") && l.ends_with("~/.claude.json")), "{text}");
    let listed = text.lines().filter(|l| l.starts_with("  found ") || l.starts_with("  absent ")).count();
    assert_eq!(listed, checked);
}

#[test]
fn user_combines_with_paths_and_alone_skips_the_current_directory() {
    let h = Home::new("user-paths");
    h.write(&h.home.join(".cursor/mcp.json"), &mcp_servers(&token(4)));
    h.write(&h.cwd.join(".mcp.json"), &mcp_servers(&token(5)));
    let paths = |out: &Output| -> Vec<String> {
        json(out)["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
    };
    let cursor = path_text(&h.home.join(".cursor/mcp.json"));
    assert_eq!(
        paths(&h.run(&["scan", "--user", "--format", "json"])),
        std::slice::from_ref(&cursor),
        "--user alone: not `.`"
    );
    let both = h.run(&["scan", "--user", ".", "--format", "json"]);
    assert_eq!(paths(&both), [".mcp.json".to_string(), cursor]);
    let out = h.run(&["scan", "--format", "json"]);
    assert_eq!(paths(&out), [".mcp.json"], "without --user: `.` and no user location");
    assert!(json(&out).get("user_locations").is_none(), "no user_locations without --user");
    // Naming the home as a path too reads each file once, as its client.
    let out = h.run(&["scan", "--user", "../home", "--format", "json"]);
    let files = json(&out)["files"].as_array().unwrap().clone();
    let cursors: Vec<_> = files.iter().filter(|f| f["client"] == "cursor").collect();
    assert_eq!(cursors.len(), 1, "{files:#?}");
    // `inventory --user` reads the same locations.
    let out = h.run(&["inventory", "--user", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"cursor\""), "{}", stdout(&out));
}

#[test]
fn broken_user_configs_are_errors_naming_the_file_and_the_scan_goes_on() {
    let h = Home::new("user-broken");
    h.write(&h.home.join(".cursor/mcp.json"), "{\"mcpServers\": {\"a\": ");
    h.write(&h.home.join(".kiro/settings/mcp.json"), &mcp_servers(&token(17)));
    #[cfg(unix)]
    std::os::unix::fs::symlink(h.home.join("nowhere.json"), h.home.join(".claude.json")).unwrap();
    let out = h.run(&["scan", "--user", "--color", "never"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(2), "incomplete: {text}{}", stderr(&out));
    let cursor = path_text(&h.home.join(".cursor/mcp.json"));
    assert!(logical_lines(&text).iter().any(|l| l.starts_with(&format!("error: {cursor}:1:"))), "{text}");
    #[cfg(unix)]
    assert!(
        logical_lines(&text)
            .iter()
            .any(|l| l.starts_with(&format!("error: {}", path_text(&h.home.join(".claude.json"))))),
        "{text}"
    );
    assert!(
        logical_lines(&text).last().unwrap().contains("1 kiro), 1 server, 2 findings, 2 errors"),
        "the Kiro file is still scanned: {text}"
    );
}

#[test]
fn hostile_home_paths_are_escaped() {
    let mut h = Home::new("user-hostile");
    h.codex = h.home.join("co\x1b[2Jdex");
    h.write(&h.codex.join("config.toml"), "model = \"o3\"\n");
    let out = h.run(&["scan", "--user", "-v"]);
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "raw escape reached the terminal: {text:?}");
    assert!(text.contains("found   codex") && text.contains("co\\x1b[2Jdex"), "{text}");
}

#[test]
fn no_home_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_mcptrust"))
        .args(["scan", "--user"])
        .env_remove("HOME")
        .env_remove("USERPROFILE")
        .env("MCPTRUST_NOW", now_text())
        .current_dir(temp_dir("user-nohome"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--user: HOME"), "{}", stderr(&out));
}
