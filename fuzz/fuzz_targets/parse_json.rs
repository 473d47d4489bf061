//! The JSON parser on arbitrary text: never a panic, and every span inside the text.
#![no_main]

#[path = "spans.rs"]
mod spans;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(root) = mcptrust::parse::json::parse(text, true).map(|p| p.root)
    {
        spans::check(&root, text.len());
    }
});
