//! `--format junit`: JUnit XML for CI test views. One `<testsuite>` per file (named by its path), one
//! `<testcase>` per finding with a `<failure>` (type: the severity), a suppressed finding or one already in
//! the baseline as `<skipped>`, a file that could not be read as an `<error>`, and a file without findings as
//! one passing test case. Text is XML-escaped; characters XML 1.0 forbids (most C0 controls, U+FFFE,
//! U+FFFF) are written as visible escapes (`\x1b`), so the document always parses.

use std::collections::BTreeMap;
use std::io::Write;

use super::Report;
use crate::policy::baseline::BaselineState;
use crate::scan::{FileError, Located};

/// `text` as XML character data or an attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\0'..='\x1f' | '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct Suite<'a> {
    findings: Vec<&'a Located>,
    errors: Vec<&'a FileError>,
    skipped_file: Option<&'a str>,
}

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut suites: BTreeMap<&str, Suite> = BTreeMap::new();
    for f in report.files {
        let suite = suites.entry(f.path.as_str()).or_default();
        if f.status == crate::scan::Status::Skipped {
            suite.skipped_file = Some(f.reason.as_deref().unwrap_or("skipped"));
        }
    }
    for f in &report.findings {
        suites.entry(f.path.as_str()).or_default().findings.push(f);
    }
    for e in &report.errors {
        suites.entry(e.path.as_str()).or_default().errors.push(e);
    }
    let failing = |f: &&&Located| f.suppressed.is_none() && f.baseline != Some(BaselineState::Unchanged);
    let count = |s: &Suite| s.findings.len().max(1) + s.errors.len();
    let tests: usize = suites.values().map(count).sum();
    let failures: usize = suites.values().map(|s| s.findings.iter().filter(failing).count()).sum();
    let errors: usize = suites.values().map(|s| s.errors.len()).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="mcptrust" tests="{tests}" failures="{failures}" errors="{errors}">"#)?;
    for (path, s) in &suites {
        let name = escape(path);
        writeln!(
            out,
            r#"  <testsuite name="{name}" tests="{}" failures="{}" errors="{}" skipped="{}">"#,
            count(s),
            s.findings.iter().filter(failing).count(),
            s.errors.len(),
            s.findings.iter().filter(|f| !failing(f)).count() + usize::from(s.skipped_file.is_some())
        )?;
        for f in &s.findings {
            let case = format!(
                "{} {} at {}:{}{}",
                f.finding.rule.id,
                f.finding.rule.slug,
                f.start.line,
                f.start.column,
                f.finding.server.as_deref().map(|s| format!(" (server {s})")).unwrap_or_default()
            );
            writeln!(
                out,
                r#"    <testcase name="{}" classname="{name}" file="{name}" line="{}">"#,
                escape(&case),
                f.start.line
            )?;
            let message = escape(&f.finding.message);
            if let Some(sup) = &f.suppressed {
                writeln!(out, r#"      <skipped message="suppressed: {}"/>"#, escape(&sup.reason))?;
            } else if f.baseline == Some(BaselineState::Unchanged) {
                writeln!(out, r#"      <skipped message="in the baseline"/>"#)?;
            } else {
                writeln!(
                    out,
                    r#"      <failure type="{}" message="{message}">[{}] {}:{}:{}: {message} (mcptrust explain {})</failure>"#,
                    f.finding.severity.name(),
                    f.finding.severity,
                    name,
                    f.start.line,
                    f.start.column,
                    escape(&f.finding.rule.id)
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        for e in &s.errors {
            writeln!(out, r#"    <testcase name="read and parse" classname="{name}" file="{name}">"#)?;
            writeln!(
                out,
                r#"      <error message="{}"/>"#,
                escape(&format!("{} (the file was not fully checked)", e.message))
            )?;
            writeln!(out, "    </testcase>")?;
        }
        if s.findings.is_empty() {
            writeln!(out, r#"    <testcase name="no findings" classname="{name}" file="{name}">"#)?;
            if let Some(reason) = s.skipped_file {
                writeln!(out, r#"      <skipped message="{}"/>"#, escape(reason))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips_what_xml_forbids() {
        assert_eq!(escape(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
        assert_eq!(escape("a\x1b[2J\u{0}\u{ffff}b\n"), "a\\x1b[2J\\x00\\xffffb&#10;");
    }
}
