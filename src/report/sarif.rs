//! `--format sarif`: SARIF 2.1.0 for code-scanning services. Hand-written structs for just what we emit.

use serde::Serialize;
use serde_json::json;

use super::{Each, Report};
use crate::rules::{RuleMeta, Severity};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound = "")]
struct Log<'a, R: Iterator<Item = serde_json::Value>, A: Iterator<Item = serde_json::Value>> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    version: &'a str,
    runs: [Run<R, A>; 1],
}

/// Results and artifacts are written as they are made, one at a time: a sweep's report is never held whole.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound = "")]
struct Run<R: Iterator<Item = serde_json::Value>, A: Iterator<Item = serde_json::Value>> {
    tool: serde_json::Value,
    original_uri_base_ids: serde_json::Value,
    results: Each<R>,
    /// Every file read, with what JSON's `files` says of it: `merge` rebuilds coverage from it.
    artifacts: Each<A>,
    invocations: Vec<serde_json::Value>,
    column_kind: &'static str,
    /// `summary`: the counts JSON's summary holds, for `merge` (what ignore rules removed is in no result).
    properties: serde_json::Value,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn help_markdown(r: &RuleMeta) -> String {
    let d = &r.docs;
    let files = |doc: &crate::rules::pack::DocFile| -> String {
        doc.files().iter().map(|(path, content)| format!("`{path}`:\n```\n{content}```\n")).collect()
    };
    format!(
        "## What it does\n{}\n## Why is this bad?\n{}\n## Example\n{}\n## Use instead\n{}",
        d.what,
        d.why,
        files(&d.example),
        files(&d.use_instead)
    )
}

/// Where the documentation lives: the repository Cargo.toml names, on its main branch.
fn docs_base() -> String {
    format!("{}/blob/main", env!("CARGO_PKG_REPOSITORY"))
}

/// The ids of the built-in rules: those have a page under `docs/rules/` (written by `mcptrust generate`); a
/// rule from a user's pack does not, and gets no `helpUri` rather than a dead link.
fn builtin_ids() -> &'static std::collections::BTreeSet<String> {
    static IDS: std::sync::OnceLock<std::collections::BTreeSet<String>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        crate::rules::pack::Pack::builtin()
            .unwrap_or_default()
            .into_iter()
            .flat_map(|(_, pack)| pack.rules.into_iter().map(|r| r.id))
            .collect()
    })
}

/// The page of a built-in rule's docs; `None` for a rule from a user's pack.
pub(crate) fn rule_docs_url(r: &RuleMeta) -> Option<String> {
    builtin_ids().contains(&r.id).then(|| format!("{}/{}/{}.md", docs_base(), crate::generate::RULE_DOCS, r.id))
}

fn rule_descriptor(r: &RuleMeta) -> serde_json::Value {
    let mut tags = vec!["security".to_string(), r.category.name().to_string()];
    tags.extend(r.tags.iter().cloned());
    let mut descriptor = json!({
        "id": r.id,
        "name": r.slug,
        "shortDescription": { "text": r.name },
        "fullDescription": { "text": r.docs.what.trim() },
        "help": { "text": format!("{}\n\n{}", r.docs.what.trim(), r.docs.why.trim()), "markdown": help_markdown(r) },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "tags": tags,
            "precision": "high",
            "security-severity": r.severity.score(),
        }
    });
    if let Some(url) = rule_docs_url(r) {
        descriptor["helpUri"] = json!(url);
    }
    descriptor
}

/// Writes the log to `out` as it serializes, never holding the whole text in memory.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let rules: Vec<serde_json::Value> = report.rules.iter().map(|r| rule_descriptor(r)).collect();
    let results = report.findings.iter().map(|f| {
        let index = report.rules.iter().position(|r| r.id == f.finding.rule.id);
        let mut result = json!({
            "ruleId": f.finding.rule.id,
            "level": level(f.finding.severity),
            "message": { "text": f.finding.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": artifact(report, &f.path),
                    "region": {
                        "startLine": f.start.line,
                        "startColumn": f.start.column,
                        "endLine": f.end.line,
                        "endColumn": f.end.column,
                    }
                },
                "logicalLocations": [{ "fullyQualifiedName": f.finding.pointer, "kind": "object" }],
            }],
            "partialFingerprints": { "mcptrust/v1": f.finding.fingerprint },
            "properties": {
                "severity": f.finding.severity.name(),
                "client": f.client.slug(),
                "server": f.finding.server,
                "security-severity": f.finding.severity.score(),
            },
        });
        if let Some(i) = index {
            result["ruleIndex"] = json!(i);
        }
        // A finding that carries another rule's verdict on the same place lists every category.
        if !f.finding.also_in.is_empty() {
            let tags: Vec<&str> = f.finding.categories().iter().map(|c| c.name()).collect();
            result["properties"]["tags"] = json!(tags);
        }
        if let Some(s) = &f.suppressed {
            let kind = match s.kind {
                crate::policy::suppress::SuppressionKind::Inline => "inSource",
                crate::policy::suppress::SuppressionKind::Config => "external",
            };
            result["suppressions"] = json!([{ "kind": kind, "status": "accepted", "justification": s.reason }]);
        }
        // What `merge` needs to recompute secret reuse and keep merged verdicts: never a secret.
        if let Some(id) = &f.finding.secret_hash {
            result["properties"]["credential_id"] = json!(id);
            if let Some(masked) = &f.finding.masked {
                result["properties"]["masked"] = json!(masked);
            }
        }
        if !f.finding.merged.is_empty() {
            result["properties"]["merged_rules"] = json!(f.finding.merged);
        }
        if let Some(s) = f.suppressed.as_ref().filter(|s| s.expires.is_some()) {
            result["suppressions"][0]["properties"] = json!({ "expires": json!(s)["expires"] });
        }
        if let Some(state) = f.baseline {
            result["baselineState"] = json!(state);
        }
        if let Some(origin) = report.origin(&f.path) {
            if let Some(by) = &origin.ignored_by {
                result["properties"]["ignored_by"] = json!(by);
            }
            if let Some(committed) = origin.committed {
                result["properties"]["committed"] = json!(committed);
            }
        }
        result
    });
    let notifications: Vec<serde_json::Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut location = json!({ "physicalLocation": { "artifactLocation": artifact(report, &e.path) } });
            if let (Some(line), Some(column)) = (e.line, e.column) {
                location["physicalLocation"]["region"] = json!({ "startLine": line, "startColumn": column });
            }
            json!({ "level": "error", "message": { "text": e.message }, "locations": [location] })
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": {
                "name": "mcptrust",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": format!("{}/README.md", docs_base()),
                "rules": rules,
            }}),
            original_uri_base_ids: json!({ "%SRCROOT%": { "description": {
                "text": "The repository root (the folder holding .git) of the directory mcptrust ran in, else that directory."
            } } }),
            results: Each::new(results),
            artifacts: Each::new(report.files.iter().map(|f| {
                let mut properties = json!({
                    "path": f.path,
                    "client": f.client.map(|c| c.slug()),
                    "format": f.syntax.name(),
                    "servers": f.servers,
                    "status": f.status,
                });
                if let Some(reason) = &f.reason {
                    properties["reason"] = json!(reason);
                }
                if let Some(by) = &f.origin.ignored_by {
                    properties["ignored_by"] = json!(by);
                }
                if let Some(committed) = f.origin.committed {
                    properties["committed"] = json!(committed);
                }
                json!({ "location": artifact(report, &f.path), "properties": properties })
            })),
            invocations: vec![json!({
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            })],
            column_kind: "unicodeCodePoints",
            properties: json!({ "summary": report.summary }),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

/// Where SARIF places a file: relative to `%SRCROOT%` (the repository root), or an absolute `file://` URI for a
/// file outside it. A path discovery did not place (an error before reading) is taken as relative.
fn artifact(report: &Report, path: &str) -> serde_json::Value {
    match report.origin(path) {
        Some(o) => match &o.repo_path {
            Some(rel) => json!({ "uri": uri(rel), "uriBaseId": "%SRCROOT%" }),
            None => json!({ "uri": format!("file://{}", uri(&o.absolute)) }),
        },
        None => json!({ "uri": uri(path), "uriBaseId": "%SRCROOT%" }),
    }
}

/// A relative URI reference: `/`-separated, with characters outside the URI grammar percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
