//! One file through the pipeline: read, sniff, parse, model, rules. Files run in parallel with rayon;
//! nothing of a file's content is kept after it is done but the masked copy that human output needs.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use serde::Serialize;

use crate::clock::Now;
use crate::discover::{Candidate, Discovery};
use crate::model::Model;
use crate::model::{self, Client};
use crate::parse::lines::{LineIndex, Position};
use crate::parse::{self, Span, Syntax};
use crate::rules::cross::{self, Anchor, CrossFile};
use crate::rules::engine::FileFindings;
use crate::rules::{Finding, RuleSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Scanned,
    Error,
    Skipped,
}

/// A file's text with every secret overwritten by `*` (same byte length), plus its line index.
#[derive(Debug)]
pub struct MaskedSource {
    pub name: String,
    pub text: String,
    pub lines: LineIndex,
}

#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    pub path: String,
    pub client: Client,
    pub start: Position,
    pub end: Position,
    pub source: Option<Arc<MaskedSource>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

#[derive(Debug)]
pub struct FileOutcome {
    pub path: String,
    pub client: Option<Client>,
    pub syntax: Syntax,
    pub status: Status,
    pub reason: Option<String>,
    pub servers: usize,
    pub findings: Vec<Located>,
    pub error: Option<FileError>,
    /// What the file says, for the checks that look across files.
    pub model: Option<Model>,
    /// Where to read the file again (cross-file findings that need its positions).
    pub fs_path: Option<PathBuf>,
    /// The text of a file that exists only in memory (rule docs, tests).
    pub text: Option<Arc<str>>,
    /// Byte ranges hidden wherever this file's source is shown.
    pub mask: Vec<Span>,
}

impl FileOutcome {
    pub fn new(path: String, client: Option<Client>, syntax: Syntax) -> FileOutcome {
        FileOutcome {
            path,
            client,
            syntax,
            status: Status::Scanned,
            reason: None,
            servers: 0,
            findings: Vec::new(),
            error: None,
            model: None,
            fs_path: None,
            text: None,
            mask: Vec::new(),
        }
    }
}

/// Words whose presence makes a file of no known location worth parsing.
const SNIFF_WORDS: &[&str] = &[
    "mcpServers",
    "mcp_servers",
    "context_servers",
    "servers",
    "command",
    "url",
    "extensions",
    "cmd",
    "\"mcp\"",
    "mcp:",
    "local",
    "remote",
    "registryType",
    "registry_type",
    "server.schema.json",
    "environmentVariables",
    "environment_variables",
    "manifest_version",
    "dxt_version",
    "mcp_config",
    "user_config",
];

static SNIFFER: LazyLock<AhoCorasick> = LazyLock::new(|| AhoCorasick::new(SNIFF_WORDS).expect("sniff words"));

/// Whether `text` has an MCP shape worth parsing, for a file whose path did not settle it.
fn sniff(text: &str, client: Option<Client>) -> bool {
    let mut seen = [false; SNIFF_WORDS.len()];
    for m in SNIFFER.find_overlapping_iter(text) {
        seen[m.pattern().as_usize()] = true;
    }
    let has = |w: &str| SNIFF_WORDS.iter().position(|x| *x == w).is_some_and(|i| seen[i]);
    match client {
        Some(Client::RegistryServer) => {
            has("registryType")
                || has("registry_type")
                || has("server.schema.json")
                || has("environmentVariables")
                || has("environment_variables")
        }
        Some(Client::Mcpb) => {
            (has("manifest_version") || has("dxt_version")) && (has("mcp_config") || has("user_config"))
        }
        Some(_) => true,
        None => {
            has("mcpServers")
                || has("mcp_servers")
                || has("context_servers")
                || (has("servers") && (has("command") || has("url")))
                || (has("extensions") && has("cmd"))
                || ((has("\"mcp\"") || has("mcp:"))
                    && (has("local") || has("remote"))
                    && (has("command") || has("url")))
        }
    }
}

/// Test hook (feature `test-hooks`, on only under `cargo test`): a file whose text holds this marker panics.
#[cfg(feature = "test-hooks")]
static TEST_PANIC_MARKER: LazyLock<Option<String>> =
    LazyLock::new(|| std::env::var("MCPTRUST_TEST_PANIC_ON").ok().filter(|m| !m.is_empty()));

pub struct Scanner<'a> {
    pub rules: &'a RuleSet,
    /// Keep masked sources for code frames (human output only).
    pub keep_sources: bool,
    /// Today, as every date-dependent check sees it.
    pub now: Now,
}

impl Scanner<'_> {
    pub fn run(&self, discovery: &Discovery) -> Vec<FileOutcome> {
        let mut outcomes: Vec<FileOutcome> =
            discovery.candidates.par_iter().filter_map(|c| self.scan_file_guarded(c)).collect();
        for s in &discovery.skipped {
            let mut skipped = FileOutcome::new(s.display.clone(), s.client, Syntax::Json);
            skipped.status = Status::Skipped;
            skipped.reason = Some(s.reason.clone());
            outcomes.push(skipped);
        }
        outcomes.sort_by(|a, b| a.path.cmp(&b.path));
        self.cross_file(&mut outcomes);
        outcomes
    }

    /// `scan_file`, with a bug in any parser or rule contained to the file it happened on: the file is
    /// reported as an error and the scan goes on.
    fn scan_file_guarded(&self, c: &Candidate) -> Option<FileOutcome> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.scan_file(c))).unwrap_or_else(|_| {
            let mut outcome = FileOutcome::new(c.display.clone(), c.client, c.syntax);
            outcome.status = Status::Error;
            outcome.error = Some(FileError {
                path: c.display.clone(),
                message: "internal error while checking this file (please report it)".into(),
                line: None,
                column: None,
            });
            Some(outcome)
        })
    }

    /// `None` when the file turned out not to be a candidate (no MCP shape).
    pub fn scan_file(&self, c: &Candidate) -> Option<FileOutcome> {
        let mut outcome = FileOutcome::new(c.display.clone(), c.client, c.syntax);
        outcome.fs_path = Some(c.path.clone());
        let fail = |mut outcome: FileOutcome, message: String, pos: Option<Position>| {
            outcome.status = Status::Error;
            outcome.error = Some(FileError {
                path: outcome.path.clone(),
                message,
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
            });
            Some(outcome)
        };
        let bytes = match read_regular(&c.path) {
            Ok(b) => b,
            // A file that vanished or cannot be read is an error only if it could be a config.
            Err(e) if c.client.is_some() || c.explicit => {
                return fail(outcome, format!("cannot read file: {e}"), None);
            }
            Err(_) => return None,
        };
        let text = match decode(&bytes) {
            Ok(t) => t,
            Err((message, offset)) => {
                if c.client.is_none() && !c.explicit {
                    return None;
                }
                let lossy = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
                let pos = LineIndex::new(&lossy).position(&lossy, lossy.len());
                return fail(outcome, message, Some(pos));
            }
        };
        if !c.explicit && !sniff(text, c.client) {
            return None;
        }
        // Test hook: proves that a panic stays in its file and that its message (which may quote the file)
        // is never printed. Inert unless the variable names this file's content marker.
        #[cfg(feature = "test-hooks")]
        if let Some(marker) = TEST_PANIC_MARKER.as_deref()
            && text.contains(marker)
        {
            panic!("test panic quoting the file: {text}");
        }
        Some(self.scan_source(outcome, c.syntax, text))
    }

    /// Parses, models and checks one file's text. Also serves `rules check`, which scans rule docs.
    pub fn scan_source(&self, mut outcome: FileOutcome, syntax: Syntax, text: &str) -> FileOutcome {
        let client = outcome.client.unwrap_or(Client::Generic);
        outcome.client = Some(client);
        let path = outcome.path.clone();
        match parse::parse(syntax, text, client.strict_json()) {
            Ok(parsed) => {
                let model = model::read(client, &parsed.root);
                // Rules read the model, never the tree: free it before they run.
                drop(parsed.root);
                outcome.servers = model.servers.len();
                let found =
                    self.rules.check_file(&path, client, text, Some(&model), parsed.leniency.as_ref(), self.now);
                outcome.mask = found.mask.clone();
                outcome.findings = self.locate(&path, client, text, found);
                outcome.model = Some(model);
            }
            Err(e) => {
                let lines = LineIndex::new(text);
                let pos = lines.position(text, e.offset);
                // The file did not parse; its secrets are still found in the raw text.
                let found = self.rules.check_file(&path, client, text, None, None, self.now);
                outcome.mask = found.mask.clone();
                outcome.findings = self.locate(&path, client, text, found);
                outcome.status = Status::Error;
                outcome.error = Some(FileError {
                    path: path.clone(),
                    message: format!("{} parse error: {}", syntax.name().to_uppercase(), e.message),
                    line: Some(pos.line),
                    column: Some(pos.column),
                });
            }
        }
        outcome
    }

    /// Scans text as if it were a file at `path` (which decides the client), e.g. a rule's doc example.
    pub fn scan_text(&self, path: &str, text: &str) -> FileOutcome {
        self.scan_texts(&[(path, text)]).pop().expect("one file in, one out")
    }

    /// Scans in-memory files as one tree, cross-file checks included.
    pub fn scan_texts(&self, files: &[(&str, &str)]) -> Vec<FileOutcome> {
        let mut outcomes: Vec<FileOutcome> = files
            .iter()
            .map(|(path, text)| {
                let p = std::path::Path::new(path);
                let syntax = crate::model::clients::syntax_of(p).unwrap_or(Syntax::Json);
                let mut outcome = FileOutcome::new(path.to_string(), crate::model::clients::classify(p), syntax);
                outcome.text = Some(Arc::from(*text));
                self.scan_source(outcome, syntax, text)
            })
            .collect();
        self.cross_file(&mut outcomes);
        outcomes
    }

    fn locate(&self, path: &str, client: Client, text: &str, found: FileFindings) -> Vec<Located> {
        if found.findings.is_empty() {
            return Vec::new();
        }
        let lines = LineIndex::new(text);
        let source = self.keep_sources.then(|| masked_source(path, text, &found.mask));
        found
            .findings
            .into_iter()
            .map(|f| {
                let span = clamp(f.span, text.len());
                let (start, end) = lines.range(text, span);
                Located { finding: f, path: path.to_string(), client, start, end, source: source.clone() }
            })
            .collect()
    }

    /// Runs the checks that look across files, and adds what they find to the files they point at.
    fn cross_file(&self, outcomes: &mut [FileOutcome]) {
        let inputs: Vec<CrossFile> = outcomes
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                Some(CrossFile {
                    index: i,
                    path: &o.path,
                    client: o.client?,
                    model: o.model.as_ref(),
                    findings: o.findings.iter().map(|l| &l.finding).collect(),
                })
            })
            .collect();
        let out = cross::run(self.rules, &inputs);
        drop(inputs);
        for (file, finding, suffix) in out.amendments {
            outcomes[file].findings[finding].finding.message.push_str(&suffix);
        }
        for hit in out.hits {
            let o = &outcomes[hit.file];
            let located = match hit.anchor {
                Anchor::Finding(i) => {
                    let base = &o.findings[i];
                    Located { finding: hit.finding, ..base.clone() }
                }
                Anchor::Span => {
                    let text = match (&o.text, &o.fs_path) {
                        (Some(t), _) => t.to_string(),
                        (None, Some(p)) => match std::fs::read_to_string(p) {
                            Ok(t) => t,
                            Err(_) => continue,
                        },
                        (None, None) => continue,
                    };
                    let span = clamp(hit.finding.span, text.len());
                    let lines = LineIndex::new(&text);
                    let (start, end) = lines.range(&text, span);
                    let source = self.keep_sources.then(|| masked_source(&o.path, &text, &o.mask));
                    Located {
                        finding: hit.finding,
                        path: o.path.clone(),
                        client: o.client.unwrap_or(Client::Generic),
                        start,
                        end,
                        source,
                    }
                }
            };
            outcomes[hit.file].findings.push(located);
        }
    }
}

/// A copy of `text` with every masked range overwritten by `*`, byte for byte.
fn masked_source(path: &str, text: &str, mask: &[Span]) -> Arc<MaskedSource> {
    let mut masked = text.as_bytes().to_vec();
    for span in mask {
        // Line breaks stay, so that a masked multi-line value (a PEM block) keeps the lines after it in place.
        for b in &mut masked[span.start.min(text.len())..span.end.min(text.len())] {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b'*';
            }
        }
    }
    // Spans fall on character boundaries; should one not, its broken bytes are masked too.
    let text = String::from_utf8(masked).unwrap_or_else(|e| mask_fallback(e.into_bytes()));
    Arc::new(MaskedSource { name: path.to_string(), lines: LineIndex::new(&text), text })
}

fn mask_fallback(bytes: Vec<u8>) -> String {
    // Replace every byte of a broken sequence by `*`, keeping byte length.
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.extend_from_slice(&rest[..good]);
                let bad = e.error_len().unwrap_or(rest.len() - good);
                out.extend(std::iter::repeat_n(b'*', bad));
                rest = &rest[good + bad..];
            }
        }
    }
    String::from_utf8(out).expect("all invalid sequences replaced")
}

fn clamp(span: Span, len: usize) -> Span {
    Span::new(span.start.min(len), span.end.min(len).max(span.start.min(len)))
}

/// Reads a regular file; FIFOs, sockets and devices are refused without opening them (they could block).
fn read_regular(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    std::fs::read(path)
}

/// UTF-8 text, or what is wrong with it and where.
fn decode(bytes: &[u8]) -> Result<&str, (String, usize)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(("file is UTF-16; MCP clients read UTF-8 configs".into(), 0));
    }
    std::str::from_utf8(bytes)
        .map_err(|e| (format!("file is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()), e.valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(sniff(r#"{"mcpServers": {}}"#, None));
        assert!(sniff(r#"{"servers": {"a": {"command": "x"}}}"#, None));
        assert!(!sniff(r#"{"name": "pkg", "version": "1.0.0"}"#, None));
        assert!(!sniff(r#"{"servers": ["a", "b"]}"#, None));
        assert!(!sniff(r#"{"name": "x", "remotes": []}"#, Some(Client::RegistryServer)));
        assert!(sniff(r#"{"packages": [{"registryType": "npm"}]}"#, Some(Client::RegistryServer)));
        assert!(!sniff(r#"{"manifest_version": 3, "background": {}}"#, Some(Client::Mcpb)));
    }
}
