//! Which client a file belongs to (from its path), and the adapter that reads it.

mod amazonq;
mod claude;
mod codex;
mod continue_dev;
mod generic;
mod goose;
mod opencode;
mod vscode;
mod zed;

use std::path::Path;

use serde::Serialize;

use super::Model;
use super::manifests;
use crate::parse::{Node, Syntax};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Client {
    ClaudeDesktop,
    ClaudeCode,
    /// `~/.claude.json`: user servers plus `projects.<path>.mcpServers`.
    ClaudeUser,
    ClaudeSettings,
    Cursor,
    Vscode,
    VscodeSettings,
    Windsurf,
    Cline,
    Roo,
    Continue,
    Zed,
    Gemini,
    Codex,
    Goose,
    AmazonQ,
    Kiro,
    Junie,
    JetbrainsAir,
    Opencode,
    LmStudio,
    CopilotCli,
    /// An MCP-shaped file of no known client (found by its content).
    Generic,
    RegistryServer,
    Mcpb,
    Smithery,
}

impl Client {
    /// The client whose servers this file's grants reach: Claude Code settings grant what `.mcp.json` and
    /// `~/.claude.json` define, VS Code settings what `mcp.json` defines.
    pub fn family(self) -> Client {
        match self {
            Client::ClaudeSettings | Client::ClaudeUser => Client::ClaudeCode,
            Client::VscodeSettings => Client::Vscode,
            other => other,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Client::ClaudeDesktop => "claude-desktop",
            Client::ClaudeCode | Client::ClaudeUser => "claude-code",
            Client::ClaudeSettings => "claude-settings",
            Client::Cursor => "cursor",
            Client::Vscode => "vscode",
            Client::VscodeSettings => "vscode-settings",
            Client::Windsurf => "windsurf",
            Client::Cline => "cline",
            Client::Roo => "roo",
            Client::Continue => "continue",
            Client::Zed => "zed",
            Client::Gemini => "gemini",
            Client::Codex => "codex",
            Client::Goose => "goose",
            Client::AmazonQ => "amazonq",
            Client::Kiro => "kiro",
            Client::Junie => "junie",
            Client::JetbrainsAir => "jetbrains-air",
            Client::Opencode => "opencode",
            Client::LmStudio => "lmstudio",
            Client::CopilotCli => "copilot-cli",
            Client::Generic => "generic",
            Client::RegistryServer => "registry-server",
            Client::Mcpb => "mcpb",
            Client::Smithery => "smithery",
        }
    }

    /// Clients that read their file with a strict JSON parser: comments or trailing commas break them.
    pub fn strict_json(self) -> bool {
        matches!(self, Client::ClaudeDesktop | Client::ClaudeCode | Client::ClaudeUser | Client::ClaudeSettings)
    }
}

/// The syntax of a file, from its extension.
pub fn syntax_of(path: &Path) -> Option<Syntax> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" | "jsonc" | "json5" => Some(Syntax::Json),
        "yaml" | "yml" => Some(Syntax::Yaml),
        "toml" => Some(Syntax::Toml),
        _ => None,
    }
}

/// The client a path belongs to, from its name and folders alone. `None`: not a known location
/// (the file may still be a candidate by content, read as `Generic`).
pub fn classify(path: &Path) -> Option<Client> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let dirs: Vec<String> =
        path.parent().map(|p| p.iter().map(|c| c.to_string_lossy().to_ascii_lowercase()).collect()).unwrap_or_default();
    let parent = dirs.last().map(String::as_str).unwrap_or("");
    let grandparent = dirs.len().checked_sub(2).map(|i| dirs[i].as_str()).unwrap_or("");
    let under = |d: &str| dirs.iter().any(|x| x == d);
    let code_user = parent == "user" && grandparent.starts_with("code");
    let client = match name.as_str() {
        "claude_desktop_config.json" => Client::ClaudeDesktop,
        ".claude.json" => Client::ClaudeUser,
        ".mcp.json" | "managed-mcp.json" => Client::ClaudeCode,
        "managed-settings.json" => Client::ClaudeSettings,
        "settings.json" | "settings.local.json" if matches!(parent, ".claude" | "claude" | "claude-code") => {
            Client::ClaudeSettings
        }
        "settings.json" if parent == ".zed" || parent == "zed" => Client::Zed,
        "settings.json" if parent == ".gemini" || parent == "gemini-cli" || parent == "geminicli" => Client::Gemini,
        "settings.json" if parent == ".vscode" || parent == "vscode" || code_user => Client::VscodeSettings,
        "mcp.json" if parent == ".cursor" => Client::Cursor,
        "mcp.json" if parent == ".vscode" || code_user => Client::Vscode,
        "mcp.json" if parent == ".roo" || parent == ".kilocode" => Client::Roo,
        "mcp.json" if parent == "settings" && grandparent == ".kiro" => Client::Kiro,
        "mcp.json" if parent == ".amazonq" || parent == "amazonq" => Client::AmazonQ,
        "mcp.json" if parent == "mcp" && grandparent == ".junie" => Client::Junie,
        "mcp.json" if parent == ".air" => Client::JetbrainsAir,
        "mcp.json" if parent == ".lmstudio" || parent == "lm-studio" => Client::LmStudio,
        "mcp_config.json" if under(".windsurf") || under("windsurf") => Client::Windsurf,
        "cline_mcp_settings.json" => Client::Cline,
        "mcp_settings.json" => Client::Roo,
        "mcp-config.json" if parent == ".copilot" => Client::CopilotCli,
        "config.toml" | "requirements.toml" | "managed_config.toml" if parent == ".codex" || parent == "codex" => {
            Client::Codex
        }
        n if n.ends_with(".config.toml") && (parent == ".codex" || parent == "codex") => Client::Codex,
        "config.yaml" | "config.yml" if parent == "goose" => Client::Goose,
        "opencode.json" | "opencode.jsonc" => Client::Opencode,
        "server.json" => Client::RegistryServer,
        "manifest.json" => Client::Mcpb,
        "smithery.yaml" | "smithery.yml" => Client::Smithery,
        _ if under(".continue") && syntax_of(path).is_some_and(|s| s != Syntax::Toml) => Client::Continue,
        _ if (parent == "cli-agents" || parent == "agents") && under("amazonq") && name.ends_with(".json") => {
            Client::AmazonQ
        }
        "mcp.json" | "mcp_config.json" => Client::Generic,
        _ => return None,
    };
    Some(client)
}

/// Runs the adapter for `client` over a parsed file.
pub fn read(client: Client, root: &Node, model: &mut Model) {
    match client {
        Client::ClaudeSettings => claude::read_settings(root, model),
        Client::ClaudeUser => claude::read_user(root, model),
        Client::Vscode | Client::VscodeSettings => vscode::read(root, model),
        Client::Codex => codex::read(root, model),
        Client::Zed => zed::read(root, model),
        Client::Continue => continue_dev::read(root, model),
        Client::Goose => goose::read(root, model),
        Client::Opencode => opencode::read(root, model),
        Client::AmazonQ => amazonq::read(root, model),
        Client::RegistryServer => manifests::registry::read(root, model),
        Client::Mcpb => manifests::mcpb::read(root, model),
        Client::Smithery => manifests::smithery::read(root, model),
        Client::Generic => generic::read_any_shape(root, model),
        // Everything else keeps its servers under `mcpServers`.
        _ => generic::read_mcp_servers(client, root, model),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_locations() {
        let cases = [
            ("a/.vscode/mcp.json", Client::Vscode),
            ("a/.vscode/settings.json", Client::VscodeSettings),
            ("Library/Application Support/Code/User/settings.json", Client::VscodeSettings),
            (".cursor/mcp.json", Client::Cursor),
            (".mcp.json", Client::ClaudeCode),
            (".claude/settings.local.json", Client::ClaudeSettings),
            (".codex/config.toml", Client::Codex),
            (".config/goose/config.yaml", Client::Goose),
            (".continue/mcpServers/pg.yaml", Client::Continue),
            (".kiro/settings/mcp.json", Client::Kiro),
            (".roo/mcp.json", Client::Roo),
            (".kilocode/mcp.json", Client::Roo),
            (".windsurf/mcp_config.json", Client::Windsurf),
            (".codeium/windsurf/mcp_config.json", Client::Windsurf),
            (".antigravity/mcp_config.json", Client::Generic),
            (".zed/settings.json", Client::Zed),
            (".gemini/settings.json", Client::Gemini),
            (".amazonq/mcp.json", Client::AmazonQ),
            (".aws/amazonq/cli-agents/dev.json", Client::AmazonQ),
            ("opencode.jsonc", Client::Opencode),
            ("smithery.yaml", Client::Smithery),
        ];
        for (path, client) in cases {
            assert_eq!(classify(Path::new(path)), Some(client), "{path}");
        }
        assert_eq!(classify(Path::new("src/settings.json")), None);
        assert_eq!(classify(Path::new("package.json")), None);
    }
}
