//! Which client a file belongs to (from its path), and the adapter that reads it.

mod amazonq;
mod claude;
mod codex;
mod continue_dev;
mod cursor;
mod gemini;
mod generic;
mod goose;
mod opencode;
mod vscode;
mod zed;

use std::borrow::Cow;
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
    // Task files: what one subagent, command, skill, prompt, recipe or role may reach (see `model::task`).
    ClaudeAgent,
    ClaudeCommand,
    ClaudeSkill,
    /// `.claude-plugin/plugin.json` and `marketplace.json`.
    ClaudePlugin,
    /// `*.agent.md`, `*.chatmode.md`, `.github/agents/*.md`.
    VscodeAgent,
    VscodePrompt,
    OpencodeAgent,
    GeminiAgent,
    GeminiCommand,
    GeminiPolicy,
    GeminiExtension,
    GooseRecipe,
    CodexRole,
    /// `.cursor/cli.json`, `~/.cursor/cli-config.json`.
    CursorCli,
    /// `.cursor/permissions.json`.
    CursorPermissions,
    AmazonQAgent,
    KiroAgent,
    ContinueAgent,
    /// Continue CLI `permissions.yaml`.
    ContinuePermissions,
}

impl Client {
    /// The client whose servers this file's grants reach: Claude Code settings grant what `.mcp.json` and
    /// `~/.claude.json` define, VS Code settings what `mcp.json` defines.
    pub fn family(self) -> Client {
        match self {
            Client::ClaudeSettings | Client::ClaudeUser => Client::ClaudeCode,
            Client::VscodeSettings | Client::VscodeAgent | Client::VscodePrompt => Client::Vscode,
            Client::ClaudeAgent | Client::ClaudeCommand | Client::ClaudeSkill | Client::ClaudePlugin => {
                Client::ClaudeCode
            }
            Client::OpencodeAgent => Client::Opencode,
            Client::GeminiAgent | Client::GeminiCommand | Client::GeminiPolicy | Client::GeminiExtension => {
                Client::Gemini
            }
            Client::GooseRecipe => Client::Goose,
            Client::CodexRole => Client::Codex,
            Client::CursorCli | Client::CursorPermissions => Client::Cursor,
            Client::AmazonQAgent => Client::AmazonQ,
            Client::KiroAgent => Client::Kiro,
            Client::ContinueAgent | Client::ContinuePermissions => Client::Continue,
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
            Client::ClaudeAgent => "claude-agent",
            Client::ClaudeCommand => "claude-command",
            Client::ClaudeSkill => "claude-skill",
            Client::ClaudePlugin => "claude-plugin",
            Client::VscodeAgent => "vscode-agent",
            Client::VscodePrompt => "vscode-prompt",
            Client::OpencodeAgent => "opencode-agent",
            Client::GeminiAgent => "gemini-agent",
            Client::GeminiCommand => "gemini-command",
            Client::GeminiPolicy => "gemini-policy",
            Client::GeminiExtension => "gemini-extension",
            Client::GooseRecipe => "goose-recipe",
            Client::CodexRole => "codex-role",
            Client::CursorCli => "cursor-cli",
            Client::CursorPermissions => "cursor-permissions",
            Client::AmazonQAgent => "amazonq-agent",
            Client::KiroAgent => "kiro-agent",
            Client::ContinueAgent => "continue-agent",
            Client::ContinuePermissions => "continue-permissions",
        }
    }

    /// Clients that read their file with a strict JSON parser: comments or trailing commas break them.
    pub fn strict_json(self) -> bool {
        matches!(self, Client::ClaudeDesktop | Client::ClaudeCode | Client::ClaudeUser | Client::ClaudeSettings)
    }

    /// Files that define tasks or permissions for tasks rather than the session's servers: their servers are
    /// their tasks' own, not the session's.
    pub fn is_task_file(self) -> bool {
        matches!(
            self,
            Client::ClaudeAgent
                | Client::ClaudeCommand
                | Client::ClaudeSkill
                | Client::VscodeAgent
                | Client::VscodePrompt
                | Client::OpencodeAgent
                | Client::GeminiAgent
                | Client::GeminiCommand
                | Client::GooseRecipe
                | Client::CodexRole
                | Client::AmazonQAgent
                | Client::KiroAgent
                | Client::ContinueAgent
        )
    }

    /// Files whose Markdown body a client runs shell lines from (`` !`cmd` ``) when the task is invoked.
    pub fn runs_body_shell(self) -> bool {
        matches!(self, Client::ClaudeCommand | Client::ClaudeSkill)
    }
}

/// Whether `b` separates a path's components (`/`, and `\\` on Windows).
fn is_separator(b: u8) -> bool {
    b == b'/' || (cfg!(windows) && b == b'\\')
}

/// A path's last component as bytes, read from the end of the path without `Path`'s parsing (this runs for
/// every entry of a sweep); `None` where that parsing is needed: a path that ends in `.`, `..` or a separator.
fn plain_name(path: &Path) -> Option<&[u8]> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let name = &bytes[bytes.iter().rposition(|&b| is_separator(b)).map_or(0, |i| i + 1)..];
    (!name.is_empty() && name != b"." && name != b"..").then_some(name)
}

/// The syntax of a file, from its extension.
pub fn syntax_of(path: &Path) -> Option<Syntax> {
    // Without allocating or parsing the path: this runs on every file of a sweep.
    let ext: &[u8] = match plain_name(path) {
        // As `Path::extension`: after the last dot, where the dot does not start the name.
        Some(name) => &name[name.iter().rposition(|&b| b == b'.').filter(|&i| i > 0)? + 1..],
        None => path.extension()?.as_encoded_bytes(),
    };
    let is = |e: &str| ext.eq_ignore_ascii_case(e.as_bytes());
    if is("json") || is("jsonc") || is("json5") {
        Some(Syntax::Json)
    } else if is("yaml") || is("yml") {
        Some(Syntax::Yaml)
    } else if is("toml") {
        Some(Syntax::Toml)
    } else if is("md") {
        // Only at task-file locations: discovery reads no other Markdown.
        Some(Syntax::Markdown)
    } else {
        None
    }
}

// The folders `classify` reads a client from. `may_hold_config` is built from the same lists, so that a folder
// discovery passes over (a gitignored `node_modules/`) is never one where `classify` would name a config.

/// Folders whose own files are configs when they have the right name (`.vscode/mcp.json`, `.claude/settings.json`).
const CLAUDE_DIRS: &[&str] = &[".claude", "claude", "claude-code"];
const ZED_DIRS: &[&str] = &[".zed", "zed"];
const GEMINI_DIRS: &[&str] = &[".gemini", "gemini-cli", "geminicli"];
const VSCODE_DIRS: &[&str] = &[".vscode", "vscode"];
const CURSOR_DIRS: &[&str] = &[".cursor"];
const ROO_DIRS: &[&str] = &[".roo", ".kilocode"];
const AMAZONQ_DIRS: &[&str] = &[".amazonq", "amazonq"];
const AIR_DIRS: &[&str] = &[".air"];
const LMSTUDIO_DIRS: &[&str] = &[".lmstudio", "lm-studio"];
const COPILOT_DIRS: &[&str] = &[".copilot"];
const CODEX_DIRS: &[&str] = &[".codex", "codex"];
const GOOSE_DIRS: &[&str] = &["goose"];
const OPENCODE_DIRS: &[&str] = &[".opencode", "opencode"];
/// Folders anywhere under which a file can be a config (`.codeium/windsurf/mcp_config.json`,
/// `.continue/mcpServers/pg.yaml`).
const WINDSURF_DIRS: &[&str] = &[".windsurf", "windsurf"];
const CONTINUE_DIRS: &[&str] = &[".continue"];
/// (folder, subfolder): configs in the subfolder (`.kiro/settings/mcp.json`, `.junie/mcp/mcp.json`).
const KIRO: (&str, &str) = (".kiro", "settings");
const JUNIE: (&str, &str) = (".junie", "mcp");
/// Amazon Q agent files: `cli-agents/*.json` anywhere under an `amazonq` or `.amazonq` folder.
const AMAZONQ_AGENT_DIRS: &[&str] = &["cli-agents", "agents"];
/// VS Code's user folder: `Code/User`, `Code - Insiders/User`, ...
const CODE_USER: (&str, &str) = ("code", "user");
/// Folders that conventionally hold client folders (`.config/goose`, `.aws/amazonq`, `.codeium/windsurf`).
const CONTAINERS: &[&str] = &[".config", ".aws", ".codeium"];

const CLIENT_DIRS: &[&[&str]] = &[
    CLAUDE_DIRS,
    ZED_DIRS,
    GEMINI_DIRS,
    VSCODE_DIRS,
    CURSOR_DIRS,
    ROO_DIRS,
    AMAZONQ_DIRS,
    AIR_DIRS,
    LMSTUDIO_DIRS,
    COPILOT_DIRS,
    CODEX_DIRS,
    GOOSE_DIRS,
    OPENCODE_DIRS,
    WINDSURF_DIRS,
    CONTINUE_DIRS,
];

/// Each component in lower case, borrowed when it already is (most are): this runs for every file of a sweep
/// whose extension may be a config's.
fn lowercase_components(path: &Path) -> Vec<Cow<'_, str>> {
    path.iter()
        .map(|c| match c.to_string_lossy() {
            Cow::Borrowed(s) if !s.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_ascii_lowercase()),
        })
        .collect()
}

/// The client a path belongs to, from its name and folders alone. `None`: not a known location
/// (the file may still be a candidate by content, read as `Generic`).
pub fn classify(path: &Path) -> Option<Client> {
    if !markdown_may_be_named(path) {
        return None;
    }
    classify_named(path)
}

/// `classify`, without the shortcut for Markdown that nothing names.
fn classify_named(path: &Path) -> Option<Client> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let dirs: Vec<Cow<str>> = path.parent().map(lowercase_components).unwrap_or_default();
    let parent = dirs.last().map(AsRef::as_ref).unwrap_or("");
    let grandparent = dirs.len().checked_sub(2).map(|i| dirs[i].as_ref()).unwrap_or("");
    let under = |set: &[&str]| dirs.iter().any(|x| set.contains(&x.as_ref()));
    let is = |set: &[&str]| set.contains(&parent);
    let code_user = parent == CODE_USER.1 && grandparent.starts_with(CODE_USER.0);
    if let Some(client) = classify_task_file(path, &name, &dirs) {
        return Some(client);
    }
    let client = match name.as_str() {
        "claude_desktop_config.json" => Client::ClaudeDesktop,
        ".claude.json" => Client::ClaudeUser,
        ".mcp.json" | "managed-mcp.json" => Client::ClaudeCode,
        "managed-settings.json" => Client::ClaudeSettings,
        "settings.json" | "settings.local.json" if is(CLAUDE_DIRS) => Client::ClaudeSettings,
        "settings.json" if is(ZED_DIRS) => Client::Zed,
        "settings.json" if is(GEMINI_DIRS) => Client::Gemini,
        "settings.json" if is(VSCODE_DIRS) || code_user => Client::VscodeSettings,
        "mcp.json" if is(CURSOR_DIRS) => Client::Cursor,
        "mcp.json" if is(VSCODE_DIRS) || code_user => Client::Vscode,
        "mcp.json" if is(ROO_DIRS) => Client::Roo,
        "mcp.json" if (grandparent, parent) == KIRO => Client::Kiro,
        "mcp.json" if is(AMAZONQ_DIRS) => Client::AmazonQ,
        "mcp.json" if (grandparent, parent) == JUNIE => Client::Junie,
        "mcp.json" if is(AIR_DIRS) => Client::JetbrainsAir,
        "mcp.json" if is(LMSTUDIO_DIRS) => Client::LmStudio,
        "mcp_config.json" if under(WINDSURF_DIRS) => Client::Windsurf,
        "cline_mcp_settings.json" => Client::Cline,
        "mcp_settings.json" => Client::Roo,
        "mcp-config.json" if is(COPILOT_DIRS) => Client::CopilotCli,
        "config.toml" | "requirements.toml" | "managed_config.toml" if is(CODEX_DIRS) => Client::Codex,
        n if n.ends_with(".config.toml") && is(CODEX_DIRS) => Client::Codex,
        "config.yaml" | "config.yml" if is(GOOSE_DIRS) => Client::Goose,
        "opencode.json" | "opencode.jsonc" => Client::Opencode,
        "server.json" => Client::RegistryServer,
        "manifest.json" => Client::Mcpb,
        "smithery.yaml" | "smithery.yml" => Client::Smithery,
        _ if under(CONTINUE_DIRS) && syntax_of(path).is_some_and(|s| s != Syntax::Toml) => Client::Continue,
        _ if is(AMAZONQ_AGENT_DIRS) && under(AMAZONQ_DIRS) && name.ends_with(".json") => Client::AmazonQAgent,
        "mcp.json" | "mcp_config.json" => Client::Generic,
        _ => return None,
    };
    Some(client)
}

/// False for a Markdown file that no rule of `classify` can name, settled without allocating: Markdown is named
/// only by a task file's suffix (`.prompt.md`, `.agent.md`, `.chatmode.md`, `SKILL.md`) or a folder on its way
/// (`agents`, `commands`, `skills`, `.continue`, ...). Most of a tree's Markdown (READMEs, docs) is neither, and
/// `classify` runs for each of them. True for every other file.
fn markdown_may_be_named(path: &Path) -> bool {
    const SUFFIXES: &[&str] = &[".agent.md", ".chatmode.md", ".prompt.md"];
    const FOLDERS: &[&str] = &["agents", "agent", "commands", "chatmodes", "assistants", "skills", ".continue"];
    let ends_with = |name: &[u8], suffix: &str| {
        name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    // The path's bytes, split at separators: no `Path` parsing, no UTF-8 check (names are compared to ASCII).
    let Some(name) = plain_name(path) else { return true };
    if !ends_with(name, ".md") || name.eq_ignore_ascii_case(b"skill.md") || SUFFIXES.iter().any(|x| ends_with(name, x))
    {
        return true;
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    let dir = &bytes[..bytes.len() - name.len()];
    dir.split(|&b| is_separator(b)).any(|c| FOLDERS.iter().any(|f| c.eq_ignore_ascii_case(f.as_bytes())))
}

/// Whether `dirs` holds `top` followed directly by `sub` (`.claude/agents`), at any depth.
fn within(dirs: &[Cow<str>], top: &[&str], sub: &[&str]) -> bool {
    dirs.windows(2).any(|w| top.contains(&w[0].as_ref()) && sub.contains(&w[1].as_ref()))
}

/// The task files (subagents, commands, skills, prompts, recipes' relatives, roles, permission files).
fn classify_task_file(path: &Path, name: &str, dirs: &[Cow<str>]) -> Option<Client> {
    let parent = dirs.last().map(AsRef::as_ref).unwrap_or("");
    let grandparent = dirs.len().checked_sub(2).map(|i| dirs[i].as_ref()).unwrap_or("");
    let md = name.ends_with(".md");
    let client = match name {
        "skill.md" if grandparent == "skills" => Client::ClaudeSkill,
        "plugin.json" | "marketplace.json" if parent == ".claude-plugin" => Client::ClaudePlugin,
        "gemini-extension.json" => Client::GeminiExtension,
        "cli.json" | "cli-config.json" if parent == ".cursor" => Client::CursorCli,
        "permissions.json" if parent == ".cursor" => Client::CursorPermissions,
        "permissions.yaml" if parent == ".continue" => Client::ContinuePermissions,
        n if n.ends_with(".agent.md") || n.ends_with(".chatmode.md") => Client::VscodeAgent,
        n if n.ends_with(".prompt.md") => Client::VscodePrompt,
        _ if md && within(dirs, CLAUDE_DIRS, &["agents"]) => Client::ClaudeAgent,
        _ if md && within(dirs, CLAUDE_DIRS, &["commands"]) => Client::ClaudeCommand,
        _ if md && (grandparent, parent) == (".github", "agents") => Client::VscodeAgent,
        _ if md && (grandparent, parent) == (".github", "chatmodes") => Client::VscodeAgent,
        _ if md && COPILOT_DIRS.contains(&grandparent) && parent == "agents" => Client::VscodeAgent,
        _ if md && within(dirs, OPENCODE_DIRS, &["agent", "agents"]) => Client::OpencodeAgent,
        _ if md && GEMINI_DIRS.contains(&grandparent) && parent == "agents" => Client::GeminiAgent,
        n if n.ends_with(".toml") && within(dirs, GEMINI_DIRS, &["commands"]) => Client::GeminiCommand,
        n if n.ends_with(".toml") && GEMINI_DIRS.contains(&grandparent) && parent == "policies" => Client::GeminiPolicy,
        n if n.ends_with(".toml") && within(dirs, CODEX_DIRS, &["agents"]) => Client::CodexRole,
        n if (md || n.ends_with(".json")) && within(dirs, &[KIRO.0, "kiro"], &["agents"]) => Client::KiroAgent,
        n if (n.ends_with(".yaml") || n.ends_with(".yml") || md)
            && within(dirs, CONTINUE_DIRS, &["agents", "assistants"]) =>
        {
            Client::ContinueAgent
        }
        // A plugin's own folders: `agents/`, `commands/` beside its `.claude-plugin/` folder, or in a
        // marketplace's `plugins/<name>/` folder.
        _ if md
            && (dirs.windows(3).any(|w| w[0] == "plugins" && matches!(w[2].as_ref(), "agents" | "commands"))
                || crate::model::task::plugin_root(&path.to_string_lossy()).is_some()) =>
        {
            if dirs.iter().any(|d| d == "commands") { Client::ClaudeCommand } else { Client::ClaudeAgent }
        }
        _ => return None,
    };
    Some(client)
}

/// Whether a folder can hold a file that `classify` names from its folders: a client's folder (`.vscode`,
/// `.claude`, `goose`), a folder on the way to one (`.kiro` for `.kiro/settings/mcp.json`, `.config` for
/// `.config/goose`, `Code` for `Code/User`), or any folder under a `.continue` or windsurf folder. Files that
/// `classify` names from their name alone (`.mcp.json`, `server.json`) can be anywhere and make no folder a
/// config folder: a gitignored `node_modules/pkg/` is none.
pub fn may_hold_config(dir: &Path) -> bool {
    let dirs = lowercase_components(dir);
    let Some(name) = dirs.last().map(AsRef::as_ref) else {
        return false;
    };
    let parent = dirs.len().checked_sub(2).map(|i| dirs[i].as_ref()).unwrap_or("");
    let under = |set: &[&str]| dirs.iter().any(|x| set.contains(&x.as_ref()));
    CLIENT_DIRS.iter().any(|set| set.contains(&name))
        || CONTAINERS.contains(&name)
        || [KIRO, JUNIE].iter().any(|&(top, sub)| name == top || (name, parent) == (sub, top))
        || name.starts_with(CODE_USER.0)
        || (name == CODE_USER.1 && parent.starts_with(CODE_USER.0))
        || under(WINDSURF_DIRS)
        || under(CONTINUE_DIRS)
        || (AMAZONQ_AGENT_DIRS.contains(&name) && under(AMAZONQ_DIRS))
        || name == ".github"
        || task_folder(&dirs)
}

/// A task folder of a client (`.claude/agents`, `.github/prompts`, `.gemini/commands`) or any folder below one.
fn task_folder(dirs: &[Cow<str>]) -> bool {
    const TASK_SUBDIRS: &[&str] = &["agents", "agent", "commands", "skills", "prompts", "chatmodes", "policies"];
    const TASK_CLIENT_DIRS: &[&str] =
        &[".claude", ".github", ".gemini", ".opencode", "opencode", ".codex", ".kiro", ".copilot", ".continue"];
    within(dirs, TASK_CLIENT_DIRS, TASK_SUBDIRS)
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
        Client::AmazonQAgent | Client::KiroAgent => amazonq::read_agent(client, root, model),
        Client::ClaudeAgent => claude::read_agent(root, model),
        Client::ClaudeCommand | Client::ClaudeSkill => claude::read_command(client, root, model),
        Client::ClaudePlugin => claude::read_plugin(root, model),
        Client::VscodeAgent | Client::VscodePrompt => vscode::read_agent(client, root, model),
        Client::OpencodeAgent => opencode::read_agent_file(root, model),
        Client::GeminiAgent => gemini::read_agent(root, model),
        Client::GeminiCommand => gemini::read_command(root, model),
        Client::GeminiPolicy => gemini::read_policy(root, model),
        Client::GeminiExtension => gemini::read_extension(root, model),
        Client::GooseRecipe => goose::read_recipe(root, model),
        Client::CodexRole => codex::read_role(root, model),
        Client::CursorCli | Client::CursorPermissions => cursor::read(client, root, model),
        Client::ContinueAgent => continue_dev::read_agent(root, model),
        Client::ContinuePermissions => continue_dev::read_permissions(root, model),
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

    /// Read from the path's bytes, the extension is the one `Path::extension` gives.
    #[test]
    fn syntax_is_read_from_the_extension_as_path_reads_it() {
        let by_path = |p: &Path| {
            let ext = p.extension()?.to_str()?.to_ascii_lowercase();
            Some(match ext.as_str() {
                "json" | "jsonc" | "json5" => Syntax::Json,
                "yaml" | "yml" => Syntax::Yaml,
                "toml" => Syntax::Toml,
                "md" => Syntax::Markdown,
                _ => return None,
            })
        };
        for p in [
            "a.json",
            "A.JSON",
            "x/y/mcp.jsonc",
            ".json",
            ".vscode/.json",
            "a.b.yaml",
            "a.",
            "a",
            "..",
            ".",
            "a/..",
            "a/.",
            "a.json/",
            "a.json/.",
            "/",
            "",
            "dir.json/file",
            "./x.toml",
            "x/.md",
            "x/..md",
            "a.md.txt",
            "/abs/p/SKILL.MD",
            "a.yml",
            "config.json5",
            "x//y.json",
            "x/./y.json",
        ] {
            assert_eq!(syntax_of(Path::new(p)), by_path(Path::new(p)), "{p:?}");
        }
    }

    /// The shortcut for Markdown never passes over a file that a rule of `classify` names.
    #[test]
    fn markdown_passed_over_is_markdown_nothing_names() {
        let folders = [
            "",
            "docs",
            ".claude",
            ".claude/agents",
            ".Claude/Agents",
            ".claude/commands",
            ".claude/skills/x",
            ".github",
            ".github/agents",
            ".github/chatmodes",
            ".github/prompts",
            ".copilot/agents",
            ".opencode/agent",
            ".gemini/agents",
            ".kiro/agents",
            ".continue",
            ".continue/agents",
            ".continue/rules",
            "plugins/p/agents",
            "p/commands",
            "skills/s",
            ".codex/agents",
            "node_modules/x",
            "app/.cursor",
            "app/.vscode",
        ];
        let names =
            ["README.md", "x.md", "SKILL.md", "a.prompt.md", "b.agent.md", "c.chatmode.md", "X.MD", "y.markdown"];
        let mut named = 0;
        for folder in folders {
            for name in names {
                let path = Path::new(folder).join(name);
                if !markdown_may_be_named(&path) {
                    assert_eq!(classify_named(&path), None, "{}", path.display());
                }
                named += usize::from(classify(&path).is_some());
                assert_eq!(classify(&path), classify_named(&path), "{}", path.display());
            }
        }
        assert!(named > 20, "the list names task files too ({named})");
        assert!(!markdown_may_be_named(Path::new("docs/README.md")));
    }

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
            (".amazonq/cli-agents/ops.json", Client::AmazonQAgent),
            (".aws/amazonq/cli-agents/dev.json", Client::AmazonQAgent),
            (".claude/agents/review/security.md", Client::ClaudeAgent),
            (".claude/commands/deploy.md", Client::ClaudeCommand),
            ("plugins/code-review/commands/code-review.md", Client::ClaudeCommand),
            ("plugins/feature-dev/agents/code-reviewer.md", Client::ClaudeAgent),
            (".claude/skills/deploy/SKILL.md", Client::ClaudeSkill),
            (".claude-plugin/plugin.json", Client::ClaudePlugin),
            (".github/agents/triage.md", Client::VscodeAgent),
            ("docs/review.agent.md", Client::VscodeAgent),
            (".github/chatmodes/plan.chatmode.md", Client::VscodeAgent),
            (".github/prompts/fix.prompt.md", Client::VscodePrompt),
            (".opencode/agents/review.md", Client::OpencodeAgent),
            (".config/opencode/agent/docs/writer.md", Client::OpencodeAgent),
            (".gemini/agents/db.md", Client::GeminiAgent),
            (".gemini/commands/git/commit.toml", Client::GeminiCommand),
            (".gemini/policies/team.toml", Client::GeminiPolicy),
            ("gemini-extension.json", Client::GeminiExtension),
            (".codex/agents/reviewer.toml", Client::CodexRole),
            (".cursor/cli.json", Client::CursorCli),
            (".cursor/permissions.json", Client::CursorPermissions),
            (".kiro/agents/backend.json", Client::KiroAgent),
            (".kiro/agents/team/planner.md", Client::KiroAgent),
            (".continue/agents/dev.yaml", Client::ContinueAgent),
            (".continue/permissions.yaml", Client::ContinuePermissions),
            ("opencode.jsonc", Client::Opencode),
            ("smithery.yaml", Client::Smithery),
        ];
        for (path, client) in cases {
            assert_eq!(classify(Path::new(path)), Some(client), "{path}");
        }
        assert_eq!(classify(Path::new("src/settings.json")), None);
        assert_eq!(classify(Path::new("package.json")), None);
        assert_eq!(classify(Path::new("README.md")), None);
        assert_eq!(classify(Path::new("docs/agents/intro.md")), None);
    }

    #[test]
    fn folders_that_may_hold_a_config() {
        // Every folder from the client's own down to the file, for each known location named by its folders.
        let located = [
            ".vscode/mcp.json",
            ".cursor/mcp.json",
            ".claude/settings.local.json",
            ".codex/config.toml",
            ".config/goose/config.yaml",
            ".config/zed/settings.json",
            ".continue/mcpServers/pg.yaml",
            ".kiro/settings/mcp.json",
            ".junie/mcp/mcp.json",
            ".roo/mcp.json",
            ".kilocode/mcp.json",
            ".windsurf/mcp_config.json",
            ".codeium/windsurf/mcp_config.json",
            ".zed/settings.json",
            ".gemini/settings.json",
            ".amazonq/mcp.json",
            ".aws/amazonq/cli-agents/dev.json",
            ".air/mcp.json",
            ".lmstudio/mcp.json",
            ".copilot/mcp-config.json",
            "Code/User/mcp.json",
            ".claude/agents/review/security.md",
            ".claude/skills/deploy/SKILL.md",
            ".github/prompts/fix.prompt.md",
            ".gemini/commands/git/commit.toml",
            ".opencode/agents/review.md",
            ".kiro/agents/team/planner.md",
        ];
        for path in located {
            let path = Path::new(path);
            assert!(classify(path).is_some_and(|c| c != Client::Generic), "{}", path.display());
            for dir in path.ancestors().skip(1).filter(|d| !d.as_os_str().is_empty()) {
                assert!(may_hold_config(dir), "{} (for {})", dir.display(), path.display());
                assert!(may_hold_config(&Path::new("app").join(dir)), "app/{}", dir.display());
            }
        }
        for dir in ["node_modules", "node_modules/pkg", "target", "target/debug", "dist", ".venv", "vendor", "src"] {
            assert!(!may_hold_config(Path::new(dir)), "{dir}");
        }
        assert!(!may_hold_config(Path::new(".vscode/extensions/x")), "a client folder's subfolders are not");
        assert!(!may_hold_config(Path::new("")));
    }
}
