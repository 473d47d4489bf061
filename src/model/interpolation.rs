//! Interpolation syntaxes of every client. A value is split once into literal text and references;
//! a reference (`${VAR}`, `${env:VAR}`, `${input:id}`, `{env:VAR}`, `${{ secrets.X }}`, `${user_config.x}`,
//! `$VAR`, `{templateVar}`) never holds a secret, but the default of `${VAR:-default}` is literal text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(Range<usize>),
    Reference { range: Range<usize>, name: String },
}

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          \$\{\{\s*(?P<gh>[^}]*?)\s*\}\}                        # Continue / Actions: ${{ secrets.X }}
        | \$\{(?P<name>[A-Za-z_][A-Za-z0-9_.]*)(?P<op>:?-)(?P<default>[^}]*)\}   # shell default: ${VAR:-x}
        | \$\{(?P<brace>[^}]*)\}                             # ${VAR}, ${env:VAR}, ${input:id}, ${user_config.x}
        | \$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)                 # $VAR
        | \{(?P<oc>(?:env|file):[^}]*)\}                     # opencode: {env:VAR}
        | \{(?P<tpl>[A-Za-z_][A-Za-z0-9_.-]*)\}              # registry URL template: {tenant}
        ",
    )
    .expect("interpolation regex compiles")
});

/// Splits `text` into literal and reference segments, in order.
pub fn split(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut last = 0;
    for caps in REFERENCE.captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        if whole.start() > last {
            out.push(Segment::Literal(last..whole.start()));
        }
        if let (Some(name), Some(default)) = (caps.name("name"), caps.name("default")) {
            let head_end = default.start();
            out.push(Segment::Reference { range: whole.start()..head_end, name: name.as_str().to_string() });
            if !default.is_empty() {
                out.push(Segment::Literal(default.range()));
            }
            out.push(Segment::Reference { range: default.end()..whole.end(), name: name.as_str().to_string() });
        } else {
            let name = ["gh", "brace", "bare", "oc", "tpl"]
                .iter()
                .find_map(|g| caps.name(g))
                .map(|m| m.as_str().trim().to_string())
                .unwrap_or_default();
            out.push(Segment::Reference { range: whole.range(), name });
        }
        last = whole.end();
    }
    if last < text.len() {
        out.push(Segment::Literal(last..text.len()));
    }
    out
}

/// The text with every reference blanked to spaces: same length, so offsets still map to the source. What
/// [`split`] gives, without its names and segments: this runs over every file's whole text and every message,
/// so it reads captures only for the one form whose default is literal (`${VAR:-default}`).
pub fn literal_view(text: &str) -> String {
    let blank = |out: &mut String, range: Range<usize>| out.extend(std::iter::repeat_n(' ', range.len()));
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for whole in REFERENCE.find_iter(text) {
        out.push_str(&text[last..whole.start()]);
        let default = if whole.as_str().starts_with("${") && whole.as_str().contains('-') {
            REFERENCE.captures_at(text, whole.start()).and_then(|c| c.name("name").and(c.name("default")))
        } else {
            None
        };
        match default {
            Some(default) => {
                blank(&mut out, whole.start()..default.start());
                out.push_str(default.as_str());
                blank(&mut out, default.end()..whole.end());
            }
            None => blank(&mut out, whole.range()),
        }
        last = whole.end();
    }
    out.push_str(&text[last..]);
    out
}

/// True when the value holds at least one reference and no literal text but whitespace or fixed words
/// such as `Bearer`.
pub fn has_reference(text: &str) -> bool {
    split(text).iter().any(|s| matches!(s, Segment::Reference { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The view as the segments make it, which `literal_view` must equal.
    fn view_of_segments(text: &str) -> String {
        let mut out = String::new();
        for seg in split(text) {
            match seg {
                Segment::Literal(r) => out.push_str(&text[r]),
                Segment::Reference { range, .. } => out.extend(std::iter::repeat_n(' ', range.len())),
            }
        }
        out
    }

    #[test]
    fn the_literal_view_blanks_exactly_the_references_the_segments_name() {
        for text in [
            "",
            "plain",
            "${A}",
            "x${A}y$B z",
            "${A:-def}",
            "${A-def}",
            "${A:-}",
            "${ A:-x }",
            "${env:A-B}",
            "${{ secrets.X-Y }}",
            "{env:TOKEN}-{tenant}",
            "pre ${A:-sk-live-123} post ${B} ${C:-d-e-f}",
            "{\"a\": \"${A:-x}\", \"b\": {\"c\": \"$D\"}}",
            "é${A:-ü}ö",
            "${unclosed",
            "$",
            "{}",
        ] {
            assert_eq!(literal_view(text), view_of_segments(text), "{text:?}");
            assert_eq!(literal_view(text).len(), text.len());
        }
    }

    fn view(s: &str) -> String {
        literal_view(s).trim().to_string()
    }

    #[test]
    fn every_syntax_is_a_reference() {
        for s in [
            "${VAR}",
            "${env:VAR}",
            "${input:notion-key}",
            "{env:VAR}",
            "${{ secrets.TOKEN }}",
            "${user_config.api_key}",
            "$GITHUB_TOKEN",
            "{tenant}",
            "${workspaceFolder}",
        ] {
            assert_eq!(view(s), "", "{s}");
            assert!(has_reference(s), "{s}");
        }
    }

    #[test]
    fn literal_text_around_references_is_kept_in_place() {
        assert_eq!(literal_view("Bearer ${env:T}"), "Bearer         ");
        assert_eq!(view("postgres://u:${PASS}@h/db"), "postgres://u:       @h/db");
    }

    #[test]
    fn a_shell_default_is_literal() {
        assert_eq!(view("${TOKEN:-ghp_abc}"), "ghp_abc");
        assert_eq!(view("${TOKEN-xyz}"), "xyz");
    }

    #[test]
    fn plain_text_is_literal() {
        assert_eq!(split("ghp_abc"), vec![Segment::Literal(0..7)]);
        assert!(!has_reference("sk-proj-abc"));
    }
}
