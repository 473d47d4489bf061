//! Baselines: `--write-baseline FILE` records today's findings by fingerprint; `--baseline FILE` then fails
//! only on findings that are new, and reports the ones that are gone. Fingerprints are keyed hashes of rule,
//! path, JSON pointer and (for secrets) the credential id, so they survive moved lines and reformatting, and a
//! baseline file never holds a secret.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

/// A baseline is at most this large: it is a list of fingerprints.
const MAX_BASELINE_BYTES: u64 = 64 << 20;

/// Where a finding stands against the baseline (SARIF `baselineState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineState {
    New,
    Unchanged,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    #[serde(default)]
    pub pointer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    /// `mcptrust-baseline-1`.
    pub format: String,
    pub findings: Vec<Entry>,
}

pub const FORMAT: &str = "mcptrust-baseline-1";

impl Baseline {
    pub fn new(mut findings: Vec<Entry>) -> Baseline {
        findings.sort();
        findings.dedup();
        Baseline { format: FORMAT.into(), findings }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("baseline serializes");
        text.push('\n');
        text
    }

    pub fn read(path: &Path) -> Result<Baseline> {
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read baseline {}", path.display()))?;
        if !meta.is_file() {
            bail!("cannot read baseline {}: not a regular file", path.display());
        }
        if meta.len() > MAX_BASELINE_BYTES {
            bail!("cannot read baseline {}: larger than {} MiB", path.display(), MAX_BASELINE_BYTES >> 20);
        }
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read baseline {}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text).with_context(|| {
            format!("{} is not a mcptrust baseline (write one with --write-baseline)", path.display())
        })?;
        if baseline.format != FORMAT {
            bail!("{}: unknown baseline format `{}` (expected {FORMAT})", path.display(), baseline.format);
        }
        Ok(baseline)
    }

    pub fn fingerprints(&self) -> BTreeSet<&str> {
        self.findings.iter().map(|e| e.fingerprint.as_str()).collect()
    }
}
