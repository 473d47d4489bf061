//! Sweeps beyond one machine: `scan --shard K/N` reads every file exactly once across the N shards, and
//! `mcptrust merge` turns the shards' reports back into the report of one unsharded scan (same findings,
//! fingerprints and summary, secret reuse across shards included), in JSON, SARIF and from JSONL.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use mcptrust::shard::shard_of;
use serde_json::{Value, json};

const SHARDS: u64 = 3;
const BASE: &str = "Q7rT2mVx9LkP4sWz8NcY3bHd6JfA1uEg5RoK";

/// A GitHub token of its own for `i`, and the same token wherever the same `i` is used.
fn token(i: usize) -> String {
    let a = (b'A' + (i % 26) as u8) as char;
    let b = (b'a' + (i / 26 % 26) as u8) as char;
    format!("ghp_{a}{b}{}", &BASE[2..])
}

fn server(name: &str, token: &str) -> String {
    format!(
        r#""{name}": {{"command": "npx", "args": ["-y", "@acme/{name}-mcp@1.2.3"], "env": {{"GITHUB_TOKEN": "{token}"}}}}"#
    )
}

fn mcp_json(servers: &[String]) -> String {
    format!("{{\"mcpServers\": {{{}}}}}\n", servers.join(", "))
}

/// Twelve repositories plus a config directly in the sweep root, with tokens reused within a shard, across two
/// shards and across all three, a file that does not parse, an ignored dependency folder and a VS Code config.
/// Returns the sweep folder and every token written.
fn sweep() -> (std::path::PathBuf, Vec<String>) {
    let dir = temp_dir("sweep");
    let repos: Vec<String> = (0..12).map(|i| format!("repo-{i:02}")).collect();
    let shard = |unit: &str| shard_of(unit, SHARDS);
    // Pairs and triples of repositories that share a token, chosen by the shards they fall to.
    let in_shard = |k: u64| repos.iter().filter(|r| shard(r) == k).cloned().collect::<Vec<_>>();
    let (s1, s2, s3) = (in_shard(1), in_shard(2), in_shard(3));
    assert!(s1.len() >= 2 && s2.len() >= 2 && s3.len() >= 2, "every shard holds repositories: {s1:?} {s2:?} {s3:?}");
    let mut shared: Vec<(usize, Vec<String>)> = vec![
        (100, vec![s1[0].clone(), s1[1].clone()]),                // within one shard
        (101, vec![s1[0].clone(), s2[0].clone()]),                // across two shards
        (102, vec![s1[1].clone(), s2[1].clone(), s3[0].clone()]), // across all three
    ];
    // The root's own config shares a token with a repository of another shard.
    let root_shard = shard(".mcp.json");
    let other = repos.iter().find(|r| shard(r) != root_shard).unwrap().clone();
    shared.push((103, vec![other.clone()]));
    write(&dir, ".mcp.json", &mcp_json(&[server("root", &token(103))]));

    let mut tokens: Vec<String> = (100..104).map(token).collect();
    for (i, repo) in repos.iter().enumerate() {
        let mut servers = vec![server("gh", &token(i))];
        tokens.push(token(i));
        for (t, holders) in &shared {
            if holders.contains(repo) {
                servers.push(server(&format!("shared{t}"), &token(*t)));
            }
        }
        write(&dir, &format!("{repo}/.mcp.json"), &mcp_json(&servers));
        if i % 4 == 1 {
            write(
                &dir,
                &format!("{repo}/.vscode/mcp.json"),
                r#"{"servers": {"remote": {"type": "http", "url": "http://mcp.example.com/mcp"}}}"#,
            );
        }
        if i == 5 {
            write(&dir, &format!("{repo}/.cursor/mcp.json"), "{\"mcpServers\": {\"broken\": ");
        }
        if i == 7 {
            write(&dir, &format!("{repo}/.gitignore"), "node_modules/\n");
            write(&dir, &format!("{repo}/node_modules/dep/.mcp.json"), &mcp_json(&[server("dep", &token(200))]));
        }
    }
    (dir, tokens)
}

fn scan(dir: &Path, extra: &[&str], out: &str, format: &str) -> std::process::Output {
    let mut args = vec!["scan", ".", "--isolated", "-f", format, "-o", out];
    args.extend_from_slice(extra);
    let o = mcptrust(&args, dir);
    // 2: the broken file makes every scan that reads it incomplete.
    assert!(matches!(o.status.code(), Some(1 | 2)), "{}", stderr(&o));
    o
}

fn read(dir: &Path, name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

fn files_of(doc: &Value) -> Vec<String> {
    doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
}

/// What must be the same in a merged and an unsharded JSON report.
fn json_findings(doc: &Value) -> BTreeSet<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            json!([
                f["rule"],
                f["path"],
                f["line"],
                f["column"],
                f["pointer"],
                f["fingerprint"],
                f["severity"],
                f["message"]
            ])
            .to_string()
        })
        .collect()
}

fn sarif_results(doc: &Value) -> BTreeSet<String> {
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0];
            json!([
                r["ruleId"],
                loc["physicalLocation"]["artifactLocation"]["uri"],
                loc["physicalLocation"]["region"]["startLine"],
                loc["logicalLocations"][0]["fullyQualifiedName"],
                r["partialFingerprints"]["mcptrust/v1"],
                r["message"]["text"]
            ])
            .to_string()
        })
        .collect()
}

fn merge(dir: &Path, inputs: &[&str], format: &str, out: &str) -> std::process::Output {
    let mut args = vec!["merge"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["-f", format, "-o", out]);
    mcptrust(&args, dir)
}

#[test]
fn three_shards_scan_every_file_once_and_merge_into_the_unsharded_report() {
    let (dir, tokens) = sweep();
    scan(&dir, &["--inventory"], "full.json", "json");
    scan(&dir, &[], "full.sarif", "sarif");
    let full = read(&dir, "full.json");
    let mut shard_files: Vec<String> = Vec::new();
    for k in 1..=SHARDS {
        let shard = format!("{k}/{SHARDS}");
        scan(&dir, &["--shard", &shard], &format!("shard-{k}.json"), "json");
        scan(&dir, &["--shard", &shard], &format!("shard-{k}.sarif"), "sarif");
        let files = files_of(&read(&dir, &format!("shard-{k}.json")));
        assert!(!files.is_empty(), "shard {shard} scanned nothing");
        // By repository: a shard holds whole repositories.
        for f in &files {
            let unit = f.split('/').next().unwrap();
            assert_eq!(shard_of(unit, SHARDS), k, "{f} is in shard {shard}");
        }
        shard_files.extend(files);
    }
    // Every candidate file in exactly one shard.
    let mut all = files_of(&full);
    all.sort();
    shard_files.sort();
    assert_eq!(shard_files, all, "the shards together read each file of the unsharded scan once");
    assert!(all.iter().any(|f| f.ends_with(".cursor/mcp.json")), "the broken file is a candidate: {all:?}");

    // The reuse across shards is what merging must find again: no single shard has it.
    let reuse_in = |doc: &Value| -> BTreeSet<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "MCP153")
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let full_reuse = reuse_in(&full);
    assert_eq!(full_reuse.len(), 4, "four reused tokens");
    let sharded_reuse: BTreeSet<String> =
        (1..=SHARDS).flat_map(|k| reuse_in(&read(&dir, &format!("shard-{k}.json")))).collect();
    assert_eq!(sharded_reuse.len(), 1, "only the reuse within one shard is seen by a shard");

    // JSON shards merged into JSON.
    let shards_json: Vec<String> = (1..=SHARDS).map(|k| format!("shard-{k}.json")).collect();
    let inputs: Vec<&str> = shards_json.iter().map(String::as_str).collect();
    let o = merge(&dir, &inputs, "json", "merged.json");
    assert_eq!(o.status.code(), Some(2), "the broken file keeps the merged sweep incomplete: {}", stderr(&o));
    let merged = read(&dir, "merged.json");
    assert_eq!(json_findings(&merged), json_findings(&full));
    assert_eq!(merged["summary"], full["summary"]);
    assert_eq!(merged["errors"], full["errors"]);
    assert_eq!(merged["files"], full["files"]);
    // The trust inventory, each relationship as the unsharded scan lists it (one per server); a shard carries
    // it unasked, an unsharded scan when asked (it costs a sweep time).
    let plain = mcptrust(&["scan", ".", "--isolated", "-f", "json"], &dir);
    assert!(json(&plain).get("inventory").is_none(), "a plain JSON report has no inventory");
    assert!(read(&dir, "shard-1.json")["inventory"].is_array());
    let relationships = full["inventory"].as_array().expect("a JSON report carries the inventory");
    assert_eq!(relationships.len() as u64, full["summary"]["servers"].as_u64().unwrap());
    assert_eq!(merged["inventory"], full["inventory"]);

    // JSON shards merged into HTML: the same totals, shares, charts and inventory table as the unsharded page.
    scan(&dir, &[], "full.html", "html");
    let o = merge(&dir, &inputs, "html", "merged.html");
    assert!(!stderr(&o).contains("warning"), "every shard carries its inventory: {}", stderr(&o));
    let page = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let (full_page, merged_page) = (page("full.html"), page("merged.html"));
    for id in ["totals", "shares", "charts", "trust"] {
        let section = |p: &str| {
            let start = p.find(&format!("<section id=\"{id}\">")).unwrap_or_else(|| panic!("no {id} section"));
            p[start..][..p[start..].find("</section>").unwrap()].to_string()
        };
        assert_eq!(section(&merged_page), section(&full_page), "the {id} section of the merged page");
    }
    assert_eq!(merged_page.matches("<tr><td>").count(), full_page.matches("<tr><td>").count());
    assert!(!merged_page.contains("inventory-gap"));

    // SARIF shards merged into SARIF: valid, and the same results as the unsharded SARIF.
    let shards_sarif: Vec<String> = (1..=SHARDS).map(|k| format!("shard-{k}.sarif")).collect();
    let inputs: Vec<&str> = shards_sarif.iter().map(String::as_str).collect();
    merge(&dir, &inputs, "sarif", "merged.sarif");
    let merged_sarif = read(&dir, "merged.sarif");
    let full_sarif = read(&dir, "full.sarif");
    assert_valid_sarif(&merged_sarif);
    assert_eq!(sarif_results(&merged_sarif), sarif_results(&full_sarif));
    assert_eq!(merged_sarif["runs"][0]["properties"]["summary"], full_sarif["runs"][0]["properties"]["summary"]);
    assert_eq!(merged_sarif["runs"][0]["artifacts"], full_sarif["runs"][0]["artifacts"]);
    assert_eq!(
        merged_sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"],
        full_sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    );

    // SARIF in, JSON out: the round trip keeps what the JSON report says.
    merge(&dir, &inputs, "json", "from-sarif.json");
    let from_sarif = read(&dir, "from-sarif.json");
    assert_eq!(json_findings(&from_sarif), json_findings(&full));
    assert_eq!(from_sarif["summary"], full["summary"]);

    // Human output of the merge: the same coverage line as the unsharded scan, and no secret anywhere.
    let human = mcptrust(&["merge", "shard-1.json", "shard-2.json", "shard-3.json", "-f", "human"], &dir);
    let unsharded = mcptrust(&["scan", ".", "--isolated", "-f", "human"], &dir);
    let last = |o: &std::process::Output| stdout(o).lines().rev().find(|l| l.starts_with("scanned")).map(String::from);
    assert_eq!(last(&human), last(&unsharded));
    for name in ["merged.json", "merged.sarif", "from-sarif.json"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        for t in &tokens {
            assert!(!text.contains(&t[4..]), "{name} holds a raw token");
        }
    }
    assert!(tokens.iter().all(|t| !stdout(&human).contains(&t[4..])));
}

/// Writes a `--format json` report as the JSONL contract says: one object a line, `type` first.
fn to_jsonl(doc: &Value) -> String {
    let mut out = String::new();
    let mut line = |kind: &str, v: &Value| {
        let mut o = serde_json::Map::new();
        o.insert("type".into(), json!(kind));
        o.extend(v.as_object().unwrap().clone());
        out.push_str(&Value::Object(o).to_string());
        out.push('\n');
    };
    for f in doc["files"].as_array().unwrap() {
        line("file", f);
    }
    for f in doc["findings"].as_array().unwrap() {
        line("finding", f);
    }
    for e in doc["errors"].as_array().unwrap() {
        line("error", e);
    }
    for r in doc["inventory"].as_array().unwrap() {
        line("relationship", r);
    }
    line("summary", &doc["summary"]);
    out
}

#[test]
fn jsonl_and_json_shards_merge_together() {
    let (dir, _) = sweep();
    scan(&dir, &["--inventory"], "full.json", "json");
    for k in 1..=SHARDS {
        scan(&dir, &["--shard", &format!("{k}/{SHARDS}")], &format!("shard-{k}.json"), "json");
    }
    let jsonl = to_jsonl(&read(&dir, "shard-2.json"));
    std::fs::write(dir.join("shard-2.jsonl"), &jsonl).unwrap();
    merge(&dir, &["shard-1.json", "shard-2.jsonl", "shard-3.json"], "json", "merged.json");
    let (merged, full) = (read(&dir, "merged.json"), read(&dir, "full.json"));
    assert_eq!(json_findings(&merged), json_findings(&full));
    assert_eq!(merged["summary"], full["summary"]);
    assert_eq!(merged["inventory"], full["inventory"]);

    // A report merged with itself is the same report: duplicates by fingerprint are dropped.
    merge(&dir, &["shard-1.json", "shard-1.json", "shard-2.jsonl", "shard-3.json"], "json", "twice.json");
    assert_eq!(json_findings(&read(&dir, "twice.json")), json_findings(&full));
    assert_eq!(read(&dir, "twice.json")["summary"], full["summary"]);
    assert_eq!(read(&dir, "twice.json")["inventory"], full["inventory"], "each relationship once");

    // The JSONL mcptrust writes (streamed) merges the same way.
    for k in 1..=SHARDS {
        scan(&dir, &["--shard", &format!("{k}/{SHARDS}")], &format!("shard-{k}.jsonl"), "jsonl");
    }
    merge(&dir, &["shard-1.jsonl", "shard-2.jsonl", "shard-3.jsonl"], "json", "from-jsonl.json");
    assert_eq!(read(&dir, "from-jsonl.json")["inventory"], full["inventory"]);
}

#[test]
fn a_shard_without_an_inventory_is_named_as_a_gap_in_the_merged_one() {
    let (dir, _) = sweep();
    scan(&dir, &["--inventory"], "full.json", "json");
    for k in 1..=SHARDS {
        let shard = format!("{k}/{SHARDS}");
        scan(&dir, &["--shard", &shard], &format!("shard-{k}.json"), "json");
        scan(&dir, &["--shard", &shard], &format!("shard-{k}.sarif"), "sarif");
    }
    let o = merge(&dir, &["shard-1.json", "shard-2.sarif", "shard-3.json"], "html", "merged.html");
    let err = stderr(&o);
    assert!(
        err.contains("warning: shard-2.sarif: lists servers but no trust inventory"),
        "the SARIF shard is named: {err}"
    );
    let page = std::fs::read_to_string(dir.join("merged.html")).unwrap();
    let gap = page.split("id=\"inventory-gap\">").nth(1).expect("the page marks the gap");
    assert!(gap.split("</p>").next().unwrap().contains("<code>shard-2.sarif</code>"), "{gap}");
    // The inventory holds the other shards' relationships, each once.
    let full = read(&dir, "full.json");
    let shard2 = read(&dir, "shard-2.json");
    let expected = full["inventory"].as_array().unwrap().len() - shard2["inventory"].as_array().unwrap().len();
    assert!(expected > 0);
    let table = page.split("<table id=\"inventory\">").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert_eq!(table.matches("<tr><td>").count(), expected);
    // A merge of SARIF alone has no inventory to show, and says why.
    let o = merge(&dir, &["shard-1.sarif", "shard-2.sarif", "shard-3.sarif"], "html", "sarif.html");
    assert_eq!(stderr(&o).matches("lists servers but no trust inventory").count(), 3, "{}", stderr(&o));
    let page = std::fs::read_to_string(dir.join("sarif.html")).unwrap();
    assert!(page.contains("id=\"inventory-gap\"") && page.contains("The trust inventory is not part of this report."));
    assert!(!page.contains("<table id=\"inventory\">"));
    // SARIF out needs no inventory: no warning.
    let o = merge(&dir, &["shard-1.json", "shard-2.sarif", "shard-3.json"], "sarif", "merged.sarif");
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn shard_by_path_reads_every_file_once_too() {
    let (dir, _) = sweep();
    scan(&dir, &["--inventory"], "full.json", "json");
    let mut seen = Vec::new();
    for k in 1..=SHARDS {
        let shard = format!("{k}/{SHARDS}");
        scan(&dir, &["--shard", &shard, "--shard-by", "path"], &format!("p-{k}.json"), "json");
        let files = files_of(&read(&dir, &format!("p-{k}.json")));
        for f in &files {
            assert_eq!(shard_of(f, SHARDS), k, "{f}");
        }
        seen.extend(files);
    }
    seen.sort();
    let mut all = files_of(&read(&dir, "full.json"));
    all.sort();
    assert_eq!(seen, all);
    let summed: u64 =
        (1..=SHARDS).map(|k| read(&dir, &format!("p-{k}.json"))["summary"]["folders_ignored"].as_u64().unwrap()).sum();
    assert_eq!(summed, read(&dir, "full.json")["summary"]["folders_ignored"].as_u64().unwrap());
}

#[test]
fn a_bad_shard_value_is_a_usage_error() {
    let dir = temp_dir("shard-usage");
    for (bad, says) in [
        ("0/3", "K must be from 1 to N"),
        ("4/3", "K must be from 1 to N"),
        ("1/0", "N must be at least 1"),
        ("two", "write K/N"),
    ] {
        let o = mcptrust(&["scan", ".", "--shard", bad], &dir);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains(says), "{bad}: {}", stderr(&o));
    }
    let o = mcptrust(&["scan", ".", "--shard-by", "path"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--shard"), "{}", stderr(&o));
}

#[test]
fn malformed_reports_are_errors_naming_file_and_line_and_the_rest_is_merged() {
    let (dir, tokens) = sweep();
    scan(&dir, &["--shard", "1/3"], "shard-1.json", "json");
    let good = read(&dir, "shard-1.json");
    let mut jsonl = to_jsonl(&read(&dir, "shard-1.json"));
    // Line 3 broken, and a finding of a rule nobody knows on the next one.
    let mut lines: Vec<String> = jsonl.lines().map(String::from).collect();
    lines.insert(2, r#"{"type": "finding", "rule": "MCP101", "#.to_string());
    let mut unknown: Value =
        serde_json::from_str(&lines.iter().find(|l| l.contains(r#""type":"finding""#)).unwrap().clone()).unwrap();
    unknown["rule"] = json!("MCP9999");
    lines.insert(3, unknown.to_string());
    jsonl = lines.join("\n") + "\n";
    std::fs::write(dir.join("bad.jsonl"), jsonl).unwrap();
    // A hostile report: a raw token and an escape sequence in a message, a file that is no report at all.
    let mut hostile = good.clone();
    hostile["findings"][0]["message"] = json!(format!("\u{1b}[2Jleaked {}", tokens[0]));
    std::fs::write(dir.join("hostile.json"), hostile.to_string()).unwrap();
    std::fs::write(dir.join("notes.json"), r#"{"hello": "world"}"#).unwrap();
    std::fs::write(dir.join("cut.json"), r#"{"findings": [], "summary": "#).unwrap();

    let o = mcptrust(
        &["merge", "bad.jsonl", "hostile.json", "notes.json", "cut.json", "missing.sarif", "-f", "json"],
        &dir,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.jsonl:3: not a JSONL record"), "{err}");
    assert!(err.contains("bad.jsonl:4: finding of rule MCP9999, which is not known"), "{err}");
    assert!(err.contains("notes.json: not a report"), "{err}");
    assert!(err.contains("cut.json: 1:"), "{err}");
    assert!(err.contains("missing.sarif: cannot read report"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
    // The good lines are merged; the errors are in the report too.
    let merged = json(&o);
    assert_eq!(json_findings(&merged).len(), json_findings(&good).len());
    let errors: Vec<&str> = merged["errors"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    for name in ["bad.jsonl", "notes.json", "cut.json", "missing.sarif"] {
        assert!(errors.contains(&name), "{errors:?}");
    }
    let out = stdout(&o);
    assert!(!out.contains(&tokens[0][4..]), "a raw token in an input never reaches the output");
    assert!(!out.contains('\u{1b}'));
}

/// The workflow and the manifests in docs/sweeps.md, by shape: what a reader copies must run.
#[test]
fn sweep_docs_manifests_have_the_right_shape() {
    let text = std::fs::read_to_string(root().join("docs/sweeps.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(b), l) => {
                b.push_str(l);
                b.push('\n');
            }
            _ => {}
        }
    }
    assert_eq!(blocks.len(), 2, "a workflow and the Kubernetes manifests");
    let docs: Vec<Value> = blocks
        .iter()
        .flat_map(|b| mcptrust::parse::yaml::parse_documents(b).unwrap_or_else(|e| panic!("{}: {b}", e.message)))
        .map(|n| n.to_json())
        .collect();

    // GitHub Actions: a matrix of shards, each scanning `--shard ${{ matrix.shard }}/N`, and a merge job.
    let workflow = docs.iter().find(|d| d.get("jobs").is_some()).expect("a workflow");
    let jobs = workflow["jobs"].as_object().unwrap();
    for (name, job) in jobs {
        assert!(job["runs-on"].is_string(), "{name}: runs-on");
        assert!(!job["steps"].as_array().unwrap().is_empty(), "{name}: steps");
    }
    let runs = |job: &Value| -> String {
        job["steps"].as_array().unwrap().iter().filter_map(|s| s["run"].as_str()).collect::<Vec<_>>().join("\n")
    };
    let uses = |job: &Value| -> Vec<String> {
        job["steps"].as_array().unwrap().iter().filter_map(|s| s["uses"].as_str().map(String::from)).collect()
    };
    let (shard_name, shard_job) = jobs.iter().find(|(_, j)| j["strategy"]["matrix"]["shard"].is_array()).unwrap();
    let matrix = shard_job["strategy"]["matrix"]["shard"].as_array().unwrap();
    let n = matrix.len();
    let ks: Vec<u64> = matrix.iter().map(|k| k.as_u64().expect("shard numbers")).collect();
    assert_eq!(ks, (1..=n as u64).collect::<Vec<_>>(), "the matrix is 1..N");
    assert!(
        runs(shard_job).contains(&format!("mcptrust scan . --shard ${{{{ matrix.shard }}}}/{n} ")),
        "{}",
        runs(shard_job)
    );
    assert!(uses(shard_job).iter().any(|u| u.starts_with("actions/upload-artifact@")));
    let (_, merge_job) = jobs.iter().find(|(_, j)| runs(j).contains("mcptrust merge")).expect("a merge job");
    assert_eq!(merge_job["needs"].as_str(), Some(shard_name.as_str()));
    assert!(uses(merge_job).iter().any(|u| u.starts_with("actions/download-artifact@")));
    assert!(uses(merge_job).iter().any(|u| u.starts_with("github/codeql-action/upload-sarif@")));
    assert_eq!(merge_job["permissions"]["security-events"], "write");

    // Kubernetes: an Indexed Job of N completions, shard $((JOB_COMPLETION_INDEX + 1))/N, and a merge Job.
    let k8s_jobs: Vec<&Value> = docs.iter().filter(|d| d["kind"] == "Job").collect();
    for j in &k8s_jobs {
        assert_eq!(j["apiVersion"], "batch/v1");
        assert!(j["metadata"]["name"].is_string());
        assert_eq!(j["spec"]["template"]["spec"]["restartPolicy"], "Never");
    }
    let command = |j: &Value| -> String {
        let c = &j["spec"]["template"]["spec"]["containers"][0];
        let parts = c["command"].as_array().into_iter().flatten().chain(c["args"].as_array().into_iter().flatten());
        parts.filter_map(|p| p.as_str()).collect::<Vec<_>>().join(" ")
    };
    let indexed = k8s_jobs.iter().find(|j| j["spec"]["completionMode"] == "Indexed").expect("an Indexed Job");
    let completions = indexed["spec"]["completions"].as_u64().unwrap();
    let parallelism = indexed["spec"]["parallelism"].as_u64().unwrap();
    assert!(parallelism >= 1 && parallelism <= completions);
    assert!(
        command(indexed).contains(&format!("mcptrust scan . --shard $((JOB_COMPLETION_INDEX + 1))/{completions} ")),
        "{}",
        command(indexed)
    );
    let merge = k8s_jobs.iter().find(|j| command(j).contains("mcptrust merge")).expect("a merge Job");
    assert!(merge["spec"].get("completionMode").is_none());
    // Both mount the same volume for the reports.
    let claim = |j: &Value| j["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"].clone();
    assert!(claim(indexed).is_string());
    assert_eq!(claim(indexed), claim(merge));
    let pvc = docs.iter().find(|d| d["kind"] == "PersistentVolumeClaim").unwrap();
    assert_eq!(pvc["metadata"]["name"], claim(indexed));
    assert!(pvc["spec"]["accessModes"].as_array().unwrap().contains(&json!("ReadWriteMany")));
}
