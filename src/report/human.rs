//! `--format human`: miette code frames drawn from each file's masked copy through a line-indexed
//! `SourceCode` (miette's own rescans the file from byte 0 for every frame), then one coverage line.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use super::Report;
use crate::rules::Severity;
use crate::scan::{Located, MaskedSource};

struct Indexed(Arc<MaskedSource>);

impl SourceCode for Indexed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let src = &self.0;
        let text = src.text().as_bytes();
        if span.offset() + span.len() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = src.lines().line_of(span.offset());
        let last = src.lines().line_of((span.offset() + span.len()).saturating_sub(1).max(span.offset()));
        let start_line = first.saturating_sub(before);
        let end_line = (last + after).min(src.lines().line_count() - 1);
        let start = src.lines().line_start(start_line);
        let end = src.lines().line_end(end_line, text.len());
        let column = if before == 0 { span.offset() - src.lines().line_start(first) } else { 0 };
        Ok(Box::new(MietteSpanContents::new_named(
            src.name().to_string(),
            &text[start..end],
            (start, end - start).into(),
            start_line,
            column,
            end_line - start_line + 1,
        )))
    }
}

struct FindingDiagnostic<'a> {
    finding: &'a Located,
    source: Option<Indexed>,
    code: String,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.finding.finding.severity, self.finding.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.finding.severity {
            Severity::Critical | Severity::High => miette::Severity::Error,
            Severity::Medium => miette::Severity::Warning,
            Severity::Low | Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} ({}) · mcptrust explain {}",
            self.finding.finding.rule.name,
            self.finding.client.slug(),
            self.finding.finding.rule.id
        )))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let span = self.finding.finding.span;
        let label = match &self.finding.finding.server {
            Some(server) => format!("server `{server}`"),
            None => "here".to_string(),
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(
            Some(label),
            (span.start, span.len().max(1)),
        ))))
    }
}

/// Lines longer than this (minified JSON, one-line files of megabytes) get no code frame: the frame would be
/// the whole file, once per finding. The finding keeps its path, line and column.
const MAX_FRAME_LINE: usize = 1000;

fn frame_fits(source: &MaskedSource, f: &Located) -> bool {
    let text_len = source.text().len();
    let span = f.finding.span;
    let first = source.lines().line_of(span.start.min(text_len));
    let last = source.lines().line_of(span.end.min(text_len));
    (first.saturating_sub(1)..=last + 1).all(|line| {
        line >= source.lines().line_count()
            || source.lines().line_end(line, text_len) - source.lines().line_start(line) <= MAX_FRAME_LINE
    })
}

pub fn render(report: &Report, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(110).with_links(false);
    let mut out = String::new();
    // Accepted findings are counted in the summary line, not shown.
    for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
        let diagnostic = FindingDiagnostic {
            finding: f,
            source: f.source.clone().filter(|s| frame_fits(s, f)).map(Indexed),
            code: format!("{}({})", f.finding.rule.id, f.finding.rule.slug),
        };
        if diagnostic.source.is_none() || handler.render_report(&mut out, &diagnostic).is_err() {
            out.push_str(&format!(
                "{}({}) {}:{}:{}: {}\n",
                f.finding.rule.id, f.finding.rule.slug, f.path, f.start.line, f.start.column, diagnostic
            ));
        }
        out.push('\n');
    }
    for e in &report.errors {
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", e.path),
            _ => e.path.clone(),
        };
        out.push_str(&format!("error: {at}: {} (the file was not fully checked)\n", e.message));
    }
    for f in report.files.iter().filter(|f| f.status == crate::scan::Status::Skipped) {
        out.push_str(&format!("skipped: {}: {}\n", f.path, f.reason.as_deref().unwrap_or("skipped")));
    }
    for e in &report.fixed {
        out.push_str(&format!("fixed since the baseline: {} {} {}\n", e.rule, e.path, e.pointer));
    }
    for note in report.ignore_notes() {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&report.coverage_line());
    out.push('\n');
    out
}
