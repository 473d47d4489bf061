//! Markdown files read through their YAML frontmatter (`---` on the first line, `---` or `...` closing it).
//! Spans stay exact: the frontmatter is parsed where it sits, so every key and value points into the Markdown
//! file itself. The body is never parsed; only where it starts is kept, for the checks of what it runs.

use super::{Node, ParseError, Parsed, Span, Value, bom_len, yaml};

/// Where the frontmatter's YAML is and where the body starts.
struct Frontmatter {
    yaml: Span,
    body: usize,
}

/// The frontmatter block: `Ok(None)` for a file without one; an error when one is opened and never closed.
fn frontmatter(text: &str) -> Result<Option<Frontmatter>, ParseError> {
    let start = bom_len(text);
    let rest = &text[start..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_end].trim_end() != "---" {
        return Ok(None);
    }
    let yaml_start = start + first_end;
    let mut at = yaml_start;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = text[at..line_end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Some(Frontmatter { yaml: Span::new(yaml_start, at), body: line_end }));
        }
        at = line_end;
    }
    Err(ParseError {
        message: "the frontmatter opened on the first line is never closed (no line `---` after it)".into(),
        offset: start,
    })
}

/// Parses a Markdown file's frontmatter. No frontmatter is an empty object, never an error.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let Some(front) = frontmatter(text)? else {
        let empty = Node::new(Span::new(0, 0), Value::Object(Vec::new()));
        return Ok(Parsed { root: empty, leniency: None, more_documents: Vec::new(), body: Some(bom_len(text)) });
    };
    let inner = &text[front.yaml.start..front.yaml.end];
    let shift = |e: ParseError| ParseError { offset: e.offset + front.yaml.start, ..e };
    let mut documents = yaml::parse_documents(inner).map_err(shift)?;
    let root = documents.swap_remove(0).shifted(front.yaml.start);
    // An empty frontmatter (`---` twice) says nothing: an object without keys.
    let root = match root.value {
        Value::Null => Node::new(front.yaml, Value::Object(Vec::new())),
        Value::Object(_) => root,
        _ => {
            return Err(ParseError {
                message: "the frontmatter is not a YAML mapping of keys to values".into(),
                offset: root.span.start,
            });
        }
    };
    Ok(Parsed { root, leniency: None, more_documents: Vec::new(), body: Some(front.body) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_into_the_markdown_file() {
        let text = "---\nname: reviewer\ntools: Read, Grep\n---\nBody with --- inside\n---\nmore\n";
        let parsed = parse(text).unwrap();
        let tools = parsed.root.get("tools").unwrap();
        assert_eq!(&text[tools.span.start..tools.span.end], "Read, Grep");
        assert_eq!(&text[parsed.body.unwrap()..], "Body with --- inside\n---\nmore\n");
    }

    #[test]
    fn no_frontmatter_is_an_empty_object() {
        let parsed = parse("# Title\n\n---\nnot: frontmatter\n").unwrap();
        assert!(parsed.root.entries().is_empty());
        assert_eq!(parsed.body, Some(0));
    }

    #[test]
    fn broken_frontmatter_is_an_error_at_its_place() {
        let text = "---\nname: x\ntools: [Read\n---\nbody\n";
        let e = parse(text).unwrap_err();
        assert!(e.offset >= 4 && e.offset <= text.find("\n---").unwrap() + 1, "{e:?}");
        let unclosed = parse("---\nname: x\n").unwrap_err();
        assert!(unclosed.message.contains("never closed"));
        assert!(parse("---\n- a\n- b\n---\n").unwrap_err().message.contains("mapping"));
    }

    #[test]
    fn empty_and_crlf_frontmatter() {
        assert!(parse("---\n---\nbody").unwrap().root.entries().is_empty());
        let parsed = parse("---\r\nname: x\r\n---\r\nbody").unwrap();
        assert_eq!(parsed.root.get("name").and_then(Node::as_str), Some("x"));
    }
}
