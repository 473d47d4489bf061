//! Checks that look across files, run once after every file has been read: the same credential in several
//! places (OWASP NHI9), grants that name a server no file of the project defines, and the link from each
//! grant to the servers it reaches.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::engine::{Detector, Finding, RuleSet};
use super::redact::{Redacted, Redactor};
use super::{Category, RuleMeta};
use crate::model::{Client, Model, Reach, project_root};
use crate::rules::mask::keyed_hash;

pub struct CrossFile<'a> {
    pub index: usize,
    pub path: &'a str,
    /// The path fingerprints use (relative to the repository root).
    pub key: &'a str,
    pub client: Client,
    pub model: Option<&'a Model>,
    pub findings: Vec<&'a Finding>,
    /// Knows the file's secrets: every message written here about the file goes through it.
    pub redactor: &'a Redactor,
}

/// Where a cross-file finding is shown: at an existing finding of the file, or at its own span.
pub enum Anchor {
    Finding(usize),
    Span,
}

pub struct CrossHit {
    pub file: usize,
    pub anchor: Anchor,
    pub finding: Finding,
}

#[derive(Default)]
pub struct CrossOutput {
    pub hits: Vec<CrossHit>,
    /// (file, finding, text to append to its message).
    pub amendments: Vec<(usize, usize, Redacted)>,
    /// (file, finding, category, rule id): another rule's verdict on the same place, merged into the finding.
    pub also_in: Vec<(usize, usize, Category, String)>,
}

/// Whether the checks across files may still change `f` (append to its message, merge a category into it):
/// grant findings and tasks that inherit every tool, the only ones `amendments` and `also_in` name. A report
/// that streams each file as it is done holds these back until the whole tree is read.
pub fn may_amend(f: &Finding) -> bool {
    f.rule.category == Category::Grant || f.rule.slug == "task-inherits-all-tools"
}

fn rule_with_check<'a>(rules: &'a RuleSet, name: &str) -> Option<&'a Arc<RuleMeta>> {
    rules
        .rules
        .iter()
        .find(|r| matches!(&r.detector, Detector::Check(_)) && r.check.as_deref() == Some(name))
        .map(|r| &r.meta)
}

pub fn run(rules: &RuleSet, files: &[CrossFile]) -> CrossOutput {
    let mut out = CrossOutput::default();
    if let Some(rule) = rule_with_check(rules, "secret-reuse") {
        secret_reuse(rules, rule, files, &mut out);
    }
    link_grants(rules, rule_with_check(rules, "stale-grant"), files, &mut out);
    link_tasks(rules, rule_with_check(rules, "task-dangling-server"), files, &mut out);
    out
}

/// Resolves each task against its session: names no config defines are dangling (MCP325), and a task that
/// sees every tool is told which servers that is.
fn link_tasks(rules: &RuleSet, dangling_rule: Option<&Arc<RuleMeta>>, files: &[CrossFile], out: &mut CrossOutput) {
    use crate::model::task::{FileModel, Tools, resolve_each};
    let with_models: Vec<(usize, FileModel)> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, FileModel { path: f.path, client: f.client, model: f.model? })))
        .filter(|(_, f)| !f.model.tasks.is_empty() || !f.model.servers.is_empty())
        .collect();
    if !with_models.iter().any(|(_, f)| !f.model.tasks.is_empty()) {
        return;
    }
    let models: Vec<FileModel> =
        with_models.iter().map(|(_, f)| FileModel { path: f.path, client: f.client, model: f.model }).collect();
    resolve_each(&models, |r| {
        let f = &files[with_models[r.file].0];
        let task = &models[r.file].model.tasks[r.task];
        if let Tools::All { field, omitted_in, .. } = &task.tools {
            let at = field.as_ref().map_or(omitted_in.start, |f| f.span.start);
            let names: Vec<&str> = r.servers.iter().map(|s| s.server.as_str()).take(6).collect();
            let reach = match (names.len(), r.session_known) {
                (0, false) => {
                    " (no config of its client was scanned here, so the servers it reaches are not known)".to_string()
                }
                (0, true) => " (no server is configured for it here)".to_string(),
                (n, _) => format!(
                    " (reaches {} server{} here: {}{})",
                    r.servers.len(),
                    if n == 1 { "" } else { "s" },
                    names.join(", "),
                    if r.servers.len() > n { ", ..." } else { "" }
                ),
            };
            for (i, x) in f.findings.iter().enumerate() {
                if x.rule.slug == "task-inherits-all-tools" && x.span.start == at {
                    out.amendments.push((f.index, i, f.redactor.redact(rules, &reach)));
                }
            }
        }
        let Some(rule) = dangling_rule else { return };
        for (name, span, pointer) in &r.dangling {
            let base = place_of(rules, rule, f, *span, pointer, name);
            let where_not = if task.inherits_session {
                format!("no scanned config of {} defines here", f.client.family().slug())
            } else {
                "its own file does not define (it reaches only the servers its file defines)".to_string()
            };
            let message = f.redactor.redact(rules, &format!(
                "{} `{}` names server `{name}`, which {where_not}: whichever server takes that name next gets this {}'s access",
                task.kind.name(),
                task.name,
                task.kind.name()
            ));
            out.hits.push(CrossHit {
                file: f.index,
                anchor: Anchor::Span,
                finding: new_finding(rule, f.key, &base, message, None),
            });
        }
    });
}

fn new_finding(
    rule: &Arc<RuleMeta>,
    path: &str,
    base: &Finding,
    message: Redacted,
    secret_hash: Option<String>,
) -> Finding {
    Finding {
        rule: rule.clone(),
        severity: rule.severity,
        span: base.span,
        pointer: base.pointer.clone(),
        server: base.server.clone(),
        fingerprint: keyed_hash(&[&rule.id, path, &base.pointer, secret_hash.as_deref().unwrap_or("")]),
        message,
        secret_hash,
        masked: base.masked.clone(),
        also_in: Vec::new(),
        merged: Vec::new(),
    }
}

/// The place a cross-file finding about server `name` is shown at (the anchor `new_finding` copies).
fn place_of(
    rules: &RuleSet,
    rule: &Arc<RuleMeta>,
    f: &CrossFile,
    span: crate::parse::Span,
    pointer: &str,
    name: &str,
) -> Finding {
    Finding {
        rule: rule.clone(),
        severity: rule.severity,
        span,
        pointer: f.redactor.redact(rules, pointer),
        server: Some(f.redactor.redact(rules, name)),
        message: Redacted::default(),
        fingerprint: String::new(),
        secret_hash: None,
        masked: None,
        also_in: Vec::new(),
        merged: Vec::new(),
    }
}

/// The same credential in several places (OWASP NHI9): one finding at the first place, naming every place. `merge`
/// runs it again over the findings of every shard, so that reuse across repositories is found and fingerprinted as
/// one scan would.
pub fn secret_reuse(rules: &RuleSet, rule: &Arc<RuleMeta>, files: &[CrossFile], out: &mut CrossOutput) {
    // hash -> places (file position in `files`, finding index)
    let mut places: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for (fi, f) in files.iter().enumerate() {
        for (i, finding) in f.findings.iter().enumerate() {
            if finding.rule.category == Category::Secret
                && let Some(hash) = finding.secret_hash.as_deref()
            {
                places.entry(hash).or_default().push((fi, i));
            }
        }
    }
    for (hash, mut list) in places {
        list.sort_by(|a, b| {
            (files[a.0].path, &files[a.0].findings[a.1].pointer)
                .cmp(&(files[b.0].path, &files[b.0].findings[b.1].pointer))
        });
        list.dedup_by(|a, b| {
            files[a.0].path == files[b.0].path && files[a.0].findings[a.1].pointer == files[b.0].findings[b.1].pointer
        });
        if list.len() < 2 {
            continue;
        }
        let described: Vec<String> = list
            .iter()
            .map(|&(fi, i)| {
                let f = files[fi].findings[i];
                let server = f.server.as_deref().map(|s| format!(" (server `{s}`)")).unwrap_or_default();
                format!("{} `{}`{server}", files[fi].path, f.pointer)
            })
            .collect();
        let (fi, i) = list[0];
        let base = files[fi].findings[i];
        let masked = base.masked.as_deref().unwrap_or("the credential");
        let message = files[fi].redactor.redact(rules, &format!(
            "the same credential {masked} is used in {} places: {}. One leak exposes all of them, and rotating it breaks all of them",
            list.len(),
            described.join(", ")
        ));
        out.hits.push(CrossHit {
            file: files[fi].index,
            anchor: Anchor::Finding(i),
            finding: new_finding(rule, files[fi].key, base, message, Some(hash.to_string())),
        });
    }
}

fn link_grants(rules: &RuleSet, stale_rule: Option<&Arc<RuleMeta>>, files: &[CrossFile], out: &mut CrossOutput) {
    // (project root, client family) -> (server name -> defining file)
    let mut servers: BTreeMap<(String, Client), BTreeMap<&str, &str>> = BTreeMap::new();
    // Servers with a tool allowlist or deny list, by (root, family, name): a server-wide grant of any other is
    // also unscoped (MCP401), wherever the grant is.
    let mut scoped: std::collections::HashSet<(String, Client, &str)> = Default::default();
    for f in files {
        for s in f.model.map(|m| &m.servers[..]).unwrap_or_default() {
            servers.entry((project_root(f.path), f.client.family())).or_default().entry(&s.name).or_insert(f.path);
            let listed = |l: &Option<Box<crate::model::ToolList>>| l.as_ref().is_some_and(|l| !l.items.is_empty());
            if listed(&s.tools_allow) || listed(&s.tools_deny) {
                scoped.insert((project_root(f.path), f.client.family(), s.name.as_str()));
            }
        }
    }
    let unscoped_rule = rules
        .rules
        .iter()
        .find(|r| matches!(&r.detector, Detector::Check(_)) && r.check.as_deref() == Some("unscoped-server"))
        .map(|r| r.meta.id.clone());
    for f in files {
        let Some(model) = f.model else { continue };
        let here = servers.get(&(project_root(f.path), f.client.family()));
        // Pointer -> the grant finding there (one pass: a file can hold 100,000 grants).
        let mut grant_findings: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, x) in f.findings.iter().enumerate().filter(|(_, x)| x.rule.category == Category::Grant) {
            grant_findings.entry(x.pointer.as_str()).or_insert(i);
        }
        for g in &model.grants {
            let finding = grant_findings.get(g.pointer.as_str()).copied();
            match (&g.server, here) {
                (Some(name), Some(defined)) if defined.contains_key(name.as_str()) => {
                    let path = defined[name.as_str()];
                    if let (Some(i), true) = (finding, path != f.path) {
                        let root = project_root(f.path);
                        let wholesale = matches!(g.reach, Reach::Server | Reach::Wildcard);
                        let unscoped = wholesale && !scoped.contains(&(root, f.client.family(), name.as_str()));
                        let note = if unscoped {
                            format!(
                                " (server defined in {path}, with no tool allowlist: tools it adds in any later version run unconfirmed too)"
                            )
                        } else {
                            format!(" (server defined in {path})")
                        };
                        out.amendments.push((f.index, i, f.redactor.redact(rules, &note)));
                        if let (true, Some(id)) = (unscoped, &unscoped_rule) {
                            out.also_in.push((f.index, i, Category::Scope, id.clone()));
                        }
                    }
                }
                (Some(name), _) if f.client == Client::ClaudeSettings => {
                    let project_file = here.and_then(|d| d.values().find(|p| p.ends_with(".mcp.json")).copied());
                    let (Some(rule), Some(project_file)) = (stale_rule, project_file) else { continue };
                    let base = place_of(rules, rule, f, g.span, &g.pointer, name);
                    let message = f.redactor.redact(rules, &format!(
                        "`{}` grants server `{name}`, which {project_file} does not define: a stale grant applies to whatever server takes that name next",
                        g.value
                    ));
                    out.hits.push(CrossHit {
                        file: f.index,
                        anchor: Anchor::Span,
                        finding: new_finding(rule, f.key, &base, message, None),
                    });
                }
                (None, Some(defined)) if g.reach == Reach::Global => {
                    if let Some(i) = finding {
                        let names: Vec<&str> = defined.keys().copied().take(6).collect();
                        let more = if defined.len() > names.len() { ", ..." } else { "" };
                        out.amendments.push((
                            f.index,
                            i,
                            f.redactor.redact(
                                rules,
                                &format!(
                                    " (reaches {} server{} here: {}{more})",
                                    defined.len(),
                                    if defined.len() == 1 { "" } else { "s" },
                                    names.join(", ")
                                ),
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(project_root("app/.claude/settings.json"), "app");
        assert_eq!(project_root("app/.mcp.json"), "app");
        assert_eq!(project_root(".vscode/mcp.json"), "");
        assert_eq!(project_root("a/.kiro/settings/mcp.json"), "a");
    }

    #[test]
    fn families() {
        assert_eq!(Client::ClaudeSettings.family(), Client::ClaudeCode);
        assert_eq!(Client::Cursor.family(), Client::Cursor);
    }
}
