//! Renders what the scan found. Reporters decide nothing and never see a raw secret: findings arrive
//! masked, and code frames are drawn from a masked copy of each file.

pub mod human;
pub mod json;
pub mod sarif;
pub mod terminal;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Client;
use crate::rules::{RuleMeta, Severity};
use crate::scan::{FileError, FileOutcome, Located, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

/// The whole result of a scan, in a stable order.
pub struct Report<'a> {
    pub files: &'a [FileOutcome],
    pub findings: Vec<&'a Located>,
    pub errors: Vec<&'a FileError>,
    pub rules: Vec<&'a RuleMeta>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub files_scanned: usize,
    pub files_with_errors: usize,
    pub files_skipped: usize,
    pub servers: usize,
    pub findings: usize,
    pub by_severity: BTreeMap<String, usize>,
    pub by_client: BTreeMap<String, usize>,
    pub rules_loaded: usize,
}

impl<'a> Report<'a> {
    pub fn new(files: &'a [FileOutcome], extra_errors: &'a [FileError], rules: Vec<&'a RuleMeta>) -> Report<'a> {
        let mut findings: Vec<&Located> = files.iter().flat_map(|f| f.findings.iter()).collect();
        findings.sort_by(|a, b| {
            (a.path.as_str(), a.start, a.finding.rule.id.as_str(), a.end, a.finding.pointer.as_str()).cmp(&(
                b.path.as_str(),
                b.start,
                b.finding.rule.id.as_str(),
                b.end,
                b.finding.pointer.as_str(),
            ))
        });
        let mut errors: Vec<&FileError> = files.iter().filter_map(|f| f.error.as_ref()).chain(extra_errors).collect();
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        let mut by_severity = BTreeMap::new();
        for f in &findings {
            *by_severity.entry(f.finding.severity.name().to_string()).or_insert(0) += 1;
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
            findings: findings.len(),
            by_severity,
            by_client,
            rules_loaded: rules.len(),
        };
        Report { files, findings, errors, rules, summary }
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
        line
    }

    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.finding.severity).max()
    }
}
