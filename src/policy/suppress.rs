//! Suppressions: a finding a team has accepted, inline (`mcptrust: ignore[MCP101] reason` in a comment on the
//! finding's line or the line above) or in the config (`[[suppress]]`, the only way for strict JSON, which has
//! no comments). A suppression says why; one that expired stops suppressing and one that matches nothing is
//! reported, so that accepted risk never outlives its reason unseen.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::clock::Date;
use crate::parse::Span;

/// How a finding was suppressed, for JSON (`suppressed`) and SARIF (`suppressions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// `inline` (a comment in the file) or `config` (a `[[suppress]]` entry).
    pub kind: SuppressionKind,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "date_text")]
    pub expires: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    Inline,
    Config,
}

fn date_text<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// An inline suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// 1-based line of the comment; it covers findings on this line and the next.
    pub line: usize,
    /// Rule ids (or slugs) it names.
    pub rules: Vec<String>,
    /// Why (may be empty: that is itself reported).
    pub reason: String,
    /// The directive text (`mcptrust: ignore[...] reason`) in the file.
    pub span: Span,
}

static DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"mcptrust:[ \t]*ignore\[([^\]\r\n]*)\]([^\r\n]*)").expect("directive regex"));

/// The inline suppressions of a file: `mcptrust: ignore[ID,...] reason` inside a `#`, `//` or `/* */` comment
/// (JSONC, YAML, TOML, Markdown frontmatter). Text that only looks like one inside a string is not a comment.
pub fn inline_directives(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    if !text.contains("mcptrust:") {
        return out;
    }
    let mut line_start = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some(c) = DIRECTIVE.captures(line)
            && let Some(whole) = c.get(0)
            && in_comment(&line[..whole.start()])
        {
            let rules: Vec<String> =
                c[1].split([',', ' ']).map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect();
            let reason = c[2].trim().trim_end_matches("*/").trim_end_matches("-->").trim();
            let reason = reason.trim_start_matches([':', '-', '—']).trim().to_string();
            out.push(Directive {
                line: i + 1,
                rules,
                reason,
                span: Span::new(
                    line_start + whole.start(),
                    line_start + whole.start() + whole.as_str().trim_end().len(),
                ),
            });
        }
        line_start += line.len();
    }
    out
}

/// Whether `before` (the text of a line up to a directive) opens a comment that is not inside a string.
fn in_comment(before: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut prev = ' ';
    for c in before.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '#' => return true,
                '/' if prev == '/' => return true,
                '*' if prev == '/' => return true,
                _ => {}
            },
        }
        prev = c;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_in_comments_of_every_syntax() {
        let text = "a: 1 # mcptrust: ignore[MCP101] test fixture\n// mcptrust: ignore[MCP101, MCP302] shared demo key\n/* mcptrust: ignore[MCP305] reviewed: read-only */\nx = 1 # mcptrust: ignore[MCP501]\n";
        let d = inline_directives(text);
        assert_eq!(d.len(), 4);
        assert_eq!(
            (d[0].line, d[0].rules.clone(), d[0].reason.as_str()),
            (1, vec!["MCP101".to_string()], "test fixture")
        );
        assert_eq!(d[1].rules, ["MCP101", "MCP302"]);
        assert_eq!(d[2].reason, "reviewed: read-only");
        assert_eq!(d[3].reason, "");
        assert!(text[d[0].span.start..d[0].span.end].starts_with("mcptrust: ignore[MCP101]"));
    }

    #[test]
    fn a_directive_inside_a_string_is_not_one() {
        assert!(inline_directives(r##"{"note": "# mcptrust: ignore[MCP101] no"}"##).is_empty());
        assert!(inline_directives(r#"{"url": "http://x/mcptrust: ignore[MCP101] no"}"#).is_empty());
        assert_eq!(inline_directives("{\"a\": \"x\"} // mcptrust: ignore[MCP101] yes\n").len(), 1);
    }
}
