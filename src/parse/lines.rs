//! Per-file line index: line starts found once, then every offset resolves by binary search.

use crate::parse::tree::Span;

#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// Byte offset just past the end of a 0-based line, newline included.
    pub fn line_end(&self, line: usize, text_len: usize) -> usize {
        self.starts.get(line + 1).copied().unwrap_or(text_len)
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position { line: line + 1, column }
    }

    pub fn range(&self, text: &str, span: Span) -> (Position, Position) {
        (self.position(text, span.start), self.position(text, span.end))
    }

    /// Byte offset of a 1-based line and 0-based character column (how YAML scanners count).
    pub fn offset_of_line_char(&self, text: &str, line: usize, char_col: usize) -> usize {
        let start = self.line_start(line.saturating_sub(1));
        let rest = &text[start..];
        match rest.char_indices().nth(char_col) {
            Some((i, _)) => start + i,
            None => text.len(),
        }
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
