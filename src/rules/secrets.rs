//! Secret formats as data: one regex per rule with a capture group around the secret, behind one
//! aho-corasick keyword prefilter, so cost stays flat as rules grow (the gitleaks design).

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use anyhow::{Context, Result, bail};
use regex::{Regex, RegexBuilder};

use super::Lifetime;
use super::pack::PatternSpec;

/// A secret format. Its regexes compile on first use: most rules never see a matching keyword in a small
/// repository, and compiling all of them up front was most of a pre-commit run's time.
#[derive(Debug)]
pub struct Pattern {
    id: String,
    source: String,
    regex: OnceLock<Regex>,
    key_source: Option<String>,
    key: OnceLock<Option<Regex>>,
    pub example_key: Option<String>,
    pub keywords: Vec<String>,
    pub entropy: Option<f64>,
    pub lifetime: Lifetime,
    pub examples: Vec<String>,
    pub negative_examples: Vec<String>,
}

fn build_regex(id: &str, source: &str) -> Result<Regex> {
    let regex = RegexBuilder::new(source)
        .size_limit(16 << 20)
        .build()
        .with_context(|| format!("rule {id}: pattern does not compile"))?;
    if regex.captures_len() < 2 {
        bail!("rule {id}: pattern needs a capture group around the secret");
    }
    Ok(regex)
}

impl Pattern {
    /// Reads a pattern; `validate` compiles it now (user packs: errors at load, not mid-scan).
    pub fn new(id: &str, spec: &PatternSpec, validate: bool) -> Result<Pattern> {
        let pattern = Pattern {
            id: id.to_string(),
            source: spec.regex.clone(),
            regex: OnceLock::new(),
            key_source: spec.key.clone(),
            key: OnceLock::new(),
            example_key: spec.example_key.clone(),
            keywords: spec.keywords.clone(),
            entropy: spec.entropy,
            lifetime: spec.lifetime,
            examples: spec.examples.clone(),
            negative_examples: spec.negative_examples.clone(),
        };
        if validate {
            pattern.validate()?;
        }
        Ok(pattern)
    }

    /// Compiles both regexes, reporting what is wrong with them.
    pub fn validate(&self) -> Result<()> {
        let regex = build_regex(&self.id, &self.source)?;
        let key = self
            .key_source
            .as_deref()
            .map(|k| Regex::new(k).with_context(|| format!("rule {}: key pattern does not compile", self.id)))
            .transpose()?;
        let _ = self.regex.set(regex);
        let _ = self.key.set(key);
        Ok(())
    }

    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build_regex(&self.id, &self.source).expect("built-in patterns are checked by `rules check`")
        })
    }

    fn key_regex(&self) -> Option<&Regex> {
        self.key
            .get_or_init(|| {
                self.key_source.as_deref().map(|k| Regex::new(k).expect("built-in key patterns are checked"))
            })
            .as_ref()
    }

    /// Whether a value under `key` (`None`: raw text, no key known) may be this rule's.
    pub fn accepts_key(&self, key: Option<&str>) -> bool {
        match (self.key_regex(), key) {
            (None, _) => true,
            (Some(re), Some(k)) => re.is_match(k),
            (Some(_), None) => false,
        }
    }

    /// The secrets this pattern finds in `text`, as byte ranges.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        self.regex()
            .captures_iter(text)
            .filter_map(|c| c.get(1).or_else(|| c.get(0)))
            .filter(|m| !is_placeholder(m.as_str()) && !is_public(m.as_str()))
            .filter(|m| self.entropy.is_none_or(|min| entropy(m.as_str()) >= min))
            .map(|m| m.range())
            .collect()
    }
}

/// Prefilter over every pattern: which patterns can match a value at all. Patterns with keywords run when
/// one of their keywords is in the text (one aho-corasick pass); patterns scoped to a key (formats without a
/// prefix) run when the value's key matches (one `RegexSet` pass over the key).
#[derive(Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// Pattern index of each keyword.
    owners: Vec<usize>,
    /// Patterns with neither keywords nor a key, which always run.
    always: Vec<usize>,
    /// Keyword-less patterns scoped to a key, and the key regexes in the same order.
    keyed: Vec<usize>,
    key_sources: Vec<String>,
    key_set: OnceLock<KeySet>,
}

impl Prefilter {
    pub fn new(patterns: &[&Pattern]) -> Result<Prefilter> {
        let mut words = Vec::new();
        let mut owners = Vec::new();
        let mut always = Vec::new();
        let mut keyed = Vec::new();
        let mut key_sources = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match (p.keywords.is_empty(), &p.key_source) {
                (true, Some(key)) => {
                    keyed.push(i);
                    key_sources.push(key.clone());
                }
                (true, None) => always.push(i),
                (false, _) => {}
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
                // Case-sensitive: token prefixes are, and case-folding turns `SK`, `pat` or `re_` into
                // keywords that half of all text contains. Rules that need other cases list them.
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&words)
                    .context("keyword prefilter")?,
            )
        };
        Ok(Prefilter { automaton, owners, always, keyed, key_sources, key_set: OnceLock::new() })
    }

    /// Indices of the patterns worth running on `text` found under `key`, in pattern order. Usually none or
    /// one, so they are collected directly rather than through a flag per pattern.
    pub fn candidates(&self, text: &str, key: Option<&str>) -> Vec<usize> {
        let mut hits = self.always.clone();
        if let Some(ac) = &self.automaton {
            hits.extend(ac.find_overlapping_iter(text).map(|m| self.owners[m.pattern().as_usize()]));
        }
        if let (Some(key), false) = (key, self.keyed.is_empty()) {
            let set = self.key_set.get_or_init(|| KeySet::new(&self.key_sources));
            hits.extend(set.matches(key).into_iter().map(|i| self.keyed[i]));
        }
        if hits.len() > 1 {
            hits.sort_unstable();
            hits.dedup();
        }
        hits
    }
}

/// The key patterns of the rules that have no keyword, matched at once: what `regex::RegexSet` does, without the
/// literal prefilter it builds for each set. Keys are a few characters long, and the prefilter of these
/// case-insensitive patterns took most of a one-repository scan's regex compilation.
#[derive(Debug)]
struct KeySet(regex_automata::meta::Regex);

impl KeySet {
    fn new(sources: &[String]) -> KeySet {
        use regex_automata::meta::{Config, Regex};
        use regex_automata::nfa::thompson::WhichCaptures;
        // RegexSet's own settings (regex's builders.rs), but for the prefilter.
        let config = Config::new()
            .match_kind(regex_automata::MatchKind::All)
            .utf8_empty(true)
            .which_captures(WhichCaptures::None)
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20))
            .auto_prefilter(false);
        let regex = Regex::builder()
            .configure(config)
            .syntax(regex_automata::util::syntax::Config::new().utf8(true))
            .build_many(sources)
            .expect("key patterns are checked by `rules check`");
        KeySet(regex)
    }

    /// The indices of the patterns that match `key`, in order.
    fn matches(&self, key: &str) -> Vec<usize> {
        let mut set = regex_automata::PatternSet::new(self.0.pattern_len());
        self.0.which_overlapping_matches(&regex_automata::Input::new(key), &mut set);
        set.iter().map(|id| id.as_usize()).collect()
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

/// Values that look like a credential and are public by design: Stripe publishable keys, SSH public keys,
/// certificates, subresource-integrity hashes, and Supabase `anon` keys (a JWT whose `role` is `anon`, meant
/// to ship in browsers).
pub fn is_public(value: &str) -> bool {
    const PUBLIC_PREFIXES: &[&str] = &[
        "pk_live_",
        "pk_test_",
        "ssh-ed25519 ",
        "ssh-rsa ",
        "ssh-dss ",
        "ecdsa-sha2-nistp",
        "sk-ssh-ed25519@openssh.com ",
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----",
        "-----BEGIN SSH2 PUBLIC KEY-----",
        "sha512-",
        "sha384-",
        "sha256-",
    ];
    let v = value.trim();
    PUBLIC_PREFIXES.iter().any(|p| v.starts_with(p))
        || (v.starts_with("eyJ")
            && crate::rules::checks::jwt::decode(v)
                .is_some_and(|(_, claims)| claims.get("role").and_then(|r| r.as_str()) == Some("anon")))
}

/// Text typed to look like a token: one short run repeated (`a1b2c3d4a1b2c3d4`, `1234567890abcdef` twice) or
/// a long ascending run (`ABCDEFGHIJ`, `12345678`, `a1b2c3d4e5f6` read every other character). Only the
/// generic rule asks: a provider's prefix and length vouch for a value even when its body was typed as a run.
pub fn is_filler_sequence(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 12 {
        return false;
    }
    let periodic = (1..=b.len() / 2).any(|p| (p..b.len()).all(|i| b[i] == b[i - p]));
    // The longest run of characters each one above the one `stride` places before it.
    let ascending = |stride: usize| {
        let (mut best, mut runs) = (1, vec![1; stride]);
        for i in stride..b.len() {
            let run = &mut runs[i % stride];
            *run = if b[i - stride].is_ascii_alphanumeric() && b[i] == b[i - stride] + 1 { *run + 1 } else { 1 };
            best = best.max(*run);
        }
        best
    };
    periodic || ascending(1) >= 8 || ascending(2) >= 6
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
            | "pass"
            | "passwd"
            | "pwd"
            | "pw"
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

    /// The key set answers as `regex::RegexSet` does over the built-in key patterns, Unicode case folding
    /// included (`ſ` and the Kelvin sign fold to `s` and `k` under `(?i)`).
    #[test]
    fn the_key_set_matches_what_a_regex_set_matches() {
        let rules = crate::rules::RuleSet::load(&[]).unwrap();
        let sources: Vec<String> = rules
            .rules
            .iter()
            .filter_map(|r| match &r.detector {
                crate::rules::engine::Detector::Pattern(p) if p.keywords.is_empty() => p.key_source.clone(),
                _ => None,
            })
            .collect();
        assert!(sources.len() >= 20, "the built-in rules have keyed patterns");
        let ours = KeySet::new(&sources);
        let reference = regex::RegexSet::new(&sources).unwrap();
        let mut keys: Vec<String> =
            ["CLOUDFLARE_API_TOKEN", "cf_token", "x_cf_y", "DD_APP_KEY", "datadog", "twilio_auth_token"]
                .iter()
                .map(|k| k.to_string())
                .collect();
        keys.extend(
            ["ſecret", "\u{212A}EY", "aws_secret_access_key", "AWS_SECRET", "clerk_ſecret", "", "é"].map(String::from),
        );
        keys.extend(sources.iter().map(|s| {
            s.trim_start_matches("(?i)").replace(['^', '$', '(', ')', '|', '.', '*', '?', '[', ']', '\\'], "_")
        }));
        let mut matched = 0;
        for key in &keys {
            let expected: Vec<usize> = reference.matches(key).iter().collect();
            matched += expected.len();
            assert_eq!(ours.matches(key), expected, "{key:?}");
        }
        assert!(matched > 20, "the keys match some patterns");
    }

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
