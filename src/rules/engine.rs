//! Builds the rule set from packs and runs it over one file's model. Findings leave here with the secret
//! already masked: reporters never see a raw secret.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use super::Severity;
use super::checks::{self, Check, Hit};
use super::mask::keyed_hash;
use super::pack::{Pack, RuleMeta};
use super::redact::{Redacted, Redactor, Secret, hidden_part};
use super::secrets::{Pattern, Prefilter, basic_credentials, is_template};
use crate::clock::Now;
use crate::model::{Client, Model, Role, Site};
use crate::parse::{ParseError, Span};

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

pub enum Detector {
    Pattern(Box<Pattern>),
    Check(Box<dyn Check>),
}

pub struct Rule {
    pub meta: Arc<RuleMeta>,
    pub detector: Detector,
    /// The structural check's name, for checks that run across files.
    pub check: Option<String>,
}

pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Indices into `rules` of the pattern rules, in prefilter order.
    patterns: Vec<usize>,
    prefilter: Prefilter,
    /// The prefixes provider formats start with (`ghp_`, `sk_live_`, `xoxb-`): their keywords that end in a
    /// separator.
    provider_prefixes: Vec<String>,
}

/// What rules may look at for one file.
pub struct FileContext<'a> {
    pub path: &'a str,
    pub client: Client,
    pub source: &'a str,
    /// `None` when the file did not parse: only the raw-text secret fallback runs then.
    pub model: Option<&'a Model>,
    pub leniency: Option<&'a ParseError>,
    /// Secrets the pattern rules found, for checks that build on them (lifetime, generic values).
    pub secrets: &'a [SecretHit],
    /// Today, for every check that compares a date with it (never the system clock directly).
    pub now: Now,
    /// What the config changes in how rules judge.
    pub settings: &'a super::settings::RuleSettings,
    /// The prefixes of the provider formats loaded (`ghp_`, `sk_live_`): a value that starts with one and that
    /// no provider rule recognised is that provider's malformed form.
    pub provider_prefixes: &'a [String],
}

/// What a file is judged against besides its own text: today, and the config's rule settings.
#[derive(Clone, Copy)]
pub struct Judged<'a> {
    pub now: Now,
    pub settings: &'a super::settings::RuleSettings,
}

/// A secret found by a pattern rule, kept inside the rules.
#[derive(Debug, Clone)]
pub struct SecretHit {
    pub rule: usize,
    pub span: Span,
    /// The model's site the secret sits in; `None` for the raw-text backstop.
    pub site: Option<usize>,
    pub secret: Secret,
    pub lifetime: super::Lifetime,
    /// `Basic` credentials decoded: user and password.
    pub basic: Option<(Secret, Secret)>,
}

/// What leaves the rules: every string in it is [`Redacted`], so no reporter can print a raw secret.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Arc<RuleMeta>,
    pub severity: Severity,
    pub span: Span,
    pub pointer: Redacted,
    pub server: Option<Redacted>,
    pub message: Redacted,
    pub fingerprint: String,
    /// The credential id (a keyed hash of the secret value alone, for cross-file reuse), never the secret.
    pub secret_hash: Option<String>,
    /// The secret as shown: a short prefix, then `*`.
    pub masked: Option<Redacted>,
    /// Categories besides the rule's own, when another rule's verdict on the same place was merged into this
    /// finding (one place, one finding): a server-wide grant of a server without a tool allowlist is also `scope`.
    pub also_in: Vec<super::Category>,
    /// The ids of the rules whose findings on the same place were merged into this one.
    pub merged: Vec<String>,
}

impl Finding {
    /// Every category it belongs to, the rule's own first.
    pub fn categories(&self) -> Vec<super::Category> {
        std::iter::once(self.rule.category).chain(self.also_in.iter().copied()).collect()
    }
}

/// One file's findings, the byte ranges that must be masked wherever its source is shown, and the redactor
/// that knows the file's secrets (for cross-file messages and code frames).
pub struct FileFindings {
    pub findings: Vec<Finding>,
    pub mask: Vec<Span>,
    pub redactor: Arc<Redactor>,
}

/// One place, one finding: a finding that asks to merge into another at a given pointer adds its category and
/// its words to that one and is dropped; with nothing there, it stays a finding of its own.
fn merge_same_place(pending: &mut Vec<Pending>) {
    if pending.iter().all(|p| p.merge_into.is_none()) {
        return;
    }
    // Pointer -> the first finding there that merges into nothing (one pass: files hold 100,000 findings).
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, p) in pending.iter().enumerate().filter(|(_, p)| p.merge_into.is_none()) {
        at.entry(p.pointer.clone()).or_insert(i);
    }
    let mut dropped = vec![false; pending.len()];
    for i in 0..pending.len() {
        let Some(t) = pending[i].merge_into.as_deref().and_then(|ptr| at.get(ptr)).copied() else { continue };
        dropped[i] = true;
        let (category, id, note, severity) = {
            let m = &pending[i];
            (m.meta.category, m.meta.id.clone(), m.merge_note.clone(), m.severity.unwrap_or(m.meta.severity))
        };
        let into = &mut pending[t];
        if category != into.meta.category && !into.also_in.contains(&category) {
            into.also_in.push(category);
        }
        into.merged.push(id.clone());
        if let Some(note) = note {
            into.message.push_str(&format!(", {note} ({id})"));
        }
        into.severity = Some(into.severity.unwrap_or(into.meta.severity).max(severity));
    }
    let mut keep = dropped.into_iter().map(|d| !d);
    pending.retain(|_| keep.next().unwrap_or(true));
}

/// A finding before its strings are redacted (inside the engine only).
struct Pending {
    meta: Arc<RuleMeta>,
    severity: Option<Severity>,
    span: Span,
    pointer: String,
    /// Fingerprint anchor when the pointer is empty (raw-text hits).
    anchor: Option<String>,
    server: Option<String>,
    message: String,
    secret: Option<Secret>,
    /// Merge into the finding at this pointer, when there is one (see [`Hit::merge_into`]).
    merge_into: Option<String>,
    merge_note: Option<String>,
    also_in: Vec<super::Category>,
    merged: Vec<String>,
}

impl Pending {
    fn finish(self, rules: &RuleSet, redactor: &Redactor, path: &str, source: &str) -> Finding {
        let secret_hash = self.secret.as_ref().map(Secret::id);
        // Stable across line moves and reformatting: rule, file, pointer, and what is there: the keyed secret
        // hash, else the flagged value itself (a baselined `harmless-pkg` that becomes `evil-pkg` at the same
        // pointer is a new finding), its quotes and surrounding space aside.
        let anchor = match (&self.anchor, self.pointer.is_empty()) {
            (Some(a), _) => a.clone(),
            (None, false) => self.pointer.clone(),
            (None, true) => self.span.start.to_string(),
        };
        let value = match &secret_hash {
            Some(hash) => hash.clone(),
            None => {
                let text = source.get(self.span.start..self.span.end).unwrap_or("");
                keyed_hash(&["value", text.trim().trim_matches(['"', '\'']).trim()])
            }
        };
        let fingerprint = keyed_hash(&[&self.meta.id, path, &anchor, &value]);
        Finding {
            severity: self.severity.unwrap_or(self.meta.severity),
            rule: self.meta,
            span: self.span,
            pointer: redactor.redact(rules, &self.pointer),
            server: self.server.map(|s| redactor.redact(rules, &s)),
            message: redactor.redact(rules, &self.message),
            fingerprint,
            secret_hash,
            masked: self.secret.map(|s| redactor.redact(rules, &s.masked())),
            also_in: self.also_in,
            merged: self.merged,
        }
    }
}

/// A `Basic` user that is itself the credential (`TOKEN:x-oauth-basic`, `TOKEN:` , `TOKEN:x`): GitHub, Azure
/// DevOps and others take the token as the user name.
fn basic_user_is_a_token(user: &str, password: &str) -> bool {
    let marker = password.is_empty() || password.len() <= 2 || password.eq_ignore_ascii_case("x-oauth-basic");
    // An e-mail address or a name is an identity; a long random run of token characters is not.
    let token_shaped = user.len() >= 20 && user.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
    marker || (token_shaped && super::secrets::entropy(user) >= 3.5)
}

impl RuleSet {
    /// The built-in packs plus any user packs.
    pub fn load(extra: &[PathBuf]) -> Result<RuleSet> {
        let mut packs = Vec::new();
        for (name, pack) in Pack::builtin()? {
            packs.push((name.to_string(), pack, false));
        }
        for path in extra {
            packs.extend(Pack::load_path(path)?.into_iter().map(|(name, pack)| (name, pack, true)));
        }
        RuleSet::build(packs)
    }

    /// Builds a rule set from packs, compiling every pattern now.
    pub fn from_packs(packs: Vec<(String, Pack)>) -> Result<RuleSet> {
        RuleSet::build(packs.into_iter().map(|(name, pack)| (name, pack, true)).collect())
    }

    /// `validate`: compile the pack's patterns at load. Built-in packs compile on first use instead; their
    /// patterns are checked by `mcptrust rules check` in the test suite.
    fn build(packs: Vec<(String, Pack, bool)>) -> Result<RuleSet> {
        let mut rules = Vec::new();
        let mut ids = BTreeSet::new();
        for (pack_name, pack, validate) in &packs {
            for spec in &pack.rules {
                if !ids.insert(spec.id.clone()) {
                    bail!("{pack_name}: rule id {} is defined twice", spec.id);
                }
                let docs = spec.resolved_docs(pack.pattern_docs.as_ref()).with_context(|| pack_name.clone())?;
                let mut tags = pack.tags.clone();
                tags.extend(spec.tags.iter().cloned());
                let meta = Arc::new(RuleMeta {
                    id: spec.id.clone(),
                    slug: spec.slug.clone(),
                    name: spec.name.clone(),
                    category: spec.category,
                    severity: spec.severity,
                    tags,
                    docs,
                });
                let detector = match (&spec.pattern, &spec.check) {
                    (Some(p), None) => Detector::Pattern(Box::new(Pattern::new(&spec.id, p, *validate)?)),
                    (None, Some(name)) => Detector::Check(
                        checks::build(name, &spec.params).with_context(|| format!("{pack_name}: rule {}", spec.id))?,
                    ),
                    _ => bail!("{pack_name}: rule {} needs exactly one of `pattern` or `check`", spec.id),
                };
                rules.push(Rule { meta, detector, check: spec.check.clone() });
            }
        }
        RuleSet::index(rules)
    }

    fn index(rules: Vec<Rule>) -> Result<RuleSet> {
        let patterns: Vec<usize> = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.detector, Detector::Pattern(_)))
            .map(|(i, _)| i)
            .collect();
        let refs: Vec<&Pattern> = patterns.iter().map(|&i| pattern(&rules[i])).collect();
        let prefilter = Prefilter::new(&refs)?;
        let mut provider_prefixes: Vec<String> = refs
            .iter()
            .flat_map(|p| &p.keywords)
            .filter(|k| {
                k.len() >= 3
                    && k.ends_with(['_', '-'])
                    && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
            .cloned()
            .collect();
        provider_prefixes.sort();
        provider_prefixes.dedup();
        Ok(RuleSet { rules, patterns, prefilter, provider_prefixes })
    }

    /// Keeps the rules that `select` names (all when empty) and that `ignore` does not. Either may name a rule
    /// id, a slug, a category or a tag.
    pub fn select(self, select: &[String], ignore: &[String]) -> Result<RuleSet> {
        for word in select.iter().chain(ignore) {
            if !self.rules.iter().any(|r| matches_selector(&r.meta, word)) {
                bail!("`{word}` names no rule, category or tag (see `mcptrust rules`)");
            }
        }
        let kept = |r: &Rule| {
            (select.is_empty() || select.iter().any(|s| matches_selector(&r.meta, s)))
                && !ignore.iter().any(|s| matches_selector(&r.meta, s))
        };
        // Every rule kept (the usual case): the index stands, and its keyword automaton is not built twice.
        if self.rules.iter().all(kept) {
            return Ok(self);
        }
        let keep: Vec<Rule> = self.rules.into_iter().filter(|r| kept(r)).collect();
        RuleSet::index(keep)
    }

    /// The rule whose structural check is `name` (for findings written after the per-file pass).
    pub fn meta_of_check(&self, name: &str) -> Option<&Arc<RuleMeta>> {
        self.rules
            .iter()
            .find(|r| matches!(r.detector, Detector::Check(_)) && r.check.as_deref() == Some(name))
            .map(|r| &r.meta)
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id.eq_ignore_ascii_case(id) || r.meta.slug == id)
    }

    /// Runs every rule over one file. The raw-text backstop runs on every file, parsed or not: a credential
    /// in a comment, under a shadowed duplicate key, in another YAML document or in any setting the model does
    /// not read is still found; where the model saw the same place, its finding (with its context) is kept.
    pub fn check_file(
        &self,
        path: &str,
        client: Client,
        source: &str,
        model: Option<&Model>,
        leniency: Option<&ParseError>,
        judged: Judged,
    ) -> FileFindings {
        let Judged { now, settings } = judged;
        let mut secrets = match model {
            Some(m) => self.find_secrets_in_sites(source, &m.sites),
            None => Vec::new(),
        };
        // Values the config calls placeholders are never secrets.
        secrets.retain(|h| !settings.is_placeholder(h.secret.expose()));
        let model_secret_count = secrets.len();
        for hit in self.find_secrets_in_text(source).into_iter().filter(|h| !settings.is_placeholder(h.secret.expose()))
        {
            let overlaps = secrets[..model_secret_count]
                .iter()
                .any(|m| m.span.start < hit.span.end && hit.span.start < m.span.end);
            if !overlaps {
                secrets.push(hit);
            }
        }
        let ctx = FileContext {
            path,
            client,
            source,
            model,
            leniency,
            secrets: &secrets,
            now,
            settings,
            provider_prefixes: &self.provider_prefixes,
        };
        let mut pending: Vec<Pending> = Vec::new();
        let mut mask_spans: Vec<Span> = Vec::new();
        let mut known: Vec<Secret> = Vec::new();
        let mut raw_occurrence: std::collections::HashMap<String, usize> = std::collections::HashMap::new();

        for hit in &secrets {
            let rule = &self.rules[hit.rule];
            let (server, pointer, whereabouts) = match (hit.site, model) {
                (Some(i), Some(m)) => {
                    let site = &m.sites[i];
                    (site.server.clone(), site.value.pointer.clone(), describe_site(site))
                }
                (_, Some(_)) => (None, String::new(), "in text the model of this file does not read (a comment, a shadowed duplicate key, another document or an unread setting)".to_string()),
                (_, None) => (None, String::new(), "in a file that could not be parsed".to_string()),
            };
            // Raw-text hits have no pointer: anchor their fingerprint on the secret and its occurrence instead
            // of a byte offset, so it survives moved lines.
            let anchor = if hit.site.is_none() {
                let n = raw_occurrence.entry(hit.secret.id()).or_insert(0);
                *n += 1;
                Some(format!("raw#{n}"))
            } else {
                None
            };
            mask_spans.push(hidden_part(source, hit.span));
            known.push(hit.secret.clone());
            if let Some((user, password)) = &hit.basic {
                known.push(password.clone());
                if basic_user_is_a_token(user.expose(), password.expose()) {
                    known.push(user.clone());
                }
            }
            let note = hit.basic.as_ref().map(|(user, _)| format!(" (Basic credentials of user `{}`)", user.expose()));
            pending.push(Pending {
                meta: rule.meta.clone(),
                severity: None,
                span: hit.span,
                pointer,
                anchor,
                server,
                message: format!(
                    "{} hard-coded {whereabouts}: {}{}",
                    rule.meta.name,
                    hit.secret.masked(),
                    note.unwrap_or_default()
                ),
                secret: Some(hit.secret.clone()),
                merge_into: None,
                merge_note: None,
                also_in: Vec::new(),
                merged: Vec::new(),
            });
        }

        for rule in &self.rules {
            let Detector::Check(check) = &rule.detector else {
                continue;
            };
            if model.is_none() && !check.runs_without_model() {
                continue;
            }
            let mut emit = |hit: Hit| {
                let secret = hit.secret.map(|s| {
                    mask_spans.push(hidden_part(source, s));
                    let secret = Secret::new(source.get(s.start..s.end).unwrap_or(""));
                    known.push(secret.clone());
                    secret
                });
                pending.push(Pending {
                    meta: rule.meta.clone(),
                    severity: hit.severity,
                    span: hit.span,
                    pointer: hit.pointer,
                    anchor: None,
                    server: hit.server,
                    message: hit.message,
                    secret,
                    merge_into: hit.merge_into,
                    merge_note: hit.merge_note,
                    also_in: Vec::new(),
                    merged: Vec::new(),
                });
            };
            check.run(&ctx, &mut emit);
        }
        // Values under secret-looking keys are masked everywhere even when no rule fired on them.
        if let Some(m) = model {
            for site in &m.sites {
                if checks::generic_secret::is_secret_key(site) && !site.value.literal_view().trim().is_empty() {
                    let span = site.value.sub_span(source, 0..site.value.text.len());
                    mask_spans.push(hidden_part(source, span));
                    // A value with a reference in it (`Bearer ${TOKEN}`) holds scaffolding, not a secret.
                    let literal = site.value.literal_view();
                    let value = literal.trim();
                    if !value.is_empty()
                        && !super::secrets::is_placeholder(value)
                        && !crate::model::interpolation::has_reference(&site.value.text)
                    {
                        known.push(Secret::new(value));
                    }
                }
            }
        }
        // A disabled server's findings say so and drop one level: nothing runs until someone enables it. A
        // literal credential keeps its severity: the secret is on disk either way.
        if let Some(m) = model {
            let disabled: std::collections::HashSet<&str> =
                m.servers.iter().filter(|s| !s.enabled).map(|s| s.name.as_str()).collect();
            for p in pending.iter_mut().filter(|p| p.server.as_deref().is_some_and(|s| disabled.contains(s))) {
                if p.meta.category == super::Category::Secret {
                    p.message.push_str(" (the server is disabled)");
                    continue;
                }
                p.severity = Some(p.severity.unwrap_or(p.meta.severity).one_lower());
                p.message.push_str(" (the server is disabled: one severity level lower)");
            }
        }
        merge_same_place(&mut pending);
        mask_spans.sort();
        mask_spans.dedup();
        let redactor = Redactor::new(known);
        let findings = pending.into_iter().map(|p| p.finish(self, &redactor, path, source)).collect();
        FileFindings { findings, mask: mask_spans, redactor: Arc::new(redactor) }
    }

    fn find_secrets_in_sites(&self, source: &str, sites: &[Site]) -> Vec<SecretHit> {
        let mut hits = Vec::new();
        for (i, site) in sites.iter().enumerate() {
            let literal = site.value.literal_view();
            if literal.trim().is_empty() {
                continue;
            }
            for (rule, range) in self.scan(&literal, site.key.as_deref()) {
                let span = site.value.sub_span(source, range.clone());
                hits.push(self.secret_hit(rule, span, Some(i), &literal[..range.start], &literal[range]));
            }
        }
        hits
    }

    /// The raw-text backstop: the patterns that recognise a value by its own shape (a provider prefix, a
    /// private-key block, a URI password), over the whole text.
    fn find_secrets_in_text(&self, source: &str) -> Vec<SecretHit> {
        self.scan_raw(source)
            .into_iter()
            .map(|(rule, range)| {
                self.secret_hit(rule, Span::new(range.start, range.end), None, &source[..range.start], &source[range])
            })
            .collect()
    }

    fn secret_hit(&self, rule: usize, span: Span, site: Option<usize>, before: &str, secret: &str) -> SecretHit {
        SecretHit {
            basic: basic_credentials(before, secret).map(|(user, password)| (Secret::new(user), Secret::new(password))),
            rule,
            span,
            site,
            secret: Secret::new(secret),
            lifetime: pattern(&self.rules[rule]).lifetime,
        }
    }

    /// Pattern matches in raw text (no key known), with references (`${VAR}`, `{env:X}`, ...) blanked first
    /// so that a template is never read as a value.
    pub fn scan_raw(&self, text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        let view = crate::model::interpolation::literal_view(text);
        debug_assert_eq!(view.len(), text.len());
        self.scan(&view, None)
    }

    /// Pattern matches in `text` as (rule index, secret range); where two rules claim overlapping text,
    /// the longer match (then the earlier rule) wins.
    pub fn scan(&self, text: &str, key: Option<&str>) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut found: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for p in self.prefilter.candidates(text, key) {
            let rule = self.patterns[p];
            let pattern = pattern(&self.rules[rule]);
            if !pattern.accepts_key(key) {
                continue;
            }
            for range in pattern.find(text) {
                // `Basic` credentials whose password is a template (`user:<password>`) are documentation; a short
                // real password (`admin:test`, a demo default) still opens the demo install.
                if basic_credentials(&text[..range.start], &text[range.clone()]).is_some_and(|(_, pw)| is_template(&pw))
                {
                    continue;
                }
                found.push((rule, range));
            }
        }
        found.sort_by(|a, b| a.1.start.cmp(&b.1.start).then(b.1.len().cmp(&a.1.len())).then(a.0.cmp(&b.0)));
        let mut kept: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for (rule, range) in found {
            if kept.iter().any(|(_, k)| k.start < range.end && range.start < k.end) {
                continue;
            }
            kept.push((rule, range));
        }
        kept
    }

    pub fn pattern_rules(&self) -> impl Iterator<Item = (&Rule, &Pattern)> {
        self.patterns.iter().map(|&i| (&self.rules[i], pattern(&self.rules[i])))
    }
}

fn pattern(rule: &Rule) -> &Pattern {
    match &rule.detector {
        Detector::Pattern(p) => p,
        Detector::Check(_) => unreachable!("indexed as a pattern rule"),
    }
}

pub fn matches_selector(meta: &RuleMeta, word: &str) -> bool {
    meta.id.eq_ignore_ascii_case(word)
        || meta.slug == word
        || meta.category.name() == word
        || meta.tags.iter().any(|t| t.eq_ignore_ascii_case(word))
        || (word.len() >= 4 && meta.id.starts_with(word) && word.chars().all(|c| c.is_ascii_alphanumeric()))
}

pub fn describe_site(site: &Site) -> String {
    let server = site.server.as_deref().map(|s| format!(" of server `{s}`")).unwrap_or_default();
    let key = site.key.as_deref().unwrap_or("");
    match site.role {
        Role::Env => format!("in env `{key}`{server}"),
        Role::Header => format!("in header `{key}`{server}"),
        Role::Arg if !key.is_empty() => format!("in argument `--{key}`{server}"),
        Role::Arg => format!("in the arguments{server}"),
        Role::Url => format!("in the URL{server}"),
        Role::Command => format!("in the command{server}"),
        Role::Default => format!("as the default of `{key}`{server}"),
        Role::Example => format!("in the example value `{key}`{server}"),
        Role::Field => format!("in `{key}`{server}"),
    }
}
