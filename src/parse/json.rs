//! JSON and JSONC (comments, trailing commas, BOM) through jsonc-parser's spanned AST.

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::tree::{Entry, Node, Span, Value};
use super::{ParseError, Parsed, bom_len};

pub fn parse(text: &str, strict: bool) -> Result<Parsed, ParseError> {
    let bom = bom_len(text);
    let body = &text[bom..];
    let strict_error = if strict {
        match parse_with(body, &strict_options()) {
            Ok(root) => {
                return Ok(Parsed { root: root.shifted(bom), leniency: None, more_documents: Vec::new(), body: None });
            }
            Err(e) => Some(e),
        }
    } else {
        None
    };
    let lenient = match parse_with(body, &ParseOptions::default()) {
        Ok(root) => Ok((root, strict_error)),
        Err(first) => {
            // Some hand-edited configs use `#` line comments; read them, but say so.
            match blank_hash_comments(body) {
                Some(blanked) => match parse_with(&blanked, &ParseOptions::default()) {
                    Ok(root) => {
                        let at = blanked_first_hash(body).unwrap_or(0);
                        let note = ParseError { message: "`#` comments are not JSON".into(), offset: at };
                        Ok((root, Some(note)))
                    }
                    Err(_) => Err(first),
                },
                None => Err(first),
            }
        }
    };
    match lenient {
        Ok((root, leniency)) => Ok(Parsed {
            more_documents: Vec::new(),
            body: None,
            root: root.shifted(bom),
            leniency: leniency.map(|e| ParseError { offset: e.offset + bom, ..e }),
        }),
        Err(e) => Err(ParseError { offset: e.offset + bom, ..e }),
    }
}

fn strict_options() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

fn parse_with(text: &str, options: &ParseOptions) -> Result<Node, ParseError> {
    let collect = CollectOptions::default();
    let result = parse_to_ast(text, &collect, options)
        .map_err(|e| ParseError { message: e.kind().to_string(), offset: e.range().start })?;
    match result.value {
        Some(value) => Ok(convert(value)),
        None => Err(ParseError { message: "the file holds no JSON value".into(), offset: 0 }),
    }
}

/// Converts by value: each part of the AST is freed as soon as it has been converted, so the AST and the tree
/// never both exist whole (together they cost about twice as much as either).
fn convert(value: ast::Value) -> Node {
    match value {
        ast::Value::StringLit(s) => Node::new(span(s.range), Value::String(s.value.into_owned())),
        ast::Value::NumberLit(n) => Node::new(span(n.range), Value::Number(n.value.to_string())),
        ast::Value::BooleanLit(b) => Node::new(span(b.range), Value::Bool(b.value)),
        ast::Value::NullKeyword(n) => Node::new(span(n.range), Value::Null),
        // `extend` into a new vector rather than `collect`: collecting would reuse the AST's own (larger)
        // buffer in place and keep all of it.
        ast::Value::Array(a) => {
            let mut items = Vec::with_capacity(a.elements.len());
            items.extend(a.elements.into_iter().map(convert));
            Node::new(span(a.range), Value::Array(items))
        }
        ast::Value::Object(o) => {
            let mut entries = Vec::with_capacity(o.properties.len());
            entries.extend(o.properties.into_iter().map(|p| {
                let (key, key_span) = match p.name {
                    ast::ObjectPropName::String(s) => (s.value.into_owned(), span(s.range)),
                    ast::ObjectPropName::Word(w) => (w.value.to_string(), span(w.range)),
                };
                Entry { key, key_span, value: convert(p.value) }
            }));
            Node::new(span(o.range), Value::Object(entries))
        }
    }
}

fn span(r: jsonc_parser::common::Range) -> Span {
    Span::new(r.start, r.end)
}

/// The text with every line that starts with `#` replaced by spaces (so offsets stay valid).
fn blank_hash_comments(text: &str) -> Option<String> {
    blanked_first_hash(text)?;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('#') {
            let (body, eol) = split_eol(line);
            out.extend(std::iter::repeat_n(' ', body.len()));
            out.push_str(eol);
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

fn blanked_first_hash(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

fn split_eol(line: &str) -> (&str, &str) {
    let body = line.trim_end_matches(['\n', '\r']);
    (body, &line[body.len()..])
}

impl Node {
    pub(crate) fn shifted(mut self, by: usize) -> Node {
        if by > 0 {
            shift(&mut self, by);
        }
        self
    }
}

fn shift(node: &mut Node, by: usize) {
    node.span = node.span.shifted(by);
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Value::Object(entries) => {
            for e in entries {
                e.key_span = e.key_span.shifted(by);
                shift(&mut e.value, by);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_bytes_after_multibyte_text() {
        let text = r#"{"é": {"command": "npx"}}"#;
        let parsed = parse(text, true).unwrap();
        let cmd = parsed.root.get("é").unwrap().get("command").unwrap();
        assert_eq!(&text[cmd.span.start..cmd.span.end], "\"npx\"");
        assert!(parsed.leniency.is_none());
    }

    #[test]
    fn strict_reports_the_first_comment() {
        let text = "{\n  // note\n  \"a\": 1,\n}";
        let parsed = parse(text, true).unwrap();
        let lenient = parsed.leniency.expect("comment reported");
        assert_eq!(lenient.offset, 4);
        assert_eq!(parsed.root.get("a").unwrap().value, Value::Number("1".into()));
    }

    #[test]
    fn bom_is_skipped_and_spans_stay_exact() {
        let text = "\u{feff}{\"k\": \"v\"}";
        let parsed = parse(text, true).unwrap();
        let v = parsed.root.get("k").unwrap();
        assert_eq!(&text[v.span.start..v.span.end], "\"v\"");
    }

    #[test]
    fn hash_comments_are_read_and_reported() {
        let text = "{\r\n# a comment\r\n  \"mcpServers\": {}\r\n}\r\n";
        let parsed = parse(text, false).unwrap();
        assert!(parsed.root.get("mcpServers").is_some());
        assert_eq!(parsed.leniency.unwrap().offset, 3);
    }

    #[test]
    fn truncated_json_is_an_error_with_a_position() {
        let err = parse("{\n  \"a\": {\n", false).unwrap_err();
        assert!(err.message.contains("Unterminated"), "{}", err.message);
    }

    #[test]
    fn duplicate_keys_are_kept_and_last_wins() {
        let parsed = parse(r#"{"a": 1, "a": 2}"#, false).unwrap();
        assert_eq!(parsed.root.entries().len(), 2);
        assert_eq!(parsed.root.get("a").unwrap().value, Value::Number("2".into()));
        assert_eq!(parsed.root.duplicate_keys().len(), 1);
    }
}
