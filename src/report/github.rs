//! `--format github`: GitHub Actions workflow commands, one annotation per finding that counts
//! (`::error file=...,line=...,col=...,endLine=...,endColumn=...,title=MCP101 github-classic-pat::message`).
//! critical and high are errors, medium warnings, low and info notices. Suppressed findings and those already
//! in the baseline are not annotated (they do not fail the scan); files that could not be read are errors.
//!
//! Escaping, as the runner decodes it: in data `%`, `\r`, `\n` become `%25`, `%0D`, `%0A`; in property values
//! `:` and `,` also become `%3A` and `%2C`. What remains unsafe for a log (escape codes, bidi controls) is
//! shown as a visible escape, so a file name or config value can neither end the command early nor start one.

use std::io::Write;

use super::{Report, terminal};
use crate::policy::baseline::BaselineState;
use crate::rules::Severity;

/// A command's message (`::...::message`).
pub fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    terminal::escape(&out).into_owned()
}

/// A property value (`file=...`, `title=...`).
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// The path GitHub places an annotation at: relative to the repository root when the file is in one.
fn place<'a>(report: &'a Report, path: &'a str) -> &'a str {
    report.origin(path).and_then(|o| o.repo_path.as_deref()).unwrap_or(path)
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let counts = |f: &&&crate::scan::Located| f.suppressed.is_none() && f.baseline != Some(BaselineState::Unchanged);
    for f in report.findings.iter().filter(counts) {
        let title = format!("{} {}", f.finding.rule.id, f.finding.rule.slug);
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::[{}] {}",
            command(f.finding.severity),
            property(place(report, &f.path)),
            f.start.line,
            f.start.column,
            f.end.line,
            f.end.column,
            property(&title),
            f.finding.severity,
            data(&f.finding.message)
        )?;
    }
    for e in &report.errors {
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!(",line={l},col={c}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "::error file={}{at},title={}::{} (the file was not fully checked)",
            property(place(report, &e.path)),
            property("mcptrust: file not checked"),
            data(&e.message)
        )?;
    }
    for f in report.files.iter().filter(|f| f.status == crate::scan::Status::Skipped) {
        writeln!(
            out,
            "::warning file={},title={}::skipped: {}",
            property(place(report, &f.path)),
            property("mcptrust: file skipped"),
            data(f.reason.as_deref().unwrap_or("skipped"))
        )?;
    }
    writeln!(out, "{}", terminal::escape(&report.coverage_line()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(data("50% done\r\n::error::x"), "50%25 done%0D%0A::error::x");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(data("\x1b[2J"), "\\x1b[2J");
    }
}
