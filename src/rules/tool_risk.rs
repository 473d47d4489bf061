//! Tool risk classes (`data/tool-risk.yaml`): what a tool does, judged by its name, and how severe it is to let
//! it run without confirmation. `[tool-risk]` in `mcptrust.toml` adds names to any class.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use anyhow::{Context, Result, bail};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use super::Severity;

const BUILTIN: &str = include_str!("../../data/tool-risk.yaml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassSpec {
    name: String,
    severity: Severity,
    what: String,
    tools: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    classes: Vec<ClassSpec>,
}

#[derive(Debug)]
pub struct Class {
    pub name: String,
    pub severity: Severity,
    pub what: String,
    patterns: Vec<String>,
    set: GlobSet,
}

#[derive(Debug)]
pub struct ToolRisk {
    classes: Vec<Class>,
}

static BUILTIN_CLASSES: LazyLock<ToolRisk> =
    LazyLock::new(|| ToolRisk::parse(BUILTIN).expect("data/tool-risk.yaml is checked by the tests"));

fn glob_set(patterns: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).with_context(|| format!("`{p}` is not a glob"))?);
    }
    Ok(b.build()?)
}

impl ToolRisk {
    pub fn builtin() -> &'static ToolRisk {
        &BUILTIN_CLASSES
    }

    fn parse(text: &str) -> Result<ToolRisk> {
        let root = crate::parse::yaml::parse(text).map_err(|e| anyhow::anyhow!("tool risk classes: {}", e.message))?;
        let spec: Spec = serde_json::from_value(root.to_json()).context("tool risk classes")?;
        let classes = spec
            .classes
            .into_iter()
            .map(|c| {
                Ok(Class {
                    set: glob_set(&c.tools)?,
                    name: c.name,
                    severity: c.severity,
                    what: c.what,
                    patterns: c.tools,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ToolRisk { classes })
    }

    /// The built-in classes with `extra` names added (class name -> globs), as `[tool-risk]` says. Extra names
    /// are tried before the built-in ones, so a team's own `deploy_*` is judged by the class it puts it in.
    pub fn extended(extra: &BTreeMap<String, Vec<String>>) -> Result<ToolRisk> {
        let builtin = ToolRisk::builtin();
        for name in extra.keys() {
            if !builtin.classes.iter().any(|c| &c.name == name) {
                let known: Vec<&str> = builtin.classes.iter().map(|c| c.name.as_str()).collect();
                bail!("no tool risk class `{name}` (classes: {})", known.join(", "));
            }
        }
        let mut first = Vec::new();
        for (name, globs) in extra {
            let class = builtin.classes.iter().find(|c| &c.name == name).expect("checked above");
            first.push(Class {
                name: class.name.clone(),
                severity: class.severity,
                what: class.what.clone(),
                patterns: globs.clone(),
                set: glob_set(globs)?,
            });
        }
        let rest = builtin.classes.iter().map(|c| Class {
            name: c.name.clone(),
            severity: c.severity,
            what: c.what.clone(),
            patterns: c.patterns.clone(),
            set: c.set.clone(),
        });
        Ok(ToolRisk { classes: first.into_iter().chain(rest).collect() })
    }

    /// The class of a tool, by its name without `mcp__<server>__` (case-insensitive); `None` when no class
    /// names it.
    pub fn classify(&self, tool: &str) -> Option<&Class> {
        let lower = tool.to_ascii_lowercase();
        let bare = match lower.strip_prefix("mcp__") {
            Some(rest) => rest.split_once("__").map(|(_, t)| t).unwrap_or(rest),
            None => &lower,
        };
        // Servers often prefix their tools with their own name (`notion_search`, `browser_click`).
        let verb = bare.split_once(['_', '-']).map(|(_, rest)| rest).filter(|r| !r.is_empty());
        self.classes.iter().find(|c| c.set.is_match(bare) || verb.is_some_and(|v| c.set.is_match(v)))
    }

    /// The class names, riskiest first as tried.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.classes.iter().map(|c| c.name.as_str()).collect();
        names.dedup();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_classes_judge_tools_by_their_names() {
        let risk = ToolRisk::builtin();
        let class = |t: &str| risk.classify(t).map(|c| c.name.as_str());
        assert_eq!(class("run_command"), Some("execute"));
        assert_eq!(class("execute_sql"), Some("execute"));
        assert_eq!(class("mcp__db__query"), Some("database"));
        assert_eq!(class("list_tables"), Some("read-only"));
        assert_eq!(class("get_current_time"), Some("read-only"));
        assert_eq!(class("write_file"), Some("write"));
        assert_eq!(class("create_pull_request"), Some("write"));
        assert_eq!(class("send_message"), Some("send"));
        assert_eq!(class("browser_navigate"), Some("fetch"));
        assert_eq!(class("Bash"), Some("execute"));
        assert_eq!(class("frobnicate"), None);
        assert_eq!(class("notion_retrieve_database"), Some("read-only"));
        assert_eq!(class("query-docs"), Some("read-only"));
        assert_eq!(class("get_add_command_for_items"), Some("read-only"));
        assert_eq!(class("playwright_evaluate"), Some("execute"));
        assert_eq!(risk.classify("run_command").unwrap().severity, Severity::High);
        assert_eq!(risk.classify("get_current_time").unwrap().severity, Severity::Info);
    }

    #[test]
    fn extra_names_join_their_class_first() {
        let extra: BTreeMap<String, Vec<String>> =
            [("execute".to_string(), vec!["frob*".to_string(), "get_shell_*".to_string()])].into();
        let risk = ToolRisk::extended(&extra).unwrap();
        assert_eq!(risk.classify("frobnicate").unwrap().name, "execute");
        assert_eq!(risk.classify("get_shell_session").unwrap().name, "execute");
        assert!(ToolRisk::extended(&[("nuclear".to_string(), vec![])].into()).is_err());
    }
}
