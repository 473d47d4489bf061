//! The GitHub Action (`action.yml`): checked against the action metadata rules, then its script steps run
//! here with bash the way a runner runs them (the step's `env:` with its expressions evaluated, GITHUB_OUTPUT
//! and the other runner files in a temporary folder), on testdata/ and on a clean folder. The upload step
//! (`uses:`) cannot run off GitHub: it is checked, not run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{root, skip, temp_dir, write};
use serde_json::Value;

fn action() -> Value {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    mcptrust::parse::yaml::parse(&text).expect("action.yml parses").to_json()
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_array().expect("runs.steps is a list")
}

/// Every `${{ ... }}` expression in a string, trimmed.
fn expressions(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"\$\{\{\s*(.*?)\s*\}\}").unwrap();
    re.captures_iter(text).map(|c| c[1].to_string()).collect()
}

/// Every string in a JSON value, with its path.
fn strings<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(s) => out.push((at, s)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| strings(v, format!("{at}[{i}]"), out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| strings(v, format!("{at}.{k}"), out)),
        _ => {}
    }
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default()
}

/// The metadata rules GitHub applies to an action (docs: "Metadata syntax for GitHub Actions"), for a
/// composite action.
#[test]
fn action_yml_follows_the_metadata_rules() {
    let action = action();
    for key in keys(&action) {
        assert!(
            ["name", "author", "description", "inputs", "outputs", "runs", "branding"].contains(&key),
            "unknown top-level key `{key}`"
        );
    }
    for key in ["name", "description"] {
        assert!(action[key].as_str().is_some_and(|s| !s.trim().is_empty()), "`{key}` is required");
    }
    assert_eq!(action["runs"]["using"], "composite");
    let input_id = regex::Regex::new(r"^[A-Za-z_][A-Za-z0-9_-]*$").unwrap();
    let inputs = action["inputs"].as_object().expect("inputs");
    for (id, input) in inputs {
        assert!(input_id.is_match(id), "input id `{id}`");
        assert!(input["description"].as_str().is_some_and(|s| !s.is_empty()), "input `{id}` has no description");
        for key in keys(input) {
            assert!(
                ["description", "required", "default", "deprecationMessage"].contains(&key),
                "input `{id}`: `{key}`"
            );
        }
        assert!(input["default"].is_string() || input["default"].is_null(), "input `{id}`: a default is a string");
    }
    for (id, output) in action["outputs"].as_object().expect("outputs") {
        assert!(output["description"].is_string(), "output `{id}` has no description");
        assert!(output["value"].is_string(), "a composite action's output `{id}` needs a value");
    }
    let colors = ["white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"];
    assert!(colors.contains(&action["branding"]["color"].as_str().unwrap_or("")), "branding colour");
    assert!(action["branding"]["icon"].is_string());

    let steps = steps(&action);
    assert!(!steps.is_empty());
    let mut ids: Vec<&str> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let name = step["name"].as_str().unwrap_or("?");
        for key in keys(step) {
            assert!(
                ["id", "name", "if", "run", "shell", "uses", "with", "env", "working-directory", "continue-on-error"]
                    .contains(&key),
                "step {i} ({name}): `{key}` is not a composite step key"
            );
        }
        match (step.get("run"), step.get("uses")) {
            (Some(run), None) => {
                assert!(run.is_string());
                let shell = step["shell"].as_str().unwrap_or_else(|| panic!("step {i} ({name}) runs without `shell`"));
                assert!(["bash", "sh", "pwsh", "powershell", "python", "cmd"].contains(&shell), "shell {shell}");
                // Script injection: no expression is ever expanded into a script, only into `env:`.
                assert!(!run.as_str().unwrap().contains("${{"), "step {i} ({name}) expands an expression in `run:`");
            }
            (None, Some(uses)) => {
                assert!(uses.as_str().is_some_and(|u| u.contains('@')), "step {i}: `uses` pins a ref");
                assert!(step.get("shell").is_none());
            }
            _ => panic!("step {i} ({name}) needs exactly one of `run` and `uses`"),
        }
        if let Some(id) = step["id"].as_str() {
            assert!(!ids.contains(&id), "step id `{id}` twice");
            ids.push(id);
        }
    }

    // Every input, step output and context an expression names exists; every input is used.
    let mut all = Vec::new();
    strings(&action, String::new(), &mut all);
    let mut used_inputs = Vec::new();
    let input_re = regex::Regex::new(r"\binputs\.([A-Za-z0-9_-]+)").unwrap();
    let output_re = regex::Regex::new(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)").unwrap();
    let context_re = regex::Regex::new(r"(?:^|[^A-Za-z0-9_.-])([a-z_]+)\.[A-Za-z]").unwrap();
    for (at, text) in &all {
        for expr in expressions(text) {
            for cap in input_re.captures_iter(&expr) {
                assert!(inputs.contains_key(&cap[1]), "{at}: `inputs.{}` is not an input", &cap[1]);
                used_inputs.push(cap[1].to_string());
            }
            for cap in output_re.captures_iter(&expr) {
                let (id, output) = (&cap[1], &cap[2]);
                let step = steps.iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("{at}: no step `{id}`"));
                let script = step["run"].as_str().unwrap_or("");
                assert!(
                    script.contains(&format!("echo \"{output}=")) && script.contains("\"$GITHUB_OUTPUT\""),
                    "{at}: step `{id}` never writes output `{output}`"
                );
                if let Some(user) = at.strip_prefix(".runs.steps[") {
                    let user: usize = user.split(']').next().unwrap().parse().unwrap();
                    let producer = steps.iter().position(|s| s["id"] == id).unwrap();
                    assert!(producer < user, "{at}: step `{id}` runs after the step that reads its output");
                }
            }
            for cap in context_re.captures_iter(&expr) {
                assert!(
                    ["inputs", "steps", "github", "runner", "env"].contains(&&cap[1]),
                    "{at}: context `{}`",
                    &cap[1]
                );
            }
        }
    }
    for id in inputs.keys() {
        assert!(used_inputs.contains(id), "input `{id}` is never used");
    }

    // The upload: code scanning's own action, after any scan outcome, of the file the scan step wrote.
    let upload = steps.iter().find(|s| s["uses"].is_string()).expect("an upload step");
    assert!(upload["uses"].as_str().unwrap().starts_with("github/codeql-action/upload-sarif@v"));
    assert!(upload["if"].as_str().unwrap().contains("always()"), "the upload runs whatever the scan found");
    assert_eq!(upload["with"]["sarif_file"], "${{ steps.scan.outputs.sarif-file }}");
    let scan = steps.iter().position(|s| s["id"] == "scan").unwrap();
    let upload_at = steps.iter().position(|s| s["uses"].is_string()).unwrap();
    let fail_at = steps.iter().position(|s| s["name"] == "Fail on findings").expect("a last step that fails the job");
    assert!(scan < upload_at && upload_at < fail_at, "scan, upload, then fail");
}

/// What a local run of the action saw: each step's exit code (`None`: not run), outputs and output text.
struct Run {
    codes: Vec<Option<i32>>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    log: String,
}

/// Runs the action's steps in `workspace` as a runner would: `bash --noprofile --norc -eo pipefail` on each
/// script, the step's env evaluated from `inputs` (over the defaults), the GitHub context and earlier steps'
/// outputs. A failed step stops the run; the `uses:` step is skipped (it only runs on GitHub).
fn run_action(workspace: &Path, given: &[(&str, &str)], server_url: Option<&str>) -> Run {
    let action = action();
    let mut inputs: BTreeMap<String, String> = action["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["default"].as_str().unwrap_or("").to_string()))
        .collect();
    for (k, v) in given {
        assert!(inputs.contains_key(*k), "no input {k}");
        inputs.insert(k.to_string(), v.to_string());
    }
    let runner = workspace.join("_runner");
    std::fs::create_dir_all(runner.join("temp")).unwrap();
    let github: BTreeMap<&str, String> = [
        ("action_path", root().display().to_string()),
        ("action_repository", "mcptrust/mcptrust".to_string()),
        ("workspace", workspace.display().to_string()),
    ]
    .into_iter()
    .collect();
    let mut run = Run { codes: Vec::new(), outputs: BTreeMap::new(), log: String::new() };
    let mut failed = false;
    let expression = regex::Regex::new(r"\$\{\{\s*(.*?)\s*\}\}").unwrap();
    for (i, step) in steps(&action).iter().enumerate() {
        let Some(script) = step["run"].as_str() else {
            run.codes.push(None);
            continue;
        };
        if failed {
            run.codes.push(None);
            continue;
        }
        assert!(step.get("if").is_none(), "the local runner does not evaluate `if:` on run steps");
        let eval = |text: &str| -> String {
            expression
                .replace_all(text, |c: &regex::Captures| {
                    let expr = &c[1];
                    let parts: Vec<&str> = expr.split('.').collect();
                    match parts.as_slice() {
                        ["inputs", name] => inputs[*name].clone(),
                        ["github", name] => github.get(name).unwrap_or_else(|| panic!("github.{name}")).clone(),
                        ["steps", id, "outputs", name] => {
                            run.outputs.get(*id).and_then(|o| o.get(*name)).cloned().unwrap_or_default()
                        }
                        _ => panic!("the local runner cannot evaluate `{expr}`"),
                    }
                })
                .into_owned()
        };
        let output = runner.join(format!("output-{i}"));
        let script_file = runner.join(format!("step-{i}.sh"));
        std::fs::write(&output, "").unwrap();
        std::fs::write(&script_file, script).unwrap();
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_file)
            .current_dir(workspace)
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_ENV", runner.join("env"))
            .env("GITHUB_PATH", runner.join("path"))
            .env("GITHUB_STEP_SUMMARY", runner.join("summary"))
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_ACTIONS", "true")
            .env("RUNNER_TEMP", runner.join("temp"))
            .env("MCPTRUST_NOW", common::now_text())
            .env("NO_COLOR", "1")
            .env_remove("MCPTRUST_FORMAT")
            .env_remove("MCPTRUST_CONFIG");
        match server_url {
            Some(url) => cmd.env("GITHUB_SERVER_URL", url),
            None => cmd.env_remove("GITHUB_SERVER_URL"),
        };
        if let Some(env) = step["env"].as_object() {
            for (k, v) in env {
                cmd.env(k, eval(v.as_str().expect("env values are strings")));
            }
        }
        let out = cmd.output().expect("bash runs");
        run.log.push_str(&String::from_utf8_lossy(&out.stdout));
        run.log.push_str(&String::from_utf8_lossy(&out.stderr));
        let mut outputs = BTreeMap::new();
        for line in std::fs::read_to_string(&output).unwrap().lines() {
            let (k, v) = line.split_once('=').unwrap_or_else(|| panic!("GITHUB_OUTPUT line `{line}`"));
            outputs.insert(k.to_string(), v.to_string());
        }
        if let Some(id) = step["id"].as_str() {
            run.outputs.insert(id.to_string(), outputs);
        }
        failed = !out.status.success();
        run.codes.push(out.status.code());
    }
    run
}

fn binary() -> String {
    env!("CARGO_BIN_EXE_mcptrust").to_string()
}

#[test]
fn the_action_reports_findings_in_sarif_and_fails_the_job() {
    let workspace = temp_dir("action-findings");
    let testdata = root().join("testdata").display().to_string();
    let run = run_action(&workspace, &[("binary", &binary()), ("paths", &testdata)], None);
    assert_eq!(run.codes, vec![Some(0), Some(0), None, Some(1)], "install, scan, (upload), fail:\n{}", run.log);
    assert_eq!(run.outputs["install"]["bin"], binary());
    assert_eq!(run.outputs["scan"]["exit-code"], "1");
    assert_eq!(run.outputs["scan"]["sarif-file"], "mcptrust.sarif");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(workspace.join("mcptrust.sarif")).unwrap())
        .expect("the SARIF report is JSON");
    common::assert_valid_sarif(&sarif);
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty(), "testdata has findings");
    assert!(run.log.contains("::error title=mcptrust::findings"), "{}", run.log);
}

#[test]
fn the_action_passes_a_clean_folder_and_fail_on_never() {
    let clean = temp_dir("action-clean");
    write(&clean, ".mcp.json", r#"{ "mcpServers": {} }"#);
    let run = run_action(&clean, &[("binary", &binary())], None);
    assert_eq!(run.codes, vec![Some(0), Some(0), None, Some(0)], "{}", run.log);
    assert_eq!(run.outputs["scan"]["exit-code"], "0");
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(clean.join("mcptrust.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));

    // Findings below the bar, and `never`: reported in the SARIF file, and the job passes.
    let workspace = temp_dir("action-never");
    let testdata = root().join("testdata").display().to_string();
    let run = run_action(
        &workspace,
        &[("binary", &binary()), ("paths", &testdata), ("fail-on", "never"), ("sarif-file", "out/r.sarif")],
        None,
    );
    assert_eq!(run.codes, vec![Some(0), Some(0), None, Some(0)], "{}", run.log);
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(workspace.join("out/r.sarif")).unwrap()).unwrap();
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn inputs_reach_the_scan_as_arguments_never_as_shell() {
    let workspace = temp_dir("action-injection");
    write(&workspace, ".mcp.json", r#"{ "mcpServers": {} }"#);
    let run = run_action(
        &workspace,
        &[
            ("binary", &binary()),
            ("paths", ". $(touch pwned-paths) `touch pwned-tick`"),
            ("args", "--select MCP101 ; touch pwned-args"),
        ],
        None,
    );
    for name in ["pwned-paths", "pwned-tick", "pwned-args", "pwned-args;"] {
        assert!(!workspace.join(name).exists(), "an input ran as shell ({name}):\n{}", run.log);
    }
    // `$(touch` is a path that does not exist: the scan is incomplete, and says so.
    assert_eq!(run.outputs["scan"]["exit-code"], "2", "{}", run.log);
}

#[test]
fn the_action_installs_a_release_binary_and_checks_its_checksum() {
    const TEST: &str = "the_action_installs_a_release_binary_and_checks_its_checksum";
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x86_64",
        "aarch64" => "aarch64",
        other => return skip(TEST, &format!("no release target for {other}")),
    };
    if std::env::consts::OS != "linux" {
        return skip(TEST, "the release layout tested is Linux's");
    }
    for tool in ["curl", "tar", "sha256sum"] {
        if !Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success()) {
            return skip(TEST, &format!("{tool} is not installed"));
        }
    }
    // A release server on disk: curl reads file:// URLs as it reads https:// ones.
    let server = temp_dir("action-release");
    let asset = format!("mcptrust-{arch}-unknown-linux-musl.tar.gz");
    let publish = |dir: &Path, checksum: Option<&str>| {
        std::fs::create_dir_all(dir).unwrap();
        let stage = dir.join("stage");
        std::fs::create_dir_all(stage.join("mcptrust-0.1.0")).unwrap();
        std::fs::copy(binary(), stage.join("mcptrust-0.1.0/mcptrust")).unwrap();
        let tar =
            Command::new("tar").arg("-czf").arg(dir.join(&asset)).arg("-C").arg(&stage).arg("mcptrust-0.1.0").status();
        assert!(tar.unwrap().success());
        std::fs::remove_dir_all(&stage).unwrap();
        let sum = Command::new("sha256sum").arg(dir.join(&asset)).output().unwrap();
        let sum = String::from_utf8_lossy(&sum.stdout).split(' ').next().unwrap().to_string();
        std::fs::write(dir.join(format!("{asset}.sha256")), format!("{}  {asset}\n", checksum.unwrap_or(&sum)))
            .unwrap();
    };
    let releases: PathBuf = server.join("mcptrust/mcptrust/releases");
    publish(&releases.join("download/v0.1.0"), None);
    publish(&releases.join("latest/download"), Some(&"0".repeat(64)));
    let url = format!("file://{}", server.display());

    let workspace = temp_dir("action-release-ws");
    write(&workspace, ".mcp.json", r#"{ "mcpServers": {} }"#);
    let run = run_action(&workspace, &[("version", "v0.1.0")], Some(&url));
    assert_eq!(run.codes, vec![Some(0), Some(0), None, Some(0)], "{}", run.log);
    let installed = &run.outputs["install"]["bin"];
    assert!(installed.starts_with(&workspace.join("_runner/temp").display().to_string()), "{installed}");
    assert!(run.log.contains(&format!("mcptrust {}", env!("CARGO_PKG_VERSION"))), "it ran --version:\n{}", run.log);
    assert!(run.log.contains("Installed the release binary"), "{}", run.log);

    // A download that does not match its checksum is never run.
    let workspace = temp_dir("action-release-bad");
    let run = run_action(&workspace, &[("version", "latest")], Some(&url));
    assert_eq!(run.codes[0], Some(1), "{}", run.log);
    assert!(run.log.contains("does not match its published SHA-256 checksum"), "{}", run.log);
    assert_eq!(run.codes[1..], [None, None, None]);
}
