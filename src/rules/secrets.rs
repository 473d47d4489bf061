//! Secret formats as data: one regex per rule with a capture group around the secret, behind one
//! aho-corasick keyword prefilter, so cost stays flat as rules grow (the gitleaks design).

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::{Context, Result, bail};
use regex::{Regex, RegexBuilder};

use super::Lifetime;
use super::pack::PatternSpec;

#[derive(Debug)]
pub struct Pattern {
    pub regex: Regex,
    /// For formats without a prefix: the key (env var, header, flag) the value must sit under.
    pub key: Option<Regex>,
    pub example_key: Option<String>,
    pub keywords: Vec<String>,
    pub entropy: Option<f64>,
    pub lifetime: Lifetime,
    pub examples: Vec<String>,
    pub negative_examples: Vec<String>,
}

impl Pattern {
    pub fn compile(id: &str, spec: &PatternSpec) -> Result<Pattern> {
        let regex = RegexBuilder::new(&spec.regex)
            .size_limit(16 << 20)
            .build()
            .with_context(|| format!("rule {id}: pattern does not compile"))?;
        if regex.captures_len() < 2 {
            bail!("rule {id}: pattern needs a capture group around the secret");
        }
        let key = spec
            .key
            .as_deref()
            .map(|k| Regex::new(k).with_context(|| format!("rule {id}: key pattern does not compile")))
            .transpose()?;
        Ok(Pattern {
            regex,
            key,
            example_key: spec.example_key.clone(),
            keywords: spec.keywords.iter().map(|k| k.to_ascii_lowercase()).collect(),
            entropy: spec.entropy,
            lifetime: spec.lifetime,
            examples: spec.examples.clone(),
            negative_examples: spec.negative_examples.clone(),
        })
    }

    /// Whether a value under `key` (`None`: raw text, no key known) may be this rule's.
    pub fn accepts_key(&self, key: Option<&str>) -> bool {
        match (&self.key, key) {
            (None, _) => true,
            (Some(re), Some(k)) => re.is_match(k),
            (Some(_), None) => false,
        }
    }

    /// The secrets this pattern finds in `text`, as byte ranges.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        self.regex
            .captures_iter(text)
            .filter_map(|c| c.get(1).or_else(|| c.get(0)))
            .filter(|m| !is_placeholder(m.as_str()))
            .filter(|m| self.entropy.is_none_or(|min| entropy(m.as_str()) >= min))
            .map(|m| m.range())
            .collect()
    }
}

/// Keyword prefilter over every pattern: which patterns can match a text at all.
#[derive(Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// Pattern index of each keyword.
    owners: Vec<usize>,
    /// Patterns without keywords, which always run.
    always: Vec<usize>,
    count: usize,
}

impl Prefilter {
    pub fn new(patterns: &[&Pattern]) -> Result<Prefilter> {
        let mut words = Vec::new();
        let mut owners = Vec::new();
        let mut always = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            if p.keywords.is_empty() {
                always.push(i);
            }
            for k in &p.keywords {
                words.push(k.clone());
                owners.push(i);
            }
        }
        let automaton = if words.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&words)
                    .context("keyword prefilter")?,
            )
        };
        Ok(Prefilter { automaton, owners, always, count: patterns.len() })
    }

    /// Indices of the patterns worth running on `text`.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut hit = vec![false; self.count];
        for &i in &self.always {
            hit[i] = true;
        }
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(text) {
                hit[self.owners[m.pattern().as_usize()]] = true;
            }
        }
        hit.iter().enumerate().filter(|(_, h)| **h).map(|(i, _)| i).collect()
    }
}

/// `Basic <base64 of user:password>`: the user and password, when `secret` follows the word `Basic`.
pub fn basic_credentials(before: &str, secret: &str) -> Option<(String, String)> {
    use base64::Engine;
    if !before.trim_end().to_ascii_lowercase().ends_with("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(secret).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// Shannon entropy in bits per byte.
pub fn entropy(s: &str) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let len = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / len;
            -p * p.log2()
        })
        .sum()
}

/// A value that is visibly a template to fill in: `<password>`, `${PASS}`, `{secret}`, `your-password`, `xxxx`.
pub fn is_template(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.is_empty()
        || ["<", "${", "{", "your", "xxxx", "placeholder", "changeme", "replace"].iter().any(|w| lower.contains(w))
        || lower == "password"
}

/// Values that stand in for a secret in docs and templates: never report them.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.len() < 3 {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    let first = lower.chars().next().unwrap_or(' ');
    if lower.chars().all(|c| c == first) {
        return true;
    }
    if (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('[') && v.ends_with(']'))
        || (v.starts_with('{') && v.ends_with('}'))
    {
        return true;
    }
    // The body after a provider prefix is all one character or dots: `sk-...`, `ghp_xxxxxxxx`.
    let body = lower.rsplit(['-', '_']).next().unwrap_or(&lower);
    if body.len() >= 3 && body.chars().all(|c| c == body.chars().next().unwrap_or(' ') || c == '.') {
        return true;
    }
    const WORDS: &[&str] = &[
        "your",
        "xxxx",
        "changeme",
        "change_me",
        "change-me",
        "placeholder",
        "dummy",
        "example",
        "replace",
        "insert",
        "redacted",
        "todo",
        "fixme",
        "<",
        ">",
        "...",
        "****",
        "sample",
        "fake",
        "my-api-key",
        "my_api_key",
        "secret-here",
        "token-here",
        "key-here",
        "here_",
        "_here",
        "-here",
    ];
    if WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    matches!(
        lower.as_str(),
        "test"
            | "testing"
            | "password"
            | "secret"
            | "token"
            | "apikey"
            | "api_key"
            | "none"
            | "null"
            | "undefined"
            | "string"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "<YOUR_KEY>",
            "your-api-key-here",
            "xxxxxxxxxxxx",
            "changeme",
            "sk-...",
            "dummy",
            "example-token",
            "test",
            "aaaaaaaaaaaaaaaa",
            "ghp_xxxxxxxxxxxxxxxxxxxx",
            "wc_your_api_key_here",
            "{secret}",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for real in ["ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG", "h1TlAQxUlbAeYFAb9A", "Admin1"] {
            assert!(!is_placeholder(real), "{real}");
        }
    }

    #[test]
    fn basic_credentials_decode() {
        assert_eq!(
            basic_credentials("Basic ", "dGVzdEBsaWZlcmF5LmNvbTp0ZXN0"),
            Some(("test@liferay.com".into(), "test".into()))
        );
        assert_eq!(basic_credentials("Bearer ", "dGVzdEBsaWZlcmF5LmNvbTp0ZXN0"), None);
        assert_eq!(basic_credentials("Basic ", "not base64!"), None);
    }

    #[test]
    fn entropy_orders_random_above_repetitive() {
        assert!(entropy("B4+UbuhTmQkfSm2BR7uEXs8CgXTUwh2x/JhGKq9F") > 4.5);
        assert!(entropy("aaaaabbbbb") < 1.1);
    }
}
