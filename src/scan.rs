//! One file through the pipeline: read, sniff, parse, model, rules. Files run in parallel with rayon;
//! nothing of a file's content is kept after it is done but the masked copy that human output needs.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use serde::Serialize;

use crate::clock::Now;
use crate::discover::{self, Candidate, Discovery, Options, Origin};
use crate::model::Model;
use crate::model::{self, Client};
use crate::parse::lines::{LineIndex, Position};
use crate::parse::{self, Span, Syntax};
use crate::policy::baseline::BaselineState;
use crate::policy::suppress::{Directive, Suppressed};
use crate::rules::cross::{self, Anchor, CrossFile};
use crate::rules::engine::FileFindings;
pub use crate::rules::redact::MaskedSource;
use crate::rules::redact::{Redacted, Redactor};
use crate::rules::{Finding, RuleSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Scanned,
    Error,
    Skipped,
}

#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    pub path: String,
    pub client: Client,
    pub start: Position,
    pub end: Position,
    pub source: Option<Arc<MaskedSource>>,
    /// Set when the policy accepts this finding: it is reported, but never fails the scan.
    pub suppressed: Option<Suppressed>,
    /// Set when the scan is compared with a baseline.
    pub baseline: Option<BaselineState>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    pub path: String,
    pub message: Redacted,
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
    /// Boxed: most files have none, and every outcome is held until the report.
    pub error: Option<Box<FileError>>,
    /// What the file says, for the checks that look across files.
    pub model: Option<Model>,
    /// Where to read the file again (cross-file findings that need its positions).
    pub fs_path: Option<PathBuf>,
    /// The text of a file that exists only in memory (rule docs, tests).
    pub text: Option<Arc<str>>,
    /// Byte ranges hidden wherever this file's source is shown.
    pub mask: Vec<Span>,
    /// Where discovery found it, and the ignore rule that matched it though it was scanned.
    pub origin: Origin,
    /// Knows this file's secrets, for what the cross-file checks say about it and for its code frames.
    pub redactor: Arc<Redactor>,
    /// What reading the file's bytes noticed (an encoding), for the model's notes.
    pub read_notes: Vec<&'static str>,
    /// The file's inline suppression comments, for the policy.
    pub directives: Vec<Directive>,
    /// How the walk reached the file, until it is decided which of two paths to one file is kept.
    pub reached: Option<Box<Reached>>,
}

/// What [`discover::one_per_file`](crate::discover::one_per_file) weighs, kept from a file's candidate.
#[derive(Debug)]
pub struct Reached {
    pub path: PathBuf,
    pub client: Option<Client>,
    pub from_stdin: bool,
    pub explicit: bool,
    /// The candidate's display, as the walk made it (ties are broken on it, as for candidates); never shown.
    pub display: String,
}

impl Reached {
    fn of(c: &Candidate) -> Box<Reached> {
        Box::new(Reached {
            path: c.path.clone(),
            client: c.client,
            from_stdin: c.bytes.is_some(),
            explicit: c.explicit,
            display: c.display.clone(),
        })
    }

    fn claim(&self) -> crate::discover::Claim<'_> {
        crate::discover::Claim {
            path: &self.path,
            client: self.client,
            from_stdin: self.from_stdin,
            explicit: self.explicit,
            display: &self.display,
        }
    }
}

/// A candidate as the scan that reads it during the walk holds it until the walk is done: its outcome, or
/// only its claim to its file when it gave none (no config there) but its claim can still decide which path to
/// a file reached twice is kept.
#[allow(clippy::large_enum_variant)] // Nearly all are outcomes: boxing them would cost an allocation each.
enum Found {
    Scanned(FileOutcome),
    Unread(Box<Reached>),
}

impl Found {
    fn claim(&self) -> crate::discover::Claim<'_> {
        match self {
            Found::Scanned(o) => o.reached.as_ref().expect("a scanned candidate knows how it was reached").claim(),
            Found::Unread(r) => r.claim(),
        }
    }
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
            origin: Origin::default(),
            redactor: Arc::new(Redactor::empty()),
            read_notes: Vec::new(),
            directives: Vec::new(),
            reached: None,
        }
    }

    /// The file's text again, for placing findings that come after the per-file pass.
    pub fn text_for_positions(&self) -> Option<String> {
        match (&self.text, &self.fs_path) {
            (Some(t), _) => Some(t.to_string()),
            (None, Some(p)) => crate::fsread::read_bounded(p, u64::MAX).ok().and_then(|b| String::from_utf8(b).ok()),
            (None, None) => None,
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

/// Leftmost-longest, so that a word inside a longer one (`servers` in `mcp_servers`) reports the longer.
static SNIFFER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(SNIFF_WORDS).expect("sniff words")
});

/// Whether `text` has an MCP shape worth parsing, for a file whose path did not settle it. One left-to-right
/// pass that stops as soon as the words seen settle it: a word inside another (`servers` in `mcp_servers`)
/// is not reported separately, and needs not be, since the longer word settles as much.
fn sniff(text: &str, client: Option<Client>) -> bool {
    let mut seen = [false; SNIFF_WORDS.len()];
    if verdict(&seen, client) {
        return true;
    }
    for m in SNIFFER.find_iter(text) {
        let i = m.pattern().as_usize();
        if !seen[i] {
            seen[i] = true;
            if verdict(&seen, client) {
                return true;
            }
        }
    }
    false
}

/// The sniff's verdict on the words seen so far; it only ever turns from false to true as words are added.
fn verdict(seen: &[bool; SNIFF_WORDS.len()], client: Option<Client>) -> bool {
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
    /// What the config changes in how rules judge.
    pub settings: &'a crate::rules::settings::RuleSettings,
    /// Hold each file's whole model for an inventory; else only what the checks across files read
    /// ([`Model::keep_for_cross_file`]).
    pub full_models: bool,
}

impl Scanner<'_> {
    /// A path as shown in every output: a folder or file named after a credential (`ghp_...`) is masked like
    /// any other place a credential sits.
    fn shown_path(&self, display: &str) -> String {
        Redactor::empty().redact(self.rules, display).to_string()
    }

    /// A file's origin with every path in it as shown (a folder named after a token is masked in all of them).
    fn shown_origin(&self, origin: &Origin) -> Origin {
        let mut shown = origin.clone();
        shown.repo_path = shown.repo_path.as_deref().map(|p| self.shown_path(p));
        shown.absolute = self.shown_path(&shown.absolute);
        shown.ignored_by = shown.ignored_by.as_deref().map(|p| self.shown_path(p));
        shown.link_target = shown.link_target.as_deref().map(|p| self.shown_path(p));
        shown.repository = shown.repository.as_deref().map(|p| self.shown_path(p));
        shown
    }

    fn judged(&self) -> crate::rules::engine::Judged<'_> {
        crate::rules::engine::Judged { now: self.now, settings: self.settings }
    }

    /// Scans the discovery's candidates, taking them: each is freed once its file is done.
    pub fn run(&self, discovery: &mut Discovery) -> Vec<FileOutcome> {
        self.run_with(discovery, &|| {}, &|_, _| {})
    }

    /// [`Scanner::run`], calling `on_file` as each file is done (from the worker that scanned it, before the
    /// checks that look across files): with the outcome, and the file's origin with its paths as shown.
    /// Reports that stream (`--format jsonl`) and the progress display use it.
    pub fn run_with(
        &self,
        discovery: &mut Discovery,
        on_checked: &(dyn Fn() + Sync),
        on_file: &(dyn Fn(&FileOutcome, &Origin) + Sync),
    ) -> Vec<FileOutcome> {
        let outcomes: Vec<FileOutcome> = std::mem::take(&mut discovery.candidates)
            .into_par_iter()
            .filter_map(|c| {
                let outcome = self.scan_file_guarded(&c);
                on_checked();
                outcome
            })
            .map(|o| {
                on_file(&o, &self.shown_origin(&o.origin));
                o
            })
            .collect();
        self.finish(outcomes, discovery, on_file)
    }

    /// Walks `roots` (and the `--user` locations) and scans each candidate as the walk finds it, on the walking
    /// thread: the two overlap, and no list of candidates is held. `on_checked` is told of each candidate
    /// read, and `on_file` of each file scanned (a file reached twice, through a link, may be told of twice,
    /// since which of its paths is kept is decided once the walk is done). A report that streams what it is
    /// told of each file uses [`discover::discover_with`] and [`Scanner::run_with`] instead.
    pub fn walk_and_run(
        &self,
        roots: &[PathBuf],
        user: &[discover::user::Checked],
        options: &Options,
        on_checked: &(dyn Fn() + Sync),
        on_file: &(dyn Fn(&FileOutcome) + Sync),
    ) -> anyhow::Result<(Discovery, Vec<FileOutcome>)> {
        // Which path to a file reached twice is kept is decided over every candidate, as `discover_with` decides
        // it, not only over those that gave an outcome: one that is no config still takes its file from a path
        // that ranks below it. Only a candidate whose claim can matter is kept without an outcome: reached
        // through a link, at a known client's location, or with several roots (a file and the tree holding it).
        let many_roots = discover::several_roots(roots, user);
        let found = std::sync::Mutex::new(Vec::new());
        let discovery = discover::walk(roots, user, options, &|c| {
            let outcome = self.scan_file_guarded(&c);
            on_checked();
            let kept = match outcome {
                Some(o) => {
                    on_file(&o);
                    Found::Scanned(o)
                }
                None if c.via_link || many_roots || c.client.is_some_and(|k| k != Client::Generic) => {
                    Found::Unread(Reached::of(&c))
                }
                None => return,
            };
            found.lock().unwrap().push(kept);
        })?;
        let mut found = found.into_inner().unwrap();
        if discovery.may_reach_twice {
            found = discover::one_per_file(found, Found::claim);
        }
        let outcomes = found
            .into_iter()
            .filter_map(|f| match f {
                Found::Scanned(o) => Some(o),
                Found::Unread(_) => None,
            })
            .collect();
        let outcomes = self.finish(outcomes, &discovery, &|_, _| {});
        Ok((discovery, outcomes))
    }

    /// After every candidate was scanned: the files listed as skipped, the order of the report, the checks
    /// across files, and the paths as shown.
    fn finish(
        &self,
        mut outcomes: Vec<FileOutcome>,
        discovery: &Discovery,
        on_file: &(dyn Fn(&FileOutcome, &Origin) + Sync),
    ) -> Vec<FileOutcome> {
        for o in &mut outcomes {
            o.reached = None;
        }
        for s in &discovery.skipped {
            let mut skipped = FileOutcome::new(self.shown_path(&s.display), s.client, Syntax::Json);
            skipped.status = Status::Skipped;
            skipped.reason = Some(s.reason.clone());
            skipped.origin = s.origin.clone();
            on_file(&skipped, &self.shown_origin(&skipped.origin));
            outcomes.push(skipped);
        }
        // Files were scanned in the order the parallel walk met them: the report's order is the paths'.
        outcomes.sort_by(|a, b| {
            (&a.path, a.client, a.status as u8, &a.origin.absolute).cmp(&(
                &b.path,
                b.client,
                b.status as u8,
                &b.origin.absolute,
            ))
        });
        self.cross_file(&mut outcomes);
        // Fingerprints are made: from here on, paths are only shown. Each path is redacted: in parallel, since
        // the walk is done and this is the scan's tail.
        outcomes.par_iter_mut().for_each(|o| o.origin = self.shown_origin(&o.origin));
        outcomes
    }

    /// `scan_file`, with a bug in any parser or rule contained to the file it happened on: the file is
    /// reported as an error and the scan goes on.
    fn scan_file_guarded(&self, c: &Candidate) -> Option<FileOutcome> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.scan_file(c))).unwrap_or_else(|_| {
            let mut outcome = FileOutcome::new(self.shown_path(&c.display), c.client, c.syntax);
            outcome.origin = c.origin.clone();
            outcome.reached = Some(Reached::of(c));
            outcome.status = Status::Error;
            outcome.error = Some(Box::new(FileError {
                path: self.shown_path(&c.display),
                message: Redacted::literal("internal error while checking this file (please report it)"),
                line: None,
                column: None,
            }));
            Some(outcome)
        })
    }

    /// `None` when the file turned out not to be a candidate (no MCP shape).
    pub fn scan_file(&self, c: &Candidate) -> Option<FileOutcome> {
        // Made only for a file that is reported: most candidates of a tree turn out to be no config.
        let outcome = || {
            let mut outcome = FileOutcome::new(self.shown_path(&c.display), c.client, c.syntax);
            // Bytes read already (standard input) stand for a file that may not be there: they are kept instead.
            outcome.fs_path = c.bytes.is_none().then(|| c.path.clone());
            outcome.origin = c.origin.clone();
            outcome.reached = Some(Reached::of(c));
            outcome
        };
        let fail = |mut outcome: FileOutcome, message: String, pos: Option<Position>| {
            outcome.status = Status::Error;
            outcome.error = Some(Box::new(FileError {
                path: outcome.path.clone(),
                message: Redactor::empty().redact(self.rules, &message),
                line: pos.map(|p| p.line),
                column: pos.map(|p| p.column),
            }));
            Some(outcome)
        };
        let read = match &c.bytes {
            Some(b) => Ok(Ok(std::borrow::Cow::Borrowed(&b[..]))),
            None => crate::fsread::read_up_to(&c.path, c.max_size).map(|r| r.map(std::borrow::Cow::Owned)),
        };
        let bytes = match read {
            Ok(Ok(b)) => b,
            // Oversize files that could be configs are reported; others were never candidates.
            Ok(Err(size)) if c.client.is_some() || c.explicit => {
                let len = match size {
                    crate::fsread::Size::Claimed(len) => len,
                    crate::fsread::Size::Grew => c.max_size.saturating_add(1),
                };
                let mut outcome = outcome();
                outcome.status = Status::Skipped;
                outcome.reason = Some(crate::discover::too_big(len, c.max_size));
                outcome.fs_path = None;
                return Some(outcome);
            }
            Ok(Err(_)) => return None,
            // A file that vanished or cannot be read is an error only if it could be a config.
            Err(e) if c.client.is_some() || c.explicit => {
                return fail(outcome(), format!("cannot read file: {e}"), None);
            }
            Err(_) => return None,
        };
        let (text, encoding_note) = match decode(&bytes) {
            Ok(decoded) => decoded,
            Err(Undecodable { message, offset, latin1 }) => {
                if c.client.is_none() && !c.explicit {
                    return None;
                }
                let mut outcome = outcome();
                let pos = LineIndex::new(&latin1).position(&latin1, offset.min(latin1.len()));
                // Not UTF-8, so not parsed; its credentials are still found in the text read as Latin-1.
                let found = self.rules.check_file(
                    &outcome.path,
                    c.client.unwrap_or(Client::Generic),
                    &latin1,
                    None,
                    None,
                    self.judged(),
                );
                outcome.client = Some(c.client.unwrap_or(Client::Generic));
                outcome.mask = found.mask.clone();
                outcome.redactor = Arc::new(found.redactor.detached());
                outcome.findings =
                    self.locate(&outcome.path, outcome.client.unwrap_or(Client::Generic), &latin1, found);
                outcome.text = Some(Arc::from(latin1.as_str()));
                return fail(outcome, message, Some(pos));
            }
        };
        let text: &str = &text;
        let goose_recipe = c.client.is_none() && is_goose_recipe(text);
        // mcptrust's own config names MCP shapes (`pointer = "/mcpServers/..."`) but is no client's config.
        let own_config = c.path.file_name().is_some_and(|n| n == "mcptrust.toml" || n == ".mcptrust.toml")
            || (c.client.is_none() && is_own_output(text));
        if !c.explicit && (own_config || !(goose_recipe || sniff(text, c.client))) {
            return None;
        }
        let mut outcome = outcome();
        if goose_recipe {
            outcome.client = Some(Client::GooseRecipe);
        }
        // Test hook: proves that a panic stays in its file and that its message (which may quote the file)
        // is never printed. Inert unless the variable names this file's content marker.
        #[cfg(feature = "test-hooks")]
        if let Some(marker) = TEST_PANIC_MARKER.as_deref()
            && text.contains(marker)
        {
            panic!("test panic quoting the file: {text}");
        }
        if encoding_note.is_some() || c.bytes.is_some() {
            // Kept for cross-file findings that need the file's positions again.
            outcome.text = Some(Arc::from(text));
        }
        outcome.read_notes.extend(encoding_note);
        Some(self.scan_source(outcome, c.syntax, text))
    }

    /// Parses, models and checks one file's text. Also serves `rules check`, which scans rule docs.
    pub fn scan_source(&self, mut outcome: FileOutcome, syntax: Syntax, text: &str) -> FileOutcome {
        let client = outcome.client.unwrap_or(Client::Generic);
        outcome.client = Some(client);
        outcome.directives = crate::policy::suppress::inline_directives(text);
        let path = outcome.path.clone();
        // Fingerprints name the file by its repository path, so they do not change with the directory
        // mcptrust runs in.
        let key = outcome.origin.repo_path.clone().unwrap_or_else(|| path.clone());
        match parse::parse(syntax, text, client.strict_json()) {
            Ok(parsed) => {
                // A directive is a comment: text inside a string value or key (a YAML block scalar, a TOML
                // multi-line string, a URL) only looks like one.
                if !outcome.directives.is_empty() {
                    let mut strings = Vec::new();
                    for document in std::iter::once(&parsed.root).chain(&parsed.more_documents) {
                        string_spans(document, &mut strings);
                    }
                    outcome
                        .directives
                        .retain(|d| !strings.iter().any(|s| s.start <= d.span.start && d.span.start < s.end));
                }
                let mut model = model::read_documents(client, &parsed.root, &parsed.more_documents);
                let fs_path = outcome.fs_path.as_ref().map(|p| p.to_string_lossy().into_owned());
                model::task::finish(&mut model, fs_path.as_deref().unwrap_or(&path), client, text, parsed.body);
                for note in &outcome.read_notes {
                    model.notes.push(model::Note {
                        message: note.to_string(),
                        span: Span::new(0, 0),
                        pointer: String::new(),
                    });
                }
                // Rules read the model, never the tree: free it before they run.
                drop(parsed.root);
                drop(parsed.more_documents);
                outcome.servers = model.servers.len();
                let found =
                    self.rules.check_file(&key, client, text, Some(&model), parsed.leniency.as_ref(), self.judged());
                outcome.mask = found.mask.clone();
                outcome.redactor = Arc::new(found.redactor.detached());
                outcome.findings = self.locate(&path, client, text, found);
                outcome.findings.shrink_to_fit();
                // The sites (every value, copied, with its role) are what the per-file checks search; nothing after
                // them reads sites, and they were the largest part of a held model.
                model.sites = Vec::new();
                if !self.full_models {
                    model.keep_for_cross_file();
                }
                model.shrink_to_fit();
                outcome.model = Some(model);
            }
            Err(e) => {
                // Where comments are cannot be told in a file that does not parse: no inline suppression applies.
                outcome.directives.clear();
                let lines = LineIndex::new(text);
                let pos = lines.position(text, e.offset);
                // The file did not parse; its secrets are still found in the raw text.
                let found = self.rules.check_file(&key, client, text, None, None, self.judged());
                outcome.mask = found.mask.clone();
                outcome.redactor = Arc::new(found.redactor.detached());
                // A parser's message can quote the text it stopped at.
                let message = found.redactor.redact(
                    self.rules,
                    &match syntax {
                        // Clients skip a task file whose frontmatter does not parse (Claude Code does so silently).
                        Syntax::Markdown => {
                            format!("YAML frontmatter parse error: {} (clients skip this file)", e.message)
                        }
                        _ => format!("{} parse error: {}", syntax.name().to_uppercase(), e.message),
                    },
                );
                outcome.findings = self.locate(&path, client, text, found);
                outcome.status = Status::Error;
                outcome.error = Some(Box::new(FileError {
                    path: path.clone(),
                    message,
                    line: Some(pos.line),
                    column: Some(pos.column),
                }));
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
        let source =
            self.keep_sources.then(|| Arc::new(found.redactor.masked_source(self.rules, path, text, &found.mask)));
        found
            .findings
            .into_iter()
            .map(|f| {
                let span = clamp(f.span, text.len());
                let (start, end) = lines.range(text, span);
                Located {
                    finding: f,
                    path: path.to_string(),
                    client,
                    start,
                    end,
                    source: source.clone(),
                    suppressed: None,
                    baseline: None,
                }
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
                    key: o.origin.repo_path.as_deref().unwrap_or(&o.path),
                    client: o.client?,
                    model: o.model.as_ref(),
                    findings: o.findings.iter().map(|l| &l.finding).collect(),
                    redactor: &o.redactor,
                })
            })
            .collect();
        let out = cross::run(self.rules, &inputs);
        drop(inputs);
        for (file, finding, category, rule) in out.also_in {
            let f = &mut outcomes[file].findings[finding].finding;
            if !f.also_in.contains(&category) && f.rule.category != category {
                f.also_in.push(category);
                f.merged.push(rule);
            }
        }
        for (file, finding, suffix) in out.amendments {
            outcomes[file].findings[finding].finding.message.push(&suffix);
        }
        for hit in out.hits {
            let o = &outcomes[hit.file];
            let located = match hit.anchor {
                Anchor::Finding(i) => {
                    let base = &o.findings[i];
                    Located { finding: hit.finding, ..base.clone() }
                }
                Anchor::Span => {
                    let Some(text) = o.text_for_positions() else { continue };
                    let span = clamp(hit.finding.span, text.len());
                    let lines = LineIndex::new(&text);
                    let (start, end) = lines.range(&text, span);
                    let source = self
                        .keep_sources
                        .then(|| Arc::new(o.redactor.masked_source(self.rules, &o.path, &text, &o.mask)));
                    Located {
                        finding: hit.finding,
                        path: o.path.clone(),
                        client: o.client.unwrap_or(Client::Generic),
                        start,
                        end,
                        source,
                        suppressed: None,
                        baseline: None,
                    }
                }
            };
            outcomes[hit.file].findings.push(located);
        }
    }
}

/// A Goose recipe, by its top-level keys: `title`, `description`, and `instructions` or `prompt` (YAML keys at
/// the start of a line, or JSON keys), optionally wrapped in the Desktop's `recipe`.
fn is_goose_recipe(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(64 * 1024)];
    // Each key as JSON (`"title"`), or as YAML at the top of the file or the start of a line (`title:`), found in
    // one vectorised pass per key: this runs on every file of no known location.
    let key = |name: &str| {
        memchr::memmem::find_iter(head, name.as_bytes()).any(|i| {
            let (before, after) = (&head[..i], &head[i + name.len()..]);
            (before.ends_with(b"\"") && after.starts_with(b"\""))
                || (after.starts_with(b":")
                    && (before.is_empty() || before.ends_with(b"\n") || before.ends_with(b"\n  ")))
        })
    };
    // The rarest key first: most files are settled by the first search.
    (key("instructions") || key("prompt")) && key("title") && key("description")
}

/// mcptrust's own reports and baselines quote pointers such as `/mcpServers/...`: they are not configs.
fn is_own_output(text: &str) -> bool {
    // On a character boundary: a file's 4096th byte may fall inside a multi-byte character.
    let head = &text[..crate::parse::lines::floor_char_boundary(text, text.len().min(4096))];
    head.contains("\"mcptrust-baseline-1\"")
        || (head.contains("sarif") && head.contains("\"name\": \"mcptrust\""))
        || text.contains("\"rules_loaded\"")
}

/// The spans of every string value and key of a parsed tree.
fn string_spans(node: &crate::parse::Node, out: &mut Vec<Span>) {
    use crate::parse::Value;
    match &node.value {
        Value::String(_) => out.push(node.span),
        Value::Array(items) => items.iter().for_each(|n| string_spans(n, out)),
        Value::Object(entries) => {
            for e in entries {
                out.push(e.key_span);
                string_spans(&e.value, out);
            }
        }
        _ => {}
    }
}

fn clamp(span: Span, len: usize) -> Span {
    Span::new(span.start.min(len), span.end.min(len).max(span.start.min(len)))
}

/// Reads a regular file; FIFOs, sockets and devices are refused, checked on a handle opened without blocking,
/// so a file swapped for a FIFO after discovery cannot block the scan either.
/// A file that is not text in an encoding MCP clients read.
struct Undecodable {
    message: String,
    /// Where in `latin1` the problem is.
    offset: usize,
    /// The text with every byte that is not UTF-8 read as Latin-1 (a Latin-1 file becomes its text; valid
    /// UTF-8 stays as it is, so positions before `offset` are exact), for the raw-text secret backstop.
    latin1: String,
}

/// The file's text: UTF-8 as it is, or UTF-16 with a byte-order mark decoded (without the mark, so columns
/// count characters from the first one), with a note saying so.
fn decode(bytes: &[u8]) -> Result<(std::borrow::Cow<'_, str>, Option<&'static str>), Undecodable> {
    let latin1 = |bytes: &[u8]| -> String {
        let mut out = String::with_capacity(bytes.len());
        let mut rest = bytes;
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(s);
                    break;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    out.push_str(std::str::from_utf8(&rest[..good]).expect("valid prefix"));
                    out.push(char::from(rest[good]));
                    rest = &rest[good + 1..];
                }
            }
        }
        out
    };
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        let units = rest.chunks(2).map(|c| unit([c[0], *c.get(1).unwrap_or(&0)]));
        let mut text = String::with_capacity(rest.len() / 2);
        for (i, c) in char::decode_utf16(units).enumerate() {
            match c {
                Ok(c) => text.push(c),
                Err(_) => {
                    return Err(Undecodable {
                        message: format!("file is UTF-16 with an unpaired surrogate at byte {}", 2 + 2 * i),
                        offset: 2 + 2 * i,
                        latin1: latin1(bytes),
                    });
                }
            }
        }
        return Ok((text.into(), Some("this file is UTF-16: most MCP clients read UTF-8 configs and may reject it")));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.into(), None)),
        Err(e) => Err(Undecodable {
            message: format!("file is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()),
            offset: e.valid_up_to(),
            latin1: latin1(bytes),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goose_recipes_are_told_by_their_keys_not_by_their_words() {
        assert!(is_goose_recipe("title: T\ndescription: D\ninstructions: do it\n"));
        assert!(is_goose_recipe("version: 1\ntitle: T\ndescription: D\nprompt: go\n"));
        assert!(is_goose_recipe(r#"{"title": "T", "description": "D", "instructions": "x"}"#));
        // Keys one level down (`  title:`) count: the Desktop wraps a recipe in `recipe:`.
        assert!(is_goose_recipe("recipe:\n  title: T\n  description: D\n  prompt: go\n"));
        // The words in values or mid-line are not keys.
        assert!(!is_goose_recipe("name: the title: and description: with instructions: inline\n"));
        assert!(!is_goose_recipe(r#"{"name": "title description prompt"}"#));
        assert!(!is_goose_recipe("title: T\ndescription: D\n"));
        // The 64 KiB head may end inside a multi-byte character.
        let long = format!("title: Tx\ndescription: D\n{}prompt: late\n", "é".repeat(40_000));
        assert!(!long.is_char_boundary(64 * 1024));
        assert!(!is_goose_recipe(&long));
    }

    #[test]
    fn sniffing() {
        assert!(sniff(r#"{"mcpServers": {}}"#, None));
        assert!(sniff(r#"{"servers": {"a": {"command": "x"}}}"#, None));
        assert!(!sniff(r#"{"name": "pkg", "version": "1.0.0"}"#, None));
        assert!(!sniff(r#"{"servers": ["a", "b"]}"#, None));
        assert!(!sniff(r#"{"name": "x", "remotes": []}"#, Some(Client::RegistryServer)));
        assert!(sniff(r#"{"packages": [{"registryType": "npm"}]}"#, Some(Client::RegistryServer)));
        assert!(!sniff(r#"{"manifest_version": 3, "background": {}}"#, Some(Client::Mcpb)));
        // A word inside a longer one counts as the longer one, which settles it alone.
        assert!(sniff("[mcp_servers.docs]\nenabled = true\n", None));
        assert!(sniff(r#"{"context_servers": {"x": {}}}"#, None));
        assert!(sniff(r#"{"a": {"url": "u"}, "b": {"servers": {}}}"#, None));
        assert!(sniff("mcp:\n  x:\n    type: local\n    command: [\"npx\"]\n", None));
    }
}
