//! TOML through `toml::de::DeTable`, which keeps the byte span of every key and value.
//!
//! `DeTable::parse` holds every token, every parse event and the whole `DeTable` at once: about 26 times
//! the text at its peak. A large document is therefore parsed in sections of about [`SECTION_BYTES`], each
//! cut just before a top-level `[table]` header, converted to the spanned tree at once and merged into it,
//! so that the parser's own structures only ever exist for one section. Sections that do not stand alone
//! (a cut inside a multi-line string or array makes the earlier one fail) and merges that TOML would not
//! allow (a table defined twice, a key redefined, a dotted or inline table extended by a header), and the
//! rare one whose order a whole parse changes (a table implied by `[a.b]`, named later by `[a]`), fall back
//! to parsing the whole document, so the tree, errors and their positions are exactly those of a whole parse.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

use super::tree::{Entry, Node, Span, Value};
use super::{MAX_DEPTH, ParseError, bom_len};

/// Documents longer than this are parsed in sections of about this size.
const SECTION_BYTES: usize = 256 << 10;

pub fn parse(text: &str) -> Result<Node, ParseError> {
    let bom = bom_len(text);
    let body = &text[bom..];
    if let Some(offset) = too_deep(body) {
        return Err(ParseError { message: format!("nesting deeper than {MAX_DEPTH} levels"), offset: offset + bom });
    }
    let root = match parse_sections(body, SECTION_BYTES) {
        Some(root) => root,
        None => parse_whole(body)?,
    };
    Ok(root.shifted(bom))
}

fn parse_whole(body: &str) -> Result<Node, ParseError> {
    let table = DeTable::parse(body).map_err(|e| ParseError {
        message: e.message().trim().to_string(),
        offset: e.span().map(|s| s.start).unwrap_or(0),
    })?;
    let span = table.span();
    Ok(Node::new(Span::new(span.start, span.end), table_value(table.get_ref())))
}

/// Where sections start: 0, then each line that opens a top-level `[table]` header at least `size` bytes
/// after the previous start. `None` (parse whole) when there is a single section or any line starts with
/// `[[`: an array of tables and the `[sub.table]`s of its last element cannot be merged apart.
fn section_starts(body: &str, size: usize) -> Option<Vec<usize>> {
    if body.len() <= size {
        return None;
    }
    let mut starts = vec![0];
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let code = line.trim_start_matches([' ', '\t']);
        if code.starts_with("[[") {
            return None;
        }
        if code.starts_with('[') && at - starts[starts.len() - 1] >= size {
            starts.push(at);
        }
        at += line.len();
    }
    (starts.len() > 1).then_some(starts)
}

/// The document parsed section by section and merged, or `None` when it has to be parsed whole.
fn parse_sections(body: &str, size: usize) -> Option<Node> {
    let starts = section_starts(body, size)?;
    let mut root: Vec<Entry> = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(body.len());
        let section = {
            let table = DeTable::parse(&body[start..end]).ok()?;
            Node::new(Span::new(0, 0), table_value(table.get_ref())).shifted(start)
        };
        let Value::Object(entries) = section.value else { return None };
        merge(body, &mut root, entries)?;
    }
    Some(Node::new(Span::new(0, 0), Value::Object(root)))
}

/// Whether an entry is a table made by a header: named by it (`b` in `[a.b]`: its value span is the header)
/// or implied by it (`a`: its value span is its key, on the header's line). Tables made by headers are the
/// only ones a later section may add to; dotted keys and inline tables are closed.
fn by_header(body: &str, entry: &Entry) -> bool {
    let span = entry.value.span;
    let on_header_line = || {
        let line_start = body[..span.start].rfind('\n').map_or(0, |i| i + 1);
        body[line_start..span.start].trim_start().starts_with('[')
    };
    entry.value.is_object()
        && (body.as_bytes().get(span.start) == Some(&b'[') || (span == entry.key_span && on_header_line()))
}

/// Whether the entry is the table its header names (`b` in `[a.b]`), not one the header implies (`a`).
fn named_by_header(body: &str, entry: &Entry) -> bool {
    body.as_bytes().get(entry.value.span.start) == Some(&b'[')
        && body.get(entry.key_span.end..entry.value.span.end).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['"', '\'']).trim();
            rest == "]"
        })
}

/// Adds a section's entries to the tree so far, as one whole parse would have; `None` where TOML forbids it.
fn merge(body: &str, into: &mut Vec<Entry>, entries: Vec<Entry>) -> Option<()> {
    let found: Vec<Option<usize>> = if into.len() > 8 && entries.len() > 1 {
        let index: HashMap<&str, usize> = into.iter().enumerate().map(|(i, e)| (e.key.as_str(), i)).collect();
        entries.iter().map(|e| index.get(e.key.as_str()).copied()).collect()
    } else {
        entries.iter().map(|e| into.iter().position(|x| x.key == e.key)).collect()
    };
    for (entry, found) in entries.into_iter().zip(found) {
        let Some(i) = found else {
            into.push(entry);
            continue;
        };
        let old = &mut into[i];
        // Both must be tables made by headers, and the section's only implied by its header: a table named
        // twice is an error, and one implied before and named now moves to the end of its parent.
        if !by_header(body, old) || !by_header(body, &entry) || named_by_header(body, &entry) {
            return None;
        }
        let Value::Object(children) = &mut old.value.value else { return None };
        let Value::Object(more) = entry.value.value else { return None };
        merge(body, children, more)?;
    }
    Some(())
}

fn table_value(table: &DeTable) -> Value {
    Value::Object(
        table
            .iter()
            .map(|(k, v)| {
                let ks = k.span();
                let vs = v.span();
                Entry {
                    key: k.get_ref().to_string(),
                    key_span: Span::new(ks.start, ks.end),
                    value: Node::new(Span::new(vs.start, vs.end), value(v.get_ref())),
                }
            })
            .collect(),
    )
}

fn value(v: &DeValue) -> Value {
    match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => Value::Number(i.to_string()),
        DeValue::Float(f) => Value::Number(f.to_string()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| {
                    let s = item.span();
                    Node::new(Span::new(s.start, s.end), value(item.get_ref()))
                })
                .collect(),
        ),
        DeValue::Table(t) => Value::Object(table_value(t).into_entries()),
    }
}

impl Value {
    fn into_entries(self) -> Vec<Entry> {
        match self {
            Value::Object(e) => e,
            _ => Vec::new(),
        }
    }
}

/// The offset where bracket nesting outside strings and comments passes `MAX_DEPTH`, if it does.
/// The TOML parser recurses on nested arrays and inline tables, so hostile input is stopped here.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                    if q == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' if depth == 0 => {}
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_and_value_spans_are_exact() {
        let text = "[mcp_servers.\"é\"]\ncommand = \"npx\"\nenv = { K = \"v\" }\n";
        let root = parse(text).unwrap();
        let server = root.get("mcp_servers").unwrap().get("é").unwrap();
        let cmd = server.get("command").unwrap();
        assert_eq!(&text[cmd.span.start..cmd.span.end], "\"npx\"");
        let k = server.get("env").unwrap().entry("K").unwrap();
        assert_eq!(&text[k.key_span.start..k.key_span.end], "K");
    }

    #[test]
    fn errors_carry_a_position() {
        let err = parse("a = \n").unwrap_err();
        assert!(err.offset <= 5);
    }

    /// Parsing in sections gives exactly the tree of a whole parse (keys, order, every span), and falls back
    /// to a whole parse for what sections cannot express.
    #[test]
    fn sections_give_the_tree_of_a_whole_parse() {
        let same = [
            "a = 1\n[x.y]\nk = 1\n[x]\nj = 2\n[x.z]\nm = {n = 1}\np.q = 3\n[mcp_servers.one]\ncommand = \"npx\"\n",
            "[mcp_servers.a]\nargs = [\n  \"x\",\n]\n[mcp_servers.\"b c\"]\nenv = { K = \"v\" }\n[ mcp_servers . 'd' ]\nurl = \"u\"\n",
            "[a.b.c]\nx = 1\n[a]\ny = 2\n[a.b]\nz = 3\n[q]\n",
            "model = \"m\" # c\r\n\r\n[mcp_servers.\"a]b\"]\r\ncommand = \"npx\"\r\n# [not]\r\n  [mcp_servers.c.env]\r\nK = 1\r\n[profiles.p]\r\nx.y = 2\r\n",
            // A cut inside a multi-line string or array: the earlier section fails, the whole parse does not.
            "s = \"\"\"\n[not.a.table]\n\"\"\"\n[t]\nv = [\n[1, 2],\n]\n[u]\n",
        ];
        for text in same {
            let whole = parse_whole(text).unwrap();
            for size in 1..text.len() {
                if let Some(sections) = parse_sections(text, size) {
                    assert_eq!(sections, whole, "{text:?} in sections of {size}");
                }
            }
        }
        assert!(parse_sections(same[1], 1).is_some(), "small sections are used");
        assert!(parse_sections(same[2], 1).is_none(), "`[a.b.c]` then `[a]`: parsed whole");
        // What TOML forbids across sections: each falls back, and the whole parse reports the error.
        for bad in [
            "[a]\nx = 1\n[a]\ny = 2\n",
            "a = 1\n[a]\n",
            "[t]\nd.e = 1\n[t.d]\nf = 2\n",
            "[t]\ni = { j = 1 }\n[t.i]\nk = 2\n",
            "[t.u]\nk = 1\n[t]\nu.v = 2\n",
        ] {
            for size in 1..bad.len() {
                assert_eq!(parse_sections(bad, size), None, "{bad:?} in sections of {size}");
            }
            assert!(parse_whole(bad).is_err(), "{bad:?} is not TOML");
        }
        assert_eq!(section_starts("[[a]]\nx = 1\n[b]\n", 1), None, "arrays of tables are parsed whole");
    }

    #[test]
    fn deep_arrays_are_refused() {
        let text = format!("a = {}", "[".repeat(100_000));
        assert!(parse(&text).unwrap_err().message.contains("nesting"));
    }
}
