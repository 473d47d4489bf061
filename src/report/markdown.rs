//! `--format markdown`: a summary for a pull-request comment: counts by severity, category and rule, then
//! the first findings as a table. Every value from a scanned file (paths, messages, server names) is
//! escaped: Markdown punctuation and HTML's `<`, `>`, `&` become character references, line breaks spaces,
//! so a config value cannot open a tag, a link, a code span or a table cell. Values are masked upstream.

use std::io::Write;

use super::{Report, terminal};
use crate::policy::baseline::BaselineState;
use crate::rules::Severity;

/// The most findings listed; the rest are counted.
pub const MAX_ROWS: usize = 50;

/// `text` safe inside a Markdown table cell: punctuation that Markdown or HTML reads as syntax is written as a
/// numeric character reference (`|` as `&#124;`), `@` too (no mention), newlines as spaces, and controls
/// as visible escapes.
pub fn escape(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let text = terminal::escape(&text);
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if "\\`*_{}[]<>()#+-.!|~&\"':@$=^".contains(c) {
            out.push_str(&format!("&#{};", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &report.summary;
    writeln!(out, "## mcptrust\n")?;
    writeln!(out, "{}\n", escape(&report.coverage_line()))?;
    if s.findings == 0 {
        writeln!(out, "No findings.")?;
    } else {
        writeln!(out, "| Severity | Findings |\n|---|---:|")?;
        for sev in [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info] {
            if let Some(n) = s.by_severity.get(sev.name()) {
                writeln!(out, "| {} | {n} |", sev.name())?;
            }
        }
        writeln!(out, "\n| Category | Findings |\n|---|---:|")?;
        for (category, n) in &s.by_category {
            writeln!(out, "| {} | {n} |", escape(category))?;
        }
        writeln!(out, "\n| Rule | Name | Findings |\n|---|---|---:|")?;
        let mut rules: Vec<(&String, &usize)> = s.by_rule.iter().collect();
        rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (id, n) in rules {
            let slug = report.rules.iter().find(|m| &m.id == id).map(|m| m.slug.as_str()).unwrap_or("");
            writeln!(out, "| {} | {} | {n} |", escape(id), escape(slug))?;
        }
    }
    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none() && f.baseline != Some(BaselineState::Unchanged))
        .collect();
    if !shown.is_empty() {
        let mut sorted = shown.clone();
        sorted.sort_by_key(|f| std::cmp::Reverse(f.finding.severity));
        writeln!(out, "\n### Findings\n\n| Severity | Rule | Where | Message |\n|---|---|---|---|")?;
        for f in sorted.iter().take(MAX_ROWS) {
            writeln!(
                out,
                "| {} | {} {} | {}&#58;{}&#58;{} | {} |",
                f.finding.severity.name(),
                escape(&f.finding.rule.id),
                escape(&f.finding.rule.slug),
                escape(&f.path),
                f.start.line,
                f.start.column,
                escape(&f.finding.message)
            )?;
        }
        if shown.len() > MAX_ROWS {
            writeln!(out, "\n…and {} more findings (see the full report).", shown.len() - MAX_ROWS)?;
        }
    }
    if !report.errors.is_empty() {
        writeln!(out, "\n### Files not fully checked\n")?;
        for e in &report.errors {
            writeln!(out, "- {}: {}", escape(&e.path), escape(&e.message))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cannot_inject() {
        let e = escape("a|b `code` <img src=x> [l](http://x) @user\n# h");
        let e = regex::Regex::new(r"&#[0-9]+;").unwrap().replace_all(&e, "");
        for bad in ["|", "`", "<", ">", "[", "](", "@", "\n", "#"] {
            assert!(!e.contains(bad), "{bad} in {e}");
        }
        assert_eq!(escape("plain text 42"), "plain text 42");
    }
}
