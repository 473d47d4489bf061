//! TOML through `toml::de::DeTable`, which keeps the byte span of every key and value.

use toml::de::{DeTable, DeValue};

use super::tree::{Entry, Node, Span, Value};
use super::{MAX_DEPTH, ParseError, bom_len};

pub fn parse(text: &str) -> Result<Node, ParseError> {
    let bom = bom_len(text);
    let body = &text[bom..];
    if let Some(offset) = too_deep(body) {
        return Err(ParseError { message: format!("nesting deeper than {MAX_DEPTH} levels"), offset: offset + bom });
    }
    let table = DeTable::parse(body).map_err(|e| ParseError {
        message: e.message().trim().to_string(),
        offset: e.span().map(|s| s.start).unwrap_or(0) + bom,
    })?;
    let span = table.span();
    Ok(Node::new(Span::new(span.start, span.end), table_value(table.get_ref())).shifted(bom))
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

    #[test]
    fn deep_arrays_are_refused() {
        let text = format!("a = {}", "[".repeat(100_000));
        assert!(parse(&text).unwrap_err().message.contains("nesting"));
    }
}
