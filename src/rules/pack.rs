//! The rule-pack format (`rules/*.yaml`) and its loading. Packs are parsed with the project's own YAML
//! reader, so a broken pack gets the same positioned error as a broken config.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::{Category, Lifetime, Severity};
use crate::parse::lines::LineIndex;

/// A file that documents a rule by example: the Example must trigger the rule, the "Use instead" must not.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocFile {
    pub path: String,
    pub content: String,
    /// Other files of the same tree, for rules that look across files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<DocFile>,
}

impl DocFile {
    /// Every file of the example as (path, content).
    pub fn files(&self) -> Vec<(&str, &str)> {
        let mut files = vec![(self.path.as_str(), self.content.as_str())];
        files.extend(self.also.iter().map(|f| (f.path.as_str(), f.content.as_str())));
        files
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Docs {
    /// What it does.
    pub what: String,
    /// Why is this bad?
    pub why: String,
    pub example: DocFile,
    pub use_instead: DocFile,
}

/// Everything about a rule but its detector.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleMeta {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    #[serde(default)]
    pub tags: Vec<String>,
    pub docs: Docs,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// A regex with one capture group around the secret.
    pub regex: String,
    /// A regex the key (env var, header, flag name) must match, for formats without a prefix.
    #[serde(default)]
    pub key: Option<String>,
    /// Literals (case-sensitive), one of which any match contains (the prefilter).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Minimum Shannon entropy (bits per byte) of the captured secret.
    #[serde(default)]
    pub entropy: Option<f64>,
    #[serde(default)]
    pub lifetime: Lifetime,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// The env var name used in this rule's generated docs.
    #[serde(default)]
    pub example_key: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub docs: Option<Docs>,
    #[serde(default)]
    pub pattern: Option<PatternSpec>,
    /// The name of a structural check in `src/rules/checks/`.
    #[serde(default)]
    pub check: Option<String>,
    #[serde(default)]
    pub params: serde_json::Value,
}

/// Docs shared by a pack's pattern rules; `{name}`, `{example}` and `{key}` are filled in per rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocsTemplate {
    pub what: String,
    pub why: String,
    pub example: DocFile,
    pub use_instead: DocFile,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    #[serde(default)]
    pub pattern_docs: Option<DocsTemplate>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub rules: Vec<RuleSpec>,
}

/// An error message with every quoted value (`"..."`, `` `...` ``) replaced by `"…"`; field names serde quotes
/// in backticks are kept when they look like identifiers.
pub(crate) fn without_quoted_values(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(['"', '`']) {
        let quote = rest.as_bytes()[i] as char;
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find(quote) {
            Some(j) => {
                let inner = &after[..j];
                let identifier = quote == '`'
                    && inner.len() <= 40
                    && inner.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
                out.push(quote);
                out.push_str(if identifier { inner } else { "…" });
                out.push(quote);
                rest = &after[j + 1..];
            }
            None => {
                out.push('…');
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

impl Pack {
    pub fn parse(name: &str, text: &str) -> Result<Pack> {
        let root = crate::parse::yaml::parse(text).map_err(|e| {
            let pos = LineIndex::new(text).position(text, e.offset);
            anyhow::anyhow!("{name}:{}:{}: {}", pos.line, pos.column, e.message)
        })?;
        // serde's messages quote the offending value (`invalid type: string "..."`), and a file named as a pack
        // may be any file (a credentials file): say what is wrong, never what it holds.
        let pack: Pack = serde_json::from_value(root.to_json())
            .map_err(|e| anyhow::anyhow!("{name}: not a rule pack ({})", without_quoted_values(&e.to_string())))?;
        Ok(pack)
    }

    /// A built-in pack, which build.rs turned into JSON. Its errors are the pack author's (the test suite
    /// loads every built-in pack), so serde's message stands as it is.
    pub fn from_builtin_json(name: &str, json: &str) -> Result<Pack> {
        serde_json::from_str(json).map_err(|e| anyhow::anyhow!("{name}: not a rule pack ({e})"))
    }

    /// Every built-in pack, with its file name.
    pub fn builtin() -> Result<Vec<(&'static str, Pack)>> {
        crate::rules::engine::BUILTIN_PACKS
            .iter()
            .map(|(name, json)| Ok((*name, Pack::from_builtin_json(name, json)?)))
            .collect()
    }

    /// Reads a user pack: one YAML file, or every `*.yaml`/`*.yml` in a folder.
    pub fn load_path(path: &Path) -> Result<Vec<(String, Pack)>> {
        let files: Vec<_> = if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read rules folder {}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect();
            files.sort();
            if files.is_empty() {
                bail!("rules folder {} holds no .yaml pack", path.display());
            }
            files
        } else {
            vec![path.to_path_buf()]
        };
        files
            .into_iter()
            .map(|f| {
                // Bounded and never blocking: a pack that is a FIFO, a device or a huge file is an error.
                let bytes = crate::fsread::read_bounded(&f, crate::fsread::OWN_FILE_LIMIT)
                    .with_context(|| format!("cannot read rule pack {}", f.display()))?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| anyhow::anyhow!("cannot read rule pack {}: not valid UTF-8", f.display()))?;
                let name = f.display().to_string();
                Ok((name.clone(), Pack::parse(&name, &text)?))
            })
            .collect()
    }
}

impl RuleSpec {
    /// This rule's docs: its own, or the pack's template filled in with its first example.
    pub fn resolved_docs(&self, template: Option<&DocsTemplate>) -> Result<Docs> {
        if let Some(docs) = &self.docs {
            return Ok(docs.clone());
        }
        let (Some(t), Some(p)) = (template, &self.pattern) else {
            bail!("rule {} has no docs", self.id);
        };
        let example = p.examples.first().map(String::as_str).unwrap_or("");
        let key = p.example_key.as_deref().unwrap_or("API_TOKEN");
        let fill = |s: &str| fill_template(s, &[("{name}", &self.name), ("{example}", example), ("{key}", key)]);
        Ok(Docs {
            what: fill(&t.what),
            why: fill(&t.why),
            example: DocFile { path: t.example.path.clone(), content: fill(&t.example.content), also: Vec::new() },
            use_instead: DocFile {
                path: t.use_instead.path.clone(),
                content: fill(&t.use_instead.content),
                also: Vec::new(),
            },
        })
    }
}

/// The template with each `{field}` replaced, in one pass (every rule of a pack fills the same long
/// template at start-up); a brace that starts no field stays as it is.
fn fill_template(template: &str, fields: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match fields.iter().find(|(field, _)| rest.starts_with(field)) {
            Some((field, value)) => {
                out.push_str(value);
                rest = &rest[field.len()..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod quoting_tests {
    #[test]
    fn a_template_is_filled_in_one_pass() {
        let fields = [("{name}", "GitHub {key}"), ("{key}", "GH_TOKEN")];
        assert_eq!(super::fill_template("{name} in {key}: {x} {", &fields), "GitHub {key} in GH_TOKEN: {x} {");
    }

    #[test]
    fn quoted_values_are_withheld_and_field_names_kept() {
        let m = super::without_quoted_values(
            r#"invalid type: string "https://oauth2:ghp_x@github.com", expected struct Pack"#,
        );
        assert_eq!(m, r#"invalid type: string "…", expected struct Pack"#);
        let m = super::without_quoted_values("unknown field `severty`, expected one of `id`, `slug`");
        assert_eq!(m, "unknown field `severty`, expected one of `id`, `slug`");
        assert_eq!(
            super::without_quoted_values("unknown variant `ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG/x`"),
            "unknown variant `…`"
        );
    }
}

#[cfg(test)]
mod builtin_tests {
    use crate::rules::engine::{BUILTIN_PACK_SOURCES, BUILTIN_PACKS};

    /// The JSON build.rs embeds is what the scanner's own YAML reader makes of each pack: same keys, same
    /// scalar types, same text. A pack edited in a way the build's conversion reads differently fails here.
    #[test]
    fn embedded_json_is_what_the_yaml_reader_makes_of_each_pack() {
        assert_eq!(BUILTIN_PACKS.len(), BUILTIN_PACK_SOURCES.len());
        assert!(BUILTIN_PACKS.len() >= 10, "the built-in packs are embedded");
        for ((name, json), (source_name, yaml)) in BUILTIN_PACKS.iter().zip(BUILTIN_PACK_SOURCES) {
            assert_eq!(name, source_name);
            let from_yaml = crate::parse::yaml::parse(yaml).unwrap().to_json();
            let embedded: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(embedded, from_yaml, "rules/{name}");
            let pack = super::Pack::parse(name, yaml).unwrap();
            assert_eq!(super::Pack::from_builtin_json(name, json).unwrap().rules.len(), pack.rules.len());
        }
    }
}
