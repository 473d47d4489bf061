//! Approval grants: one check, configured per rule by the reach and kinds of grant it reports.

use anyhow::Result;
use serde::Deserialize;

use super::{Check, Hit};
use crate::model::{Grant, GrantKind, Reach};
use crate::rules::{FileContext, Severity};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Params {
    reach: Vec<Reach>,
    kinds: Vec<GrantKind>,
    /// Severity when every tool granted looks read-only (`read_*`, `get_*`, `list_*`, `search*`).
    read_only_severity: Option<Severity>,
}

pub struct GrantCheck {
    params: Params,
}

impl GrantCheck {
    pub fn new(params: &serde_json::Value) -> Result<Self> {
        Ok(GrantCheck { params: super::params(params)? })
    }

    fn wants(&self, g: &Grant) -> bool {
        (self.params.reach.is_empty() || self.params.reach.contains(&g.reach))
            && (self.params.kinds.is_empty() || self.params.kinds.contains(&g.kind))
    }
}

const READ_ONLY_PREFIXES: &[&str] =
    &["read", "get", "list", "search", "fetch", "find", "query", "describe", "view", "show", "lookup", "resolve"];

pub fn is_read_only(tool: &str) -> bool {
    let t = tool.to_ascii_lowercase();
    let t = t.rsplit("__").next().unwrap_or(&t);
    READ_ONLY_PREFIXES.iter().any(|p| t.starts_with(p))
}

fn describe(g: &Grant) -> String {
    let server = g.server.as_deref().map(|s| format!("server `{s}`")).unwrap_or_else(|| "every server".into());
    match (g.kind, g.reach) {
        (GrantKind::ServerTrust, _) => format!("`trust: true` on {server}: every tool call skips confirmation"),
        (GrantKind::EnableAllProjectServers, _) => {
            "`enableAllProjectMcpServers: true`: every server in the project's .mcp.json starts without being approved"
                .into()
        }
        (GrantKind::ApprovalMode, Reach::Global) => {
            format!("`{} = {}`: tools run without confirmation, for every server", g.field, g.value)
        }
        (_, Reach::Global) => {
            format!("`{}` grants `{}`: every tool of every server runs without confirmation", g.field, g.value)
        }
        (_, Reach::Server) => {
            format!("`{}` grants `{}`: every tool of {server} runs without confirmation", g.field, g.value)
        }
        (_, Reach::Wildcard) => format!(
            "`{}` grants `{}`: a wildcard approves every matching tool of {server} without confirmation",
            g.field, g.value
        ),
        (_, Reach::Tools) => format!(
            "`{}` auto-approves {} on {server}",
            g.field,
            g.tools.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        ),
    }
}

impl GrantCheck {
    /// Severity follows the riskiest tool approved, by its risk class: `run_command` is high, `get_time` is
    /// `read_only_severity`. A tool no class names keeps the rule's own severity (`None`), unless another tool
    /// of the grant is riskier.
    fn named_tools_severity(&self, ctx: &FileContext, tools: &[String]) -> Option<Severity> {
        let risk = ctx.settings.tool_risk();
        let classes: Vec<Option<Severity>> = tools
            .iter()
            .map(|t| {
                risk.classify(t).map(|c| match (c.name.as_str(), self.params.read_only_severity) {
                    ("read-only", Some(s)) => s,
                    _ => c.severity,
                })
            })
            .collect();
        let worst = classes.iter().flatten().max().copied();
        match (classes.iter().all(Option::is_some), worst) {
            (true, worst) => worst,
            (false, Some(w)) if w > Severity::Medium => Some(w),
            (false, _) => None,
        }
    }
}

impl Check for GrantCheck {
    fn run(&self, ctx: &FileContext, emit: &mut dyn FnMut(Hit)) {
        let Some(model) = ctx.model else { return };
        for g in model.grants.iter().filter(|g| self.wants(g)) {
            let mut hit = Hit::new(g.span, g.pointer.clone(), g.server.clone(), describe(g));
            if g.reach == Reach::Tools && !g.tools.is_empty() {
                hit.severity = self.named_tools_severity(ctx, &g.tools);
            }
            // Claude Code's `auto` mode has a classifier review each call: not a bypass, but no person asks.
            let classifier =
                (g.field == "permissions.defaultMode" && g.value == "auto") || g.field == "approvals_reviewer";
            if g.kind == GrantKind::ApprovalMode && classifier {
                hit.severity = Some(Severity::Medium);
                hit.message.push_str(" (a classifier reviews each call, no person does)");
            }
            emit(hit);
        }
    }
}
