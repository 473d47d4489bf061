//! The pre-commit hook (`.pre-commit-hooks.yaml`): its `files` regex passes every file mcptrust knows as a
//! config, and, run by pre-commit itself from this checkout, it blocks a commit that adds a hard-coded token
//! and passes a clean one.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{root, skip, temp_dir, write};

/// The hook manifest as JSON (read with mcptrust's own YAML parser).
fn manifest() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    mcptrust::parse::yaml::parse(&text).expect(".pre-commit-hooks.yaml parses").to_json()
}

fn hook() -> serde_json::Value {
    let hooks = manifest();
    let hooks = hooks.as_array().expect("the manifest is a list of hooks");
    assert_eq!(hooks.len(), 1);
    hooks[0].clone()
}

/// The `files` regex as pre-commit applies it (Python's `re.search`: unanchored, so `^`/`$` in the pattern
/// do the anchoring). The pattern is written in a syntax Rust's regex crate reads the same way: `(?ix)`,
/// groups, alternation, classes.
fn files_regex() -> regex::Regex {
    let hook = hook();
    regex::Regex::new(hook["files"].as_str().expect("files is a string")).expect("files is a valid regex")
}

#[test]
fn the_manifest_declares_the_hook_the_readme_shows() {
    let hook = hook();
    assert_eq!(hook["id"], "mcptrust");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["entry"], "mcptrust scan");
    assert_eq!(hook["pass_filenames"], true);
    for key in ["name", "description", "files"] {
        assert!(hook[key].as_str().is_some_and(|s| !s.trim().is_empty()), "hook has no {key}");
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("- id: mcptrust"), "the README shows the pre-commit snippet");
}

/// Every string literal in `src/model/clients/mod.rs` (where `classify` and its folder lists live), as the
/// candidate names and folders to build paths from: a name or folder added there is tried here without
/// anyone listing it again.
fn literals() -> Vec<String> {
    let source = include_str!("../src/model/clients/mod.rs");
    let re = regex::Regex::new(r#""([A-Za-z0-9._ -]+)""#).unwrap();
    let mut out: Vec<String> = re.captures_iter(source).map(|c| c[1].to_string()).collect();
    out.sort();
    out.dedup();
    out
}

/// Every path of up to two folders (and the three-folder plugin layout) built from the literals that
/// `classify` names must match the hook's `files`, or pre-commit would never pass that config to the hook.
#[test]
fn the_files_regex_matches_every_location_classify_knows() {
    let files = files_regex();
    let literals = literals();
    let is_name = |s: &str| s.len() > 1 && s[1..].contains('.');
    let mut names: Vec<String> = literals.iter().filter(|s| is_name(s)).cloned().collect();
    // Suffix patterns (`.agent.md`, `.config.toml`) and extensions only (`json`), as a file's name.
    names.extend(literals.iter().filter(|s| s.starts_with('.')).map(|s| format!("x{s}")));
    names.extend(["x.md", "x.json", "x.jsonc", "x.json5", "x.yaml", "x.yml", "x.toml", "SKILL.md"].map(String::from));
    let mut dirs: Vec<String> = literals.iter().filter(|s| !is_name(s) && !s.contains(' ')).cloned().collect();
    dirs.extend(["x", "Code", "Code - Insiders", "User", ".Claude"].map(String::from));
    let mut paths: Vec<String> = Vec::new();
    for name in &names {
        paths.push(name.clone());
        for a in &dirs {
            paths.push(format!("{a}/{name}"));
            for b in &dirs {
                paths.push(format!("{a}/{b}/{name}"));
            }
        }
        paths.push(format!("plugins/x/agents/{name}"));
        paths.push(format!("plugins/x/commands/{name}"));
        paths.push(format!("Library/Application Support/Code - Insiders/User/{name}"));
    }
    let mut known = 0;
    let mut missed = Vec::new();
    for path in &paths {
        if mcptrust::model::clients::classify(Path::new(path)).is_some() {
            known += 1;
            if !files.is_match(path) {
                missed.push(path.as_str());
            }
        }
    }
    assert!(known > 10_000, "the candidate paths reach classify's locations ({known} known)");
    missed.truncate(40);
    assert!(missed.is_empty(), ".pre-commit-hooks.yaml `files` misses known config locations:\n{}", missed.join("\n"));
}

#[test]
fn the_files_regex_matches_real_locations_and_not_other_files() {
    let files = files_regex();
    for path in [
        ".mcp.json",
        "sub/.vscode/mcp.json",
        ".vscode/settings.json",
        "home/Library/Application Support/Code/User/mcp.json",
        ".cursor/mcp.json",
        ".codex/config.toml",
        ".config/goose/config.yaml",
        ".continue/mcpServers/pg.yaml",
        ".kiro/settings/mcp.json",
        ".codeium/windsurf/mcp_config.json",
        ".claude/settings.local.json",
        ".claude/skills/deploy/SKILL.md",
        ".github/prompts/fix.prompt.md",
        "docs/review.agent.md",
        "claude_desktop_config.json",
        "server.json",
        "smithery.yaml",
        ".MCP.JSON",
    ] {
        assert!(files.is_match(path), "`files` misses {path}");
    }
    for path in [
        "src/main.rs",
        "package.json",
        "README.md",
        "docs/guide.md",
        "Cargo.toml",
        "config.yaml",
        "settings.json",
        ".github/workflows/ci.yml",
        "tsconfig.json",
        "mcp.json.bak",
        "notmcp.json",
    ] {
        assert!(!files.is_match(path), "`files` passes {path}, which is no config location");
    }
}

fn run(program: &str, args: &[&str], cwd: &Path) -> Output {
    Command::new(program).args(args).current_dir(cwd).output().unwrap_or_else(|e| panic!("{program} {args:?}: {e}"))
}

fn git(args: &[&str], cwd: &Path) {
    let out = run("git", args, cwd);
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// `pre-commit try-repo` of this checkout in a fresh repository, on its staged files. pre-commit builds the
/// hook with `cargo install --path .` of a clone: the build is made cheap (no LTO, no optimisation) and kept
/// under target/pre-commit, so a rerun compiles only mcptrust itself. pre-commit's rust language gives the
/// build its own CARGO_HOME, so the dependencies are fetched from crates.io on each run.
fn try_repo(repo: &Path) -> Output {
    let cache = root().join("target").join("pre-commit");
    Command::new("pre-commit")
        .args(["try-repo", root().to_str().unwrap(), "mcptrust", "--verbose", "--color", "never"])
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", cache.join("home"))
        .env("CARGO_TARGET_DIR", cache.join("target"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_TERM_COLOR", "never")
        .env("MCPTRUST_NOW", common::now_text())
        .env_remove("MCPTRUST_FORMAT")
        .env_remove("MCPTRUST_CONFIG")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("pre-commit runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn pre_commit_blocks_a_leaked_token_and_passes_a_clean_config() {
    const TEST: &str = "pre_commit_blocks_a_leaked_token_and_passes_a_clean_config";
    if !Command::new("pre-commit").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return skip(TEST, "pre-commit is not installed (`pip install pre-commit`; .ci/run installs it)");
    }
    if !Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return skip(TEST, "git is not installed");
    }
    if !run("git", &["rev-parse", "--git-dir"], &root()).status.success() {
        return skip(TEST, "this checkout is not a git repository (pre-commit try-repo clones it)");
    }
    let repo = temp_dir("pre-commit");
    git(&["init", "-q"], &repo);
    git(&["config", "user.email", "test@example.com"], &repo);
    git(&["config", "user.name", "test"], &repo);
    git(&["config", "commit.gpgsign", "false"], &repo);

    let token = "ghp_Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK";
    let leaked = format!(
        r#"{{ "mcpServers": {{ "github": {{ "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": {{ "GITHUB_PERSONAL_ACCESS_TOKEN": "{token}" }} }} }} }}"#
    );
    write(&repo, ".mcp.json", &leaked);
    write(&repo, "notes.txt", &format!("not a config, never passed to the hook: {token}\n"));
    git(&["add", ".mcp.json", "notes.txt"], &repo);
    let out = try_repo(&repo);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "the leaked token blocks the commit:\n{shown}");
    assert!(shown.contains("Failed") && shown.contains("- hook id: mcptrust"), "{shown}");
    assert!(shown.contains("MCP101"), "the hook's output names the rule:\n{shown}");
    assert!(shown.contains(".mcp.json"), "and the file:\n{shown}");
    assert!(!shown.contains(&token[4..]), "the token is masked in the hook's output:\n{shown}");
    assert!(!shown.contains("notes.txt"), "a file outside `files` is not passed:\n{shown}");

    let clean = r#"{ "mcpServers": { "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}" } } } }"#;
    write(&repo, ".mcp.json", clean);
    git(&["add", ".mcp.json"], &repo);
    let out = try_repo(&repo);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "a clean config passes:\n{shown}");
    assert!(shown.contains("Passed"), "{shown}");
}
