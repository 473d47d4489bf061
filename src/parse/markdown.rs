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
    let mut documents = match yaml::parse_documents(inner) {
        Ok(documents) => documents,
        Err(e) => {
            // Claude Code reads frontmatter that strict YAML rejects (a plain value holding `: `, as in
            // Anthropic's own plugins): read it line by line as it does, and say so.
            let root = lenient(text, front.yaml).ok_or_else(|| shift(e.clone()))?;
            let leniency = Some(ParseError {
                message: format!(
                    "the frontmatter is not valid YAML ({}); read line by line, as Claude Code does, but stricter clients skip this file",
                    e.message
                ),
                offset: e.offset + front.yaml.start,
            });
            return Ok(Parsed { root, leniency, more_documents: Vec::new(), body: Some(front.body) });
        }
    };
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

/// `key: value` lines and `- item` lists under a key, the shape task frontmatter has; `None` for anything else
/// (flow collections, nested mappings, block scalars), which must parse as YAML.
fn lenient(text: &str, yaml: Span) -> Option<Node> {
    let mut entries: Vec<super::tree::Entry> = Vec::new();
    let mut at = yaml.start;
    let scalar = |start: usize, raw: &str| -> Option<Node> {
        let trimmed = raw.trim_end();
        let lead = trimmed.len() - trimmed.trim_start().len();
        let value = trimmed.trim_start();
        let start = start + lead;
        if value.starts_with(['[', '{']) {
            // A flow collection on one line (`tools: ["Read", "Grep"]`) is YAML of its own.
            return yaml::parse(value).ok().map(|n| n.shifted(start));
        }
        if value.starts_with(['|', '>', '&', '*', '!']) {
            return None;
        }
        let quoted = value.len() >= 2
            && ((value.starts_with('"') && value.ends_with('"')) || (value.starts_with('\'') && value.ends_with('\'')));
        let text = if quoted { &value[1..value.len() - 1] } else { value };
        Some(Node::new(Span::new(start, start + value.len()), Value::String(text.to_string())))
    };
    while at < yaml.end {
        let line_end = text[at..yaml.end].find('\n').map_or(yaml.end, |i| at + i + 1);
        let line = text[at..line_end].trim_end_matches(['\n', '\r']);
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            at = line_end;
            continue;
        }
        let indent = line.len() - content.len();
        if let Some(item) = content.strip_prefix("- ").filter(|_| indent > 0 || !entries.is_empty()) {
            let last = entries.last_mut()?;
            let node = scalar(at + indent + 2, item)?;
            match &mut last.value.value {
                Value::Array(items) => items.push(node),
                Value::Null => last.value.value = Value::Array(vec![node]),
                _ => return None,
            }
            last.value.span.end = at + line.len();
        } else if indent > 0 {
            // A continuation of the previous plain value.
            let last = entries.last_mut()?;
            let Value::String(s) = &mut last.value.value else { return None };
            s.push(' ');
            s.push_str(content.trim_end());
            last.value.span.end = at + line.len();
        } else {
            let (key, rest) = content.split_once(':')?;
            if key.is_empty() || key.contains([' ', '"', '\'']) {
                return None;
            }
            let key_span = Span::new(at, at + key.len());
            let value_start = at + key.len() + 1;
            let value = if rest.trim().is_empty() {
                Node::new(Span::new(value_start, value_start), Value::Null)
            } else {
                scalar(value_start, rest)?
            };
            entries.push(super::tree::Entry { key: key.to_string(), key_span, value });
        }
        at = line_end;
    }
    Some(Node::new(yaml, Value::Object(entries)))
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
    fn frontmatter_that_strict_yaml_rejects_is_read_as_claude_code_reads_it() {
        let text = "---\nname: x\ndescription: Use it when: asked. Keywords: a, b\ntools:\n  - Read\n  - Bash\nmore: [\"a\", \"b\"]\n---\n";
        let parsed = parse(text).unwrap();
        assert!(parsed.leniency.is_some());
        let d = parsed.root.get("description").unwrap();
        assert_eq!(d.as_str(), Some("Use it when: asked. Keywords: a, b"));
        assert_eq!(&text[d.span.start..d.span.end], "Use it when: asked. Keywords: a, b");
        let tools = parsed.root.get("tools").unwrap().items();
        assert_eq!(&text[tools[1].span.start..tools[1].span.end], "Bash");
        let more = parsed.root.get("more").unwrap().items();
        assert_eq!(&text[more[1].span.start..more[1].span.end], "\"b\"");
    }

    #[test]
    fn empty_and_crlf_frontmatter() {
        assert!(parse("---\n---\nbody").unwrap().root.entries().is_empty());
        let parsed = parse("---\r\nname: x\r\n---\r\nbody").unwrap();
        assert_eq!(parsed.root.get("name").and_then(Node::as_str), Some("x"));
    }
}
