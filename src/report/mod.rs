//! Renders what the scan found. Reporters decide nothing and never see a raw secret: findings arrive
//! masked, and code frames are drawn from a masked copy of each file.

pub mod github;
pub mod html;
pub mod human;
pub mod inventory;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod terminal;
pub mod user;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::discover::Origin;
use crate::model::Client;
use crate::policy::baseline::BaselineState;
use crate::rules::{RuleMeta, Severity};
use crate::scan::{FileError, FileOutcome, Located, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
    /// One JSON object per line, streamed as files finish (for sweeps).
    Jsonl,
    /// A summary table for a pull-request comment.
    Markdown,
    /// JUnit XML for CI test views.
    Junit,
    /// One self-contained HTML page (totals, charts, trust inventory, findings).
    Html,
}

/// A report rendered into a string, for callers that keep it (tests, fuzz targets); `scan` streams instead.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    let mut out = Vec::new();
    let human =
        human::Options { color, fail_on: Severity::Low, statistics: false, verbose: false, width: 80, quiet: 0 };
    let written = write(report, format, &human, &mut out);
    written.expect("writing to memory cannot fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

/// Writes `report` in `format` (`human`: how human output is drawn).
pub fn write(
    report: &Report,
    format: Format,
    human: &human::Options,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(report, human, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Jsonl => jsonl::write(report, out),
        Format::Markdown => markdown::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Html => html::write(report, out),
    }
}

/// The whole result of a scan, in a stable order.
pub struct Report<'a> {
    pub files: &'a [FileOutcome],
    /// Every finding, suppressed ones included (human output leaves those out; JSON and SARIF mark them).
    pub findings: Vec<&'a Located>,
    pub errors: Vec<&'a FileError>,
    pub rules: Vec<&'a RuleMeta>,
    pub summary: Summary,
    /// With `--baseline`: the recorded findings that are gone.
    pub fixed: Vec<crate::policy::baseline::Entry>,
    /// With `--user`: every user config location checked.
    pub user_locations: Option<Vec<user::UserLocation>>,
    /// The trust inventory (policy status included), when computed: for `--format html`, and for JSON and JSONL
    /// when `inventory_in_json`.
    pub inventory: Option<Vec<crate::inventory::Relationship>>,
    /// JSON and JSONL carry the inventory (`--inventory`, `--shard`, or a merge of reports that carried it).
    pub inventory_in_json: bool,
    /// Reports merged into this one that carried no inventory (shown, in HTML, as a gap in it).
    pub inventory_missing: Vec<String>,
    origins: BTreeMap<&'a str, &'a Origin>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub files_scanned: usize,
    pub files_with_errors: usize,
    pub files_skipped: usize,
    pub servers: usize,
    /// Findings that count: not suppressed.
    pub findings: usize,
    /// Findings the policy accepts (inline or config suppressions).
    pub suppressed: usize,
    /// With `--baseline`: findings that are new, recorded ones still there, and recorded ones gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
    pub by_severity: BTreeMap<String, usize>,
    /// Findings per category (a finding counts in its rule's category).
    pub by_category: BTreeMap<String, usize>,
    /// Findings per rule id.
    pub by_rule: BTreeMap<String, usize>,
    pub by_client: BTreeMap<String, usize>,
    pub rules_loaded: usize,
    /// Candidates that ignore rules or `--exclude` removed (not scanned).
    pub files_ignored: usize,
    /// Folders that ignore rules or `--exclude` passed over without entering them (an ignored folder is entered
    /// only when a known config location can be in it, such as `.vscode/`).
    pub folders_ignored: usize,
    /// What removed those files and folders (both counted): the ignore file, or `--exclude`.
    pub ignored_by: BTreeMap<String, usize>,
    /// Files an ignore rule matched that were scanned anyway (known config locations).
    pub files_scanned_despite_ignore: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct BaselineSummary {
    pub new: usize,
    pub unchanged: usize,
    pub fixed: usize,
}

impl<'a> Report<'a> {
    /// `extra`: findings about files that were not scanned (the config's own entries).
    pub fn new(
        files: &'a [FileOutcome],
        extra: &'a [Located],
        extra_errors: &'a [FileError],
        rules: Vec<&'a RuleMeta>,
    ) -> Report<'a> {
        let mut findings: Vec<&Located> = files.iter().flat_map(|f| f.findings.iter()).chain(extra).collect();
        findings.sort_by(|a, b| {
            (a.path.as_str(), a.start, a.finding.rule.id.as_str(), a.end, a.finding.pointer.as_str()).cmp(&(
                b.path.as_str(),
                b.start,
                b.finding.rule.id.as_str(),
                b.end,
                b.finding.pointer.as_str(),
            ))
        });
        let mut errors: Vec<&FileError> = files.iter().filter_map(|f| f.error.as_deref()).chain(extra_errors).collect();
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        let mut by_severity = BTreeMap::new();
        let mut by_category = BTreeMap::new();
        let mut by_rule = BTreeMap::new();
        for f in findings.iter().filter(|f| f.suppressed.is_none()) {
            *by_severity.entry(f.finding.severity.name().to_string()).or_insert(0) += 1;
            *by_category.entry(f.finding.rule.category.name().to_string()).or_insert(0) += 1;
            *by_rule.entry(f.finding.rule.id.clone()).or_insert(0) += 1;
        }
        let mut by_client = BTreeMap::new();
        for f in files.iter().filter(|f| f.status == Status::Scanned) {
            *by_client.entry(f.client.map(Client::slug).unwrap_or("unknown").to_string()).or_insert(0) += 1;
        }
        let summary = Summary {
            files_scanned: files.iter().filter(|f| f.status == Status::Scanned).count(),
            files_with_errors: errors.len(),
            files_skipped: files.iter().filter(|f| f.status == Status::Skipped).count(),
            servers: files.iter().map(|f| f.servers).sum(),
            findings: findings.iter().filter(|f| f.suppressed.is_none()).count(),
            suppressed: findings.iter().filter(|f| f.suppressed.is_some()).count(),
            baseline: None,
            by_severity,
            by_category,
            by_rule,
            by_client,
            rules_loaded: rules.len(),
            files_ignored: 0,
            folders_ignored: 0,
            ignored_by: BTreeMap::new(),
            files_scanned_despite_ignore: files
                .iter()
                .filter(|f| f.status != Status::Skipped && f.origin.ignored_by.is_some())
                .count(),
        };
        let origins = files.iter().map(|f| (f.path.as_str(), &f.origin)).collect();
        Report {
            files,
            findings,
            errors,
            rules,
            summary,
            fixed: Vec::new(),
            user_locations: None,
            inventory: None,
            inventory_in_json: false,
            inventory_missing: Vec::new(),
            origins,
        }
    }

    /// Adds what ignore rules and `--exclude` removed (files) and passed over (folders), by what removed it.
    pub fn with_ignored(mut self, files: &BTreeMap<String, usize>, folders: &BTreeMap<String, usize>) -> Report<'a> {
        self.summary.files_ignored = files.values().sum();
        self.summary.folders_ignored = folders.values().sum();
        let mut by = files.clone();
        for (what, n) in folders {
            *by.entry(what.clone()).or_insert(0) += n;
        }
        self.summary.ignored_by = by;
        self
    }

    /// `2 files and 1 folder` (`file` as `candidate` when `file` says so); `None` when nothing was ignored.
    fn ignored_count(&self, file: &str) -> Option<String> {
        let s = &self.summary;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match (s.files_ignored, s.folders_ignored) {
            (0, 0) => None,
            (files, 0) => Some(plural(files, file)),
            (0, folders) => Some(plural(folders, "folder")),
            (files, folders) => Some(format!("{} and {}", plural(files, file), plural(folders, "folder"))),
        }
    }

    /// Places the paths of errors met before any file was read (a folder or ignore file that could not be read).
    pub fn with_origins(mut self, origins: impl IntoIterator<Item = (&'a str, &'a Origin)>) -> Report<'a> {
        for (path, origin) in origins {
            self.origins.entry(path).or_insert(origin);
        }
        self
    }

    /// Where discovery found the file shown as `path`.
    pub fn origin(&self, path: &str) -> Option<&'a Origin> {
        self.origins.get(path).copied()
    }

    /// `2 by .gitignore, 1 by --exclude`, most first; past three sources, the rest as `5 by 9 more`.
    fn ignored_by_text(&self) -> String {
        const SHOWN: usize = 3;
        let mut by: Vec<(&String, &usize)> = self.summary.ignored_by.iter().collect();
        by.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut parts: Vec<String> = by.iter().take(SHOWN).map(|(what, n)| format!("{n} by {what}")).collect();
        if by.len() > SHOWN {
            let rest: usize = by[SHOWN..].iter().map(|(_, n)| **n).sum();
            parts.push(format!("{rest} by {} more", by.len() - SHOWN));
        }
        parts.join(", ")
    }

    /// The warning for a scan that read nothing while ignore rules removed candidates or passed over folders.
    pub fn nothing_scanned_warning(&self) -> Option<String> {
        let s = &self.summary;
        let what = self.ignored_count("candidate").filter(|_| s.files_scanned == 0)?;
        let were = if s.files_ignored + s.folders_ignored == 1 { "was" } else { "were" };
        Some(format!(
            "no file was scanned, but {what} {were} ignored ({}); --no-ignore scans them",
            self.ignored_by_text()
        ))
    }

    /// One note per file an ignore rule matched that was scanned anyway, e.g.
    /// `.mcp.json is not committed (.gitignore matches it); scanned anyway`.
    pub fn ignore_notes(&self) -> Vec<String> {
        self.files
            .iter()
            .filter_map(|f| {
                let by = f.origin.ignored_by.as_deref()?;
                Some(if f.origin.committed == Some(false) {
                    format!("{} is not committed ({by} matches it); scanned anyway", f.path)
                } else {
                    format!(
                        "{} is matched by {by}; scanned anyway (only the repository's top-level ignore files can hide a known config location)",
                        f.path
                    )
                })
            })
            .collect()
    }

    /// Marks the comparison with a baseline: `fixed` are the recorded findings that are gone.
    pub fn set_baseline(&mut self, fixed: Vec<crate::policy::baseline::Entry>) {
        let count =
            |state| self.findings.iter().filter(|f| f.suppressed.is_none() && f.baseline == Some(state)).count();
        self.summary.baseline = Some(BaselineSummary {
            new: count(BaselineState::New),
            unchanged: count(BaselineState::Unchanged),
            fixed: fixed.len(),
        });
        self.fixed = fixed;
    }

    /// The one line that says what was read, e.g.
    /// `scanned 14 files (3 claude-code, 2 vscode), 37 servers, 1 error, 2 skipped`.
    pub fn coverage_line(&self) -> String {
        let s = &self.summary;
        let mut clients: Vec<(&String, &usize)> = s.by_client.iter().collect();
        clients.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let clients = clients.iter().map(|(c, n)| format!("{n} {c}")).collect::<Vec<_>>().join(", ");
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut line = format!("scanned {}", plural(s.files_scanned, "file"));
        if !clients.is_empty() {
            line.push_str(&format!(" ({clients})"));
        }
        line.push_str(&format!(", {}, {}", plural(s.servers, "server"), plural(s.findings, "finding")));
        line.push_str(&format!(", {}, {} skipped", plural(s.files_with_errors, "error"), s.files_skipped));
        if let Some(what) = self.ignored_count("file") {
            line.push_str(&format!(", {what} ignored ({})", self.ignored_by_text()));
        }
        if s.files_scanned_despite_ignore > 0 {
            line.push_str(&format!(", {} scanned despite an ignore rule", s.files_scanned_despite_ignore));
        }
        if let Some(locations) = &self.user_locations {
            line.push_str(&format!(", {}", user::summary(locations)));
        }
        if s.suppressed > 0 {
            line.push_str(&format!(", {} suppressed", s.suppressed));
        }
        if let Some(b) = &s.baseline {
            line.push_str(&format!(" (baseline: {} new, {} unchanged, {} fixed)", b.new, b.unchanged, b.fixed));
        }
        line
    }

    /// `2 critical, 10 high, 6 low (6 below --fail-on medium)`, worst first; `None` without findings.
    pub fn severity_line(&self, fail_on: Severity) -> Option<String> {
        let counts: Vec<(Severity, usize)> =
            [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info]
                .into_iter()
                .filter_map(|s| self.summary.by_severity.get(s.name()).map(|&n| (s, n)))
                .collect();
        if counts.is_empty() {
            return None;
        }
        let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
        let below: usize = counts.iter().filter(|(s, _)| *s < fail_on).map(|(_, n)| n).sum();
        Some(format!("findings by severity: {} ({below} below --fail-on {fail_on})", parts.join(", ")))
    }

    /// The worst finding that counts: not suppressed, and not already in the baseline.
    pub fn worst(&self) -> Option<Severity> {
        self.findings
            .iter()
            .filter(|f| f.suppressed.is_none() && f.baseline != Some(BaselineState::Unchanged))
            .map(|f| f.finding.severity)
            .max()
    }
}

/// A list written as it is walked: each item's view is made as it is serialized, never all of them at once (a
/// sweep's report has tens of thousands of findings and files).
pub(crate) struct Each<I>(std::cell::Cell<Option<I>>);

impl<I> Each<I> {
    pub(crate) fn new(items: I) -> Each<I> {
        Each(std::cell::Cell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: serde::Serialize> serde::Serialize for Each<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => s.collect_seq(items),
            None => Err(serde::ser::Error::custom("a list is written once")),
        }
    }
}
