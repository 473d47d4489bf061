//! The trust inventory: every relationship between a client and a server, with the credentials it carries,
//! the grants that reach it and what the policy says of it. Built from the model and the findings of a
//! finished scan (never from a file), so that `mcptrust inventory`, the policy's `[[trust]]` checks and any
//! report read one list. Every string taken from a config is redacted by its file's redactor.

use serde::{Deserialize, Serialize};

use crate::model::interpolation::has_reference;
use crate::model::launch::{Spec, judge, package_spec};
use crate::model::task::{FileModel, TaskKind, ToolSet, resolve, resolve_each, task_root};
use crate::model::{Client, Grant, Reach, Server, Transport, project_root};
use crate::parse::Span;
use crate::rules::redact::Redacted;
use crate::rules::{Category, RuleSet};
use crate::scan::FileOutcome;

/// Where a config applies: one user's machine, one project, or a whole organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    User,
    Project,
    Managed,
}

/// One credential a relationship carries.
#[derive(Debug, Clone, Serialize)]
pub struct Credential {
    /// The env var or header name.
    pub name: Redacted,
    /// `env` or `header`.
    pub place: &'static str,
    /// The credential's kind when a rule recognised it (`GitHub classic personal access token`), else
    /// `reference` or `literal`.
    pub kind: String,
    /// A literal value in the file (as opposed to a reference such as `${GITHUB_TOKEN}`).
    pub literal: bool,
    /// The value as shown: references as written, literals masked.
    pub value: Redacted,
    /// `long-lived`, `no-expiry`, `expired`, `too-long`, `unsigned` when an expiry rule said so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<&'static str>,
    /// The keyed hash of a literal secret value: the same wherever the value sits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    #[serde(skip)]
    pub key_span: Span,
}

/// A grant that lets tools of the server run without confirmation.
#[derive(Debug, Clone, Serialize)]
pub struct GrantView {
    /// The file the grant is in (often not the server's own: Claude Code settings grant `.mcp.json` servers).
    pub file: String,
    pub field: String,
    pub value: Redacted,
    pub reach: Reach,
    pub tools: Vec<Redacted>,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub outcome: usize,
}

/// What the policy (`[[trust]]`) says of a relationship.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PolicyStatus {
    pub approved: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The `[[trust]]` entry that approves it (0-based, in the config's order).
    #[serde(skip)]
    pub entry: Option<usize>,
}

/// One task's reach into one server.
#[derive(Debug, Clone, Serialize)]
pub struct TaskAccess {
    pub task: Redacted,
    pub kind: TaskKind,
    pub file: String,
    /// What it sees of the server, and what of it runs without confirmation.
    pub visible: ToolSet,
    pub preapproved: ToolSet,
    #[serde(skip)]
    pub outcome: usize,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub(crate) raw_name: String,
}

/// One task, as the task → server matrix shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub client: &'static str,
    pub kind: TaskKind,
    pub name: Redacted,
    pub file: String,
    pub scope: crate::model::task::Scope,
    /// The approval mode its own file sets (`permissionMode: bypassPermissions`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<Redacted>,
    pub servers: Vec<TaskServer>,
    /// Servers it names that no scanned config defines.
    pub dangling: Vec<Redacted>,
    /// No config of its client was scanned in its session: what it reaches beyond its own file is unknown.
    pub session_unknown: bool,
    /// The tasks it hands work to, and whether each was found.
    pub routes: Vec<RouteView>,
    /// Servers it reaches only through its routes (transitively): the escalation path a reviewer must see.
    pub escalation: Vec<Escalation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteView {
    pub target: Redacted,
    pub via: String,
    pub automatic: bool,
    pub resolved: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Escalation {
    pub server: Redacted,
    /// The task that reaches it.
    pub through: Redacted,
    pub visible: ToolSet,
    pub preapproved: ToolSet,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskServer {
    pub server: Redacted,
    pub defined_in: String,
    pub inline: bool,
    pub visible: ToolSet,
    pub preapproved: ToolSet,
}

/// Every task of a scan, resolved against its session, with the escalation paths its routes open.
pub fn tasks(rules: &RuleSet, outcomes: &[FileOutcome]) -> Vec<TaskView> {
    let (index, models) = file_models(outcomes);
    let resolved = resolve(&models);
    // (family, task folder, name) -> resolved task, for routes by name.
    let mut by_name: std::collections::HashMap<(Client, String, &str), usize> = Default::default();
    for (i, r) in resolved.iter().enumerate() {
        let f = &models[r.file];
        by_name.entry((f.client.family(), task_root(f.path), f.model.tasks[r.task].name.as_str())).or_insert(i);
    }
    let route_targets = |i: usize| -> Vec<Option<usize>> {
        let r = &resolved[i];
        let f = &models[r.file];
        let key = |t: &str| (f.client.family(), task_root(f.path), t.to_string());
        f.model.tasks[r.task]
            .routes
            .iter()
            .map(|route| {
                let (fam, root, name) = key(&route.target);
                by_name.get(&(fam, root, name.as_str())).copied()
            })
            .collect()
    };
    let escalation = |start: usize| -> Vec<(usize, &crate::model::task::Reached)> {
        let own: Vec<&str> = resolved[start].servers.iter().map(|s| s.server.as_str()).collect();
        let mut seen = vec![start];
        let mut queue: Vec<usize> = route_targets(start).into_iter().flatten().collect();
        let mut out: Vec<(usize, &crate::model::task::Reached)> = Vec::new();
        while let Some(i) = queue.pop() {
            if seen.contains(&i) {
                continue;
            }
            seen.push(i);
            for s in &resolved[i].servers {
                if !own.contains(&s.server.as_str()) && !out.iter().any(|(_, x)| x.server == s.server) {
                    out.push((i, s));
                }
            }
            queue.extend(route_targets(i).into_iter().flatten());
        }
        out
    };
    resolved
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            let o = &outcomes[index[r.file]];
            let task = &models[r.file].model.tasks[r.task];
            let redact = |t: &str| o.redactor.redact(rules, t);
            TaskView {
                client: models[r.file].client.slug(),
                kind: task.kind,
                name: redact(&task.name),
                file: o.path.clone(),
                scope: task.scope,
                approval: task.approval.as_ref().map(|a| redact(&format!("{}: {}", a.field, a.value.text))),
                servers: r
                    .servers
                    .iter()
                    .map(|s| TaskServer {
                        server: redact(&s.server),
                        defined_in: s.defined_in.clone(),
                        inline: s.inline,
                        visible: s.visible.clone(),
                        preapproved: s.preapproved.clone(),
                    })
                    .collect(),
                dangling: r.dangling.iter().map(|(n, _, _)| redact(n)).collect(),
                session_unknown: !r.session_known,
                routes: task
                    .routes
                    .iter()
                    .zip(route_targets(ri))
                    .map(|(route, target)| RouteView {
                        target: redact(&route.target),
                        via: route.via.clone(),
                        automatic: route.automatic,
                        resolved: target.is_some(),
                    })
                    .collect(),
                escalation: escalation(ri)
                    .into_iter()
                    .map(|(i, s)| {
                        let through = &models[resolved[i].file].model.tasks[resolved[i].task].name;
                        Escalation {
                            server: redact(&s.server),
                            through: redact(through),
                            visible: s.visible.clone(),
                            preapproved: s.preapproved.clone(),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

fn file_models(outcomes: &[FileOutcome]) -> (Vec<usize>, Vec<FileModel<'_>>) {
    outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Some((i, FileModel { path: &o.path, client: o.client?, model: o.model.as_ref()? })))
        .unzip()
}

/// One client → server trust relationship.
#[derive(Debug, Clone, Serialize)]
pub struct Relationship {
    pub client: &'static str,
    pub file: String,
    pub scope: Scope,
    pub server: Redacted,
    pub transport: Transport,
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Redacted>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Redacted>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<Redacted>,
    /// Whether the package (or image, or git source) is pinned to an exact version; `None` when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    pub credentials: Vec<Credential>,
    pub grants: Vec<GrantView>,
    /// The tools the server is limited to (`includeTools`, `enabled_tools`, ...), when the file limits them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_allowlist: Option<Vec<Redacted>>,
    pub policy: PolicyStatus,
    /// The tasks (subagents, commands, skills, recipes, ...) that reach this server, and how.
    pub tasks: Vec<TaskAccess>,
    /// Index of the file in the scan's outcomes, and the server's name span there.
    #[serde(skip)]
    pub outcome: usize,
    #[serde(skip)]
    pub name_span: Span,
    /// The unredacted name, for matching policy entries (never printed).
    #[serde(skip)]
    pub(crate) raw_name: String,
    /// Command line and package as written, for `match` globs (never printed).
    #[serde(skip)]
    pub(crate) raw_launch: Vec<String>,
    /// The URL as written, for `match` globs that name a scheme (never printed).
    #[serde(skip)]
    pub(crate) raw_url: Option<String>,
}

/// Every relationship of a scan, in the order of its files and servers.
pub fn build(rules: &RuleSet, outcomes: &[FileOutcome]) -> Vec<Relationship> {
    let mut out = Vec::new();
    // Grants by (project root, client family), for the servers they reach across files: those for every server,
    // and those for one server by its name, each in the order of files and grants (looked up per server: a
    // file of 100,000 servers each with its grant is not 100,000 × 100,000 comparisons).
    #[derive(Default)]
    struct Reaching<'a> {
        global: Vec<(usize, usize, &'a Grant)>,
        by_server: std::collections::HashMap<&'a str, Vec<(usize, usize, &'a Grant)>>,
    }
    let mut grants: std::collections::BTreeMap<(String, Client), Reaching> = Default::default();
    for (i, o) in outcomes.iter().enumerate() {
        if let (Some(model), Some(client)) = (&o.model, o.client) {
            for (n, g) in model.grants.iter().enumerate() {
                let at = grants.entry((project_root(&o.path), client.family())).or_default();
                match g.server.as_deref() {
                    Some(name) => at.by_server.entry(name).or_default().push((i, n, g)),
                    None if g.reach == Reach::Global => at.global.push((i, n, g)),
                    None => {}
                }
            }
        }
    }
    for (i, o) in outcomes.iter().enumerate() {
        let (Some(model), Some(client)) = (&o.model, o.client) else { continue };
        let redact = |text: &str| o.redactor.redact(rules, text);
        let reaching = grants.get(&(project_root(&o.path), client.family()));
        let found = FoundAt::of(o);
        for server in &model.servers {
            let mut matched: Vec<&(usize, usize, &Grant)> = reaching
                .map(|r| r.global.iter().chain(r.by_server.get(server.name.as_str()).into_iter().flatten()).collect())
                .unwrap_or_default();
            // Files in scan order, grants in file order, as one list would have them.
            matched.sort_by_key(|(gi, n, _)| (*gi, *n));
            let grants = matched
                .into_iter()
                .map(|&(gi, _, g)| GrantView {
                    file: outcomes[gi].path.clone(),
                    field: g.field.clone(),
                    value: outcomes[gi].redactor.redact(rules, &g.value),
                    reach: g.reach,
                    tools: g.tools.iter().map(|t| outcomes[gi].redactor.redact(rules, t)).collect(),
                    span: g.span,
                    outcome: gi,
                })
                .collect();
            let (package, pinned, raw_launch) = launch(server);
            out.push(Relationship {
                client: client.slug(),
                file: o.path.clone(),
                scope: scope(client, &o.path),
                server: redact(&server.name),
                transport: server.transport,
                enabled: server.enabled,
                command: server.command.as_ref().map(|c| {
                    let line: Vec<&str> =
                        std::iter::once(c.text.as_str()).chain(server.args.iter().map(|a| a.text.as_str())).collect();
                    redact(&line.join(" "))
                }),
                url: server.url.as_ref().map(|u| redact(&u.text)),
                package: package.map(|p| redact(&p)),
                pinned,
                credentials: credentials(rules, o, &found, server),
                grants,
                tool_allowlist: server.tools_allow.as_ref().map(|l| l.items.iter().map(|t| redact(&t.text)).collect()),
                policy: PolicyStatus::default(),
                tasks: Vec::new(),
                outcome: i,
                name_span: server.name_span,
                raw_name: server.name.clone(),
                raw_launch,
                raw_url: server.url.as_ref().map(|u| u.text.clone()),
            });
        }
    }
    // Each task's reach, on the relationships of the servers it reaches.
    let (index, models) = file_models(outcomes);
    let mut by_server: std::collections::HashMap<(String, String), Vec<usize>> = Default::default();
    for (i, rel) in out.iter().enumerate() {
        by_server.entry((rel.raw_name.clone(), rel.file.clone())).or_default().push(i);
    }
    resolve_each(&models, |r| {
        let o = &outcomes[index[r.file]];
        let task = &models[r.file].model.tasks[r.task];
        for s in &r.servers {
            let at = by_server.get(&(s.server.clone(), s.defined_in.clone())).cloned().unwrap_or_default();
            for i in at {
                let rel = &mut out[i];
                rel.tasks.push(TaskAccess {
                    task: o.redactor.redact(rules, &task.name),
                    kind: task.kind,
                    file: o.path.clone(),
                    visible: s.visible.clone(),
                    preapproved: s.preapproved.clone(),
                    outcome: index[r.file],
                    span: task.span,
                    raw_name: task.name.clone(),
                });
            }
        }
    });
    out
}

fn scope(client: Client, path: &str) -> Scope {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.starts_with("managed-") || path.contains("/managed/") {
        Scope::Managed
    } else if client == Client::ClaudeUser
        || client == Client::ClaudeDesktop
        || std::env::var("HOME").is_ok_and(|h| !h.is_empty() && path.starts_with(&h))
    {
        Scope::User
    } else {
        Scope::Project
    }
}

/// The package a launch fetches and whether it is pinned, plus the command line and package as written.
fn launch(server: &Server) -> (Option<String>, Option<bool>, Vec<String>) {
    let mut raw = Vec::new();
    let mut package = None;
    let mut pinned = None;
    if let Some(c) = &server.command {
        let program = c.text.rsplit(['/', '\\']).next().unwrap_or(&c.text);
        let line: Vec<&str> =
            std::iter::once(c.text.as_str()).chain(server.args.iter().map(|a| a.text.as_str())).collect();
        raw.push(line.join(" "));
        if let Some((ecosystem, spec)) = package_spec(program, &server.args) {
            package = Some(spec.text.clone());
            pinned = match judge(ecosystem, spec) {
                Spec::Pinned => Some(true),
                Spec::Unpinned { .. } | Spec::Git { .. } => Some(false),
                Spec::NotAPackage => None,
            };
            raw.push(spec.text.clone());
        }
    }
    (package, pinned, raw)
}

/// What an expiry rule says of a credential's lifetime ([`Credential::lifetime`]).
pub const LIFETIMES: &[&str] = &["expired", "no-expiry", "unsigned", "too-long", "long-lived"];

/// A file's secret and expiry findings by the pointer of the value they are on (the first of each).
struct FoundAt<'a> {
    secret: std::collections::HashMap<&'a str, &'a crate::scan::Located>,
    expiry: std::collections::HashMap<&'a str, &'a crate::scan::Located>,
}

impl<'a> FoundAt<'a> {
    fn of(o: &'a FileOutcome) -> FoundAt<'a> {
        let mut found = FoundAt { secret: Default::default(), expiry: Default::default() };
        for l in &o.findings {
            let by = match l.finding.rule.category {
                Category::Secret => &mut found.secret,
                Category::Expiry => &mut found.expiry,
                _ => continue,
            };
            by.entry(l.finding.pointer.as_str()).or_insert(l);
        }
        found
    }
}

fn credentials(rules: &RuleSet, o: &FileOutcome, found: &FoundAt, server: &Server) -> Vec<Credential> {
    let places = server.env.iter().map(|kv| ("env", kv)).chain(server.headers.iter().map(|kv| ("header", kv)));
    let mut out = Vec::new();
    for (place, kv) in places {
        let secret = found.secret.get(kv.value.pointer.as_str()).copied();
        let reference = has_reference(&kv.value.text);
        // Only what looks like a credential: a secret finding, a reference, or a secret-looking name.
        let named_secret = crate::rules::checks::generic_secret::is_secret_key_name(&kv.key);
        if secret.is_none() && !reference && !named_secret {
            continue;
        }
        let lifetime = found.expiry.get(kv.value.pointer.as_str()).map(|l| match l.finding.rule.slug.as_str() {
            "jwt-expired" => "expired",
            "jwt-without-expiry" => "no-expiry",
            "jwt-alg-none" => "unsigned",
            "jwt-long-lifetime" => "too-long",
            _ => "long-lived",
        });
        out.push(Credential {
            name: o.redactor.redact(rules, &kv.key),
            place,
            kind: match secret {
                Some(l) => l.finding.rule.name.clone(),
                None if reference => "reference".into(),
                None => "literal".into(),
            },
            literal: !reference || secret.is_some(),
            value: match secret.and_then(|l| l.finding.masked.clone()) {
                Some(masked) => masked,
                None if reference => o.redactor.redact(rules, &kv.value.text),
                None => o.redactor.redact(rules, &crate::rules::mask::mask(&kv.value.text)),
            },
            lifetime,
            credential_id: secret.and_then(|l| l.finding.secret_hash.clone()),
            key_span: kv.key_span,
        });
    }
    out
}
