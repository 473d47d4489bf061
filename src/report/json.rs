//! `--format json`: one document with findings, errors, per-file coverage and a summary.

use serde::Serialize;

use super::Each;
use super::{Report, Summary};
use crate::discover::Origin;
use crate::scan::{FileError, FileOutcome, Located, Status};

#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    rule: &'a str,
    name: &'a str,
    category: &'a str,
    /// Every category, the primary one first (more than one when findings on the same place were merged).
    categories: Vec<&'a str>,
    /// Rules whose findings on the same place were merged into this one.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    merged_rules: &'a [String],
    severity: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    pointer: &'a str,
    client: &'a str,
    server: Option<&'a str>,
    message: &'a str,
    tags: &'a [String],
    fingerprint: &'a str,
    /// The credential id: the same wherever this secret value sits.
    #[serde(skip_serializing_if = "Option::is_none")]
    credential_id: Option<&'a str>,
    /// The credential as shown (a short prefix, then `*`), with `credential_id`: what `merge` needs to say again
    /// where one credential is reused.
    #[serde(skip_serializing_if = "Option::is_none")]
    masked: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<&'a crate::policy::suppress::Suppressed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<crate::policy::baseline::BaselineState>,
    /// The ignore file whose rule matches this file, which was scanned anyway (a known config location).
    #[serde(skip_serializing_if = "Option::is_none")]
    ignored_by: Option<&'a str>,
    /// `false` when a VCS ignore rule matches the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    committed: Option<bool>,
    /// The file is a symbolic link to this file (shown like `path`), which was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    link_target: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
pub(crate) struct JsonFile<'a> {
    path: &'a str,
    /// The path fingerprints use (relative to the repository root), when it is not `path`; `null` for a file
    /// outside the repository. `merge` needs it to recompute fingerprints.
    #[serde(skip_serializing_if = "RepoPath::is_path")]
    repo_path: RepoPath<'a>,
    client: Option<&'a str>,
    format: &'a str,
    servers: usize,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ignored_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    committed: Option<bool>,
    /// The file is a symbolic link to this file (shown like `path`), which was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    link_target: Option<&'a str>,
    /// The repository the file belongs to (shown like `path`): the nearest folder holding `.git` under the scan
    /// root, else the top-level folder under it.
    #[serde(skip_serializing_if = "Option::is_none")]
    repository: Option<&'a str>,
}

/// A file's repository path, written only when it says something `path` does not.
struct RepoPath<'a> {
    path: &'a str,
    repo_path: Option<&'a str>,
}

impl RepoPath<'_> {
    fn is_path(&self) -> bool {
        self.repo_path == Some(self.path)
    }
}

impl Serialize for RepoPath<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.repo_path.serialize(s)
    }
}

#[derive(Serialize)]
#[serde(bound = "")]
struct JsonReport<
    'a,
    F: Iterator<Item = JsonFinding<'a>>,
    E: Iterator<Item = JsonError<'a>>,
    L: Iterator<Item = JsonFile<'a>>,
> {
    version: &'a str,
    findings: Each<F>,
    errors: Each<E>,
    files: Each<L>,
    summary: &'a Summary,
    /// With `--baseline`: recorded findings that are gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<&'a [crate::policy::baseline::Entry]>,
    /// With `--user`: every user config location checked, and whether it was there.
    #[serde(skip_serializing_if = "Option::is_none")]
    user_locations: Option<&'a [super::user::UserLocation]>,
    /// The trust inventory: every client → server relationship, as `mcptrust inventory --format json` lists
    /// them (what `merge` needs to show it for a sharded sweep).
    #[serde(skip_serializing_if = "Option::is_none")]
    inventory: Option<&'a [crate::inventory::Relationship]>,
}

/// Writes the report to `out` as it serializes: a report of many findings is never held whole in memory.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = JsonReport {
        version: env!("CARGO_PKG_VERSION"),
        findings: Each::new(report.findings.iter().map(|f| finding(f, report.origin(&f.path)))),
        errors: Each::new(report.errors.iter().map(|e| error(e))),
        files: Each::new(report.files.iter().map(|f| file(f, &f.origin))),
        summary: &report.summary,
        fixed: report.summary.baseline.as_ref().map(|_| &report.fixed[..]),
        user_locations: report.user_locations.as_deref(),
        inventory: report.inventory.as_deref().filter(|_| report.inventory_in_json),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

/// A finding as JSON shows it (`origin`: where discovery found its file, paths as shown).
pub(crate) fn finding<'a>(f: &'a Located, origin: Option<&'a Origin>) -> JsonFinding<'a> {
    JsonFinding {
        rule: &f.finding.rule.id,
        name: &f.finding.rule.slug,
        category: f.finding.rule.category.name(),
        categories: f.finding.categories().iter().map(|c| c.name()).collect(),
        merged_rules: &f.finding.merged,
        severity: f.finding.severity.name(),
        path: &f.path,
        line: f.start.line,
        column: f.start.column,
        end_line: f.end.line,
        end_column: f.end.column,
        pointer: &f.finding.pointer,
        client: f.client.slug(),
        server: f.finding.server.as_deref(),
        message: &f.finding.message,
        tags: &f.finding.rule.tags,
        fingerprint: &f.finding.fingerprint,
        credential_id: f.finding.secret_hash.as_deref(),
        masked: f.finding.secret_hash.as_ref().and(f.finding.masked.as_deref()),
        suppressed: f.suppressed.as_ref(),
        baseline_state: f.baseline,
        ignored_by: origin.and_then(|o| o.ignored_by.as_deref()),
        committed: origin.and_then(|o| o.committed),
        link_target: origin.and_then(|o| o.link_target.as_deref()),
    }
}

pub(crate) fn error(e: &FileError) -> JsonError<'_> {
    JsonError { path: &e.path, message: &e.message, line: e.line, column: e.column }
}

/// A file as JSON lists it (`origin`: its origin with paths as shown).
pub(crate) fn file<'a>(f: &'a FileOutcome, origin: &'a Origin) -> JsonFile<'a> {
    JsonFile {
        path: &f.path,
        repo_path: RepoPath { path: &f.path, repo_path: origin.repo_path.as_deref() },
        client: f.client.map(|c| c.slug()),
        format: f.syntax.name(),
        servers: f.servers,
        status: f.status,
        reason: f.reason.as_deref(),
        ignored_by: origin.ignored_by.as_deref(),
        committed: origin.committed,
        link_target: origin.link_target.as_deref(),
        repository: origin.repository.as_deref(),
    }
}
