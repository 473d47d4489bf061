//! Policy: what the organisation decided about findings. It owns the config (`mcptrust.toml`), severity
//! overrides, suppressions and the baseline. It reads the findings the rules produced and marks them; it never
//! runs a rule.

pub mod baseline;
pub mod config;
pub mod suppress;
pub mod trust;

use std::path::Path;

use globset::{GlobBuilder, GlobMatcher};

use crate::clock::Now;
use crate::parse::Span;
use crate::parse::lines::LineIndex;
use crate::rules::redact::{Redacted, Redactor};
use crate::rules::{Finding, RuleMeta, RuleSet, Severity};
use crate::scan::{FileOutcome, Located};
use config::Loaded;
use suppress::{Directive, Suppressed, SuppressionKind};

/// The checks, named in `rules/policy.yaml`, whose findings this module writes.
const NO_REASON: &str = "suppression-without-reason";
const EXPIRED: &str = "expired-suppression";
const UNUSED: &str = "unused-suppression";

/// The policy in force for a scan: a config, or none.
#[derive(Debug, Default)]
pub struct Policy {
    pub loaded: Option<Loaded>,
    /// `[[suppress]]` path globs, compiled, in the config's order.
    globs: Vec<Option<GlobMatcher>>,
    /// The config's folder, resolved once: `[[suppress]]` paths are relative to it.
    dir: Option<std::path::PathBuf>,
}

impl Policy {
    pub fn new(loaded: Option<Loaded>) -> Result<Policy, config::ConfigError> {
        let mut globs = Vec::new();
        if let Some(l) = &loaded {
            for (i, s) in l.config.suppress.iter().enumerate() {
                // `*` stays within a folder (`**` crosses them), as in .gitignore.
                let glob =
                    GlobBuilder::new(&s.path).literal_separator(true).build().map_err(|e| config::ConfigError {
                        path: l.path.clone(),
                        text: Some(l.text.clone()),
                        span: l.suppress_spans.get(i).cloned(),
                        message: format!("`path = {:?}` is not a glob: {e}", s.path),
                    })?;
                globs.push(Some(glob.compile_matcher()));
            }
        }
        let dir = loaded.as_ref().and_then(|l| std::fs::canonicalize(&l.dir).ok());
        Ok(Policy { loaded, globs, dir })
    }

    /// The severity the config sets for `rule`, if it overrides it.
    pub fn severity_of(&self, rule: &RuleMeta) -> Option<Severity> {
        let config = &self.loaded.as_ref()?.config;
        config
            .severity
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(&rule.id) || **id == rule.slug)
            .map(|(_, s)| Severity::from(*s))
    }

    /// Whether [`Policy::apply`] reads the trust inventory (approved trust is judged on it), and so every file's
    /// whole model.
    pub fn reads_inventory(&self) -> bool {
        self.loaded.is_some()
    }

    /// Applies the policy to a finished scan: severity overrides, then suppressions (inline ones from each
    /// file's comments, config ones by path, rule, pointer and fingerprint). Returns the findings about the
    /// suppressions themselves: without a reason, expired, or matching nothing.
    pub fn apply(&self, rules: &RuleSet, outcomes: &mut [FileOutcome], now: Now) -> Vec<Located> {
        let meta = |check: &str| rules.meta_of_check(check);
        let today = now.today();
        // Approved trust first, so that its findings can be suppressed like any other.
        let mut extra: Vec<Located> = Vec::new();
        if let Some(l) = &self.loaded {
            let mut relationships = crate::inventory::build(rules, outcomes);
            for (file, located) in trust::evaluate(l, rules, outcomes, &mut relationships, now) {
                match file {
                    Some(i) => outcomes[i].findings.push(located),
                    None => extra.push(located),
                }
            }
        }
        let suppressions = self.loaded.as_ref().map(|l| &l.config.suppress[..]).unwrap_or_default();
        let mut used = vec![false; suppressions.len()];

        let mut placer = Placer::default();
        for (index, outcome) in outcomes.iter_mut().enumerate() {
            // Only `[[suppress]]` paths need it: no file system call per file without them.
            let rel = if suppressions.is_empty() { String::new() } else { self.relative_path(outcome) };
            let directives = std::mem::take(&mut outcome.directives);
            let mut directive_used = vec![false; directives.len()];
            for located in &mut outcome.findings {
                let (directive, entries) = self.judge(rules, &outcome.redactor, &rel, &directives, located, today);
                if let Some(d) = directive {
                    directive_used[d] = true;
                }
                for i in entries {
                    used[i] = true;
                }
            }
            // What the file's own suppression comments say about themselves.
            for (d, directive) in directives.iter().enumerate() {
                let problem = if directive.reason.is_empty() {
                    meta(NO_REASON).map(|m| (m, "suppression without a reason: say why the finding is accepted"))
                } else if !directive_used[d] && directive.rules.iter().all(|r| rules.get(r).is_some()) {
                    meta(UNUSED).map(|m| (m, "suppression that matches no finding: remove it"))
                } else {
                    None
                };
                if let Some((m, text)) = problem {
                    let message = format!("{text} (`ignore[{}]`)", directive.rules.join(","));
                    let finding =
                        policy_finding(m, &outcome.path, directive.span, outcome.redactor.redact(rules, &message));
                    extra.push(placer.locate(rules, index, outcome, finding));
                }
            }
        }

        // What the config's own entries say about themselves.
        if let Some(l) = &self.loaded {
            for (i, s) in suppressions.iter().enumerate() {
                let expired = s.expires.filter(|e| e.0 < today);
                let (meta, message) = match (expired, used[i]) {
                    (Some(e), _) => (
                        meta(EXPIRED),
                        format!(
                            "suppression of {} on `{}` expired on {} ({} days ago): the finding is reported again; re-evaluate it, then renew or remove the entry",
                            s.rule,
                            s.path,
                            e.0,
                            e.0.days_to(today)
                        ),
                    ),
                    // A suppression of a rule this scan does not run has nothing to match.
                    (None, false) if rules.get(&s.rule).is_none() => continue,
                    (None, false) => (
                        meta(UNUSED),
                        format!("suppression of {} on `{}` matches no finding: remove it", s.rule, s.path),
                    ),
                    (None, true) => continue,
                };
                let Some(meta) = meta else { continue };
                let span = l.suppress_spans.get(i).map(|r| Span::new(r.start, r.end)).unwrap_or(Span::new(0, 0));
                extra.push(locate_in_config(rules, l, meta, span, &message));
            }
        }
        extra
    }

    /// The config's verdict on one finding of a file: its severity override, then the first inline directive
    /// (of the file's `directives`) or `[[suppress]]` entry that covers it (`rel`: the file's path relative to
    /// the config, see [`Policy::relative_path`]). Returns the directive and the entries that matched, for the
    /// findings about suppressions that match nothing.
    fn judge(
        &self,
        rules: &RuleSet,
        redactor: &Redactor,
        rel: &str,
        directives: &[Directive],
        located: &mut Located,
        today: crate::clock::Date,
    ) -> (Option<usize>, Vec<usize>) {
        let suppressions = self.loaded.as_ref().map(|l| &l.config.suppress[..]).unwrap_or_default();
        let mut used = Vec::new();
        if let Some(s) = self.severity_of(&located.finding.rule) {
            located.finding.severity = s;
        }
        let f = &located.finding;
        if let Some(d) = directives.iter().position(|d| covers(d, located.start.line, &f.rule)) {
            let reason = redactor.redact(rules, &directives[d].reason);
            located.suppressed =
                Some(Suppressed { kind: SuppressionKind::Inline, reason: reason.to_string(), expires: None });
            return (Some(d), used);
        }
        for (i, s) in suppressions.iter().enumerate() {
            let matches = self.globs[i].as_ref().is_some_and(|g| g.is_match(rel))
                && (s.rule.eq_ignore_ascii_case(&f.rule.id) || s.rule == f.rule.slug)
                && s.pointer.as_deref().is_none_or(|p| p == f.pointer.as_str())
                && s.fingerprint.as_deref().is_none_or(|p| p == f.fingerprint);
            if !matches {
                continue;
            }
            used.push(i);
            let expires = s.expires.map(|d| d.0);
            if expires.is_some_and(|e| e < today) {
                continue;
            }
            let reason = redactor.redact(rules, &s.reason).to_string();
            located.suppressed = Some(Suppressed { kind: SuppressionKind::Config, reason, expires });
            break;
        }
        (None, used)
    }

    /// One finding of `outcome` as [`Policy::apply`] will mark it, for a report that streams each file's
    /// findings as the file is done (`--format jsonl`), before the whole scan is. `outcome` is the file as
    /// the scanner left it: its inline directives not yet taken by `apply`.
    pub fn judge_early(&self, rules: &RuleSet, outcome: &FileOutcome, located: &mut Located, now: Now) {
        let has_entries = self.loaded.as_ref().is_some_and(|l| !l.config.suppress.is_empty());
        let rel = if has_entries { self.relative_path(outcome) } else { String::new() };
        self.judge(rules, &outcome.redactor, &rel, &outcome.directives, located, now.today());
    }

    /// The outcome's path relative to the config's folder, `/`-separated, for `[[suppress]] path` globs.
    fn relative_path(&self, outcome: &FileOutcome) -> String {
        let abs = outcome.fs_path.as_ref().and_then(|p| std::fs::canonicalize(p).ok());
        match (abs, &self.dir) {
            (Some(a), Some(d)) => a
                .strip_prefix(d)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| outcome.path.clone()),
            _ => outcome.path.clone(),
        }
    }
}

/// A finding about an entry of the config, framed from the config's text.
pub(crate) fn locate_in_config(
    rules: &RuleSet,
    l: &Loaded,
    meta: &std::sync::Arc<RuleMeta>,
    span: Span,
    message: &str,
) -> Located {
    let name = display_path(&l.path);
    let finding = policy_finding(meta, &name, span, Redactor::empty().redact(rules, message));
    let lines = LineIndex::new(&l.text);
    let (start, end) = lines.range(&l.text, span);
    let source = Some(std::sync::Arc::new(Redactor::empty().masked_source(rules, &name, &l.text, &[])));
    Located {
        finding,
        path: name,
        client: crate::model::Client::Generic,
        start,
        end,
        source,
        suppressed: None,
        baseline: None,
    }
}

/// Places findings about scanned files after the per-file pass, framed from each file's masked text like the
/// rules' own. A file is read, indexed and masked once, however many findings land in it (a config of 100,000
/// unapproved servers gets 100,000 of them).
#[derive(Default)]
pub(crate) struct Placer {
    files: std::collections::HashMap<usize, Option<(String, LineIndex, std::sync::Arc<crate::scan::MaskedSource>)>>,
}

impl Placer {
    /// `finding` placed in `outcome`, the `index`-th file of the scan.
    pub(crate) fn locate(&mut self, rules: &RuleSet, index: usize, outcome: &FileOutcome, finding: Finding) -> Located {
        let client = outcome.client.unwrap_or(crate::model::Client::Generic);
        let file = self.files.entry(index).or_insert_with(|| {
            let text = outcome.text_for_positions()?;
            let lines = LineIndex::new(&text);
            let source = outcome.redactor.masked_source(rules, &outcome.path, &text, &outcome.mask);
            Some((text, lines, std::sync::Arc::new(source)))
        });
        let (start, end, source) = match file {
            Some((text, lines, source)) => {
                let (start, end) = lines.range(text, finding.span);
                (start, end, Some(source.clone()))
            }
            None => {
                let at = crate::parse::lines::Position { line: 1, column: 1 };
                (at, at, None)
            }
        };
        Located { finding, path: outcome.path.clone(), client, start, end, source, suppressed: None, baseline: None }
    }
}

/// Whether an inline directive on line `d.line` covers a finding that starts on `line`.
fn covers(d: &Directive, line: usize, rule: &RuleMeta) -> bool {
    (line == d.line || line == d.line + 1)
        && d.rules.iter().any(|r| r.eq_ignore_ascii_case(&rule.id) || *r == rule.slug)
}

pub(crate) fn policy_finding(meta: &std::sync::Arc<RuleMeta>, path: &str, span: Span, message: Redacted) -> Finding {
    Finding {
        rule: meta.clone(),
        severity: meta.severity,
        span,
        pointer: Redacted::default(),
        server: None,
        fingerprint: crate::rules::mask::keyed_hash(&[&meta.id, path, &message]),
        message,
        secret_hash: None,
        masked: None,
        also_in: Vec::new(),
        merged: Vec::new(),
    }
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    cwd.and_then(|c| path.strip_prefix(c).ok().map(|p| p.to_string_lossy().into_owned()))
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}
