//! The TOML parser on arbitrary text: never a panic, and every span inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcptrust::parse::{Node, Value};

fn check(node: &Node, len: usize) {
    assert!(node.span.start <= node.span.end && node.span.end <= len);
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| check(n, len)),
        Value::Object(entries) => entries.iter().for_each(|e| {
            assert!(e.key_span.end <= len);
            check(&e.value, len)
        }),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(root) = mcptrust::parse::toml::parse(text) {
            check(&root, text.len());
        }
    }
});
