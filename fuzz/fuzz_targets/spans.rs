//! Shared by the parser targets: every span of a tree lies inside the text it came from.

use mcptrust::parse::{Node, Value};

pub fn check(node: &Node, len: usize) {
    assert!(node.span.start <= node.span.end && node.span.end <= len);
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| check(n, len)),
        Value::Object(entries) => entries.iter().for_each(|e| {
            assert!(e.key_span.start <= e.key_span.end && e.key_span.end <= len);
            check(&e.value, len)
        }),
        _ => {}
    }
}
