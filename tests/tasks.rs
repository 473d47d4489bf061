//! Per-task files: subagents, commands, skills, prompts, agent profiles, recipes, roles and permission files,
//! as a user would commit them next to their MCP configs.

mod common;

use std::collections::BTreeMap;

use common::{json, mcptrust, temp_dir, write};
use mcptrust::model::task::{FileModel, ToolSet, resolve};
use mcptrust::rules::RuleSet;

/// One file of each kind: the risky ones, and beside them the safe ones that must stay silent.
const REPO: &[(&str, &str)] = &[
    (".mcp.json", r#"{"mcpServers": {"github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}}}"#),
    // Risky.
    (
        ".claude/agents/release.md",
        "---\nname: release\ndescription: Cut a release\ntools: Read, Bash\npermissionMode: bypassPermissions\n---\nTag it.\n",
    ),
    (
        ".claude/agents/wide.md",
        "---\nname: wide\ndescription: Everything\n---\nBody.\n\n---\n\nA rule in the body, not frontmatter: `permissionMode: bypassPermissions`.\n",
    ),
    (
        ".claude/commands/ship.md",
        "---\ndescription: Ship\nallowed-tools:\n  - Read\n  - mcp__github\n  - Bash(git push:*)\n---\nBranch: !`git branch --show-current`\n",
    ),
    (".claude/skills/deploy/SKILL.md", "---\nname: deploy\ndescription: Deploy\nallowed-tools: Bash\n---\nDeploy.\n"),
    (".github/agents/triage.agent.md", "---\ndescription: Triage\ntools: ['*']\n---\nTriage.\n"),
    (".opencode/agents/builder.md", "---\ndescription: Build\npermission: allow\n---\nBuild.\n"),
    (
        ".gemini/agents/db.md",
        "---\nname: db\ndescription: DB\ntools: [mcp_analytics_query]\nmcp_servers:\n  analytics:\n    command: analytics-mcp\n    trust: true\n---\n",
    ),
    (
        "recipes/notes.yaml",
        "version: 1.0.0\ntitle: Notes\ndescription: Draft notes\nprompt: Draft\nextensions:\n  - type: stdio\n    name: github\n    cmd: github-mcp-server\n    args: [stdio]\n",
    ),
    (
        ".codex/agents/yolo.toml",
        "name = \"yolo\"\ndescription = \"x\"\ndeveloper_instructions = \"x\"\napproval_policy = \"never\"\nsandbox_mode = \"danger-full-access\"\n",
    ),
    (".cursor/cli.json", r#"{"permissions": {"allow": ["Mcp(*:*)"]}}"#),
    (
        ".kiro/agents/ops.json",
        r#"{"name": "ops", "tools": ["*"], "allowedTools": ["@github"], "includeMcpJson": true}"#,
    ),
    // Safe.
    (
        ".claude/agents/narrow.md",
        "---\nname: narrow\ndescription: Read one issue\ntools: Read, mcp__github__get_issue\n---\nRead.\n",
    ),
    (".claude/commands/look.md", "---\ndescription: Look\nallowed-tools: Read\n---\nLook at !`date`.\n"),
    (
        "recipes/scoped.yaml",
        "version: 1.0.0\ntitle: Scoped\ndescription: Scoped\nprompt: Go\nextensions:\n  - type: stdio\n    name: github\n    cmd: github-mcp-server\n    args: [stdio]\n    available_tools: [list_pull_requests]\n",
    ),
    (".github/prompts/fix.prompt.md", "---\ndescription: Fix\ntools: ['github/get_issue']\n---\nFix.\n"),
    ("README.md", "---\ntitle: not a task\n---\npermissionMode: bypassPermissions\n"),
];

fn scan_repo(name: &str) -> serde_json::Value {
    let dir = temp_dir(name);
    for (path, content) in REPO {
        write(&dir, path, content);
    }
    json(&mcptrust(&["scan", ".", "--format", "json"], &dir))
}

/// (path, rule, line, column, pointer) of every finding.
fn places(doc: &serde_json::Value) -> Vec<(String, String, u64, u64, String)> {
    let mut out: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["pointer"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn each_risky_task_is_reported_at_its_place_and_safe_ones_stay_silent() {
    let doc = scan_repo("tasks-repo");
    let got = places(&doc);
    let has = |path: &str, rule: &str, line: u64, column: u64, pointer: &str| {
        assert!(
            got.iter().any(|g| g == &(path.to_string(), rule.to_string(), line, column, pointer.to_string())),
            "missing {path} {rule} {line}:{column} {pointer} in {got:#?}"
        );
    };
    has(".claude/agents/release.md", "MCP321", 5, 17, "/permissionMode");
    has(".claude/agents/wide.md", "MCP324", 2, 1, "");
    has(".claude/commands/ship.md", "MCP322", 5, 5, "/allowed-tools/1");
    has(".claude/commands/ship.md", "MCP326", 8, 11, "");
    has(".claude/skills/deploy/SKILL.md", "MCP322", 4, 16, "/allowed-tools/0");
    has(".github/agents/triage.agent.md", "MCP324", 3, 8, "/tools");
    has(".opencode/agents/builder.md", "MCP321", 3, 13, "/permission");
    has(".gemini/agents/db.md", "MCP321", 8, 12, "/mcp_servers/analytics/trust");
    has("recipes/notes.yaml", "MCP324", 6, 5, "/extensions/0");
    has(".codex/agents/yolo.toml", "MCP301", 4, 19, "/approval_policy");
    has(".cursor/cli.json", "MCP301", 1, 28, "/permissions/allow/0");
    has(".kiro/agents/ops.json", "MCP324", 1, 26, "/tools");
    has(".kiro/agents/ops.json", "MCP322", 1, 50, "/allowedTools/0");
    // The body of a Markdown file is no frontmatter, whatever it holds after a `---`.
    assert!(!got.iter().any(|g| g.0 == ".claude/agents/wide.md" && g.1 == "MCP321"), "{got:#?}");
    for safe in
        [".claude/agents/narrow.md", ".claude/commands/look.md", "recipes/scoped.yaml", ".github/prompts/fix.prompt.md"]
    {
        assert!(!got.iter().any(|g| g.0 == safe), "{safe} should be silent: {got:#?}");
    }
    // Every task file is listed with its client; other Markdown is not read at all.
    let files: BTreeMap<&str, &str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["client"].as_str().unwrap()))
        .collect();
    for (path, client) in [
        (".claude/agents/release.md", "claude-agent"),
        (".claude/commands/look.md", "claude-command"),
        (".claude/skills/deploy/SKILL.md", "claude-skill"),
        (".github/agents/triage.agent.md", "vscode-agent"),
        (".github/prompts/fix.prompt.md", "vscode-prompt"),
        (".opencode/agents/builder.md", "opencode-agent"),
        (".gemini/agents/db.md", "gemini-agent"),
        ("recipes/notes.yaml", "goose-recipe"),
        ("recipes/scoped.yaml", "goose-recipe"),
        (".codex/agents/yolo.toml", "codex-role"),
        (".cursor/cli.json", "cursor-cli"),
        (".kiro/agents/ops.json", "kiro-agent"),
    ] {
        assert_eq!(files.get(path), Some(&client), "{path} in {files:#?}");
    }
    assert!(!files.contains_key("README.md"));
}

#[test]
fn sarif_and_human_outputs_carry_task_findings() {
    let dir = temp_dir("tasks-outputs");
    for (path, content) in REPO {
        write(&dir, path, content);
    }
    let sarif = json(&mcptrust(&["scan", ".", "--format", "sarif"], &dir));
    common::assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "MCP326"));
    let human = common::stdout(&mcptrust(&["scan", ".", "--color", "never"], &dir));
    assert!(human.contains("MCP321") && human.contains(".claude/agents/release.md:5:17"), "{human}");
}

fn resolved(files: &[(&str, &str)]) -> Vec<(String, Vec<(String, ToolSet)>)> {
    let rules = RuleSet::load(&[]).unwrap();
    let outcomes = common::scanner(&rules, false).scan_texts(files);
    let models: Vec<FileModel> = outcomes
        .iter()
        .filter_map(|o| Some(FileModel { path: &o.path, client: o.client?, model: o.model.as_ref()? }))
        .collect();
    resolve(&models)
        .into_iter()
        .map(|r| {
            let task = &models[r.file].model.tasks[r.task];
            (task.name.clone(), r.servers.into_iter().map(|s| (s.server, s.visible)).collect())
        })
        .collect()
}

#[test]
fn a_subagent_without_tools_reaches_every_server_of_its_project_and_the_user() {
    let got = resolved(&[
        ("home/.claude.json", r#"{"mcpServers": {"notes": {"command": "notes-mcp"}}}"#),
        ("home/app/.mcp.json", r#"{"mcpServers": {"github": {"command": "gh-mcp"}, "db": {"command": "db-mcp"}}}"#),
        ("home/other/.mcp.json", r#"{"mcpServers": {"elsewhere": {"command": "x"}}}"#),
        ("home/app/.claude/agents/all.md", "---\nname: all\ndescription: x\n---\n"),
        ("home/app/.claude/agents/one.md", "---\nname: one\ndescription: x\ntools: mcp__github__get_issue\n---\n"),
        ("home/app/.claude/agents/none.md", "---\nname: none\ndescription: x\ntools: Read, Grep\n---\n"),
    ]);
    let by_name: BTreeMap<String, Vec<(String, ToolSet)>> = got.into_iter().collect();
    assert_eq!(
        by_name["all"],
        [("db".to_string(), ToolSet::All), ("github".to_string(), ToolSet::All), ("notes".to_string(), ToolSet::All)]
    );
    assert_eq!(by_name["one"], [("github".to_string(), ToolSet::Some(vec!["get_issue".to_string()]))]);
    assert!(by_name["none"].is_empty(), "{:?}", by_name["none"]);
}

#[test]
fn dangling_references_are_reported_only_where_the_session_is_known() {
    let rules = RuleSet::load(&[]).unwrap();
    let scan = |files: &[(&str, &str)]| {
        let outcomes = common::scanner(&rules, false).scan_texts(files);
        outcomes.iter().flat_map(|o| o.findings.iter().map(|l| l.finding.rule.id.clone())).collect::<Vec<_>>()
    };
    let agent = (
        "app/.claude/agents/t.md",
        "---\nname: t\ndescription: x\ntools: mcp__tracker__list\nmcpServers: [tracker]\n---\n",
    );
    let defined = ("app/.mcp.json", r#"{"mcpServers": {"docs": {"command": "docs-mcp"}}}"#);
    assert_eq!(scan(&[agent, defined]).iter().filter(|r| *r == "MCP325").count(), 1, "one finding per name");
    assert!(!scan(&[agent]).contains(&"MCP325".to_string()), "no config scanned: the name is unresolved, not dangling");
    let fills = ("app/.mcp.json", r#"{"mcpServers": {"tracker": {"command": "tracker-mcp"}}}"#);
    assert!(!scan(&[agent, fills]).contains(&"MCP325".to_string()));
}

#[test]
fn broken_frontmatter_is_an_error_with_its_place_and_the_scan_goes_on() {
    let dir = temp_dir("tasks-broken");
    write(&dir, ".claude/agents/bad.md", "---\nname: bad\ntools: [Read\n---\nbody\n");
    write(&dir, ".claude/agents/open.md", "---\nname: open\n");
    write(&dir, ".claude/agents/ok.md", "---\nname: ok\ndescription: x\npermissionMode: bypassPermissions\n---\n");
    write(&dir, ".claude/commands/plain.md", "# No frontmatter\n\nJust text, and --- a rule.\n");
    let out = mcptrust(&["scan", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(2), "a file that does not parse makes the scan incomplete");
    let doc = json(&out);
    let status = |p: &str| doc["files"].as_array().unwrap().iter().find(|f| f["path"] == p).unwrap()["status"].clone();
    assert_eq!(status(".claude/agents/bad.md"), "error");
    assert_eq!(status(".claude/agents/open.md"), "error");
    assert_eq!(status(".claude/commands/plain.md"), "scanned", "no frontmatter is not an error");
    assert!(places(&doc).iter().any(|p| p.0 == ".claude/agents/ok.md" && p.1 == "MCP321"));
    let stderr = common::stdout(&mcptrust(&["scan", ".", "--color", "never"], &dir))
        + &common::stderr(&mcptrust(&["scan", ".", "--color", "never"], &dir));
    assert!(stderr.contains(".claude/agents/bad.md:4:1: YAML frontmatter parse error"), "{stderr}");
    assert!(stderr.contains("never closed"), "{stderr}");
}

#[test]
fn a_secret_in_a_task_files_inline_server_is_found_and_masked() {
    let dir = temp_dir("tasks-secret");
    let token = "ghp_R8x2Kq9LmN4vT7pW3sY6zA1bC5dE0fG2hJ8k";
    write(
        &dir,
        ".claude/agents/x.md",
        &format!(
            "---\nname: x\ndescription: x\ntools: Read\nmcpServers:\n  - gh:\n      command: gh-mcp\n      env:\n        GITHUB_TOKEN: {token}\n---\n"
        ),
    );
    for format in ["json", "sarif", "human"] {
        let out = mcptrust(&["scan", ".", "--format", format], &dir);
        let text = common::stdout(&out) + &common::stderr(&out);
        assert!(text.contains("MCP101"), "{format}: {text}");
        assert!(!text.contains(&token[8..]), "{format} leaks the token");
    }
}

/// Real task files from public repositories (`tests/corpus/tasks/SOURCES.tsv`), every finding per file.
#[test]
fn task_corpus_findings_per_file() {
    let corpus = common::root().join("tests/corpus/tasks");
    let doc = json(&mcptrust(&["scan", ".", "--format", "json", "--no-ignore"], &corpus));
    let mut per_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in doc["files"].as_array().unwrap() {
        let entry =
            per_file.entry(format!("{} [{}]", f["path"].as_str().unwrap(), f["client"].as_str().unwrap_or("?")));
        let lines = entry.or_default();
        if f["status"] != "scanned" {
            lines.push(format!("  {}", f["status"].as_str().unwrap_or("?")));
        }
    }
    for f in doc["findings"].as_array().unwrap() {
        let key = format!("{} [{}]", f["path"].as_str().unwrap(), f["client"].as_str().unwrap());
        per_file.entry(key).or_default().push(format!(
            "  {} {:<8} {} {}",
            f["rule"].as_str().unwrap(),
            f["severity"].as_str().unwrap(),
            f["pointer"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        ));
    }
    for e in doc["errors"].as_array().unwrap() {
        let path = e["path"].as_str().unwrap();
        if let Some((_, lines)) = per_file.iter_mut().find(|(k, _)| k.starts_with(&format!("{path} ["))) {
            lines.push(format!("  error {}:{} {}", e["line"], e["column"], e["message"].as_str().unwrap_or("")));
        }
    }
    let clients: std::collections::BTreeSet<&str> =
        doc["files"].as_array().unwrap().iter().filter_map(|f| f["client"].as_str()).collect();
    assert!(doc["files"].as_array().unwrap().len() >= 40 && clients.len() >= 8, "{clients:?}");
    let mut text = String::new();
    for (path, lines) in per_file {
        text.push_str(&format!("{path}: {}\n", lines.len()));
        for l in lines {
            text.push_str(&l);
            text.push('\n');
        }
    }
    insta::assert_snapshot!("task_corpus_findings_per_file", text);
}

#[test]
fn the_inventory_shows_the_task_server_matrix_and_each_servers_tasks() {
    let dir = temp_dir("tasks-inventory");
    for (path, content) in REPO {
        write(&dir, path, content);
    }
    let doc = json(&mcptrust(&["inventory", "--tasks", ".", "--format", "json"], &dir));
    let tasks = doc["tasks"].as_array().unwrap();
    let task = |name: &str| tasks.iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("{name}: {doc:#}"));
    assert_eq!(task("narrow")["servers"][0]["visible"]["some"][0], "get_issue");
    assert_eq!(task("ship")["servers"][0]["preapproved"], "all", "allowed-tools: mcp__github");
    assert_eq!(task("release")["approval"], "permissionMode: bypassPermissions");
    let table = common::stdout(&mcptrust(&["inventory", "--tasks", "."], &dir));
    let ship = table.lines().find(|l| l.starts_with("ship ")).unwrap();
    assert!(ship.contains("all +auto all"), "{table}");
    // Per server: the relationship lists the tasks that reach it.
    let rels = json(&mcptrust(&["inventory", ".", "--format", "json"], &dir));
    let github = rels["relationships"].as_array().unwrap().iter().find(|r| r["file"] == ".mcp.json").unwrap();
    let names: Vec<&str> = github["tasks"].as_array().unwrap().iter().map(|t| t["task"].as_str().unwrap()).collect();
    assert!(names.contains(&"narrow") && names.contains(&"wide") && !names.contains(&"look-nothing"), "{names:?}");
}

#[test]
fn an_approval_for_some_tasks_reports_the_others_that_reach_the_server() {
    let dir = temp_dir("tasks-trust");
    for (path, content) in REPO {
        write(&dir, path, content);
    }
    write(
        &dir,
        "mcptrust.toml",
        "[[trust]]\nserver = \"github\"\nowner = \"sec\"\ntasks = [\"narrow\", \"wide\", \"release\", \"ship\", \"look\", \"deploy\", \"triage\", \"fix\"]\nexpires = 2099-01-01\n",
    );
    let doc = json(&mcptrust(&["scan", ".", "--format", "json"], &dir));
    let beyond: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "MCP968")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // The recipes define a `github` server of their own, which the entry (for any client) covers; the Kiro
    // agent includes Kiro's `mcp.json`, not Claude Code's `.mcp.json`, so it reaches no `github`.
    assert_eq!(beyond, ["recipes/notes.yaml", "recipes/scoped.yaml"], "{doc:#}");
}

#[test]
fn escalation_paths_follow_hand_offs_to_the_servers_only_the_target_reaches() {
    let dir = temp_dir("tasks-escalation");
    write(&dir, ".mcp.json", r#"{"mcpServers": {"docs": {"command": "docs-mcp"}}}"#);
    write(&dir, ".claude/commands/audit.md", "---\ndescription: Audit\ncontext: fork\nagent: auditor\n---\nAudit.\n");
    write(
        &dir,
        ".claude/agents/auditor.md",
        "---\nname: auditor\ndescription: x\ntools: Read, mcp__db__query\nmcpServers:\n  - db:\n      command: db-mcp\n---\n",
    );
    write(
        &dir,
        ".github/agents/plan.agent.md",
        "---\ndescription: Plan\ntools: ['docs/*']\nhandoffs:\n  - label: Build\n    agent: builder\n    send: true\n---\n",
    );
    let doc = json(&mcptrust(&["inventory", "--tasks", ".", "--format", "json"], &dir));
    let tasks = doc["tasks"].as_array().unwrap();
    let task = |name: &str| tasks.iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("{name}: {doc:#}"));
    let audit = task("audit");
    assert_eq!(audit["routes"][0]["target"], "auditor");
    assert_eq!(audit["routes"][0]["automatic"], true);
    assert_eq!(audit["routes"][0]["resolved"], true);
    assert_eq!(audit["escalation"][0]["server"], "db", "the command reaches db only through the subagent: {audit:#}");
    assert_eq!(audit["escalation"][0]["through"], "auditor");
    let plan = task("plan");
    assert_eq!(
        (plan["routes"][0]["target"].as_str(), plan["routes"][0]["resolved"].as_bool()),
        (Some("builder"), Some(false))
    );
}
