//! `--format jsonl`: one JSON object per line, for sweeps (`mcptrust merge` reads it back):
//! `{"type":"finding", ...}` with exactly the fields of a finding of `--format json`, `{"type":"error", ...}`
//! and `{"type":"file", ...}` likewise, with `--inventory` or `--shard` a `{"type":"relationship", ...}` for
//! each relationship of the trust inventory (as `mcptrust inventory --format json` lists them), and last
//! `{"type":"summary", ...}` with the JSON summary.
//!
//! Streamed: a file's lines are written as its scan finishes ([`Streamer`], called from the scan's workers),
//! with the config's severity overrides, inline and config suppressions and the baseline state already
//! applied, exactly as `--format json` marks them. What needs the whole tree comes after, when the scan is
//! done: findings of the checks across files (a reused secret, stale grants, dangling task servers), the
//! findings those checks may still amend (grants, tasks that inherit every tool: held back, see
//! [`crate::rules::cross::may_amend`]), the config's own findings (`[[trust]]`, unused or expired
//! suppressions), errors met while walking, the inventory, and the summary. Lines are in the order files
//! finish, not sorted.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::Mutex;

use serde::Serialize;

use super::{Report, json};
use crate::clock::Now;
use crate::discover::Origin;
use crate::policy::Policy;
use crate::policy::baseline::BaselineState;
use crate::rules::RuleSet;
use crate::scan::{FileOutcome, Located};

#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(flatten)]
    body: T,
}

fn line<T: Serialize>(kind: &str, body: T) -> std::io::Result<Vec<u8>> {
    let mut out = serde_json::to_vec(&Line { kind, body })?;
    out.push(b'\n');
    Ok(out)
}

/// A line's identity, to leave out at the end what was streamed (128 bits: a collision would drop a line).
fn key(bytes: &[u8]) -> u128 {
    let half = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        bytes.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// The lines of a whole report, nothing streamed before (tests, `render`).
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    finish(report, &Streamed::default(), out)
}

/// What a [`Streamer`] has written: lines by identity, counted.
#[derive(Default)]
pub struct Streamed {
    findings: HashMap<u128, usize>,
    files: std::collections::HashSet<String>,
}

/// Writes the lines not streamed, then the summary.
pub fn finish(report: &Report, streamed: &Streamed, out: &mut dyn Write) -> std::io::Result<()> {
    let mut findings = streamed.findings.clone();
    for f in &report.findings {
        let bytes = line("finding", json::finding(f, report.origin(&f.path)))?;
        match findings.get_mut(&key(&bytes)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.write_all(&bytes)?,
        }
    }
    for f in report.files.iter().filter(|f| !streamed.files.contains(&f.path)) {
        out.write_all(&line("file", json::file(f, &f.origin))?)?;
        if let Some(e) = &f.error {
            out.write_all(&line("error", json::error(e))?)?;
        }
    }
    // Errors of no scanned file (the walk's).
    let of_files: std::collections::HashSet<*const crate::scan::FileError> =
        report.files.iter().filter_map(|f| f.error.as_deref()).map(|e| e as *const _).collect();
    for e in report.errors.iter().filter(|e| !of_files.contains(&(**e as *const _))) {
        out.write_all(&line("error", json::error(e))?)?;
    }
    for r in report.inventory.iter().filter(|_| report.inventory_in_json).flatten() {
        out.write_all(&line("relationship", r)?)?;
    }
    out.write_all(&line("summary", &report.summary)?)?;
    out.flush()
}

/// Writes each file's lines as its scan finishes (see the module docs).
pub struct Streamer {
    out: Mutex<(Box<dyn Write + Send>, Streamed, Option<std::io::Error>)>,
    /// The fingerprints of `--baseline`, when given.
    baseline: Option<std::collections::HashSet<String>>,
    now: Now,
}

impl Streamer {
    pub fn new(out: Box<dyn Write + Send>, baseline: Option<std::collections::HashSet<String>>, now: Now) -> Streamer {
        Streamer { out: Mutex::new((out, Streamed::default(), None)), baseline, now }
    }

    /// A file is done: its findings that nothing later can change (marked by `policy` as
    /// [`Policy::apply`] will), its file line and its error.
    pub fn file(&self, rules: &RuleSet, policy: &Policy, outcome: &FileOutcome, origin: &Origin) {
        let mut lines: Vec<(Option<u128>, Vec<u8>)> = Vec::new();
        let mut push = |key_it: bool, bytes: std::io::Result<Vec<u8>>| {
            if let Ok(bytes) = bytes {
                lines.push((key_it.then(|| key(&bytes)), bytes));
            }
        };
        for f in outcome.findings.iter().filter(|f| !crate::rules::cross::may_amend(&f.finding)) {
            let mut judged: Located = Located { source: None, ..f.clone() };
            policy.judge_early(rules, outcome, &mut judged, self.now);
            if let Some(recorded) = &self.baseline {
                let known = recorded.contains(judged.finding.fingerprint.as_str());
                judged.baseline = Some(if known { BaselineState::Unchanged } else { BaselineState::New });
            }
            push(true, line("finding", json::finding(&judged, Some(origin))));
        }
        push(false, line("file", json::file(outcome, origin)));
        if let Some(e) = &outcome.error {
            push(false, line("error", json::error(e)));
        }
        let mut guard = self.out.lock().unwrap_or_else(|e| e.into_inner());
        let (out, streamed, failed) = &mut *guard;
        if failed.is_some() {
            return;
        }
        let written = lines.iter().try_for_each(|(_, bytes)| out.write_all(bytes)).and_then(|()| out.flush());
        match written {
            Ok(()) => {
                for (k, _) in &lines {
                    if let Some(k) = k {
                        *streamed.findings.entry(*k).or_insert(0) += 1;
                    }
                }
                streamed.files.insert(outcome.path.clone());
            }
            Err(e) => *failed = Some(e),
        }
    }

    /// The scan is done: the rest of the lines and the summary.
    pub fn finish(self, report: &Report) -> std::io::Result<()> {
        let (mut out, streamed, failed) = self.out.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = failed {
            return Err(e);
        }
        finish(report, &streamed, &mut out)
    }
}
