//! What a plain (unquoted) YAML scalar is: null, a boolean, a number or a string. Standalone (no crate
//! imports) so that build.rs, which turns the built-in rule packs into JSON, types scalars by these same rules.

/// A plain scalar, typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Plain<'a> {
    Null,
    Bool(bool),
    /// As written (`3.5`, `0x1F`): whoever reads it decides how far it parses.
    Number(&'a str),
    String(&'a str),
}

pub fn plain(text: &str) -> Plain<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Plain::Null,
        "true" | "True" | "TRUE" => Plain::Bool(true),
        "false" | "False" | "FALSE" => Plain::Bool(false),
        _ if looks_numeric(text) => Plain::Number(text),
        _ => Plain::String(text),
    }
}

fn looks_numeric(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && (text.parse::<f64>().is_ok() || text.starts_with("0x") || text.starts_with("0o"))
}
