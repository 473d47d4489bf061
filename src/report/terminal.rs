//! Text for a terminal. File names and config values are data: a hostile repository must not be able to
//! clear the screen (`ESC[2J`), hide a line (`ESC[8m`), set the window title (`ESC]0;…BEL`), forge a line
//! (`\r`, `\n`) or reorder what is shown (Trojan Source bidi overrides). Every such character is shown as
//! an escape, as ripgrep and `ls -b` do: `\x1b`, `\r`, `\n`, `\u{202e}`.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` must not reach a terminal raw: C0 controls (tab and newline included), DEL, C1 controls,
/// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F,
/// U+061C), and the line and paragraph separators (U+2028, U+2029).
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\0'..='\x1f'
            | '\x7f'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Appends the visible escape for `c` (an unsafe character) to `out`.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0'..='\x7f' => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `text` with every unsafe character escaped; borrowed when there is none (the common case).
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_except(text, |_| false)
}

/// A multi-line text (rule docs) made safe line by line: its newlines and tabs stay, anything else unsafe
/// (a carriage return included) is escaped.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_except(text, |c| c == '\n' || c == '\t')
}

fn escape_except(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let escaped = |c: char| is_unsafe(c) && !keep(c);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escaped(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file's text made safe to show in a code frame, and the way back to the original's byte offsets.
///
/// The file's own line breaks (`\n`, and `\r` right before `\n`) are its structure and stay, and so do tabs
/// (miette draws them as spaces, and tab-indented JSON is common); every other unsafe character is replaced by its escape. The escape is longer than the character, so byte offsets move:
/// `shifts` records, for each replaced character, where it started in the original and in the copy, so that
/// spans map both ways. miette measures the width of the text it is given, so underlines drawn under the
/// copy line up with what is printed.
#[derive(Debug)]
pub struct FrameText {
    pub text: String,
    /// (original offset, copy offset, original length, copy length) of each replaced character, in order.
    shifts: Vec<(usize, usize, usize, usize)>,
}

impl FrameText {
    /// Whether `original` has anything to escape (else it can be shown as it is).
    pub fn needed(original: &str) -> bool {
        original.char_indices().any(|(i, c)| is_unsafe(c) && !kept(original, i, c))
    }

    pub fn new(original: &str) -> FrameText {
        FrameText::build(original, false)
    }

    /// Whether a frame of `masked` (a masked copy of a file) needs [`FrameText::short`]: something to escape,
    /// or a long masked value to shorten.
    pub fn needed_short(masked: &str) -> bool {
        FrameText::needed(masked) || masked.contains(&"*".repeat(SHORT_MASK_RUN))
    }

    /// Like [`FrameText::new`], and each long masked value of a masked copy shortened: a run of at least
    /// [`SHORT_MASK_RUN`] `*` (the masked part of a value whose 4-character prefix shows) becomes
    /// `****…(N chars)`, N the value's length. Made from the masked text alone, the short form is masked too.
    pub fn short(masked: &str) -> FrameText {
        FrameText::build(masked, true)
    }

    fn build(original: &str, shorten: bool) -> FrameText {
        if !(if shorten { FrameText::needed_short(original) } else { FrameText::needed(original) }) {
            return FrameText { text: original.to_string(), shifts: Vec::new() };
        }
        let mut text = String::with_capacity(original.len() + 64);
        let mut shifts = Vec::new();
        let bytes = original.as_bytes();
        let mut chars = original.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if shorten && c == '*' {
                let run = bytes[i..].iter().take_while(|&&b| b == b'*').count();
                if run >= SHORT_MASK_RUN {
                    let at = text.len();
                    let _ = write!(text, "****…({} chars)", run + 4);
                    shifts.push((i, at, run, text.len() - at));
                    for _ in 1..run {
                        chars.next();
                    }
                    continue;
                }
            }
            if is_unsafe(c) && !kept(original, i, c) {
                let at = text.len();
                push_escape(&mut text, c);
                shifts.push((i, at, c.len_utf8(), text.len() - at));
            } else {
                text.push(c);
            }
        }
        FrameText { text, shifts }
    }

    /// The copy's offset for an original byte offset (a character boundary); an offset inside a replaced
    /// run maps to the start of its replacement.
    pub fn to_copy(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.0 < offset);
        match i.checked_sub(1).map(|i| self.shifts[i]) {
            Some((orig, copy, orig_len, _)) if offset < orig + orig_len => copy,
            Some((orig, copy, orig_len, copy_len)) => offset - (orig + orig_len) + copy + copy_len,
            None => offset,
        }
    }

    /// The original's offset for an offset in the copy; an offset inside an escape maps to its character.
    pub fn to_original(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.1 < offset);
        match i.checked_sub(1).map(|i| self.shifts[i]) {
            Some((orig, copy, _, copy_len)) if offset < copy + copy_len => orig,
            Some((orig, copy, orig_len, copy_len)) => offset - (copy + copy_len) + orig + orig_len,
            None => offset,
        }
    }
}

/// `text` (masked) with each long masked value shown short, as [`FrameText::short`] does in frames:
/// `ghp_************************************` as `ghp_****…(40 chars)`.
pub fn short_masks(text: &str) -> Cow<'_, str> {
    if !text.contains(&"*".repeat(SHORT_MASK_RUN)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(FrameText::build(text, true).text)
}

/// The shortest run of `*` that frames show short: a masked value of 17 characters or more (its prefix is then
/// always 4 characters, see `rules::mask::kept_prefix`).
pub const SHORT_MASK_RUN: usize = 13;

fn kept(text: &str, at: usize, c: char) -> bool {
    c == '\n' || c == '\t' || (c == '\r' && text.as_bytes().get(at + 1) == Some(&b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_and_keeps_the_rest() {
        assert_eq!(escape("plain é 日本 🙂"), "plain é 日本 🙂");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(escape("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(escape("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
        assert_eq!(escape("line\r\nforged\ttab"), "line\\r\\nforged\\ttab");
        assert_eq!(escape("\x7f\u{85}\u{9b}"), "\\x7f\\u{85}\\u{9b}");
        assert_eq!(escape("abc\u{202e}fed\u{2066}x\u{2069}"), "abc\\u{202e}fed\\u{2066}x\\u{2069}");
        assert_eq!(escape("\0"), "\\x00");
        assert_eq!(escape("a\u{200f}b\u{61c}\u{2028}"), "a\\u{200f}b\\u{61c}\\u{2028}");
        assert_eq!(escape_lines("# doc\n\tx \x1b[2J\r\n"), "# doc\n\tx \\x1b[2J\\r\n");
    }

    #[test]
    fn frame_text_keeps_line_breaks_and_maps_offsets() {
        let original = "a\x1bb\r\nc\rd\u{202e}e\n";
        assert_eq!(FrameText::new("\tx\n").text, "\tx\n");
        let frame = FrameText::new(original);
        assert_eq!(frame.text, "a\\x1bb\r\nc\\rd\\u{202e}e\n");
        for (i, _) in original.char_indices().chain([(original.len(), ' ')]) {
            let copy = frame.to_copy(i);
            assert_eq!(frame.to_original(copy), i, "offset {i}");
        }
        let b = original.find('b').unwrap();
        assert_eq!(&frame.text[frame.to_copy(b)..frame.to_copy(b) + 1], "b");
        let e = original.find('e').unwrap();
        assert_eq!(&frame.text[frame.to_copy(e)..], "e\n");
        // Inside an escape: back to the character it stands for.
        assert_eq!(frame.to_original(3), 1);
    }

    #[test]
    fn long_masks_are_shown_short_and_offsets_still_map() {
        let masked = format!("{{\"t\": \"ghp_{}\", \"g\": \"**\"}}\n", "*".repeat(36));
        let frame = FrameText::short(&masked);
        assert_eq!(frame.text, "{\"t\": \"ghp_****…(40 chars)\", \"g\": \"**\"}\n");
        let start = masked.find("ghp_").unwrap();
        let end = start + 40;
        assert_eq!(&frame.text[frame.to_copy(start)..frame.to_copy(end)], "ghp_****…(40 chars)");
        assert_eq!(&frame.text[frame.to_copy(end)..frame.to_copy(end) + 1], "\"");
        assert_eq!(short_masks(&format!("token ghp_{} here", "*".repeat(36))), "token ghp_****…(40 chars) here");
        // Short runs (globs, short secrets) stay as they are.
        assert_eq!(FrameText::short("a: \"********\"\n").text, "a: \"********\"\n");
    }

    #[test]
    fn clean_text_is_unchanged() {
        let frame = FrameText::new("{\r\n  \"a\": \"é\"\r\n}\n");
        assert_eq!(frame.text, "{\r\n  \"a\": \"é\"\r\n}\n");
        assert_eq!(frame.to_copy(7), 7);
    }
}
