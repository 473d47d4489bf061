//! Rules are data: `rules/*.yaml` packs embedded at build time, plus user packs from `--rules`.
//! A rule is either a pattern (a secret format) or a named structural check written in Rust.

pub mod checks;
pub mod cross;
pub mod engine;
pub mod mask;
pub mod pack;
pub mod redact;
pub mod secrets;
pub mod settings;
mod shared_runs;
pub mod tool_risk;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use engine::{FileContext, Finding, RuleSet};
pub use pack::{Docs, RuleMeta};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Secret,
    Grant,
    Expiry,
    Scope,
    SupplyChain,
    Transport,
    Filesystem,
    Exec,
    Task,
    Policy,
    Config,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::Grant => "grant",
            Category::Expiry => "expiry",
            Category::Scope => "scope",
            Category::SupplyChain => "supply-chain",
            Category::Transport => "transport",
            Category::Filesystem => "filesystem",
            Category::Exec => "exec",
            Category::Task => "task",
            Category::Policy => "policy",
            Category::Config => "config",
        }
    }
}

/// Severity, lowest first, so that `>=` means "at least as bad".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// The next level down (info stays info).
    pub fn one_lower(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }

    /// GitHub code scanning's `security-severity` score for this level.
    pub fn score(self) -> &'static str {
        match self {
            Severity::Info => "1.0",
            Severity::Low => "3.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How long a kind of credential stays valid once issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Lifetime {
    /// Valid until someone revokes it.
    LongLived,
    /// Minutes to hours (STS session keys, OAuth access tokens).
    ShortLived,
    /// Always issued with an expiry date, which may still be far away.
    Expiring,
    #[default]
    Unknown,
}

/// A small deterministic generator for the differential tests of this module's searches (xorshift64):
/// `next(n)` is below `n`.
#[cfg(test)]
pub(crate) fn test_random(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}
