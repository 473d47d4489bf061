//! Masking by construction. A secret value is a [`Secret`], which formats only masked. Every string that
//! leaves the rules for a reporter (a finding's message, server and pointer, a file's error message) is a
//! [`Redacted`], and only a [`Redactor`] makes one from text: it masks every occurrence of every secret the
//! file is known to hold, every value a credential detector flags, and every URL's userinfo. Code frames are
//! drawn from a [`MaskedSource`], which only a `Redactor` makes too. A reporter cannot print a raw secret
//! because it is never handed a type that holds one.

use std::fmt;
use std::ops::Deref;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::Serialize;

use super::checks::generic_secret::is_secret_key_name;
use super::engine::RuleSet;
use super::mask::{keyed_hash, mask};
use super::secrets::{entropy, is_placeholder};
use super::shared_runs::SharedRuns;
use crate::parse::Span;
use crate::parse::lines::LineIndex;

/// A secret's value. `Debug` and `Display` show it masked; the raw text is reachable only inside the rules.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// At most a 4-character prefix, then `*`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    /// The credential id: a keyed hash of the value alone, the same wherever the value sits.
    pub fn id(&self) -> String {
        keyed_hash(&["secret", &self.0])
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The raw value, for the redactor's matcher and for checks that decode a value. Never for output.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Text that a [`Redactor`] has cleaned: safe to show in any output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Redacted(String);

impl Redacted {
    /// Text written by mcptrust itself (never taken from a scanned file).
    pub fn literal(text: &'static str) -> Redacted {
        Redacted(text.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Appends text that is itself redacted.
    pub fn push(&mut self, more: &Redacted) {
        self.0.push_str(&more.0);
    }
}

impl Deref for Redacted {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file's text with every secret overwritten by `*` (same byte length, so spans stay valid), plus its line
/// index, for code frames.
#[derive(Debug)]
pub struct MaskedSource {
    name: String,
    text: String,
    lines: LineIndex,
}

impl MaskedSource {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }
}

/// `scheme://userinfo@`: the userinfo is always hidden, whoever's it is.
static URL_USERINFO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[A-Za-z][A-Za-z0-9+.\-]*://([^\s/?#@"'<>`\\]+)@"#).expect("userinfo regex"));

/// `key: value` and `key=value` shapes in raw text (comments, unread settings), for masking only.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["']?([A-Za-z_][A-Za-z0-9_.\-]{0,63})["']?[ \t]*[:=][ \t]*["']?([^\s"'`,;{}\[\]()<>]{8,})"#)
        .expect("assignment regex")
});

/// A reference that stands for a value (`${VAR}`, `$VAR`, `{env:VAR}`, `<token>`): nothing to hide.
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{env:[^}]*\}|<[^>]*>)$").expect("ref regex"));

/// Knows the secrets of one file, and masks them wherever they appear.
pub struct Redactor {
    known: Vec<Secret>,
    automata: OnceLock<Automata>,
}

/// What finds a redactor's secrets in a text: each secret, when there are more than a few, and each run of
/// WINDOW characters of one.
struct Automata {
    exact: Option<AhoCorasick>,
    near_copies: Option<SharedRuns>,
}

/// Up to this many secrets, each is searched for on its own (`exact_spans`); beyond, one automaton finds them
/// all, so that a file full of secrets costs a pass per text, not a pass per secret.
const FEW_SECRETS: usize = 8;

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} known secrets)", self.known.len())
    }
}

/// Runs of this many characters of a known secret are masked wherever they appear.
const WINDOW: usize = 12;

/// Secrets shorter than this are not searched for elsewhere: a four-letter demo password would mask every
/// word it is part of. Their own spans are still masked.
const MIN_KNOWN_LEN: usize = 6;

impl Redactor {
    pub fn new(known: impl IntoIterator<Item = Secret>) -> Redactor {
        // Each secret, and its hidden part alone: a copy without the prefix shown is still the secret.
        let mut known: Vec<Secret> = known
            .into_iter()
            .flat_map(|s| {
                let hidden = hidden_part(s.expose(), Span::new(0, s.len()));
                let rest = s.expose().get(hidden.start..).map(Secret::new);
                [Some(s), rest]
            })
            .flatten()
            .filter(|s| s.len() >= MIN_KNOWN_LEN)
            .collect();
        known.sort();
        known.dedup();
        Redactor { known, automata: OnceLock::new() }
    }

    /// The same secrets, with nothing searched for them built yet: what a file's outcome keeps once its checks
    /// are done, since the automata of every file of a sweep, held until the report, were a third of its heap.
    pub fn detached(&self) -> Redactor {
        Redactor { known: self.known.clone(), automata: OnceLock::new() }
    }

    /// Built on first use: most texts a redactor sees (a file's with no secret) never need them. Every run of
    /// WINDOW characters of a secret: a near-copy (a character dropped or changed, a prefix cut off) still shows
    /// most of the secret. Overlapping windows mask the whole shared run.
    fn automata(&self) -> &Automata {
        self.automata.get_or_init(|| Automata {
            exact: (self.known.len() > FEW_SECRETS).then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(self.known.iter().map(Secret::expose))
                    .expect("secret automaton")
            }),
            near_copies: SharedRuns::new(self.known.iter().map(Secret::expose), WINDOW),
        })
    }

    /// A redactor that knows no secret of its own (it still masks what detectors flag and URL userinfo).
    pub fn empty() -> Redactor {
        Redactor::new([])
    }

    /// `text` with every known secret, every detected credential and every URL userinfo masked.
    pub fn redact(&self, rules: &RuleSet, text: &str) -> Redacted {
        let (mut spans, whole) = self.known_spans(text);
        spans.extend(rules.scan_raw(text).into_iter().map(|(_, r)| Span::new(r.start, r.end)));
        spans.extend(userinfo_spans(text));
        Redacted(apply(text, &spans, &whole))
    }

    /// The file's text for code frames: `spans` (what the rules found) and, anywhere in the file, every
    /// occurrence of a known secret, every value a credential detector would flag (also in comments and in
    /// settings no rule reads), and every URL userinfo.
    pub fn masked_source(&self, rules: &RuleSet, name: &str, text: &str, spans: &[Span]) -> MaskedSource {
        let mut all: Vec<Span> = spans.to_vec();
        let (known, whole) = self.known_spans(text);
        all.extend(known);
        all.extend(rules.scan_raw(text).into_iter().map(|(_, r)| Span::new(r.start, r.end)));
        all.extend(userinfo_spans(text));
        all.extend(assignment_spans(rules, text));
        let masked = apply(text, &all, &whole);
        MaskedSource { name: name.to_string(), lines: LineIndex::new(&masked), text: masked }
    }

    /// Every occurrence of a known secret (its prefix kept, as masks show it), and every other run that shares
    /// WINDOW characters with one (hidden whole).
    fn known_spans(&self, text: &str) -> (Vec<Span>, Vec<Span>) {
        if self.known.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let automata = self.automata();
        let spans = match &automata.exact {
            Some(ac) => ac.find_iter(text).map(|m| Span::new(m.start(), m.end())).collect(),
            None => exact_spans(&self.known, text),
        };
        if let Some(windows) = &automata.near_copies {
            let exact = spans.clone();
            let mut run: Option<Span> = None;
            let mut runs = Vec::new();
            windows.each_window(text, |start, end| {
                if exact.iter().any(|e| e.start <= start && end <= e.end) {
                    return;
                }
                run = match run {
                    Some(r) if start <= r.end => Some(Span::new(r.start, r.end.max(end))),
                    Some(r) => {
                        runs.push(r);
                        Some(Span::new(start, end))
                    }
                    None => Some(Span::new(start, end)),
                };
            });
            runs.extend(run);
            // A near-copy is hidden whole: its first characters are the secret's, not a prefix the mask may keep.
            return (spans, runs);
        }
        (spans, Vec::new())
    }
}

/// The occurrences of the known secrets in `text`, leftmost first and the longest of those that start at one
/// place, none overlapping another. For a file's few secrets (at most FEW_SECRETS), a search for each, resumed
/// past each match, costs less than building a multi-pattern automaton for one file's texts.
fn exact_spans(known: &[Secret], text: &str) -> Vec<Span> {
    let haystack = text.as_bytes();
    let find_from = |secret: &Secret, at: usize| {
        haystack.get(at..).and_then(|rest| memchr::memmem::find(rest, secret.expose().as_bytes())).map(|i| i + at)
    };
    let mut next: Vec<Option<usize>> = known.iter().map(|s| find_from(s, 0)).collect();
    let mut spans = Vec::new();
    while let Some((start, _, i)) = next
        .iter()
        .zip(known)
        .enumerate()
        .filter_map(|(i, (at, s))| at.map(|at| (at, std::cmp::Reverse(s.len()), i)))
        .min()
    {
        let end = start + known[i].len();
        spans.push(Span::new(start, end));
        for (at, secret) in next.iter_mut().zip(known) {
            if at.is_some_and(|a| a < end) {
                *at = find_from(secret, end);
            }
        }
    }
    spans
}

fn userinfo_spans(text: &str) -> impl Iterator<Item = Span> + '_ {
    URL_USERINFO.captures_iter(text).filter_map(|c| {
        let m = c.get(1)?;
        let all_references = m.as_str().split(':').all(|part| part.is_empty() || REFERENCE.is_match(part));
        (!all_references).then(|| Span::new(m.start(), m.end()))
    })
}

/// Values of `key: value` shapes that a key-scoped format or the generic secret check would flag.
fn assignment_spans(rules: &RuleSet, text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for c in ASSIGNMENT.captures_iter(text) {
        let (Some(key), Some(value)) = (c.get(1), c.get(2)) else { continue };
        let v = value.as_str();
        if REFERENCE.is_match(v) || v.starts_with('$') {
            continue;
        }
        let by_key = rules.scan(v, Some(key.as_str()));
        if !by_key.is_empty() {
            out.extend(by_key.into_iter().map(|(_, r)| Span::new(value.start() + r.start, value.start() + r.end)));
        } else if is_secret_key_name(key.as_str()) && !is_placeholder(v) && entropy(v) >= 3.0 {
            out.push(Span::new(value.start(), value.end()));
        }
    }
    out
}

/// `text` with each of `spans` hidden but for a short prefix (at most 4 characters, at most a quarter of the
/// span) and each of `whole` hidden entirely, byte for byte. Spans that overlap hide the union of what each hides.
fn apply(text: &str, spans: &[Span], whole: &[Span]) -> String {
    if spans.is_empty() && whole.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    let prefixed = spans.iter().map(|s| (s, true));
    for (span, keep_prefix) in prefixed.chain(whole.iter().map(|s| (s, false))) {
        let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
        if start >= end {
            continue;
        }
        let hidden = if keep_prefix { hidden_part(text, Span::new(start, end)) } else { Span::new(start, end) };
        // Line breaks stay, so that a masked multi-line value (a PEM block) keeps the lines after it in place.
        for b in &mut bytes[hidden.start..hidden.end] {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b'*';
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|e| mask_broken_sequences(e.into_bytes()))
}

/// The part of a secret's span that is hidden: all but its short prefix.
pub fn hidden_part(source: &str, span: Span) -> Span {
    let text = source.get(span.start..span.end).unwrap_or("");
    if text.is_empty() {
        // Not on character boundaries: hide all of it.
        return span;
    }
    Span::new(span.start + super::mask::kept_prefix(text), span.end)
}

/// Replaces every byte of a broken UTF-8 sequence by `*`, keeping byte length.
fn mask_broken_sequences(bytes: Vec<u8>) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What the redactor's leftmost-longest Aho-Corasick automaton found, on random secrets and texts spliced
    /// from them (overlapping secrets, one inside another, repeats).
    #[test]
    fn exact_spans_are_leftmost_longest_and_never_overlap() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let mut next = crate::rules::test_random(0x2545_f491_4f6c_dd1du64);
        let alphabet: Vec<char> = "abAB01é".chars().collect();
        for _ in 0..500 {
            let mut known: Vec<Secret> = (0..1 + next(4))
                .map(|_| Secret::new((0..1 + next(6)).map(|_| alphabet[next(alphabet.len())]).collect::<String>()))
                .collect();
            known.sort();
            known.dedup();
            let mut text = String::new();
            for _ in 0..next(10) {
                let s = known[next(known.len())].expose();
                let cut = s.char_indices().map(|(i, _)| i).nth(next(s.chars().count() + 1)).unwrap_or(s.len());
                text.push_str(if next(3) == 0 { &s[..cut] } else { s });
                text.extend((0..next(2)).map(|_| alphabet[next(alphabet.len())]));
            }
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(known.iter().map(Secret::expose))
                .unwrap();
            let expected: Vec<Span> = ac.find_iter(&text).map(|m| Span::new(m.start(), m.end())).collect();
            assert_eq!(exact_spans(&known, &text), expected, "{text:?}");
        }
    }

    fn rules() -> RuleSet {
        RuleSet::load(&[]).unwrap()
    }

    #[test]
    fn a_secret_formats_only_masked() {
        let s = Secret::new("ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG");
        assert_eq!(format!("{s}"), "ghp_************************************");
        assert!(!format!("{s:?}").contains("26auCJ"));
        assert_eq!(s.id(), Secret::new("ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG").id());
    }

    #[test]
    fn every_occurrence_of_a_known_secret_is_masked() {
        let r = Redactor::new([Secret::new("h1TlAQxUlbAeYFAb9A")]);
        let out = r.redact(&rules(), "first h1TlAQxUlbAeYFAb9A then again h1TlAQxUlbAeYFAb9A.");
        assert!(!out.contains("TlAQxU"), "{out}");
        assert!(out.starts_with("first h1Tl**************"), "{out}");
    }

    /// Beyond FEW_SECRETS, one automaton finds them: the same masks as the search for each.
    #[test]
    fn a_file_with_many_secrets_masks_each_of_them() {
        let secrets: Vec<String> = (0..40).map(|i| format!("Zq{i:02}x7Lm{}", "Pw3K".repeat(i % 3 + 1))).collect();
        let text = secrets.iter().rev().map(|s| format!("k={s};")).collect::<String>();
        let many = Redactor::new(secrets.iter().map(Secret::new)).redact(&rules(), &text);
        for s in &secrets {
            assert!(!many.contains(&s[4..]), "{many}");
            let one = Redactor::new([Secret::new(s)]).redact(&rules(), &format!("k={s};"));
            assert!(many.contains(&*one), "{one} in {many}");
        }
    }

    #[test]
    fn a_near_copy_of_a_known_secret_is_masked_too() {
        let r = Redactor::new([Secret::new("AKIA6IJB4LAJLJ6HDU6G")]);
        let out = r.redact(&rules(), "copy: AKIA\u{16}IJB4LAJLJ6HDU6G and AKIA6IJB4LAJ-LJ6HDU6G end");
        assert!(!out.contains("IJB4LAJLJ6HD"), "{out}");
        assert!(out.ends_with(" end"), "{out}");
    }

    #[test]
    fn detected_credentials_and_userinfo_are_masked_without_being_known() {
        let r = Redactor::empty();
        let out = r.redact(
            &rules(),
            "package `git+https://deploy:glpat-Xk9mQ2vL7nR4tY8wZ3pB@gitlab.acme.test/x.git` and ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG=1",
        );
        assert!(!out.contains("Xk9mQ2vL7nR4tY8wZ3pB"), "{out}");
        assert!(!out.contains("26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG"), "{out}");
        assert!(out.contains("@gitlab.acme.test/x.git"), "{out}");
        // References in userinfo are not secrets.
        assert_eq!(r.redact(&rules(), "https://${USER}:${PASS}@host/").as_str(), "https://${USER}:${PASS}@host/");
    }

    #[test]
    fn masked_source_hides_values_no_rule_reported() {
        let text = "// old key: AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8RkT4Lab\n{\"token\": \"q8Zr4vN1xT7bK2mW9pL3sD6f\"}\n";
        let m = Redactor::empty().masked_source(&rules(), "a.jsonc", text, &[]);
        assert_eq!(m.text().len(), text.len());
        assert!(!m.text().contains("XUtnFEMI"), "{}", m.text());
        assert!(!m.text().contains("vN1xT7bK2mW9"), "{}", m.text());
    }

    #[test]
    fn masking_keeps_byte_length_through_multibyte_text() {
        let text = "pässwörd=ü8Zr4vN1xT7bK2mW9pL3sD6f";
        let out = apply(text, &[Span::new(1, text.len())], &[]);
        assert_eq!(out.len(), text.len());
        assert!(out.starts_with('p'));
    }
}
