//! `--format human`: miette code frames drawn from each file's masked copy through a line-indexed
//! `SourceCode` (miette's own rescans the file from byte 0 for every frame), then one coverage line.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use super::Report;
use super::terminal::{self, FrameText};
use crate::parse::lines::{LineIndex, Position};
use crate::rules::Severity;
use crate::scan::{Located, MaskedSource};

/// A file's masked copy as code frames show it: every unsafe character escaped (see [`FrameText`]), with
/// its own line index; the masked copy itself when there is nothing to escape. Built once per file, shared by
/// all of the file's findings.
struct FrameSource {
    name: String,
    source: Arc<MaskedSource>,
    escaped: Option<(FrameText, LineIndex)>,
}

impl FrameSource {
    fn new(source: &Arc<MaskedSource>) -> FrameSource {
        let escaped = FrameText::needed_short(source.text()).then(|| {
            let frame = FrameText::short(source.text());
            let lines = LineIndex::new(&frame.text);
            (frame, lines)
        });
        FrameSource { name: terminal::escape(source.name()).into_owned(), source: source.clone(), escaped }
    }

    fn text(&self) -> &str {
        self.escaped.as_ref().map_or(self.source.text(), |(frame, _)| &frame.text)
    }

    fn lines(&self) -> &LineIndex {
        self.escaped.as_ref().map_or(self.source.lines(), |(_, lines)| lines)
    }

    /// Where an offset of the masked file is in the text shown.
    fn to_copy(&self, offset: usize) -> usize {
        self.escaped.as_ref().map_or(offset, |(frame, _)| frame.to_copy(offset))
    }
}

/// One finding's view of its file: the frame source, plus where the finding starts (its primary span in the
/// copy and its position in the file), so that the frame's header shows the same line and column, counted in
/// characters, as JSON and SARIF do.
struct Indexed {
    src: Arc<FrameSource>,
    primary: (usize, Position),
    /// Whether the frame's header names the file (not when the name is too long for it: it is then shown
    /// on a line of its own above).
    named: bool,
    /// The frame's lines cropped to the width, when some are longer.
    window: Option<Window>,
}

/// The lines of one frame (the finding's lines and one either side) cropped around the finding to fit the
/// width: `…` marks what was cut. Offsets are its own; `label` is the finding's span in them.
struct Window {
    text: String,
    lines: LineIndex,
    first_line: usize,
    label: (usize, usize),
}

impl Window {
    /// `None` when every line of the frame of the span `copy` (offsets in `src`'s text) fits in `budget`
    /// characters.
    fn new(src: &FrameSource, copy: (usize, usize), budget: usize, label_len: usize) -> Option<Window> {
        let (text, lines) = (src.text(), src.lines());
        let line_text = |i: usize| {
            let (start, end) = (lines.line_start(i), lines.line_end(i, text.len()));
            (start, text[start..end].trim_end_matches(['\n', '\r']))
        };
        let first = lines.line_of(copy.0);
        let last = lines.line_of(copy.1.saturating_sub(1).max(copy.0));
        let (from, to) = (first.saturating_sub(1), (last + 1).min(lines.line_count() - 1));
        let (start, line) = line_text(first);
        let a = line[..copy.0 - start].chars().count();
        let b = if last == first { a + text[copy.0..copy.1].chars().count() } else { line.chars().count() };
        // The label hangs from the middle of the underline: `╰── server `x``.
        let label_end = |lo: usize| (a + b) / 2 - lo.min((a + b) / 2) + 4 + label_len + usize::from(lo > 0);
        if (from..=to).all(|i| line_text(i).1.chars().count() <= budget) && label_end(0) <= budget {
            return None;
        }
        // The columns kept: the span's, widened to the budget (two characters for the `…` either side).
        let keep = budget.saturating_sub(2).max(b - a);
        let mut lo = a.saturating_sub((keep - (b - a)) / 2);
        while label_end(lo) > budget && lo < a {
            lo += 1;
        }
        let hi = lo + keep;
        let mut out = String::new();
        let mut label = (0, 0);
        for i in from..=to {
            let (start, line) = line_text(i);
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let n = chars.len();
            let byte = |c: usize| chars.get(c).map_or(line.len(), |(at, _)| *at);
            let (mut l, mut h) = (lo.min(n), hi.min(n));
            // A short mask (`****…(40 chars)`) is never cut: left out whole instead.
            let mut from_byte = 0;
            while let Some(found) = line[from_byte..].find("****…(") {
                let ts = from_byte + found;
                let te = line[ts..].find(')').map_or(line.len(), |e| ts + e + 1);
                // With the 4-character prefix the mask shows before its stars.
                let (cs, ce) = (line[..ts].chars().count().saturating_sub(4), line[..te].chars().count());
                if cs < h && h < ce {
                    h = cs;
                }
                if cs < l && l < ce {
                    l = ce;
                }
                from_byte = te;
            }
            let h = h.max(l);
            let at = out.len();
            let cut_left = l > 0;
            if cut_left {
                out.push('…');
            }
            out.push_str(&line[byte(l)..byte(h)]);
            if h < n {
                out.push('…');
            }
            // A copy offset on this line, in the window.
            let place = |offset: usize| {
                let c = line[..(offset - start).min(line.len())].chars().count().clamp(l, h);
                at + if cut_left { '…'.len_utf8() } else { 0 } + byte(c) - byte(l)
            };
            if i == first {
                label.0 = place(copy.0);
            }
            if i == last {
                label.1 = place(copy.1);
            }
            out.push('\n');
        }
        let lines = LineIndex::new(&out);
        Some(Window { text: out, lines, first_line: from, label })
    }
}

impl SourceCode for Indexed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let src = &self.src;
        let (text, lines, line_base) = match &self.window {
            Some(w) => (w.text.as_bytes(), &w.lines, w.first_line),
            None => (src.text().as_bytes(), src.lines(), 0),
        };
        if span.offset() + span.len() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = lines.line_of(span.offset());
        let last = lines.line_of((span.offset() + span.len()).saturating_sub(1).max(span.offset()));
        let start_line = first.saturating_sub(before);
        let end_line = (last + after).min(lines.line_count() - 1);
        let start = lines.line_start(start_line);
        let end = lines.line_end(end_line, text.len());
        let column = match before {
            0 if span.offset() == self.primary.0 => self.primary.1.column - 1,
            0 => String::from_utf8_lossy(&text[start..span.offset()]).chars().count(),
            _ => 0,
        };
        let (data, span) = (&text[start..end], (start, end - start).into());
        let (line, count) = (start_line + line_base, end_line - start_line + 1);
        Ok(Box::new(if self.named {
            MietteSpanContents::new_named(src.name.clone(), data, span, line, column, count)
        } else {
            MietteSpanContents::new(data, span, line, column, count)
        }))
    }
}

struct FindingDiagnostic<'a> {
    finding: &'a Located,
    source: Option<Indexed>,
    code: String,
    color: bool,
}

/// The severity as findings show it: critical stands out from high, in capitals (and reversed, in colour).
fn severity_tag(s: Severity, color: bool) -> String {
    match (s, color) {
        (Severity::Critical, true) => "\x1b[1;7;31m[CRITICAL]\x1b[0m".to_string(),
        (Severity::Critical, false) => "[CRITICAL]".to_string(),
        (Severity::High, true) => "\x1b[1;31m[high]\x1b[0m".to_string(),
        _ => format!("[{s}]"),
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&terminal::escape(&self.finding.finding.message))
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = severity_tag(self.finding.finding.severity, self.color);
        write!(f, "{tag} {}", terminal::short_masks(&terminal::escape(&self.finding.finding.message)))
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
        Some(Box::new(
            terminal::escape(&format!(
                "{} ({}) · mcptrust explain {}",
                self.finding.finding.rule.name,
                self.finding.client.slug(),
                self.finding.finding.rule.id
            ))
            .into_owned(),
        ))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source.as_ref()?;
        let span = self.finding.finding.span;
        let label = match &self.finding.finding.server {
            Some(server) => format!("server `{}`", terminal::escape(server)),
            None => "here".to_string(),
        };
        // The span in the escaped copy: an escaped character inside it widens it to its whole escape.
        let (start, end) = match &source.window {
            Some(w) => w.label,
            None => (source.src.to_copy(span.start), source.src.to_copy(span.end)),
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some(label), (start, (end - start).max(1))))))
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

/// How human output is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub color: bool,
    /// The `--fail-on` level, for the line that counts findings by severity.
    pub fail_on: crate::rules::Severity,
    /// `--statistics`: a count per rule instead of the findings.
    pub statistics: bool,
    /// `--verbose`: list what `--user` checked.
    pub verbose: bool,
    /// The width to fit (the terminal's, else 80).
    pub width: usize,
    /// `-q`: the findings only (errors too), no notes or summary lines.
    pub quiet: u8,
}

/// `text` wrapped at `width` as miette wraps messages: at spaces only, a word longer than the width (a path,
/// a masked value) whole on a line of its own; lines after the first indented by `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let options = textwrap::Options::new(width)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .subsequent_indent(indent);
    let mut out = textwrap::wrap(text, options).join("\n");
    out.push('\n');
    out
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

/// A count per rule, most first (`--statistics`, as ruff prints it).
fn statistics(report: &Report) -> String {
    let mut rows: Vec<(&String, &usize)> = report.summary.by_rule.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut out = String::new();
    for (id, n) in rows {
        let meta = report.rules.iter().find(|m| &m.id == id);
        let (slug, category) = meta.map(|m| (m.slug.as_str(), m.category.name())).unwrap_or(("", ""));
        let severity = report
            .findings
            .iter()
            .filter(|f| &f.finding.rule.id == id && f.suppressed.is_none())
            .map(|f| f.finding.severity)
            .max()
            .map(|s| s.name())
            .unwrap_or("");
        out.push_str(&format!("{n:>6}  {id:<7} {slug:<34} {severity:<8} {category}\n"));
    }
    out
}

/// Writes the report to `out` one finding at a time: a report of many findings is never held whole.
pub fn write(report: &Report, options: &Options, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let color = options.color;
    if options.statistics {
        out.write_all(terminal::escape_lines(&statistics(report)).as_bytes())?;
    }
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let width = options.width.max(20);
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut buf = String::new();
    // One escaped copy per file, however many findings it has.
    let mut frames: HashMap<*const MaskedSource, Arc<FrameSource>> = HashMap::new();
    // Accepted findings are counted in the summary line, not shown.
    // So are those already in the baseline: only what is new is shown.
    let shown =
        |f: &&&Located| f.suppressed.is_none() && f.baseline != Some(crate::policy::baseline::BaselineState::Unchanged);
    for f in report.findings.iter().filter(shown).filter(|_| !options.statistics) {
        buf.clear();
        let source = f.source.as_ref().filter(|s| frame_fits(s, f)).map(|s| {
            let src = frames.entry(Arc::as_ptr(s)).or_insert_with(|| Arc::new(FrameSource::new(s))).clone();
            let primary = src.to_copy(f.finding.span.start.min(s.text().len()));
            // `   ╭─[path:line:col]`: a name too long for it goes on a line of its own.
            let header = 10 + src.name.chars().count() + digits(f.start.line) + digits(f.start.column);
            let end = src.to_copy(f.finding.span.end.min(s.text().len())).max(primary);
            // ` 12 │ `: the gutter before each line of the frame.
            let gutter = digits(f.end.line + 1) + 4;
            let label_len = f.finding.server.as_deref().map_or(4, |s| 9 + terminal::escape(s).chars().count());
            let window = Window::new(&src, (primary, end), width.saturating_sub(gutter + 1).max(20), label_len);
            let primary = window.as_ref().map_or(primary, |w| w.label.0);
            Indexed { named: header <= width, src, primary: (primary, f.start), window }
        });
        let diagnostic = FindingDiagnostic {
            finding: f,
            source,
            code: terminal::escape(&format!("{}({})", f.finding.rule.id, f.finding.rule.slug)).into_owned(),
            color,
        };
        if diagnostic.source.as_ref().is_some_and(|s| !s.named) {
            buf.push_str(&format!("{}\n", terminal::escape(&f.path)));
        }
        let framed = diagnostic.source.is_some() && handler.render_report(&mut buf, &diagnostic).is_ok();
        if !framed {
            buf.clear();
            let line = format!(
                "{} {}:{}:{}: {}",
                diagnostic.code,
                terminal::escape(&f.path),
                f.start.line,
                f.start.column,
                diagnostic
            );
            buf.push_str(&wrap(&line, width, "    "));
        }
        buf.push('\n');
        out.write_all(buf.as_bytes())?;
    }
    buf.clear();
    for e in &report.errors {
        let path = terminal::escape(&e.path);
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
            _ => path.into_owned(),
        };
        let line = format!("error: {at}: {} (the file was not fully checked)", terminal::escape(&e.message));
        buf.push_str(&wrap(&line, width, "  "));
    }
    for f in report.files.iter().filter(|f| f.status == crate::scan::Status::Skipped) {
        let line = format!(
            "skipped: {}: {}",
            terminal::escape(&f.path),
            terminal::escape(f.reason.as_deref().unwrap_or("skipped"))
        );
        buf.push_str(&wrap(&line, width, "  "));
    }
    if options.quiet > 0 {
        return out.write_all(buf.as_bytes());
    }
    for e in &report.fixed {
        let line = format!(
            "fixed since the baseline: {} {} {}",
            e.rule,
            terminal::escape(&e.path),
            terminal::escape(&e.pointer)
        );
        buf.push_str(&wrap(&line, width, "  "));
    }
    for note in report.ignore_notes() {
        buf.push_str(&wrap(&format!("note: {}", terminal::escape(&note)), width, "  "));
    }
    if let Some(locations) = report.user_locations.as_deref().filter(|_| options.verbose) {
        buf.push_str(&super::user::listing(locations));
    }
    if let Some(line) = report.severity_line(options.fail_on) {
        buf.push_str(&wrap(&line, width, "  "));
    }
    buf.push_str(&wrap(&terminal::escape(&report.coverage_line()), width, "  "));
    out.write_all(buf.as_bytes())
}
