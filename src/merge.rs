//! `mcptrust merge REPORT...`: the reports of a sharded sweep (`scan --shard K/N`) as the one report an unsharded
//! scan would have written.
//!
//! Each input is read by its content (SARIF: `runs`; JSON: `findings` and `summary`; JSONL: one object per line
//! with a `type`) back into the crate's own report structures (`FileOutcome`, `Located`, `Finding` with its rule
//! looked up by id in the built-in rules plus `--rules` packs), which then go through the very writers `scan`
//! uses: every format `scan` writes, `merge` writes, with no code of its own.
//!
//! What merging changes: a finding two shards both report (same fingerprint, same path) is kept once; secret
//! reuse is dropped from the shards and computed again over every shard's credential ids with the scan's own
//! check (`cross::secret_reuse`), so a credential reused across repositories of different shards is found, and
//! fingerprinted, as one scan would; the summary is counted again from the merged files and findings.
//!
//! Reports hold no secret, and merge never sees one; still, every string read is passed through the redactor
//! before it can reach an output (a hand-made or tampered report is text like any other), fingerprints and
//! credential ids must be the hex ids mcptrust writes, and error messages withhold the values they quote.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::discover::Origin;
use crate::inventory::{Credential, GrantView, PolicyStatus, Relationship, Scope, TaskAccess};
use crate::model::task::{TaskKind, ToolSet};
use crate::model::{Client, Reach, Transport};
use crate::parse::Syntax;
use crate::parse::lines::Position;
use crate::policy::baseline::{BaselineState, Entry};
use crate::policy::suppress::{Suppressed, SuppressionKind};
use crate::report::{self, Format, Report, terminal};
use crate::rules::cross::{self, Anchor, CrossFile, CrossOutput};
use crate::rules::redact::{Redacted, Redactor};
use crate::rules::{Category, Finding, RuleMeta, RuleSet, Severity};
use crate::run::exit_code;
use crate::scan::{FileError, FileOutcome, Located, Status};

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Shard reports (SARIF, JSON or JSONL, told apart by their content), as `scan --shard K/N` wrote them.
    #[arg(required = true, value_name = "REPORT")]
    pub reports: Vec<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Human, env = "MCPTRUST_FORMAT", help_heading = "Output")]
    pub format: Format,
    /// Write the merged report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// Extra rule packs the shards were scanned with (a YAML file or a folder of them): a finding of a rule
    /// that is not known is refused.
    #[arg(long, value_name = "FILE|DIR", help_heading = "Rules")]
    pub rules: Vec<PathBuf>,
    /// Exit 1 when a merged finding is at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = Severity::Low, help_heading = "Exit")]
    pub fail_on: Severity,
    /// Always exit 0 (errors are still reported).
    #[arg(long, help_heading = "Exit")]
    pub exit_zero: bool,
}

pub fn run(args: &MergeArgs) -> Result<u8> {
    let rules = RuleSet::load(&args.rules)?;
    let mut merger = Merger::new(&rules);
    for path in &args.reports {
        merger.read(path);
    }
    let merged = merger.finish();
    for e in &merged.input_errors {
        let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
        let line = format!("mcptrust: error: {}{at}: {}", e.path, e.message);
        let _ = writeln!(std::io::stderr(), "{}", terminal::escape(&line));
    }
    if matches!(args.format, Format::Html | Format::Json | Format::Jsonl) {
        for input in &merged.inventory_missing {
            let line = format!(
                "mcptrust: warning: {input}: lists servers but no trust inventory (SARIF holds none; JSON and JSONL \
                 hold one when scanned with --shard or --inventory); the merged inventory leaves its servers out"
            );
            let _ = writeln!(std::io::stderr(), "{}", terminal::escape(&line));
        }
    }
    let report = merged.report(&rules);
    let code = exit_code(&report, args.fail_on, args.exit_zero);
    let text = report::render(&report, args.format, false);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write report to {}", path.display()))?;
            if args.format != Format::Human {
                let _ = writeln!(std::io::stderr(), "{}", terminal::escape(&report.coverage_line()));
            }
            Ok(code)
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => Ok(code),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
                Err(e) => Err(e).context("cannot write to stdout"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// What the inputs say, as read (strings still to be redacted).

#[derive(Deserialize)]
struct InFinding {
    rule: String,
    severity: String,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    pointer: String,
    client: String,
    #[serde(default)]
    server: Option<String>,
    message: String,
    fingerprint: String,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    merged_rules: Vec<String>,
    #[serde(default)]
    credential_id: Option<String>,
    #[serde(default)]
    masked: Option<String>,
    #[serde(default)]
    suppressed: Option<InSuppressed>,
    #[serde(default)]
    baseline_state: Option<String>,
    #[serde(default)]
    ignored_by: Option<String>,
    #[serde(default)]
    committed: Option<bool>,
}

#[derive(Deserialize)]
struct InSuppressed {
    kind: String,
    reason: String,
    #[serde(default)]
    expires: Option<String>,
}

#[derive(Deserialize)]
struct InError {
    path: String,
    message: String,
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    column: Option<usize>,
}

#[derive(Deserialize)]
struct InFile {
    path: String,
    /// Absent: the same as `path`; `null`: outside the repository.
    #[serde(default, deserialize_with = "present")]
    repo_path: Option<Option<String>>,
    #[serde(default)]
    client: Option<String>,
    format: String,
    #[serde(default)]
    servers: usize,
    status: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    ignored_by: Option<String>,
    #[serde(default)]
    committed: Option<bool>,
    #[serde(default)]
    link_target: Option<String>,
    #[serde(default)]
    repository: Option<String>,
}

/// A field that may be absent (`None`), `null` (`Some(None)`) or a value.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// The counts no file or finding carries: what ignore rules removed, how many rules ran, the baseline.
#[derive(Deserialize, Default)]
struct InSummary {
    #[serde(default)]
    files_ignored: usize,
    #[serde(default)]
    folders_ignored: usize,
    #[serde(default)]
    ignored_by: BTreeMap<String, usize>,
    #[serde(default)]
    rules_loaded: Option<usize>,
    #[serde(default)]
    baseline: Option<IgnoredAny>,
}

#[derive(Deserialize)]
struct InJsonReport {
    findings: Vec<InFinding>,
    #[serde(default)]
    errors: Vec<InError>,
    #[serde(default)]
    files: Vec<InFile>,
    summary: InSummary,
    #[serde(default)]
    fixed: Option<Vec<Entry>>,
    #[serde(default)]
    inventory: Option<Vec<InRelationship>>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum InLine {
    Finding(Box<InFinding>),
    Error(InError),
    File(InFile),
    Relationship(Box<InRelationship>),
    Summary(InSummary),
}

/// A relationship of the trust inventory, as `report::json` writes it (`inventory::Relationship`).
#[derive(Deserialize)]
struct InRelationship {
    client: String,
    file: String,
    scope: Scope,
    server: String,
    transport: Transport,
    enabled: bool,
    #[serde(default)]
    command: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    package: Option<String>,
    #[serde(default)]
    pinned: Option<bool>,
    #[serde(default)]
    credentials: Vec<InCredential>,
    #[serde(default)]
    grants: Vec<InGrant>,
    #[serde(default)]
    tool_allowlist: Option<Vec<String>>,
    #[serde(default)]
    policy: InPolicy,
    #[serde(default)]
    tasks: Vec<InTaskAccess>,
}

#[derive(Deserialize)]
struct InCredential {
    name: String,
    place: String,
    kind: String,
    literal: bool,
    value: String,
    #[serde(default)]
    lifetime: Option<String>,
    #[serde(default)]
    credential_id: Option<String>,
}

#[derive(Deserialize)]
struct InGrant {
    file: String,
    field: String,
    value: String,
    reach: Reach,
    #[serde(default)]
    tools: Vec<String>,
}

#[derive(Deserialize, Default)]
struct InPolicy {
    approved: bool,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    expires: Option<String>,
    #[serde(default)]
    days_left: Option<i64>,
    #[serde(default)]
    ticket: Option<String>,
}

#[derive(Deserialize)]
struct InTaskAccess {
    task: String,
    kind: TaskKind,
    file: String,
    visible: ToolSet,
    preapproved: ToolSet,
}

/// Just enough of a document to tell which kind of report it is.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    runs: Option<IgnoredAny>,
    #[serde(default)]
    findings: Option<IgnoredAny>,
    #[serde(default)]
    summary: Option<IgnoredAny>,
    #[serde(default, rename = "type")]
    kind: Option<IgnoredAny>,
}

// SARIF, as `report::sarif` writes it.

#[derive(Deserialize)]
struct SarifLog {
    runs: Vec<SarifRun>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun {
    #[serde(default)]
    tool: Option<SarifTool>,
    #[serde(default)]
    results: Vec<SarifResult>,
    #[serde(default)]
    artifacts: Vec<SarifArtifact>,
    #[serde(default)]
    invocations: Vec<SarifInvocation>,
    #[serde(default)]
    properties: Option<SarifRunProperties>,
}

#[derive(Deserialize)]
struct SarifTool {
    driver: SarifDriver,
}

#[derive(Deserialize)]
struct SarifDriver {
    #[serde(default)]
    rules: Vec<SarifRule>,
}

#[derive(Deserialize)]
struct SarifRule {
    id: String,
}

#[derive(Deserialize)]
struct SarifRunProperties {
    #[serde(default)]
    summary: Option<InSummary>,
}

#[derive(Deserialize)]
struct SarifArtifact {
    location: SarifArtifactLocation,
    properties: SarifArtifactProperties,
}

#[derive(Deserialize)]
struct SarifArtifactProperties {
    path: String,
    #[serde(default)]
    client: Option<String>,
    format: String,
    #[serde(default)]
    servers: usize,
    status: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    ignored_by: Option<String>,
    #[serde(default)]
    committed: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifArtifactLocation {
    uri: String,
}

#[derive(Deserialize)]
struct SarifText {
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    message: SarifText,
    locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<String, String>,
    properties: SarifResultProperties,
    #[serde(default)]
    suppressions: Vec<SarifSuppression>,
    #[serde(default)]
    baseline_state: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: SarifPhysical,
    #[serde(default)]
    logical_locations: Vec<SarifLogical>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical {
    artifact_location: SarifArtifactLocation,
    #[serde(default)]
    region: Option<SarifRegion>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    #[serde(default)]
    start_column: Option<usize>,
    #[serde(default)]
    end_line: Option<usize>,
    #[serde(default)]
    end_column: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifLogical {
    fully_qualified_name: String,
}

#[derive(Deserialize)]
struct SarifResultProperties {
    severity: String,
    client: String,
    #[serde(default)]
    server: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    credential_id: Option<String>,
    #[serde(default)]
    masked: Option<String>,
    #[serde(default)]
    merged_rules: Vec<String>,
    #[serde(default)]
    ignored_by: Option<String>,
    #[serde(default)]
    committed: Option<bool>,
}

#[derive(Deserialize)]
struct SarifSuppression {
    kind: String,
    #[serde(default)]
    justification: String,
    #[serde(default)]
    properties: Option<SarifSuppressionProperties>,
}

#[derive(Deserialize)]
struct SarifSuppressionProperties {
    #[serde(default)]
    expires: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifInvocation {
    #[serde(default)]
    tool_execution_notifications: Vec<SarifNotification>,
}

#[derive(Deserialize)]
struct SarifNotification {
    message: SarifText,
    #[serde(default)]
    locations: Vec<SarifLocation>,
}

// ---------------------------------------------------------------------------------------------------------
// Merging.

/// A problem with an input report: it names the report (and the line, for JSONL).
struct InputError {
    path: String,
    line: Option<usize>,
    message: Redacted,
}

struct Merger<'r> {
    rules: &'r RuleSet,
    by_id: HashMap<&'r str, &'r Arc<RuleMeta>>,
    redactor: Redactor,
    files: BTreeMap<String, FileOutcome>,
    /// Findings by (fingerprint, path): the first shard's copy of each.
    findings: BTreeMap<(String, String), Located>,
    errors: BTreeSet<(String, String, Option<usize>, Option<usize>)>,
    /// Where findings and errors of no listed file are (SARIF places them).
    origins: BTreeMap<String, Origin>,
    files_ignored: usize,
    folders_ignored: usize,
    ignored_by: BTreeMap<String, usize>,
    rules_loaded: Option<usize>,
    /// Rule ids the SARIF inputs list (the rules the shards ran).
    listed_rules: BTreeSet<String>,
    baseline: bool,
    fixed: BTreeSet<Entry>,
    /// The inventory's relationships by file: the first report's list for each file.
    inventory: BTreeMap<String, Vec<Relationship>>,
    /// Reports that list servers but no relationship (SARIF, or a report of an older mcptrust).
    inventory_missing: Vec<String>,
    input_errors: Vec<InputError>,
}

/// What merging made: the parts of a [`Report`].
struct Merged {
    files: Vec<FileOutcome>,
    findings: Vec<Located>,
    errors: Vec<FileError>,
    origins: Vec<(String, Origin)>,
    files_ignored: usize,
    folders_ignored: usize,
    ignored_by: BTreeMap<String, usize>,
    rules_loaded: Option<usize>,
    listed_rules: BTreeSet<String>,
    fixed: Option<Vec<Entry>>,
    /// `None` when no report carried one.
    inventory: Option<Vec<Relationship>>,
    inventory_missing: Vec<String>,
    input_errors: Vec<InputError>,
}

impl Merged {
    fn report<'a>(&'a self, rules: &'a RuleSet) -> Report<'a> {
        let metas: Vec<&RuleMeta> = rules
            .rules
            .iter()
            .map(|r| r.meta.as_ref())
            .filter(|m| self.listed_rules.is_empty() || self.listed_rules.contains(&m.id))
            .collect();
        let mut report = Report::new(&self.files, &self.findings, &self.errors, metas)
            .with_origins(self.origins.iter().map(|(p, o)| (p.as_str(), o)));
        report.summary.files_ignored = self.files_ignored;
        report.summary.folders_ignored = self.folders_ignored;
        report.summary.ignored_by = self.ignored_by.clone();
        if let Some(n) = self.rules_loaded {
            report.summary.rules_loaded = n;
        }
        if let Some(fixed) = &self.fixed {
            report.set_baseline(fixed.clone());
        }
        report.inventory = self.inventory.clone();
        report.inventory_in_json = self.inventory.is_some();
        report.inventory_missing = self.inventory_missing.clone();
        report
    }
}

impl<'r> Merger<'r> {
    fn new(rules: &'r RuleSet) -> Merger<'r> {
        Merger {
            rules,
            by_id: rules.rules.iter().map(|r| (r.meta.id.as_str(), &r.meta)).collect(),
            redactor: Redactor::empty(),
            files: BTreeMap::new(),
            findings: BTreeMap::new(),
            errors: BTreeSet::new(),
            origins: BTreeMap::new(),
            files_ignored: 0,
            folders_ignored: 0,
            ignored_by: BTreeMap::new(),
            rules_loaded: None,
            listed_rules: BTreeSet::new(),
            baseline: false,
            fixed: BTreeSet::new(),
            inventory: BTreeMap::new(),
            inventory_missing: Vec::new(),
            input_errors: Vec::new(),
        }
    }

    fn redact(&self, text: &str) -> Redacted {
        self.redactor.redact(self.rules, text)
    }

    fn fail(&mut self, input: &str, line: Option<usize>, message: &str) {
        // A parser's message quotes the value it choked on: say what is wrong, never what the input holds.
        let message = self.redact(&crate::rules::pack::without_quoted_values(message));
        self.input_errors.push(InputError { path: input.to_string(), line, message });
    }

    /// Reads one report into the merge; what cannot be read is an error naming it.
    fn read(&mut self, path: &Path) {
        let shown = self.redact(&path.display().to_string()).to_string();
        let text = match crate::fsread::read_bounded(path, u64::MAX) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => return self.fail(&shown, None, "not a report: not valid UTF-8"),
            },
            Err(e) => return self.fail(&shown, None, &format!("cannot read report: {e}")),
        };
        let first = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty());
        let Some((_, first_line)) = first else {
            return self.fail(&shown, None, "not a report: the file is empty");
        };
        if serde_json::from_str::<Probe>(first_line).is_ok_and(|p| p.kind.is_some()) {
            return self.read_jsonl(&shown, &text);
        }
        let at = |e: &serde_json::Error| format!("{}:{}", e.line(), e.column());
        let probe = match serde_json::from_str::<Probe>(&text) {
            Ok(p) => p,
            Err(e) => {
                return self.fail(&shown, None, &format!("{}: not a JSON, JSONL or SARIF report: {e}", at(&e)));
            }
        };
        if probe.runs.is_some() {
            match serde_json::from_str::<SarifLog>(&text) {
                Ok(log) => self.add_sarif(&shown, log),
                Err(e) => self.fail(&shown, None, &format!("{}: not a SARIF report of mcptrust: {e}", at(&e))),
            }
        } else if probe.findings.is_some() && probe.summary.is_some() {
            match serde_json::from_str::<InJsonReport>(&text) {
                Ok(r) => self.add_json(&shown, r),
                Err(e) => self.fail(&shown, None, &format!("{}: not a JSON report of mcptrust: {e}", at(&e))),
            }
        } else {
            self.fail(
                &shown,
                None,
                "not a report: neither SARIF (`runs`), JSON (`findings` and `summary`) nor JSONL (a `type` per line)",
            );
        }
    }

    fn read_jsonl(&mut self, shown: &str, text: &str) {
        let mut findings = Vec::new();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        let mut relationships = Vec::new();
        let mut summary = None;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<InLine>(line) {
                Ok(InLine::Finding(f)) => findings.push((Some(i + 1), *f)),
                Ok(InLine::Error(e)) => errors.push(e),
                Ok(InLine::File(f)) => files.push(f),
                Ok(InLine::Relationship(r)) => relationships.push(*r),
                Ok(InLine::Summary(s)) => summary = Some(s),
                Err(e) => self.fail(shown, Some(i + 1), &format!("not a JSONL record of mcptrust: {e}")),
            }
        }
        let Some(summary) = summary else {
            return self.fail(shown, None, "incomplete JSONL report: no `summary` line (was the shard cut short?)");
        };
        self.add_inventory(shown, &files, relationships);
        self.add_parts(shown, files, findings, errors, summary, None);
    }

    fn add_json(&mut self, shown: &str, r: InJsonReport) {
        self.add_inventory(shown, &r.files, r.inventory.unwrap_or_default());
        let findings = r.findings.into_iter().map(|f| (None, f)).collect();
        self.add_parts(shown, r.files, findings, r.errors, r.summary, r.fixed);
    }

    /// A report's relationships, each file's taken from the first report that lists it. A report whose files
    /// hold servers but that lists no relationship carries no inventory: it is named as a gap.
    fn add_inventory(&mut self, shown: &str, files: &[InFile], relationships: Vec<InRelationship>) {
        if relationships.is_empty() {
            if files.iter().any(|f| f.servers > 0) {
                self.inventory_missing.push(shown.to_string());
            }
            return;
        }
        let mut by_file: BTreeMap<String, Vec<Relationship>> = BTreeMap::new();
        for r in relationships {
            match self.relationship(r) {
                Ok(r) => by_file.entry(r.file.clone()).or_default().push(r),
                Err(e) => self.fail(shown, None, &format!("inventory: {e}")),
            }
        }
        for (file, list) in by_file {
            self.inventory.entry(file).or_insert(list);
        }
    }

    /// A relationship as read, every string redacted.
    fn relationship(&self, r: InRelationship) -> std::result::Result<Relationship, String> {
        let redact = |t: &str| self.redact(t);
        let tools = |set: ToolSet| match set {
            ToolSet::Some(list) => ToolSet::Some(list.iter().map(|t| redact(t).to_string()).collect()),
            other => other,
        };
        let credentials =
            r.credentials
                .into_iter()
                .map(|c| {
                    let place = match c.place.as_str() {
                        "env" => "env",
                        "header" => "header",
                        _ => return Err(format!("server {}: unknown credential place", redact(&r.server))),
                    };
                    let lifetime =
                        match c.lifetime.as_deref() {
                            None => None,
                            Some(l) => {
                                Some(crate::inventory::LIFETIMES.iter().copied().find(|known| *known == l).ok_or_else(
                                    || format!("server {}: unknown credential lifetime", redact(&r.server)),
                                )?)
                            }
                        };
                    Ok(Credential {
                        name: redact(&c.name),
                        place,
                        kind: redact(&c.kind).to_string(),
                        literal: c.literal,
                        value: redact(&c.value),
                        lifetime,
                        credential_id: c.credential_id.filter(|id| is_hex_id(id)),
                        key_span: Default::default(),
                    })
                })
                .collect::<std::result::Result<Vec<_>, String>>()?;
        Ok(Relationship {
            client: client_of(&r.client)?.slug(),
            file: redact(&r.file).to_string(),
            scope: r.scope,
            server: redact(&r.server),
            transport: r.transport,
            enabled: r.enabled,
            command: r.command.as_deref().map(redact),
            url: r.url.as_deref().map(redact),
            package: r.package.as_deref().map(redact),
            pinned: r.pinned,
            credentials,
            grants: r
                .grants
                .into_iter()
                .map(|g| GrantView {
                    file: redact(&g.file).to_string(),
                    field: redact(&g.field).to_string(),
                    value: redact(&g.value),
                    reach: g.reach,
                    tools: g.tools.iter().map(|t| redact(t)).collect(),
                    span: Default::default(),
                    outcome: 0,
                })
                .collect(),
            tool_allowlist: r.tool_allowlist.map(|l| l.iter().map(|t| redact(t)).collect()),
            policy: PolicyStatus {
                approved: r.policy.approved,
                owner: r.policy.owner.as_deref().map(|t| redact(t).to_string()),
                expires: r.policy.expires.as_deref().map(|t| redact(t).to_string()),
                days_left: r.policy.days_left,
                ticket: r.policy.ticket.as_deref().map(|t| redact(t).to_string()),
                entry: None,
            },
            tasks: r
                .tasks
                .into_iter()
                .map(|t| TaskAccess {
                    task: redact(&t.task),
                    kind: t.kind,
                    file: redact(&t.file).to_string(),
                    visible: tools(t.visible),
                    preapproved: tools(t.preapproved),
                    outcome: 0,
                    span: Default::default(),
                    raw_name: String::new(),
                })
                .collect(),
            outcome: 0,
            name_span: Default::default(),
            raw_name: String::new(),
            raw_launch: Vec::new(),
            raw_url: None,
        })
    }

    fn add_parts(
        &mut self,
        shown: &str,
        files: Vec<InFile>,
        findings: Vec<(Option<usize>, InFinding)>,
        errors: Vec<InError>,
        summary: InSummary,
        fixed: Option<Vec<Entry>>,
    ) {
        for f in files {
            let repo_path = match f.repo_path {
                None => Some(f.path.clone()),
                Some(p) => p,
            };
            let absolute = if repo_path.is_none() { f.path.clone() } else { String::new() };
            let file = ReadFile {
                path: &f.path,
                client: f.client.as_deref(),
                format: &f.format,
                servers: f.servers,
                status: &f.status,
                reason: f.reason.as_deref(),
                origin: (repo_path, absolute, f.ignored_by, f.committed),
                link_target: f.link_target,
                repository: f.repository,
            };
            self.add_file(shown, file);
        }
        for (line, f) in findings {
            self.add_finding(shown, line, f);
        }
        for e in errors {
            self.add_error(&e);
        }
        self.add_summary(summary, fixed);
    }

    fn add_summary(&mut self, summary: InSummary, fixed: Option<Vec<Entry>>) {
        self.files_ignored += summary.files_ignored;
        self.folders_ignored += summary.folders_ignored;
        for (by, n) in summary.ignored_by {
            *self.ignored_by.entry(self.redact(&by).to_string()).or_insert(0) += n;
        }
        if let Some(n) = summary.rules_loaded {
            self.rules_loaded = Some(self.rules_loaded.unwrap_or(0).max(n));
        }
        if summary.baseline.is_some() {
            self.baseline = true;
        }
        for e in fixed.into_iter().flatten() {
            let entry = Entry {
                fingerprint: e.fingerprint,
                rule: self.redact(&e.rule).to_string(),
                path: self.redact(&e.path).to_string(),
                pointer: self.redact(&e.pointer).to_string(),
            };
            if is_hex_id(&entry.fingerprint) {
                self.fixed.insert(entry);
            }
        }
    }

    fn add_file(&mut self, shown: &str, f: ReadFile) {
        let path = self.redact(f.path).to_string();
        let client = match f.client.map(client_of).transpose() {
            Ok(c) => c,
            Err(e) => return self.fail(shown, None, &format!("file {path}: {e}")),
        };
        let (Some(syntax), Some(status)) = (syntax_of(f.format), status_of(f.status)) else {
            return self.fail(shown, None, &format!("file {path}: unknown format or status"));
        };
        let mut outcome = FileOutcome::new(path.clone(), client, syntax);
        outcome.status = status;
        outcome.servers = f.servers;
        outcome.reason = f.reason.map(|r| self.redact(r).to_string());
        let (repo_path, absolute, ignored_by, committed) = f.origin;
        outcome.origin = Origin {
            repo_path: repo_path.map(|p| self.redact(&p).to_string()),
            absolute: self.redact(&absolute).to_string(),
            ignored_by: ignored_by.map(|p| self.redact(&p).to_string()),
            committed,
            link_target: f.link_target.map(|p| self.redact(&p).to_string()),
            repository: f.repository.map(|p| self.redact(&p).to_string()),
        };
        self.files.entry(path).or_insert(outcome);
    }

    fn add_error(&mut self, e: &InError) {
        let key = (self.redact(&e.path).to_string(), self.redact(&e.message).to_string(), e.line, e.column);
        self.errors.insert(key);
    }

    fn add_finding(&mut self, shown: &str, line: Option<usize>, f: InFinding) {
        match self.finding(f) {
            Ok(located) => {
                let key = (located.finding.fingerprint.clone(), located.path.clone());
                self.findings.entry(key).or_insert(located);
            }
            Err(message) => self.fail(shown, line, &message),
        }
    }

    /// A finding as the scan made it, from what a report says of it.
    fn finding(&self, f: InFinding) -> std::result::Result<Located, String> {
        let Some(rule) = self.by_id.get(f.rule.as_str()).copied() else {
            return Err(format!(
                "finding of rule {}, which is not known (pass the pack the shards used with --rules)",
                self.redact(&f.rule)
            ));
        };
        let severity = severity_of(&f.severity).ok_or_else(|| format!("{}: unknown severity", rule.id))?;
        let client = client_of(&f.client)?;
        if !is_hex_id(&f.fingerprint) || f.credential_id.as_deref().is_some_and(|id| !is_hex_id(id)) {
            return Err(format!("finding of rule {}: a fingerprint or credential id mcptrust did not write", rule.id));
        }
        let mut also_in = Vec::new();
        for name in f.categories.iter().skip(1) {
            let c = category_of(name).ok_or_else(|| format!("{}: unknown category", rule.id))?;
            if c != rule.category && !also_in.contains(&c) {
                also_in.push(c);
            }
        }
        let suppressed = match f.suppressed {
            None => None,
            Some(s) => Some(Suppressed {
                kind: match s.kind.as_str() {
                    "inline" | "inSource" => SuppressionKind::Inline,
                    "config" | "external" => SuppressionKind::Config,
                    _ => return Err(format!("{}: unknown suppression kind", rule.id)),
                },
                reason: self.redact(&s.reason).to_string(),
                expires: s.expires.as_deref().and_then(|d| crate::clock::Date::parse(d).ok()),
            }),
        };
        let baseline = match f.baseline_state.as_deref() {
            None => None,
            Some("new") => Some(BaselineState::New),
            Some("unchanged") => Some(BaselineState::Unchanged),
            Some(_) => return Err(format!("{}: unknown baseline state", rule.id)),
        };
        let path = self.redact(&f.path).to_string();
        let finding = Finding {
            rule: rule.clone(),
            severity,
            span: crate::parse::Span::new(0, 0),
            pointer: self.redact(&f.pointer),
            server: f.server.as_deref().map(|s| self.redact(s)),
            message: self.redact(&f.message),
            fingerprint: f.fingerprint,
            secret_hash: f.credential_id,
            masked: f.masked.as_deref().map(|m| self.redact(m)),
            also_in,
            merged: f.merged_rules.iter().map(|r| self.redact(r).to_string()).collect(),
        };
        let _ = (f.ignored_by, f.committed); // The file's own entry says where it is.
        Ok(Located {
            finding,
            path,
            client,
            start: Position { line: f.line, column: f.column },
            end: Position { line: f.end_line, column: f.end_column },
            source: None,
            suppressed,
            baseline,
        })
    }

    fn add_sarif(&mut self, shown: &str, log: SarifLog) {
        for run in log.runs {
            if let Some(tool) = &run.tool {
                self.listed_rules.extend(tool.driver.rules.iter().map(|r| r.id.clone()));
            }
            // uri -> the path every other format shows.
            let mut shown_as: HashMap<String, String> = HashMap::new();
            for a in &run.artifacts {
                let (repo_path, absolute) = place(&a.location.uri);
                shown_as.insert(a.location.uri.clone(), a.properties.path.clone());
                let p = &a.properties;
                let file = ReadFile {
                    path: &p.path,
                    client: p.client.as_deref(),
                    format: &p.format,
                    servers: p.servers,
                    status: &p.status,
                    reason: p.reason.as_deref(),
                    origin: (repo_path, absolute, p.ignored_by.clone(), p.committed),
                    link_target: None,
                    repository: None,
                };
                self.add_file(shown, file);
            }
            // SARIF holds no inventory: a run of files with servers is a gap in the merged one.
            if run.artifacts.iter().any(|a| a.properties.servers > 0)
                && !self.inventory_missing.iter().any(|m| m == shown)
            {
                self.inventory_missing.push(shown.to_string());
            }
            for r in run.results {
                let Some(location) = r.locations.first() else {
                    self.fail(shown, None, &format!("result of rule {} has no location", self.redact(&r.rule_id)));
                    continue;
                };
                let uri = &location.physical_location.artifact_location.uri;
                let path = self.path_of(&shown_as, uri);
                let region = location.physical_location.region.as_ref();
                let (line, column) = region.map_or((1, 1), |g| (g.start_line, g.start_column.unwrap_or(1)));
                let end_line = region.and_then(|g| g.end_line).unwrap_or(line);
                let end_column = region.and_then(|g| g.end_column).unwrap_or(column);
                let p = r.properties;
                let mut categories = vec![String::new()];
                categories.extend(p.tags.into_iter().skip(1));
                let suppressed = r.suppressions.into_iter().next().map(|s| InSuppressed {
                    kind: s.kind,
                    reason: s.justification,
                    expires: s.properties.and_then(|p| p.expires),
                });
                let finding = InFinding {
                    rule: r.rule_id,
                    severity: p.severity,
                    path,
                    line,
                    column,
                    end_line,
                    end_column,
                    pointer: location
                        .logical_locations
                        .first()
                        .map(|l| l.fully_qualified_name.clone())
                        .unwrap_or_default(),
                    client: p.client,
                    server: p.server,
                    message: r.message.text,
                    fingerprint: r.partial_fingerprints.get("mcptrust/v1").cloned().unwrap_or_default(),
                    categories,
                    merged_rules: p.merged_rules,
                    credential_id: p.credential_id,
                    masked: p.masked,
                    suppressed,
                    baseline_state: r.baseline_state,
                    ignored_by: p.ignored_by,
                    committed: p.committed,
                };
                self.add_finding(shown, None, finding);
            }
            for invocation in &run.invocations {
                for n in &invocation.tool_execution_notifications {
                    let location = n.locations.first();
                    let uri = location.map(|l| l.physical_location.artifact_location.uri.as_str()).unwrap_or("");
                    let region = location.and_then(|l| l.physical_location.region.as_ref());
                    let error = InError {
                        path: self.path_of(&shown_as, uri),
                        message: n.message.text.clone(),
                        line: region.map(|g| g.start_line),
                        column: region.and_then(|g| g.start_column),
                    };
                    self.add_error(&error);
                }
            }
            let summary = run.properties.and_then(|p| p.summary).unwrap_or_default();
            self.add_summary(summary, None);
        }
    }

    /// The path a SARIF location shows as: its file's, else the location itself (which is then placed).
    fn path_of(&mut self, shown_as: &HashMap<String, String>, uri: &str) -> String {
        if let Some(path) = shown_as.get(uri) {
            return self.redact(path).to_string();
        }
        let (repo_path, absolute) = place(uri);
        let path = self.redact(repo_path.as_deref().unwrap_or(&absolute)).to_string();
        let origin = Origin {
            repo_path: repo_path.map(|p| self.redact(&p).to_string()),
            absolute: self.redact(&absolute).to_string(),
            ignored_by: None,
            committed: None,
            link_target: None,
            repository: None,
        };
        self.origins.entry(path.clone()).or_insert(origin);
        path
    }

    /// Drops the shards' secret reuse and finds it again over every shard's credentials, as one scan would.
    fn finish(mut self) -> Merged {
        let files: Vec<FileOutcome> = std::mem::take(&mut self.files).into_values().collect();
        let mut findings: Vec<Located> = std::mem::take(&mut self.findings).into_values().collect();
        if let Some(rule) = self.rules.meta_of_check("secret-reuse") {
            let (old, kept): (Vec<Located>, Vec<Located>) =
                findings.into_iter().partition(|l| l.finding.rule.id == rule.id);
            findings = kept;
            let found = reuse(self.rules, rule, &files, &findings, &self.redactor);
            let before: HashMap<&str, &Located> = old.iter().map(|l| (l.finding.fingerprint.as_str(), l)).collect();
            let fixed: BTreeSet<&str> = self.fixed.iter().map(|e| e.fingerprint.as_str()).collect();
            let mut added = Vec::new();
            for mut located in found {
                // A shard that saw the whole reuse judged it against the policy and the baseline already; one
                // only the merge sees is new unless the baseline recorded it (every shard then called it fixed).
                let earlier = before.get(located.finding.fingerprint.as_str());
                located.suppressed = earlier.and_then(|l| l.suppressed.clone());
                located.baseline = match earlier {
                    Some(l) => l.baseline,
                    None if self.baseline && fixed.contains(located.finding.fingerprint.as_str()) => {
                        Some(BaselineState::Unchanged)
                    }
                    None if self.baseline => Some(BaselineState::New),
                    None => None,
                };
                added.push(located);
            }
            findings.extend(added);
        }
        let present: BTreeSet<&str> = findings.iter().map(|l| l.finding.fingerprint.as_str()).collect();
        let fixed = self
            .baseline
            .then(|| self.fixed.iter().filter(|e| !present.contains(e.fingerprint.as_str())).cloned().collect());
        let mut errors: Vec<FileError> = self
            .errors
            .into_iter()
            .map(|(path, message, line, column)| FileError {
                path,
                message: self.redactor.redact(self.rules, &message),
                line,
                column,
            })
            .collect();
        // A report that could not be read leaves the merge incomplete, and says so in the output too.
        for e in &self.input_errors {
            errors.push(FileError { path: e.path.clone(), message: e.message.clone(), line: e.line, column: None });
        }
        Merged {
            files,
            findings,
            errors,
            origins: self.origins.into_iter().collect(),
            files_ignored: self.files_ignored,
            folders_ignored: self.folders_ignored,
            ignored_by: self.ignored_by,
            rules_loaded: self.rules_loaded,
            listed_rules: self.listed_rules,
            fixed,
            inventory: (!self.inventory.is_empty()).then(|| self.inventory.into_values().flatten().collect()),
            inventory_missing: self.inventory_missing,
            input_errors: self.input_errors,
        }
    }
}

/// One file as a report lists it.
struct ReadFile<'a> {
    path: &'a str,
    client: Option<&'a str>,
    format: &'a str,
    servers: usize,
    status: &'a str,
    reason: Option<&'a str>,
    /// Repository path, absolute path, ignore file, committed.
    origin: (Option<String>, String, Option<String>, Option<bool>),
    /// The file is a symbolic link to this one (JSON inputs say so; SARIF does not).
    link_target: Option<String>,
    /// The repository the file belongs to (JSON inputs say so; SARIF does not).
    repository: Option<String>,
}

/// Secret reuse over the merged findings: the scan's own check, over the files the findings are in.
fn reuse(
    rules: &RuleSet,
    rule: &Arc<RuleMeta>,
    files: &[FileOutcome],
    findings: &[Located],
    redactor: &Redactor,
) -> Vec<Located> {
    // path -> indices into `findings`.
    let mut by_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in findings.iter().enumerate() {
        by_path.entry(l.path.as_str()).or_default().push(i);
    }
    let keys: HashMap<&str, &str> =
        files.iter().filter_map(|f| Some((f.path.as_str(), f.origin.repo_path.as_deref()?))).collect();
    let groups: Vec<(&str, Vec<usize>)> = by_path.into_iter().collect();
    let inputs: Vec<CrossFile> = groups
        .iter()
        .enumerate()
        .map(|(index, (path, list))| CrossFile {
            index,
            path,
            // Fingerprints name the file by its repository path, as the scan did.
            key: keys.get(path).copied().unwrap_or(path),
            client: findings[list[0]].client,
            model: None,
            findings: list.iter().map(|&i| &findings[i].finding).collect(),
            redactor,
        })
        .collect();
    let mut out = CrossOutput::default();
    cross::secret_reuse(rules, rule, &inputs, &mut out);
    out.hits
        .into_iter()
        .filter_map(|hit| {
            let Anchor::Finding(i) = hit.anchor else { return None };
            let base = &findings[groups[hit.file].1[i]];
            Some(Located { finding: hit.finding, ..base.clone() })
        })
        .collect()
}

/// A SARIF artifact URI as (repository path, absolute path): relative to `%SRCROOT%`, or `file://`.
fn place(uri: &str) -> (Option<String>, String) {
    match uri.strip_prefix("file://") {
        Some(abs) => (None, percent_decode(abs)),
        None => (Some(percent_decode(uri)), String::new()),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b)))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The ids mcptrust writes (fingerprints, credential ids): 32 lowercase hex digits.
fn is_hex_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn severity_of(name: &str) -> Option<Severity> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

fn category_of(name: &str) -> Option<Category> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

fn syntax_of(name: &str) -> Option<Syntax> {
    [Syntax::Json, Syntax::Yaml, Syntax::Toml, Syntax::Markdown].into_iter().find(|s| s.name() == name)
}

fn status_of(name: &str) -> Option<Status> {
    match name {
        "scanned" => Some(Status::Scanned),
        "error" => Some(Status::Error),
        "skipped" => Some(Status::Skipped),
        _ => None,
    }
}

/// The client a report names by its slug (`claude-code` is Claude Code's project file; the user file shares
/// its slug and its findings).
fn client_of(slug: &str) -> std::result::Result<Client, String> {
    CLIENTS.iter().copied().find(|c| c.slug() == slug).ok_or_else(|| "unknown client".to_string())
}

/// Every client, for [`client_of`]. `exhaustive` below fails to compile when a client is added and not listed.
const CLIENTS: &[Client] = &[
    Client::ClaudeDesktop,
    Client::ClaudeCode,
    Client::ClaudeUser,
    Client::ClaudeSettings,
    Client::Cursor,
    Client::Vscode,
    Client::VscodeSettings,
    Client::Windsurf,
    Client::Cline,
    Client::Roo,
    Client::Continue,
    Client::Zed,
    Client::Gemini,
    Client::Codex,
    Client::Goose,
    Client::AmazonQ,
    Client::Kiro,
    Client::Junie,
    Client::JetbrainsAir,
    Client::Opencode,
    Client::LmStudio,
    Client::CopilotCli,
    Client::Generic,
    Client::RegistryServer,
    Client::Mcpb,
    Client::Smithery,
    Client::ClaudeAgent,
    Client::ClaudeCommand,
    Client::ClaudeSkill,
    Client::ClaudePlugin,
    Client::VscodeAgent,
    Client::VscodePrompt,
    Client::OpencodeAgent,
    Client::GeminiAgent,
    Client::GeminiCommand,
    Client::GeminiPolicy,
    Client::GeminiExtension,
    Client::GooseRecipe,
    Client::CodexRole,
    Client::CursorCli,
    Client::CursorPermissions,
    Client::AmazonQAgent,
    Client::KiroAgent,
    Client::ContinueAgent,
    Client::ContinuePermissions,
];

#[allow(dead_code)]
fn exhaustive(c: Client) {
    use Client::*;
    match c {
        ClaudeDesktop | ClaudeCode | ClaudeUser | ClaudeSettings | Cursor | Vscode | VscodeSettings | Windsurf
        | Cline | Roo | Continue | Zed | Gemini | Codex | Goose | AmazonQ | Kiro | Junie | JetbrainsAir | Opencode
        | LmStudio | CopilotCli | Generic | RegistryServer | Mcpb | Smithery | ClaudeAgent | ClaudeCommand
        | ClaudeSkill | ClaudePlugin | VscodeAgent | VscodePrompt | OpencodeAgent | GeminiAgent | GeminiCommand
        | GeminiPolicy | GeminiExtension | GooseRecipe | CodexRole | CursorCli | CursorPermissions | AmazonQAgent
        | KiroAgent | ContinueAgent | ContinuePermissions => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_slug_reads_back() {
        for &c in CLIENTS {
            assert_eq!(client_of(c.slug()).map(Client::slug), Ok(c.slug()));
        }
        assert!(client_of("nope").is_err());
    }

    #[test]
    fn sarif_places_read_back() {
        assert_eq!(place("a%20b/.mcp.json"), (Some("a b/.mcp.json".into()), String::new()));
        assert_eq!(place("file:///tmp/x%25y.json"), (None, "/tmp/x%y.json".into()));
        assert!(is_hex_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_hex_id("ghp_0123456789abcdef0123456789ab"));
    }
}
