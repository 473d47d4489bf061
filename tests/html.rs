//! `--format html`: the report of `testdata/` holds the scan's own counts and inventory, masks secrets, makes
//! no request, keeps hostile values (file names, server names, URLs, control characters) as text; and, in
//! Debian's headless Chromium, its script runs without an error and a `#filter=` narrows the inventory table.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{mcptrust, root, skip, stderr, temp_dir};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Scans `target` (relative to `cwd`) into `report.html` in a fresh folder; returns the page.
fn html_report(cwd: &Path, target: &str, extra: &[&str]) -> (String, PathBuf, i32) {
    let dir = temp_dir("html");
    let out = dir.join("report.html");
    let mut args = vec!["scan", target, "--isolated", "--format", "html", "-o", out.to_str().unwrap()];
    args.extend(extra);
    let o = mcptrust(&args, cwd);
    let page = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("no report ({e}): {}", stderr(&o)));
    (page, out, o.status.code().unwrap_or(-1))
}

/// The inventory table's body rows as (hidden, text of the row's markup).
fn inventory_rows(page: &str) -> Vec<(bool, String)> {
    let table = page.split("<table id=\"inventory\">").nth(1).expect("an inventory table");
    let body = table.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
    body.split("<tr").skip(1).map(|r| (r.starts_with(" hidden"), r.to_string())).collect()
}

/// Every `<tag` of the page, lower-cased, in order (not counting the text of its own style and script).
fn tags(page: &str) -> Vec<String> {
    let own = regex::Regex::new(r"(?s)(<style>|<script>).*?(</style>|</script>)").unwrap();
    let page = own.replace_all(page, "$1$2");
    let re = regex::Regex::new(r"<([a-zA-Z][a-zA-Z0-9]*)").unwrap();
    re.captures_iter(&page).map(|c| c[1].to_ascii_lowercase()).collect()
}

fn chromium_available(test: &str) -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    skip(test, &format!("{CHROMIUM} not found (apt-get install chromium; .ci/run installs it)"));
    false
}

/// Runs headless Chromium on `url` with `mode` (`--dump-dom` or `--screenshot=...`); returns (stdout, stderr).
fn chromium(url: &str, mode: &[&str]) -> (String, String) {
    let profile = temp_dir("chromium-profile");
    let o = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(mode)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(o.status.success(), "chromium failed: {}", String::from_utf8_lossy(&o.stderr));
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn assert_script_ran(dom: &str, log: &str) {
    assert!(dom.contains("<body data-js=\"ok\""), "the page's script did not finish: {}", &dom[..dom.len().min(400)]);
    let body = dom.split("<body").nth(1).and_then(|b| b.split('>').next()).unwrap_or("");
    assert!(!body.contains("data-js-error"), "the page's script threw: {body}");
    for bad in ["Uncaught", "Refused to"] {
        assert!(!log.contains(bad), "console error ({bad}): {log}");
    }
}

#[test]
fn report_of_testdata_holds_the_scans_counts_and_inventory() {
    let (page, _, code) = html_report(&root(), "testdata", &[]);
    assert_eq!(code, 1, "findings: exit 1");
    let json = common::json(&mcptrust(&["scan", "testdata", "--isolated", "--format", "json"], &root()));
    let findings = json["summary"]["findings"].as_u64().unwrap();
    assert!(findings > 0);
    assert!(page.contains(&format!("id=\"total-findings\"><b>{findings}</b>")), "total findings {findings}");
    let servers = json["summary"]["servers"].as_u64().unwrap();
    assert!(page.contains(&format!("id=\"total-servers\"><b>{servers}</b>")));
    for (sev, n) in json["summary"]["by_severity"].as_object().unwrap() {
        assert!(
            page.contains(&format!("<span class=\"sev sev-{sev}\">{sev}</span></td><td class=\"n\">{n}</td>")),
            "{sev}"
        );
    }
    // One finding block per finding, each with a code excerpt and a link to its rule's docs.
    assert_eq!(page.matches("<div class=\"finding\"").count() as u64, findings);
    assert_eq!(page.matches("<pre class=\"excerpt\">").count() as u64, findings);
    assert!(page.contains("href=\"https://github.com/mcptrust/mcptrust/blob/main/docs/rules/MCP101.md\""));
    assert!(page.contains("<a href=\"#fix-MCP101\">Fix</a>") && page.contains("id=\"fix-MCP101\""), "a fix per rule");
    // The inventory: one row per relationship `mcptrust inventory` lists.
    let inv = common::json(&mcptrust(&["inventory", "testdata", "--isolated", "--format", "json"], &root()));
    let relationships = inv.as_array().or_else(|| inv["relationships"].as_array()).expect("inventory list").len();
    assert_eq!(inventory_rows(&page).len(), relationships);
    assert!(inventory_rows(&page).iter().all(|(hidden, _)| !hidden), "without JS every row shows");
    // Repositories: the top-level folders under the scan root.
    for repo in ["testdata/acme-api", "testdata/data-pipeline", "testdata/ops"] {
        assert!(page.contains(&format!("<title>{repo}: ")), "{repo} in the repository chart");
    }
    assert!(page.contains("id=\"share-literal\""), "the literal-credential share");
    assert!(page.contains("53%"), "beside the published figure");
    // Masked: the raw token of testdata never appears; its masked form does.
    assert!(!page.contains("ghp_L7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9Q"));
    assert!(page.contains("ghp_****"));
    // Self-contained: one inline script, no external resource, a CSP that forbids fetching anything.
    assert!(page.contains("content=\"default-src 'none';"));
    assert_eq!(tags(&page).iter().filter(|t| *t == "script").count(), 1);
    for bad in ["<link", "<img", "<iframe", " src=", "url(", "@import"] {
        assert!(!page.contains(bad), "{bad} in the page");
    }
}

#[test]
fn baseline_shows_new_and_fixed() {
    let dir = temp_dir("html-baseline");
    common::write(
        &dir,
        "repo/.mcp.json",
        r#"{"mcpServers":{"gh":{"command":"npx","args":["-y","@modelcontextprotocol/server-github@1.0.0"],"env":{"GITHUB_TOKEN":"ghp_L7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9Q"}}}}"#,
    );
    let o = mcptrust(&["scan", "repo", "--isolated", "--write-baseline", "baseline.json", "--format", "json"], &dir);
    assert!(dir.join("baseline.json").exists(), "{}", stderr(&o));
    common::write(
        &dir,
        "repo/.mcp.json",
        r#"{"mcpServers":{"gh":{"command":"npx","args":["-y","@modelcontextprotocol/server-github@1.0.0"],"env":{"GITHUB_TOKEN":"${GITHUB_TOKEN}","API_KEY":"sk-proj-Xq9vT2mL8rB4nW6kP1sZ3yH7cJ5dF0gAeR2uV8iO"}}}}"#,
    );
    let (page, _, _) = html_report(&dir, "repo", &["--baseline", "baseline.json"]);
    let fixed = regex::Regex::new(r#"id="baseline-fixed">(\d+) fixed"#).unwrap();
    let new = regex::Regex::new(r#"id="baseline-new">(\d+) new"#).unwrap();
    let n = |re: &regex::Regex| re.captures(&page).map(|c| c[1].parse::<usize>().unwrap()).expect("baseline counts");
    assert!(n(&fixed) >= 1, "the literal GitHub token is fixed");
    assert!(n(&new) >= 1, "the OpenAI key is new");
    assert!(page.contains("<span class=\"new\">new</span>"));
    assert!(!page.contains("sk-proj-Xq9vT2mL8rB4nW6kP1sZ3yH7cJ5dF0gAeR2uV8iO"));
}

#[test]
fn a_repository_is_the_nearest_folder_holding_git_else_the_top_level_folder() {
    let dir = temp_dir("html-repositories");
    let config = r#"{"mcpServers":{"gh":{"command":"gh-mcp","env":{"GITHUB_TOKEN":"ghp_L7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9Q"}}}}"#;
    let files = [
        ("sweep/r1/.git/HEAD", "ref: refs/heads/main\n"),
        ("sweep/r1/sub/.mcp.json", config),
        ("sweep/r1/vendor/inner/.git/HEAD", "ref: refs/heads/main\n"),
        ("sweep/r1/vendor/inner/.mcp.json", config),
        // A worktree's `.git` is a file.
        ("sweep/group/r2/.git", "gitdir: /elsewhere\n"),
        ("sweep/group/r2/.cursor/mcp.json", config),
        (
            "sweep/loose/deep/.vscode/mcp.json",
            r#"{"servers":{"gh":{"command":"gh-mcp","env":{"GITHUB_TOKEN":"ghp_L7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9Q"}}}}"#,
        ),
        ("sweep/.mcp.json", config),
    ];
    for (path, text) in files {
        common::write(&dir, path, text);
    }
    let doc = common::json(&mcptrust(&["scan", "sweep", "--isolated", "--format", "json"], &dir));
    let repository: std::collections::BTreeMap<String, String> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_string(), f["repository"].as_str().unwrap_or("-").to_string()))
        .collect();
    let expected: std::collections::BTreeMap<String, String> = [
        ("sweep/r1/sub/.mcp.json", "sweep/r1"),
        ("sweep/r1/vendor/inner/.mcp.json", "sweep/r1/vendor/inner"),
        ("sweep/group/r2/.cursor/mcp.json", "sweep/group/r2"),
        ("sweep/loose/deep/.vscode/mcp.json", "sweep/loose"),
        ("sweep/.mcp.json", "sweep"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(repository, expected);
    let (page, _, _) = html_report(&dir, "sweep", &[]);
    for repo in expected.values() {
        assert!(page.contains(&format!("<title>{repo}: ")), "{repo} in the repository chart");
    }
}

/// A tree whose folder name, server names, URL and values are hostile.
fn hostile_tree() -> PathBuf {
    let dir = temp_dir("html-hostile");
    let folder = "<script>alert(1)<\\script>\"><img src=x onerror=alert(2)>";
    let config = r#"{"mcpServers":{
  "\"><img src=x onerror=alert(3)>": {"command":"npx","args":["-y","<script>alert(4)</script>"],
     "env":{"GITHUB_TOKEN":"ghp_L7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9Q","NOTE\u001b[31m":"\u001b]8;;javascript:alert(5)\u0007x"}},
  "ctl\u001b[2J\u0007x": {"command":"node","args":["s.js"]},
  "javascript:alert(6)": {"url":"javascript:alert(7)//<svg onload=alert(8)>","headers":{"Authorization":"Bearer ${TOKEN}"}}
}}"#;
    common::write(&dir.join(folder), ".mcp.json", config);
    common::write(
        &dir.join(folder),
        ".claude/settings.json",
        r#"{"permissions":{"allow":["mcp__\"><img src=x onerror=alert(9)>"]},"enableAllProjectMcpServers":true}"#,
    );
    dir
}

fn assert_no_markup_from_values(page: &str) {
    // Every tag is one this page writes itself; no event handler, no script URL, no raw control character.
    let own = [
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "main", "section", "div",
        "b", "small", "table", "thead", "tbody", "tr", "th", "td", "span", "svg", "g", "text", "rect", "code", "pre",
        "a", "ul", "li", "details", "summary", "input", "script",
    ];
    for t in tags(page) {
        assert!(own.contains(&t.as_str()), "<{t}> is not the page's own markup");
    }
    assert_eq!(tags(page).iter().filter(|t| *t == "script").count(), 1);
    assert!(!page.contains("<img") && !page.contains("<svg onload"));
    let handler = regex::Regex::new(r#"<[^>]*\son[a-z]+\s*="#).unwrap();
    assert!(!handler.is_match(page), "an event handler attribute: {:?}", handler.find(page));
    let href = regex::Regex::new(r#"href="([^"]*)""#).unwrap();
    for c in href.captures_iter(page) {
        let ok = c[1].starts_with("https://github.com/mcptrust/mcptrust/")
            || (c[1].starts_with("#fix-")
                && c[1][5..].chars().all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '-'));
        assert!(ok, "a link not to the rule docs or a fix: {}", &c[1]);
    }
    assert!(!page.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "a raw control character");
    assert!(!page.contains("ghp_L7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9Q"));
}

#[test]
fn hostile_values_stay_text() {
    let dir = hostile_tree();
    let (page, _, _) = html_report(&dir, ".", &[]);
    assert_no_markup_from_values(&page);
    // Shown, as text.
    assert!(page.contains("&lt;script&gt;alert(1)"), "the folder name is shown escaped");
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"), "the server name is shown escaped");
    assert!(page.contains("javascript:alert(6)"), "a server named like a URL is text");
    assert!(page.contains("ctl\\x1b[2J\\x07x"), "control characters as visible escapes");
}

#[test]
fn hostile_values_stay_text_in_the_browser() {
    if !chromium_available("hostile_values_stay_text_in_the_browser") {
        return;
    }
    let dir = hostile_tree();
    let (_, out, _) = html_report(&dir, ".", &[]);
    let (dom, log) = chromium(&format!("file://{}", out.display()), &["--dump-dom"]);
    assert_script_ran(&dom, &log);
    // After the browser parsed it and the script ran, the DOM holds the values as text and nothing else.
    assert_no_markup_from_values(&dom);
    assert!(dom.contains("&lt;script&gt;alert(1)"));
    assert!(dom.contains("\"&gt;&lt;img src=x onerror=alert(3)&gt;"), "the server name is a text node");
}

#[test]
fn browser_renders_testdata_and_a_filter_narrows_the_inventory() {
    if !chromium_available("browser_renders_testdata_and_a_filter_narrows_the_inventory") {
        return;
    }
    let (_, out, _) = html_report(&root(), "testdata", &[]);
    let url = format!("file://{}", out.display());
    let (dom, log) = chromium(&url, &["--dump-dom"]);
    assert_script_ran(&dom, &log);
    let all = inventory_rows(&dom);
    assert!(all.len() >= 10 && all.iter().all(|(hidden, _)| !hidden), "every row shows without a filter");
    let (dom, log) = chromium(&format!("{url}#filter=cline"), &["--dump-dom"]);
    assert_script_ran(&dom, &log);
    let rows = inventory_rows(&dom);
    assert_eq!(rows.len(), all.len(), "filtering hides rows, it does not remove them");
    let shown: Vec<&String> = rows.iter().filter(|(hidden, _)| !hidden).map(|(_, r)| r).collect();
    assert!(!shown.is_empty() && shown.len() < all.len(), "the filter narrows: {} of {}", shown.len(), all.len());
    assert!(shown.iter().all(|r| r.contains("cline")), "every row shown matches");
    assert!(dom.contains(&format!("id=\"shown\">{}</span>", shown.len())), "the count follows the filter");
    // A screenshot of the page as drawn.
    let png = out.with_file_name("report.png");
    chromium(&url, &[&format!("--screenshot={}", png.display()), "--window-size=1280,2000", "--hide-scrollbars"]);
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000, "a real screenshot ({} bytes)", bytes.len());
}

#[test]
fn merge_writes_html_too() {
    let dir = temp_dir("html-merge");
    let shard = dir.join("shard.json");
    let shard_args = ["scan", "testdata", "--isolated", "--shard", "1/1", "--format", "json", "-o"];
    let o = mcptrust(&[&shard_args[..], &[shard.to_str().unwrap()]].concat(), &root());
    assert!(shard.exists(), "{}", stderr(&o));
    let out = dir.join("merged.html");
    let o = mcptrust(&["merge", shard.to_str().unwrap(), "--format", "html", "-o", out.to_str().unwrap()], &root());
    let page = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    let json = common::json(&mcptrust(&["scan", "testdata", "--isolated", "--format", "json"], &root()));
    let findings = json["summary"]["findings"].as_u64().unwrap();
    assert!(page.contains(&format!("id=\"total-findings\"><b>{findings}</b>")));
    assert!(page.contains("<title>testdata/acme-api: "), "repositories from the paths in a merged report");
    assert_eq!(tags(&page).iter().filter(|t| *t == "script").count(), 1);
    // The shard's inventory, row for row.
    let (unsharded, _, _) = html_report(&root(), "testdata", &[]);
    assert!(!inventory_rows(&unsharded).is_empty());
    assert_eq!(inventory_rows(&page), inventory_rows(&unsharded));
    // A JSON report scanned without --shard or --inventory holds none: the page says so, and names it.
    let plain = dir.join("plain.json");
    mcptrust(&["scan", "testdata", "--isolated", "--format", "json", "-o", plain.to_str().unwrap()], &root());
    let out = dir.join("plain.html");
    let o = mcptrust(&["merge", plain.to_str().unwrap(), "--format", "html", "-o", out.to_str().unwrap()], &root());
    assert!(stderr(&o).contains("plain.json: lists servers but no trust inventory"), "{}", stderr(&o));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("id=\"inventory-gap\"") && !page.contains("<table id=\"inventory\">"));
}
