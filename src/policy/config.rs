//! `mcptrust.toml`: found by walking up from a scan root to the repository root (`.mcptrust.toml` and
//! `[tool.mcptrust]` in `pyproject.toml` too), or named by `--config` / `MCPTRUST_CONFIG`. Parsed with spans,
//! so a mistake is shown at its key.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use crate::clock::Date;
use crate::rules::Severity;

/// The largest config mcptrust reads: a policy file, not a data file.
const MAX_CONFIG_BYTES: u64 = 4 << 20;

/// Every setting, as written in `mcptrust.toml` (kebab-case keys).
#[derive(Debug, Default, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(
    title = "mcptrust configuration",
    description = "mcptrust.toml, .mcptrust.toml or [tool.mcptrust] in pyproject.toml"
)]
pub struct Config {
    /// Only these rules: ids, slugs, categories or tags (as `--select`).
    #[serde(default)]
    pub select: Vec<String>,
    /// Skip these rules: ids, slugs, categories or tags (as `--ignore`).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Per-rule severity overrides, by rule id: `MCP305 = "medium"`.
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityName>,
    /// Exit 1 when a finding is at or above this severity (as `--fail-on`).
    pub fail_on: Option<SeverityName>,
    /// Extra rule packs (files or folders), relative to this file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Globs of files and folders to skip (as `--exclude`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Accepted findings: each says why, and may say until when.
    #[serde(default)]
    pub suppress: Vec<Suppress>,
    /// The trust relationships the organisation approved. Once there is one, a server no entry covers is a
    /// finding (a shadow MCP server).
    #[serde(default)]
    pub trust: Vec<TrustEntry>,
    /// Every `[[trust]]` entry must say when it `expires`.
    #[serde(default)]
    pub require_expiry: bool,
    /// Report approvals that expire within this many days (default 14).
    pub expiry_warning_days: Option<u32>,
    /// Let ignore files hide known config locations too (as `--respect-gitignore`).
    #[serde(default)]
    pub respect_gitignore: bool,
    /// The longest a JWT may live, in days (`exp - iat`; default 90).
    pub jwt_max_lifetime_days: Option<u64>,
    /// Package prefixes whose publishers you trust (`@modelcontextprotocol/`, `@acme/`): servers from any other
    /// publisher are listed (MCP505). Off until set.
    pub trusted_publishers: Option<Vec<String>>,
    /// Regexes of values that are placeholders, never secrets (`^acme-dummy-`).
    #[serde(default)]
    pub placeholders: Vec<String>,
    /// Tool names (globs) to add to the built-in tool risk classes (`execute`, `fetch`, `read-only`,
    /// `database`, `write`, `send`): `execute = ["deploy_*"]`. Named-tool approvals are judged by them.
    #[serde(default)]
    pub tool_risk: BTreeMap<String, Vec<String>>,
}

impl Config {
    /// What the config changes in how rules judge.
    pub fn rule_settings(&self) -> Result<crate::rules::settings::RuleSettings, String> {
        let placeholders = self
            .placeholders
            .iter()
            .map(|p| regex::Regex::new(p).map_err(|e| format!("placeholder `{p}` is not a regex: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        let tool_risk = match self.tool_risk.is_empty() {
            true => None,
            false => Some(crate::rules::tool_risk::ToolRisk::extended(&self.tool_risk).map_err(|e| format!("{e:#}"))?),
        };
        Ok(crate::rules::settings::RuleSettings {
            jwt_max_lifetime_days: self.jwt_max_lifetime_days,
            trusted_publishers: self.trusted_publishers.clone(),
            placeholders,
            tool_risk,
        })
    }
}

/// One approved trust relationship: which server, for which clients and tools, carrying which credentials,
/// approved by whom, until when.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TrustEntry {
    /// The server's name, as the configs spell it (`server` or `match` is required).
    pub server: Option<String>,
    /// A glob matched against the server's command line, package or URL (`*@modelcontextprotocol/server-github@*`,
    /// `https://mcp.acme.com/*`).
    #[serde(rename = "match")]
    pub matches: Option<String>,
    /// Only in these clients (`claude-code`, `vscode`, `cursor`, ...); all when empty.
    #[serde(default)]
    pub clients: Vec<String>,
    /// The agents, commands or skills allowed to use it; all when empty.
    #[serde(default)]
    pub tasks: Vec<String>,
    /// The tools that may run without confirmation (globs); a server-wide grant is then a finding.
    pub tools: Option<Vec<String>>,
    /// The env var and header names it may carry; any other credential is a finding.
    pub credentials: Option<Vec<String>>,
    /// Who approved it and answers for it.
    pub owner: String,
    pub reason: Option<String>,
    /// When it was approved.
    pub approved: Option<DateValue>,
    /// When the approval ends and must be re-evaluated.
    pub expires: Option<DateValue>,
    /// The ticket or change record.
    pub ticket: Option<String>,
}

/// One accepted finding (or family of findings).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Suppress {
    /// A glob of the files it applies to, relative to the config file's folder (`.mcp.json`, `**/mcp.json`).
    pub path: String,
    /// The rule id (or slug) it suppresses.
    pub rule: String,
    /// Only the finding at this JSON pointer (`/mcpServers/github/env/GITHUB_TOKEN`).
    pub pointer: Option<String>,
    /// Only the finding with this fingerprint (as printed in JSON and SARIF).
    pub fingerprint: Option<String>,
    /// Why the finding is accepted (required).
    pub reason: String,
    /// The day it stops suppressing (a TOML date or "YYYY-MM-DD"); an expired suppression is reported.
    pub expires: Option<DateValue>,
}

/// A severity as written in a config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl From<SeverityName> for Severity {
    fn from(s: SeverityName) -> Severity {
        match s {
            SeverityName::Info => Severity::Info,
            SeverityName::Low => Severity::Low,
            SeverityName::Medium => Severity::Medium,
            SeverityName::High => Severity::High,
            SeverityName::Critical => Severity::Critical,
        }
    }
}

/// A calendar date: a TOML local date (`2027-01-31`) or a string in that form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateValue(pub Date);

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Native(toml::value::Datetime),
            Text(String),
        }
        let text = match Repr::deserialize(d)? {
            Repr::Native(dt) => match (dt.date, dt.time) {
                (Some(date), None) => format!("{date}"),
                _ => return Err(serde::de::Error::custom("expected a date (YYYY-MM-DD), not a time")),
            },
            Repr::Text(t) => t,
        };
        Date::parse(&text).map(DateValue).map_err(|e| serde::de::Error::custom(e.to_string()))
    }
}

impl JsonSchema for DateValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "YYYY-MM-DD (in TOML, a bare local date or a string)"
        })
    }
}

/// The JSON schema of `mcptrust.toml`, as committed in `mcptrust.schema.json`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Config);
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

/// A config that was found and read.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// Where it was read from (a `pyproject.toml` for `[tool.mcptrust]`).
    pub path: PathBuf,
    /// The folder its relative paths are relative to.
    pub dir: PathBuf,
    /// The file's text, for positions of its entries.
    pub text: String,
    /// Byte spans of each `[[suppress]]` entry, in order.
    pub suppress_spans: Vec<std::ops::Range<usize>>,
    /// Byte spans of each `[[trust]]` entry, in order.
    pub trust_spans: Vec<std::ops::Range<usize>>,
}

/// A config that cannot be used: what is wrong, where.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: Option<String>,
    pub span: Option<std::ops::Range<usize>>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.text, &self.span) {
            (Some(text), Some(span)) => {
                let lines = crate::parse::lines::LineIndex::new(text);
                let at = lines.position(text, span.start.min(text.len()));
                write!(f, "{}:{}:{}: {}", self.path.display(), at.line, at.column, self.message)
            }
            _ => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Config file names, in the order they win within one folder.
const NAMES: &[&str] = &["mcptrust.toml", ".mcptrust.toml", "pyproject.toml"];

/// Where the config for `root` is: the nearest folder from `root` up to its repository root (the folder
/// holding `.git`) that has one of [`NAMES`] (a `pyproject.toml` only when it has `[tool.mcptrust]`). Outside
/// a repository only `root`'s own folder is looked at: a config above is someone else's.
pub fn discover(root: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(root).ok()?;
    let start = if start.is_dir() { start } else { start.parent()?.to_path_buf() };
    let repo = start.ancestors().find(|d| d.join(".git").exists()).map(Path::to_path_buf);
    for dir in start.ancestors() {
        for name in NAMES {
            let candidate = dir.join(name);
            if !candidate.is_file() {
                continue;
            }
            if *name == "pyproject.toml" && !read_bounded(&candidate).is_ok_and(|t| has_tool_table(&t)) {
                continue;
            }
            return Some(candidate);
        }
        if repo.as_deref().is_none_or(|r| r == dir) {
            break;
        }
    }
    None
}

fn has_tool_table(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l == "[tool.mcptrust]" || l.starts_with("[tool.mcptrust.") || l.starts_with("[[tool.mcptrust.")
    })
}

/// Reads a config file: a regular file of at most [`MAX_CONFIG_BYTES`], never a FIFO or a device.
fn read_bounded(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(format!("larger than {} MiB: not a config", MAX_CONFIG_BYTES >> 20));
    }
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| e.to_string())?;
    Ok(text)
}

/// Reads and checks the config at `path`.
pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
    let fail = |text: Option<String>, span, message| ConfigError { path: path.to_path_buf(), text, span, message };
    let text = read_bounded(path).map_err(|e| fail(None, None, format!("cannot read config: {e}")))?;
    let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let config = parse(&text, pyproject).map_err(|(span, message)| fail(Some(text.clone()), span, message))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let suppress_spans = suppress_spans(&text);
    let trust_spans = table_spans(&text, "trust");
    Ok(Loaded { config, path: path.to_path_buf(), dir, text, suppress_spans, trust_spans })
}

/// Parses a config's text (`[tool.mcptrust]` of a pyproject when `pyproject`), as (span, message) on error.
pub fn parse(text: &str, pyproject: bool) -> Result<Config, (Option<std::ops::Range<usize>>, String)> {
    let error = |e: toml::de::Error| (e.span(), e.message().trim().to_string());
    if !pyproject {
        let config: Config = toml::from_str(text).map_err(error)?;
        return check(config, text);
    }
    #[derive(Deserialize)]
    struct Pyproject {
        #[serde(default)]
        tool: Tool,
    }
    #[derive(Deserialize, Default)]
    struct Tool {
        #[serde(default)]
        mcptrust: Option<Config>,
    }
    let py: Pyproject = toml::from_str(text).map_err(error)?;
    check(py.tool.mcptrust.unwrap_or_default(), text)
}

/// What serde cannot say: rule ids must look like ids, suppressions need a reason.
fn check(config: Config, text: &str) -> Result<Config, (Option<std::ops::Range<usize>>, String)> {
    let spans = suppress_spans(text);
    for (i, s) in config.suppress.iter().enumerate() {
        if s.reason.trim().is_empty() {
            return Err((
                spans.get(i).cloned(),
                "a suppression needs a `reason`: say why the finding is accepted".into(),
            ));
        }
    }
    let spans = table_spans(text, "trust");
    for (i, t) in config.trust.iter().enumerate() {
        if t.server.is_none() && t.matches.is_none() {
            return Err((spans.get(i).cloned(), "a [[trust]] entry needs `server` or `match`".into()));
        }
        if t.owner.trim().is_empty() {
            return Err((spans.get(i).cloned(), "a [[trust]] entry needs an `owner`".into()));
        }
        if let Some(m) = &t.matches
            && let Err(e) = globset::Glob::new(m)
        {
            return Err((spans.get(i).cloned(), format!("`match = {m:?}` is not a glob: {e}")));
        }
    }
    if let Err(e) = config.rule_settings() {
        let key = if e.contains("tool risk") { "[tool-risk]" } else { "placeholders" };
        return Err((key_span(text, key).or_else(|| header_span(text, key)), e));
    }
    // A repository's config names packs inside the repository: never a path that leaves it, or mcptrust
    // would read (and could quote) any file of the machine it runs on.
    for p in &config.rules {
        let escapes = p.is_absolute() || p.components().any(|c| matches!(c, std::path::Component::ParentDir));
        if escapes {
            return Err((
                key_span(text, "rules"),
                format!(
                    "`rules` names {}: packs must lie inside the config's folder (use --rules for others)",
                    p.display()
                ),
            ));
        }
    }
    if config.jwt_max_lifetime_days == Some(0) {
        return Err((key_span(text, "jwt-max-lifetime-days"), "`jwt-max-lifetime-days` must be positive".into()));
    }
    Ok(config)
}

/// The span of a top-level `key = ...` line's key, for errors about its value.
fn key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
            let start = at + (line.len() - t.len());
            return Some(start..start + key.len());
        }
        at += line.len();
    }
    None
}

/// The span of a `[table]` header line.
fn header_span(text: &str, header: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == header {
            let start = at + (line.len() - line.trim_start().len());
            return Some(start..start + header.len());
        }
        at += line.len();
    }
    None
}

/// Byte spans of the `[[suppress]]` headers (or `[[tool.mcptrust.suppress]]`), in order.
pub fn suppress_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    table_spans(text, "suppress")
}

/// Byte spans of the `[[name]]` (or `[[tool.mcptrust.name]]`) headers, in order.
pub fn table_spans(text: &str, name: &str) -> Vec<std::ops::Range<usize>> {
    let (plain, tool) = (format!("[[{name}]]"), format!("[[tool.mcptrust.{name}]]"));
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t == plain || t == tool {
            let start = at + (line.len() - line.trim_start().len());
            out.push(start..start + t.len());
        }
        at += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads() {
        let config = parse(
            r#"
select = ["secret", "grant"]
ignore = ["MCP305"]
fail-on = "high"
rules = ["packs/"]
exclude = ["vendor/**"]
[severity]
MCP305 = "medium"
[[suppress]]
path = ".mcp.json"
rule = "MCP101"
pointer = "/mcpServers/gh/env/GITHUB_TOKEN"
reason = "test fixture"
expires = 2027-01-31
"#,
            false,
        )
        .unwrap();
        assert_eq!(config.fail_on, Some(SeverityName::High));
        assert_eq!(config.severity["MCP305"], SeverityName::Medium);
        assert_eq!(config.suppress[0].expires, Some(DateValue(Date::parse("2027-01-31").unwrap())));
    }

    #[test]
    fn an_unknown_key_is_named_with_the_valid_ones_and_its_place() {
        let text = "select = []\nfail_on = \"high\"\n";
        let (span, message) = parse(text, false).unwrap_err();
        assert_eq!(&text[span.unwrap()], "fail_on");
        assert!(message.contains("unknown field `fail_on`") && message.contains("fail-on"), "{message}");
    }

    #[test]
    fn pyproject_reads_only_its_tool_table() {
        let config = parse("[project]\nname = \"x\"\n[tool.mcptrust]\nignore = [\"MCP305\"]\n", true).unwrap();
        assert_eq!(config.ignore, ["MCP305"]);
        assert!(parse("[tool.mcptrust]\nbogus = 1\n", true).is_err());
    }

    #[test]
    fn a_trust_entry_needs_a_server_or_match_and_an_owner() {
        let text = "[[trust]]\nserver = \"gh\"\nowner = \"a\"\n\n[[trust]]\nowner = \"b\"\n";
        let (span, message) = parse(text, false).unwrap_err();
        assert_eq!(span, Some(37..46));
        assert!(message.contains("`server` or `match`"), "{message}");
        let (_, message) = parse("[[trust]]\nserver = \"gh\"\n", false).unwrap_err();
        assert!(message.contains("owner"), "{message}");
        let (span, _) = parse("placeholders = [\"(\"]\n", false).unwrap_err();
        assert_eq!(span, Some(0..12));
    }

    #[test]
    fn a_suppression_without_a_reason_is_refused_at_its_entry() {
        let text = "[[suppress]]\npath = \"a\"\nrule = \"MCP101\"\nreason = \" \"\n";
        let (span, message) = parse(text, false).unwrap_err();
        assert_eq!(&text[span.unwrap()], "[[suppress]]");
        assert!(message.contains("reason"));
    }
}
