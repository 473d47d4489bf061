//! YAML through saphyr-parser events, so that duplicate keys survive and every node gets a span.
//! saphyr counts positions in characters; they are converted to bytes through the line index.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use super::tree::{Entry, Node, Span, Value};
use super::yaml_scalar::{Plain, plain};
use super::{MAX_DEPTH, ParseError, bom_len};

/// Nodes that aliases may copy in one file; past this a file is an alias bomb, not a config.
pub const MAX_ALIAS_NODES: usize = 100_000;

enum Frame {
    Seq { start: usize, anchor: usize, items: Vec<Node> },
    Map { start: usize, anchor: usize, entries: Vec<Entry>, key: Option<(String, Span)> },
}

/// Converts saphyr's character indices to byte offsets. Events arrive in (nearly) increasing order, so a
/// cursor that walks forward (or briefly back) keeps the whole conversion linear. Lines are not used: saphyr
/// and a newline-based line index disagree on lone `\r` line breaks.
struct Offsets<'a> {
    body: &'a str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl Offsets<'_> {
    fn byte(&mut self, marker: &saphyr_parser::Marker) -> usize {
        let target = marker.index();
        if self.ascii {
            return target.min(self.body.len());
        }
        while self.chars < target && self.bytes < self.body.len() {
            let c = self.body[self.bytes..].chars().next().expect("not at the end");
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > target && self.bytes > 0 {
            let c = self.body[..self.bytes].chars().next_back().expect("not at the start");
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes
    }
}

/// The first document of a YAML stream.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    parse_documents(text).map(|mut docs| docs.swap_remove(0))
}

/// Every document of a YAML stream (at least one: an empty stream is one null document).
pub fn parse_documents(text: &str) -> Result<Vec<Node>, ParseError> {
    let bom = bom_len(text);
    let body = &text[bom..];
    let shift = |e: ParseError| ParseError { offset: e.offset + bom, ..e };
    build(body).map(|docs| docs.into_iter().map(|n| n.shifted(bom)).collect()).map_err(shift)
}

fn build(body: &str) -> Result<Vec<Node>, ParseError> {
    let mut offsets = Offsets { body, ascii: body.is_ascii(), chars: 0, bytes: 0 };
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut alias_nodes = 0usize;
    let mut documents: Vec<Node> = Vec::new();

    for event in Parser::new_from_str(body) {
        let (event, span) = event.map_err(|e| scan_error(&mut offsets, &e))?;
        let start = offsets.byte(&span.start);
        let end = offsets.byte(&span.end);
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::DocumentEnd | Event::Nothing => {
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError {
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        offset: start,
                    });
                }
                stack.push(match event {
                    Event::SequenceStart(..) => Frame::Seq { start, anchor, items: Vec::new() },
                    _ => Frame::Map { start, anchor, entries: Vec::new(), key: None },
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = trim_end(body, end);
                let (node, anchor) = match stack.pop() {
                    Some(Frame::Seq { start, anchor, items }) => {
                        (Node::new(Span::new(start, end.max(start)), Value::Array(items)), anchor)
                    }
                    Some(Frame::Map { start, anchor, entries, .. }) => {
                        (Node::new(Span::new(start, end.max(start)), Value::Object(merge_keys(entries))), anchor)
                    }
                    None => continue,
                };
                if anchor != 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::Scalar(text, style, anchor, _) => {
                let node = Node::new(Span::new(start, end), scalar(&text, style));
                if anchor != 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::Alias(id) => {
                let node = anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| ParseError { message: "alias to an unknown anchor".into(), offset: start })?;
                alias_nodes += count_nodes(&node);
                if alias_nodes > MAX_ALIAS_NODES {
                    return Err(ParseError {
                        message: format!("aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)"),
                        offset: start,
                    });
                }
                // The copy points at the alias, not at the anchor it came from.
                Node::new(Span::new(start, end), node.value)
            }
        };
        match stack.last_mut() {
            None => documents.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let text = node.scalar_text().unwrap_or_else(|| match node.value {
                        Value::Null => String::new(),
                        _ => "<complex key>".into(),
                    });
                    *key = Some((text, node.span));
                }
                Some((k, key_span)) => entries.push(Entry { key: k, key_span, value: node }),
            },
        }
    }
    if documents.is_empty() {
        documents.push(Node::new(Span::new(0, 0), Value::Null));
    }
    Ok(documents)
}

/// YAML merge keys (`<<: *base`, `<<: [*a, *b]`): the merged mappings' entries join the mapping, after its
/// own, and never override a key the mapping sets itself (earlier merge sources win over later ones).
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    if !entries.iter().any(|e| e.key == "<<") {
        return entries;
    }
    let (merges, mut own): (Vec<Entry>, Vec<Entry>) = entries.into_iter().partition(|e| e.key == "<<");
    let mut sources: Vec<Node> = Vec::new();
    let mut unmerged: Vec<Entry> = Vec::new();
    for m in merges {
        match m.value.value {
            Value::Object(_) => sources.push(m.value),
            Value::Array(ref items) if items.iter().all(Node::is_object) => sources.extend(items.iter().cloned()),
            // Not a mapping: not a merge, keep it as the plain key it is.
            _ => unmerged.push(m),
        }
    }
    for source in sources {
        if let Value::Object(entries) = source.value {
            for e in entries {
                if !own.iter().any(|o| o.key == e.key) {
                    own.push(e);
                }
            }
        }
    }
    own.extend(unmerged);
    own
}

fn scan_error(offsets: &mut Offsets, e: &ScanError) -> ParseError {
    ParseError { message: e.info().to_string(), offset: offsets.byte(e.marker()) }
}

fn trim_end(body: &str, end: usize) -> usize {
    let end = end.min(body.len());
    body[..end].trim_end().len()
}

fn count_nodes(node: &Node) -> usize {
    1 + match &node.value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(entries) => entries.iter().map(|e| 1 + count_nodes(&e.value)).sum(),
        _ => 0,
    }
}

fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match plain(text) {
        Plain::Null => Value::Null,
        Plain::Bool(b) => Value::Bool(b),
        Plain::Number(n) => Value::Number(n.to_string()),
        Plain::String(s) => Value::String(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_bytes_after_non_ascii_text() {
        let text = "# ünïcode\nservers:\n  é: {command: npx}\n";
        let root = parse(text).unwrap();
        let servers = root.entry("servers").unwrap();
        assert_eq!(&text[servers.key_span.start..servers.key_span.end], "servers");
        let cmd = root.get("servers").unwrap().get("é").unwrap().get("command").unwrap();
        assert_eq!(&text[cmd.span.start..cmd.span.end], "npx");
    }

    #[test]
    fn crlf_and_lists() {
        let text = "mcpServers:\r\n  - name: pg\r\n    args:\r\n      - \"x\"\r\n";
        let root = parse(text).unwrap();
        let first = &root.get("mcpServers").unwrap().items()[0];
        let arg = &first.get("args").unwrap().items()[0];
        assert_eq!(&text[arg.span.start..arg.span.end], "\"x\"");
        assert_eq!(arg.as_str(), Some("x"));
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let root = parse("a: 1\na: 2\n").unwrap();
        assert_eq!(root.entries().len(), 2);
        assert_eq!(root.duplicate_keys().len(), 1);
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("alias"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(&text).is_err());
    }

    /// Fuzz regression: non-ASCII text and a mapping that ends the file without a newline gave an end
    /// marker on the line after the last, which resolved to an offset before the mapping's start.
    #[test]
    fn a_mapping_at_the_end_of_a_non_ascii_file_ends_after_it_starts() {
        let text = "description: récupère\ntools:\n  - name: x\n    input:\n      type: object";
        let root = parse(text).unwrap();
        let input = root.get("tools").unwrap().items()[0].get("input").unwrap();
        assert!(input.span.start <= input.span.end && input.span.end <= text.len(), "{:?}", input.span);
        assert_eq!(&text[input.span.start..input.span.end], "type: object");
    }

    /// Fuzz regression: lone `\r` line breaks with non-ASCII text put line-based offsets on the wrong line.
    #[test]
    fn lone_carriage_returns_and_non_ascii_text() {
        let text = "a: é\rb:\r  - x\r  - y\rc: {d: e}\n";
        let root = parse(text).unwrap();
        for key in ["a", "b", "c"] {
            let node = root.get(key).unwrap_or_else(|| panic!("{key} in {root:?}"));
            assert!(node.span.start <= node.span.end && node.span.end <= text.len(), "{key}: {:?}", node.span);
        }
        let d = root.get("c").unwrap().get("d").unwrap();
        assert_eq!(&text[d.span.start..d.span.end], "e");
    }

    #[test]
    fn merge_keys_are_resolved_and_never_override_own_keys() {
        let text = "base: &b\n  token: abc\n  mode: x\nserver:\n  <<: *b\n  mode: y\nboth:\n  <<: [*b, {extra: 1}]\n";
        let root = parse(text).unwrap();
        let server = root.get("server").unwrap();
        assert_eq!(server.get("token").unwrap().as_str(), Some("abc"));
        assert_eq!(server.get("mode").unwrap().as_str(), Some("y"));
        assert!(server.get("<<").is_none());
        // The merged value keeps the span of where it is written (the anchor).
        let token = server.get("token").unwrap();
        assert_eq!(&text[token.span.start..token.span.end], "abc");
        let both = root.get("both").unwrap();
        assert!(both.get("token").is_some() && both.get("extra").is_some());
    }

    #[test]
    fn every_document_is_read() {
        let text = "a: 1\n---\nb: 2\n---\nc: 3\n";
        let docs = parse_documents(text).unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[2].get("c").unwrap().value, Value::Number("3".into()));
        let c = docs[2].get("c").unwrap();
        assert_eq!(&text[c.span.start..c.span.end], "3");
        assert!(parse("a: 1\n").unwrap().get("a").is_some());
        assert_eq!(parse_documents("").unwrap().len(), 1);
    }

    #[test]
    fn plain_scalars_are_typed() {
        let root = parse("a: true\nb: 8080\nc: ~\nd: 'true'\n").unwrap();
        assert_eq!(root.get("a").unwrap().as_bool(), Some(true));
        assert_eq!(root.get("b").unwrap().value, Value::Number("8080".into()));
        assert_eq!(root.get("c").unwrap().value, Value::Null);
        assert_eq!(root.get("d").unwrap().as_str(), Some("true"));
    }
}
