//! What a config may change in how rules judge: the JWT lifetime limit, the trusted publishers, extra
//! placeholder patterns. The policy builds these from `mcptrust.toml`; checks read them from their context.

use regex::Regex;

#[derive(Debug, Default)]
pub struct RuleSettings {
    /// `jwt-max-lifetime-days`: overrides the limit of the JWT lifetime rule.
    pub jwt_max_lifetime_days: Option<u64>,
    /// `trusted-publishers`: package prefixes the publisher inventory (MCP505) accepts; the rule is off
    /// until they are configured.
    pub trusted_publishers: Option<Vec<String>>,
    /// `placeholders`: values matching any of these are never reported as secrets.
    pub placeholders: Vec<Regex>,
    /// `[tool-risk]`: the tool risk classes with the config's names added; `None`: the built-in classes.
    pub tool_risk: Option<super::tool_risk::ToolRisk>,
}

/// No config: every rule as its pack says.
pub static DEFAULT: RuleSettings =
    RuleSettings { jwt_max_lifetime_days: None, trusted_publishers: None, placeholders: Vec::new(), tool_risk: None };

impl RuleSettings {
    /// The tool risk classes in force.
    pub fn tool_risk(&self) -> &super::tool_risk::ToolRisk {
        self.tool_risk.as_ref().unwrap_or_else(|| super::tool_risk::ToolRisk::builtin())
    }

    /// Whether `value` is a placeholder the config names.
    pub fn is_placeholder(&self, value: &str) -> bool {
        self.placeholders.iter().any(|p| p.is_match(value))
    }
}
