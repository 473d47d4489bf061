//! Per-file line index: line starts found once, then every offset resolves by binary search.

use crate::parse::tree::Span;

#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// For non-ASCII text: the character count from the start of the text at every `CHECKPOINT`-th byte (at
    /// a character boundary), so that a column costs at most `CHECKPOINT` bytes of counting even on a line of
    /// many megabytes. Empty for ASCII text, where columns are byte differences.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT: usize = 4096;

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
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            let (mut at, mut chars) = (0, 0);
            while at < text.len() {
                checkpoints.push((at, chars));
                let next = floor_char_boundary(text, (at + CHECKPOINT).min(text.len()));
                let next =
                    if next <= at { text[at..].chars().next().map_or(text.len(), |c| at + c.len_utf8()) } else { next };
                chars += text[at..next].chars().count();
                at = next;
            }
        }
        LineIndex { starts, checkpoints }
    }

    /// Characters before byte `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.checkpoints.is_empty() {
            return offset;
        }
        let i = match self.checkpoints.binary_search_by_key(&offset, |c| c.0) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let (at, chars) = self.checkpoints[i];
        chars + text[at..offset].chars().count()
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
        let mut column = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        // A byte-order mark is not text: no editor shows it, so it is no column either.
        if line == 0 && offset > 0 && text.starts_with('\u{feff}') {
            column -= 1;
        }
        Position { line: line + 1, column }
    }

    pub fn range(&self, text: &str, span: Span) -> (Position, Position) {
        (self.position(text, span.start), self.position(text, span.end))
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_on_long_lines() {
        let text = format!("{}é{}x", "a".repeat(10_000), "b".repeat(10_000));
        let index = LineIndex::new(&text);
        let x = text.len() - 1;
        assert_eq!(index.position(&text, x), Position { line: 1, column: 20_002 });
        let text2 = format!("é\n{}", "ü".repeat(5000));
        let index2 = LineIndex::new(&text2);
        assert_eq!(index2.position(&text2, text2.len()), Position { line: 2, column: 5001 });
    }

    #[test]
    fn columns_count_characters_not_bytes_and_not_the_bom() {
        let text = "\u{feff}{\"é日🙂\": 1,\n\"é\": 2}";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 1, column: 1 }, "the brace after the BOM");
        let one = text.find('1').unwrap();
        assert_eq!(index.position(text, one), Position { line: 1, column: 9 });
        let two = text.find('2').unwrap();
        assert_eq!(index.position(text, two), Position { line: 2, column: 6 });
    }
}
