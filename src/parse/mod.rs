//! Bytes to one spanned tree. One module per syntax; nothing here knows about MCP.

pub mod json;
pub mod lines;
pub mod markdown;
pub mod toml;
pub mod tree;
pub mod yaml;
mod yaml_scalar;

pub use tree::{Node, Span, Value};

/// The deepest nesting any parser accepts: deeper input is an error, never a stack overflow.
pub const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Syntax {
    Json,
    Yaml,
    Toml,
    /// YAML frontmatter of a Markdown file.
    Markdown,
}

impl Syntax {
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Json => "json",
            Syntax::Yaml => "yaml",
            Syntax::Toml => "toml",
            Syntax::Markdown => "markdown",
        }
    }
}

/// A file that could not be parsed: what went wrong and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub offset: usize,
}

/// A parse that succeeded, possibly by accepting syntax the file's client would reject.
#[derive(Debug)]
pub struct Parsed {
    pub root: Node,
    /// Set when the file needed a lenient reading (comments, trailing commas...): what and where.
    pub leniency: Option<ParseError>,
    /// The documents after the first in a multi-document YAML file.
    pub more_documents: Vec<Node>,
    /// Where a Markdown file's body starts (after its frontmatter).
    pub body: Option<usize>,
}

/// Parses `text` as `syntax`. `strict` asks JSON parsing to report any non-JSON feature it had to accept.
pub fn parse(syntax: Syntax, text: &str, strict: bool) -> Result<Parsed, ParseError> {
    match syntax {
        Syntax::Json => json::parse(text, strict),
        Syntax::Yaml => yaml::parse_documents(text).map(|mut documents| {
            let root = documents.remove(0);
            Parsed { root, leniency: None, more_documents: documents, body: None }
        }),
        Syntax::Toml => {
            toml::parse(text).map(|root| Parsed { root, leniency: None, more_documents: Vec::new(), body: None })
        }
        Syntax::Markdown => markdown::parse(text),
    }
}

/// Length of a leading UTF-8 byte-order mark, which every parser skips.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}
