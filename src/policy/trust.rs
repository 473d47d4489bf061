//! Approved trust (`[[trust]]`): each relationship of the inventory is matched to the entry that approves it,
//! and what the approval does not cover is a finding: a server nobody approved, tools or credentials beyond the
//! approval, an approval past its date (or without one, where dates are required), an approval that matches
//! nothing any more.

use globset::{GlobBuilder, GlobMatcher};

use super::config::{Loaded, TrustEntry};
use super::{Placer, locate_in_config, policy_finding};
use crate::clock::Now;
use crate::inventory::{PolicyStatus, Relationship};
use crate::model::Reach;
use crate::parse::Span;
use crate::rules::RuleSet;
use crate::scan::{FileOutcome, Located};

const UNAPPROVED_SERVER: &str = "unapproved-server";
const TOOLS_BEYOND: &str = "tools-beyond-approval";
const CREDENTIAL_BEYOND: &str = "credential-beyond-approval";
const TASK_BEYOND: &str = "task-beyond-approval";
const EXPIRED: &str = "approval-expired";
const EXPIRING: &str = "approval-expiring";
const NO_EXPIRY: &str = "approval-without-expiry";
const STALE: &str = "stale-approval";

/// Default for `expiry-warning-days`.
pub const EXPIRY_WARNING_DAYS: u32 = 14;

/// A glob in which `*` stays within one path segment (`**` crosses them): `https://*.acme.com/*` must not
/// approve `https://attacker.example/x/.acme.com/mcp`, nor `*@scope/pkg@*` a command line that merely
/// mentions the package after another one.
fn glob(pattern: &str) -> Option<GlobMatcher> {
    GlobBuilder::new(pattern).literal_separator(true).build().ok().map(|g| g.compile_matcher())
}

/// Whether `entry` approves `rel`. A `match` that names a URL scheme is tried on the server's URL only; any
/// other, on its command line and package.
pub fn covers(entry: &TrustEntry, rel: &Relationship) -> bool {
    let by_name = entry.server.as_deref().is_some_and(|s| s == rel.raw_name);
    let by_launch = entry.matches.as_deref().is_some_and(|m| {
        let url_pattern = m.contains("://");
        glob(m).is_some_and(|g| match url_pattern {
            true => rel.raw_url.as_deref().is_some_and(|u| g.is_match(u)),
            false => rel.raw_launch.iter().any(|l| g.is_match(l)),
        })
    });
    let client = entry.clients.is_empty() || entry.clients.iter().any(|c| c.eq_ignore_ascii_case(rel.client));
    (by_name || by_launch) && client
}

/// Fills each relationship's policy status and returns the findings, each with the index of the outcome it is
/// about (`None`: the config itself).
pub fn evaluate(
    l: &Loaded,
    rules: &RuleSet,
    outcomes: &[FileOutcome],
    relationships: &mut [Relationship],
    now: Now,
) -> Vec<(Option<usize>, Located)> {
    let entries = &l.config.trust;
    let mut out = Vec::new();
    if entries.is_empty() {
        return out;
    }
    let today = now.today();
    let warning = i64::from(l.config.expiry_warning_days.unwrap_or(EXPIRY_WARNING_DAYS));
    let mut used = vec![false; entries.len()];
    let mut placer = Placer::default();
    let mut in_file = |check: &str, outcome: usize, span: Span, message: String| {
        let Some(meta) = rules.meta_of_check(check) else { return };
        let o = &outcomes[outcome];
        let finding = policy_finding(meta, &o.path, span, o.redactor.redact(rules, &message));
        out.push((Some(outcome), placer.locate(rules, outcome, o, finding)));
    };

    for rel in relationships.iter_mut() {
        let Some(index) = entries.iter().position(|e| covers(e, rel)) else {
            in_file(
                UNAPPROVED_SERVER,
                rel.outcome,
                rel.name_span,
                format!(
                    "server `{}` ({} in {}) is covered by no [[trust]] entry: a shadow MCP server nobody approved",
                    rel.raw_name, rel.client, rel.file
                ),
            );
            continue;
        };
        used[index] = true;
        let entry = &entries[index];
        rel.policy = PolicyStatus {
            approved: true,
            owner: Some(entry.owner.clone()),
            expires: entry.expires.map(|d| d.0.to_string()),
            days_left: entry.expires.map(|d| today.days_to(d.0)),
            ticket: entry.ticket.clone(),
            entry: Some(index),
        };
        if let Some(tools) = &entry.tools {
            let globs: Vec<GlobMatcher> = tools.iter().filter_map(|t| glob(t)).collect();
            for g in &rel.grants {
                if g.reach != Reach::Tools {
                    in_file(
                        TOOLS_BEYOND,
                        g.outcome,
                        g.span,
                        format!(
                            "`{}` grants every tool of server `{}` without confirmation, but its approval (owner {}) lists only {}",
                            g.field,
                            rel.raw_name,
                            entry.owner,
                            list(tools)
                        ),
                    );
                    continue;
                }
                let beyond: Vec<&str> = g
                    .tools
                    .iter()
                    .map(|t| t.as_str())
                    .filter(|t| {
                        // `mcp__github__get_issue` is `get_issue` of server `github`; nothing else is stripped.
                        let prefix = format!("mcp__{}__", rel.raw_name);
                        let bare = t.strip_prefix(prefix.as_str()).unwrap_or(t);
                        !globs.iter().any(|m| m.is_match(t) || m.is_match(bare))
                    })
                    .collect();
                if !beyond.is_empty() {
                    in_file(
                        TOOLS_BEYOND,
                        g.outcome,
                        g.span,
                        format!(
                            "`{}` auto-approves {} of server `{}`, beyond its approval (owner {}: {})",
                            g.field,
                            list(&beyond),
                            rel.raw_name,
                            entry.owner,
                            list(tools)
                        ),
                    );
                }
            }
        }
        if !entry.tasks.is_empty() {
            for t in rel.tasks.iter().filter(|t| !entry.tasks.iter().any(|n| n == &t.raw_name)) {
                in_file(
                    TASK_BEYOND,
                    t.outcome,
                    t.span,
                    format!(
                        "{} `{}` reaches server `{}`, but its approval (owner {}) is for {} only",
                        t.kind.name(),
                        t.raw_name,
                        rel.raw_name,
                        entry.owner,
                        list(&entry.tasks)
                    ),
                );
            }
        }
        if let Some(allowed) = &entry.credentials {
            for c in &rel.credentials {
                if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&c.name)) {
                    in_file(
                        CREDENTIAL_BEYOND,
                        rel.outcome,
                        c.key_span,
                        format!(
                            "server `{}` carries credential `{}` ({}), which its approval (owner {}) does not list",
                            rel.raw_name, c.name, c.place, entry.owner
                        ),
                    );
                }
            }
        }
    }

    for (i, entry) in entries.iter().enumerate() {
        let span = l.trust_spans.get(i).map(|r| Span::new(r.start, r.end)).unwrap_or(Span::new(0, 0));
        let what = entry
            .server
            .as_deref()
            .map(|s| format!("server `{s}`"))
            .unwrap_or_else(|| format!("servers matching `{}`", entry.matches.as_deref().unwrap_or_default()));
        let mut at_entry = |check: &str, message: String| {
            if let Some(meta) = rules.meta_of_check(check) {
                out.push((None, locate_in_config(rules, l, meta, span, &message)));
            }
        };
        if !used[i] {
            at_entry(
                STALE,
                format!("the approval of {what} (owner {}) matches nothing any more: revoke it", entry.owner),
            );
            continue;
        }
        match entry.expires.map(|d| d.0) {
            Some(expires) if expires < today => at_entry(
                EXPIRED,
                format!(
                    "the approval of {what} (owner {}) expired on {expires} ({} days ago): re-evaluate the relationship, then renew or revoke it",
                    entry.owner,
                    expires.days_to(today)
                ),
            ),
            Some(expires) if today.days_to(expires) <= warning => at_entry(
                EXPIRING,
                format!(
                    "the approval of {what} (owner {}) expires on {expires}, in {} days",
                    entry.owner,
                    today.days_to(expires)
                ),
            ),
            None if l.config.require_expiry => at_entry(
                NO_EXPIRY,
                format!(
                    "the approval of {what} (owner {}) has no `expires`, and this policy requires one",
                    entry.owner
                ),
            ),
            _ => {}
        }
    }
    out
}

fn list<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|t| format!("`{}`", t.as_ref())).collect::<Vec<_>>().join(", ")
}
