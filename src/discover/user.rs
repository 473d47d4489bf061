//! `--user`: the current user's client configs, at the locations each client reads them from on each OS
//! (formats.md §1 and the user-level task locations of task-scoped-formats.md).
//!
//! The table is data: per OS, each entry is a client, a base folder (the home folder, `APPDATA`,
//! `XDG_CONFIG_HOME`, `CODEX_HOME`, ...) and a path below it, and what is there: one file, a glob with one `*`
//! component over a known folder (`Code/User/profiles/*/mcp.json`), or a folder of task files that is walked
//! within itself (`~/.claude/agents`). [`locations`] resolves the table for an OS and an environment, both
//! given, so the macOS and Windows tables are tested on any machine; [`check`] looks at what is there. Nothing
//! else is read: `~/.claude.json` lists project folders, and they are not entered (name them as paths to scan
//! them too).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::model::Client;
use crate::parse::Syntax;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Macos,
    Linux,
    Windows,
}

impl Os {
    /// The OS mcptrust runs on (any Unix but macOS uses the Linux table).
    pub fn current() -> Os {
        if cfg!(target_os = "macos") {
            Os::Macos
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        }
    }
}

/// What a location holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    /// A folder of task files (subagents, commands, skills, roles), walked within itself.
    Folder,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::File => "file",
            Kind::Folder => "folder",
        }
    }
}

/// The folder a table entry's path is below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    /// `HOME` (Windows: `USERPROFILE`, else `HOME`).
    Home,
    /// Windows `APPDATA`, else `<home>\AppData\Roaming`.
    AppData,
    /// `XDG_CONFIG_HOME` when set to an absolute path (the XDG spec ignores a relative one), else
    /// `<home>/.config`.
    XdgConfig,
    /// `CODEX_HOME`, else `<home>/.codex`.
    CodexHome,
    /// `COPILOT_HOME`, else `<home>/.copilot`.
    CopilotHome,
    /// Windows `ProgramFiles`, else `C:\Program Files`.
    ProgramFiles,
    /// Windows `ProgramData`, else `C:\ProgramData`.
    ProgramData,
    /// The file system root (managed and system-wide configs on macOS and Linux).
    Root,
}

/// One row of the table: `path` is `/`-separated below `base`; a `*` component is a glob over the folder
/// before it. `syntax`: for a folder, the files in it that no path rule names are read as `client` when they
/// have this syntax (a `CODEX_HOME` elsewhere than `~/.codex` still holds Codex roles).
#[derive(Debug, Clone, Copy)]
struct Entry {
    client: Client,
    base: Base,
    path: &'static str,
    kind: Kind,
    syntax: Option<Syntax>,
}

const fn file(client: Client, base: Base, path: &'static str) -> Entry {
    Entry { client, base, path, kind: Kind::File, syntax: None }
}

const fn folder(client: Client, base: Base, path: &'static str, syntax: Syntax) -> Entry {
    Entry { client, base, path, kind: Kind::Folder, syntax: Some(syntax) }
}

use Base::*;

/// Locations below the home folder (and `CODEX_HOME`, `COPILOT_HOME`) that are the same on every OS.
const EVERY_OS: &[Entry] = &[
    // Claude Code: user and local-scope servers, user settings, user task folders.
    file(Client::ClaudeUser, Home, ".claude.json"),
    file(Client::ClaudeSettings, Home, ".claude/settings.json"),
    folder(Client::ClaudeAgent, Home, ".claude/agents", Syntax::Markdown),
    folder(Client::ClaudeCommand, Home, ".claude/commands", Syntax::Markdown),
    folder(Client::ClaudeSkill, Home, ".claude/skills", Syntax::Markdown),
    // Cursor: global servers, CLI and IDE permissions.
    file(Client::Cursor, Home, ".cursor/mcp.json"),
    file(Client::CursorCli, Home, ".cursor/cli-config.json"),
    file(Client::CursorPermissions, Home, ".cursor/permissions.json"),
    file(Client::Windsurf, Home, ".codeium/windsurf/mcp_config.json"),
    // Cline CLI (the extension's file is in each editor's globalStorage, below).
    file(Client::Cline, Home, ".cline/data/settings/cline_mcp_settings.json"),
    file(Client::Continue, Home, ".continue/config.yaml"),
    folder(Client::Continue, Home, ".continue/mcpServers", Syntax::Yaml),
    folder(Client::ContinueAgent, Home, ".continue/agents", Syntax::Yaml),
    folder(Client::ContinueAgent, Home, ".continue/assistants", Syntax::Yaml),
    file(Client::ContinuePermissions, Home, ".continue/permissions.yaml"),
    // Gemini CLI and its successor's MCP file (Antigravity, `serverUrl` shape).
    file(Client::Gemini, Home, ".gemini/settings.json"),
    folder(Client::GeminiAgent, Home, ".gemini/agents", Syntax::Markdown),
    folder(Client::GeminiCommand, Home, ".gemini/commands", Syntax::Toml),
    folder(Client::GeminiPolicy, Home, ".gemini/policies", Syntax::Toml),
    file(Client::GeminiExtension, Home, ".gemini/extensions/*/gemini-extension.json"),
    file(Client::Generic, Home, ".gemini/antigravity/mcp_config.json"),
    // Codex: config, profiles, roles.
    file(Client::Codex, CodexHome, "config.toml"),
    file(Client::Codex, CodexHome, "*.config.toml"),
    folder(Client::CodexRole, CodexHome, "agents", Syntax::Toml),
    // Amazon Q (legacy servers, CLI agents, IDE agents) and Kiro.
    file(Client::AmazonQ, Home, ".aws/amazonq/mcp.json"),
    folder(Client::AmazonQAgent, Home, ".aws/amazonq/cli-agents", Syntax::Json),
    folder(Client::AmazonQAgent, Home, ".aws/amazonq/agents", Syntax::Json),
    file(Client::Kiro, Home, ".kiro/settings/mcp.json"),
    folder(Client::KiroAgent, Home, ".kiro/agents", Syntax::Json),
    file(Client::LmStudio, Home, ".lmstudio/mcp.json"),
    file(Client::CopilotCli, CopilotHome, "mcp-config.json"),
    folder(Client::VscodeAgent, CopilotHome, "agents", Syntax::Markdown),
    file(Client::Junie, Home, ".junie/mcp/mcp.json"),
];

/// opencode (xdg-basedir on every OS) and Goose (macOS and Linux): below `XDG_CONFIG_HOME`.
const XDG_EVERYWHERE: &[Entry] = &[
    file(Client::Opencode, XdgConfig, "opencode/opencode.json"),
    file(Client::Opencode, XdgConfig, "opencode/opencode.jsonc"),
    folder(Client::OpencodeAgent, XdgConfig, "opencode/agent", Syntax::Markdown),
    folder(Client::OpencodeAgent, XdgConfig, "opencode/agents", Syntax::Markdown),
];

const UNIX_XDG: &[Entry] = &[file(Client::Goose, XdgConfig, "goose/config.yaml")];

/// The editors of the VS Code family, by the name of their folder in the per-OS app-data folder.
const VSCODE_BUILDS: &[&str] = &["Code", "Code - Insiders", "VSCodium"];
/// Editors Cline and Roo Code (and Kilo Code) install into: the VS Code builds and the forks with their own
/// folders.
const EXTENSION_HOSTS: &[&str] = &["Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf"];

/// Below each editor's `User` folder: its MCP file, its settings (legacy `mcp` key, approval settings), the
/// same in each profile, and the extensions' own files in `globalStorage`.
const VSCODE_USER: &[(Client, &str)] = &[
    (Client::Vscode, "mcp.json"),
    (Client::VscodeSettings, "settings.json"),
    (Client::Vscode, "profiles/*/mcp.json"),
    (Client::VscodeSettings, "profiles/*/settings.json"),
];
const EXTENSION_STORAGE: &[(Client, &str)] = &[
    (Client::Cline, "globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
    (Client::Roo, "globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
    (Client::Roo, "globalStorage/kilocode.kilo-code/settings/mcp_settings.json"),
];

const MACOS: &[Entry] = &[
    file(Client::ClaudeDesktop, Home, "Library/Application Support/Claude/claude_desktop_config.json"),
    // Zed keeps `~/.config/zed` on macOS whatever XDG_CONFIG_HOME says.
    file(Client::Zed, Home, ".config/zed/settings.json"),
    // LM Studio's real path on macOS, per lmstudio-bug-tracker#1371.
    file(Client::LmStudio, Home, ".cache/lm-studio/mcp.json"),
    file(Client::ClaudeSettings, Root, "Library/Application Support/ClaudeCode/managed-settings.json"),
    folder(Client::ClaudeSettings, Root, "Library/Application Support/ClaudeCode/managed-settings.d", Syntax::Json),
    file(Client::ClaudeCode, Root, "Library/Application Support/ClaudeCode/managed-mcp.json"),
    folder(Client::ClaudeAgent, Root, "Library/Application Support/ClaudeCode/.claude/agents", Syntax::Markdown),
    file(Client::Gemini, Root, "Library/Application Support/GeminiCli/settings.json"),
    file(Client::Codex, Root, "etc/codex/config.toml"),
    file(Client::Codex, Root, "etc/codex/requirements.toml"),
];

const LINUX: &[Entry] = &[
    // Unofficial builds of Claude Desktop for Linux.
    file(Client::ClaudeDesktop, XdgConfig, "Claude/claude_desktop_config.json"),
    file(Client::Zed, XdgConfig, "zed/settings.json"),
    file(Client::ClaudeSettings, Root, "etc/claude-code/managed-settings.json"),
    folder(Client::ClaudeSettings, Root, "etc/claude-code/managed-settings.d", Syntax::Json),
    file(Client::ClaudeCode, Root, "etc/claude-code/managed-mcp.json"),
    folder(Client::ClaudeAgent, Root, "etc/claude-code/.claude/agents", Syntax::Markdown),
    file(Client::Gemini, Root, "etc/gemini-cli/settings.json"),
    file(Client::Codex, Root, "etc/codex/config.toml"),
    file(Client::Codex, Root, "etc/codex/requirements.toml"),
];

const WINDOWS: &[Entry] = &[
    file(Client::ClaudeDesktop, AppData, "Claude/claude_desktop_config.json"),
    file(Client::Zed, AppData, "Zed/settings.json"),
    file(Client::Goose, AppData, "Block/goose/config/config.yaml"),
    file(Client::ClaudeSettings, ProgramFiles, "ClaudeCode/managed-settings.json"),
    folder(Client::ClaudeSettings, ProgramFiles, "ClaudeCode/managed-settings.d", Syntax::Json),
    file(Client::ClaudeCode, ProgramFiles, "ClaudeCode/managed-mcp.json"),
    folder(Client::ClaudeAgent, ProgramFiles, "ClaudeCode/.claude/agents", Syntax::Markdown),
    file(Client::Gemini, ProgramData, "gemini-cli/settings.json"),
    file(Client::Codex, ProgramData, "OpenAI/Codex/config.toml"),
];

/// One location of the table, resolved for an OS and an environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub client: Client,
    /// May hold one `*` component (a glob over the folder before it).
    pub path: PathBuf,
    pub kind: Kind,
    /// For a folder: the syntax of the files read as `client` when no path rule names them.
    pub syntax: Option<Syntax>,
}

/// The table for `os`, resolved with `env` (the CLI passes the real environment). An error when the home
/// folder is unknown: every location depends on it.
pub fn locations(os: Os, env: &dyn Fn(&str) -> Option<OsString>) -> Result<(PathBuf, Vec<Location>), String> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let home = match os {
        Os::Windows => var("USERPROFILE").or_else(|| var("HOME")),
        _ => var("HOME"),
    }
    .ok_or_else(|| {
        let name = if os == Os::Windows { "USERPROFILE (or HOME)" } else { "HOME" };
        format!("--user: {name} is not set, so the user's config locations are unknown")
    })?;
    let base = |b: Base| -> PathBuf {
        match b {
            Home => home.clone(),
            AppData => var("APPDATA").unwrap_or_else(|| home.join("AppData").join("Roaming")),
            XdgConfig => var("XDG_CONFIG_HOME").filter(|p| is_absolute(p, os)).unwrap_or_else(|| home.join(".config")),
            CodexHome => var("CODEX_HOME").unwrap_or_else(|| home.join(".codex")),
            CopilotHome => var("COPILOT_HOME").unwrap_or_else(|| home.join(".copilot")),
            ProgramFiles => var("ProgramFiles").unwrap_or_else(|| PathBuf::from(r"C:\Program Files")),
            ProgramData => var("ProgramData").unwrap_or_else(|| PathBuf::from(r"C:\ProgramData")),
            Root => PathBuf::from("/"),
        }
    };
    let app_data = match os {
        Os::Macos => home.join("Library").join("Application Support"),
        Os::Linux => base(XdgConfig),
        Os::Windows => base(AppData),
    };
    let mut out: Vec<Location> = Vec::new();
    let mut push = |client: Client, dir: PathBuf, path: &str, kind: Kind, syntax: Option<Syntax>| {
        let path = path.split('/').fold(dir, |p, part| p.join(part));
        if !out.iter().any(|l| l.path == path) {
            out.push(Location { client, path, kind, syntax });
        }
    };
    let specific = match os {
        Os::Macos => MACOS,
        Os::Linux => LINUX,
        Os::Windows => WINDOWS,
    };
    let unix_xdg: &[Entry] = if os == Os::Windows { &[] } else { UNIX_XDG };
    for e in EVERY_OS.iter().chain(XDG_EVERYWHERE).chain(unix_xdg).chain(specific) {
        push(e.client, base(e.base), e.path, e.kind, e.syntax);
    }
    for build in EXTENSION_HOSTS {
        let user = app_data.join(build).join("User");
        let own = VSCODE_USER.iter().filter(|_| VSCODE_BUILDS.contains(build));
        for (client, path) in own.chain(EXTENSION_STORAGE) {
            push(*client, user.clone(), path, Kind::File, None);
        }
    }
    Ok((home, out))
}

/// Absolute for `os` (a Windows path is judged as Windows judges it, whatever OS runs the test).
fn is_absolute(path: &Path, os: Os) -> bool {
    let s = path.to_string_lossy();
    match os {
        Os::Windows => {
            let b = s.as_bytes();
            s.starts_with(r"\\")
                || (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/'))
        }
        _ => s.starts_with('/'),
    }
}

/// A location as checked: there or not; a glob's matches are each a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub client: Client,
    pub path: PathBuf,
    pub kind: Kind,
    pub syntax: Option<Syntax>,
    pub found: bool,
    /// Why the location could not be checked (a folder on the way that cannot be read).
    pub error: Option<String>,
}

/// Looks at each location: whether it is there (a broken link counts: scanning it says what is wrong), and
/// what a glob matches. Reads no file and lists only a glob's own folder.
pub fn check(locations: &[Location]) -> Vec<Checked> {
    let mut out = Vec::new();
    for l in locations {
        let checked = |path: PathBuf, found: bool, error: Option<String>| Checked {
            client: l.client,
            path,
            kind: l.kind,
            syntax: l.syntax,
            found,
            error,
        };
        let parts: Vec<&std::ffi::OsStr> = l.path.iter().collect();
        let Some(star) = parts.iter().position(|p| p.to_string_lossy().contains('*')) else {
            let found = std::fs::symlink_metadata(&l.path).is_ok();
            out.push(checked(l.path.clone(), found, None));
            continue;
        };
        let dir: PathBuf = parts[..star].iter().collect();
        let pattern = parts[star].to_string_lossy().into_owned();
        let rest: PathBuf = parts[star + 1..].iter().collect();
        let mut matches: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .flatten()
                .filter(|e| glob_matches(&pattern, &e.file_name().to_string_lossy()))
                .map(|e| dir.join(e.file_name()))
                .map(|p| if rest.as_os_str().is_empty() { p } else { p.join(&rest) })
                .filter(|p| std::fs::symlink_metadata(p).is_ok())
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                out.push(checked(l.path.clone(), false, Some(format!("cannot list {}: {e}", dir.display()))));
                continue;
            }
        };
        matches.sort();
        if matches.is_empty() {
            out.push(checked(l.path.clone(), false, None));
        }
        out.extend(matches.into_iter().map(|p| checked(p, true, None)));
    }
    out
}

/// `pattern` with `*` as any run of characters, against one file name.
fn glob_matches(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => {
            name.len() >= head.len() + tail.len()
                && name.starts_with(head)
                && name.ends_with(tail)
                && !tail.contains('*')
        }
    }
}

/// `path` with the home folder shown as `~` (human output).
pub fn shown(path: &Path, home: &Path) -> String {
    match path.strip_prefix(home) {
        Ok(rel) if rel.as_os_str().is_empty() => "~".to_string(),
        Ok(rel) => format!("~/{}", super::paths::normalize(rel)),
        Err(_) => super::paths::normalize(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    /// The resolved paths as `/`-separated text (a Windows table resolved on Linux joins with `/`).
    fn paths(os: Os, vars: &[(&str, &str)]) -> Vec<(Client, String)> {
        let (_, locations) = locations(os, &env(vars)).unwrap();
        locations.iter().map(|l| (l.client, l.path.to_string_lossy().replace('\\', "/"))).collect()
    }

    fn has(list: &[(Client, String)], client: Client, path: &str) -> bool {
        list.iter().any(|(c, p)| *c == client && p == path)
    }

    #[test]
    fn linux_table_honours_xdg_codex_and_copilot_homes() {
        let list = paths(
            Os::Linux,
            &[("HOME", "/h"), ("XDG_CONFIG_HOME", "/xdg"), ("CODEX_HOME", "/cx"), ("COPILOT_HOME", "/cp")],
        );
        for (client, path) in [
            (Client::ClaudeUser, "/h/.claude.json"),
            (Client::ClaudeSettings, "/h/.claude/settings.json"),
            (Client::ClaudeAgent, "/h/.claude/agents"),
            (Client::ClaudeDesktop, "/xdg/Claude/claude_desktop_config.json"),
            (Client::Vscode, "/xdg/Code/User/mcp.json"),
            (Client::Vscode, "/xdg/Code - Insiders/User/profiles/*/mcp.json"),
            (Client::VscodeSettings, "/xdg/VSCodium/User/settings.json"),
            (Client::Cline, "/xdg/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
            (Client::Cline, "/xdg/Cursor/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
            (Client::Roo, "/xdg/Windsurf/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
            (Client::Zed, "/xdg/zed/settings.json"),
            (Client::Goose, "/xdg/goose/config.yaml"),
            (Client::Opencode, "/xdg/opencode/opencode.json"),
            (Client::Codex, "/cx/config.toml"),
            (Client::CodexRole, "/cx/agents"),
            (Client::CopilotCli, "/cp/mcp-config.json"),
            (Client::Windsurf, "/h/.codeium/windsurf/mcp_config.json"),
            (Client::Gemini, "/h/.gemini/settings.json"),
            (Client::AmazonQ, "/h/.aws/amazonq/mcp.json"),
            (Client::Kiro, "/h/.kiro/settings/mcp.json"),
            (Client::LmStudio, "/h/.lmstudio/mcp.json"),
            (Client::ClaudeSettings, "/etc/claude-code/managed-settings.json"),
            (Client::ClaudeCode, "/etc/claude-code/managed-mcp.json"),
        ] {
            assert!(has(&list, client, path), "{client:?} {path} in {list:#?}");
        }
        // Cursor's and Windsurf's own user folders hold no VS Code mcp.json; only extensions' files.
        assert!(!list.iter().any(|(_, p)| p == "/xdg/Cursor/User/mcp.json"));
        let mut unique: Vec<&String> = list.iter().map(|(_, p)| p).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), list.len(), "no location twice");
    }

    #[test]
    fn linux_defaults_when_the_variables_are_unset_or_relative() {
        let list = paths(Os::Linux, &[("HOME", "/h"), ("XDG_CONFIG_HOME", "relative/dir")]);
        assert!(has(&list, Client::Goose, "/h/.config/goose/config.yaml"), "a relative XDG_CONFIG_HOME is ignored");
        assert!(has(&list, Client::Vscode, "/h/.config/Code/User/mcp.json"));
        assert!(has(&list, Client::Codex, "/h/.codex/config.toml"));
        assert!(has(&list, Client::CopilotCli, "/h/.copilot/mcp-config.json"));
    }

    #[test]
    fn macos_table() {
        let list = paths(Os::Macos, &[("HOME", "/Users/u"), ("XDG_CONFIG_HOME", "/xdg")]);
        let support = "/Users/u/Library/Application Support";
        for (client, path) in [
            (Client::ClaudeDesktop, format!("{support}/Claude/claude_desktop_config.json")),
            (Client::Vscode, format!("{support}/Code/User/mcp.json")),
            (Client::VscodeSettings, format!("{support}/Code/User/profiles/*/settings.json")),
            (
                Client::Cline,
                format!("{support}/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
            ),
            (Client::Zed, "/Users/u/.config/zed/settings.json".into()),
            (Client::LmStudio, "/Users/u/.cache/lm-studio/mcp.json".into()),
            (Client::Opencode, "/xdg/opencode/opencode.json".into()),
            (Client::Goose, "/xdg/goose/config.yaml".into()),
            (Client::ClaudeSettings, "/Library/Application Support/ClaudeCode/managed-settings.json".into()),
            (Client::Gemini, "/Library/Application Support/GeminiCli/settings.json".into()),
        ] {
            assert!(has(&list, client, &path), "{client:?} {path}");
        }
        assert!(!list.iter().any(|(_, p)| p.starts_with("/etc/claude-code")), "no Linux path on macOS");
    }

    #[test]
    fn windows_table_reads_userprofile_appdata_and_program_folders() {
        let vars = [
            ("USERPROFILE", r"C:\Users\u"),
            ("HOME", "/wrong"),
            ("APPDATA", r"C:\Users\u\AppData\Roaming"),
            ("ProgramFiles", r"D:\Programs"),
            ("ProgramData", r"C:\ProgramData"),
            ("CODEX_HOME", r"E:\codex"),
        ];
        let list = paths(Os::Windows, &vars);
        let roaming = "C:/Users/u/AppData/Roaming";
        for (client, path) in [
            (Client::ClaudeUser, "C:/Users/u/.claude.json".to_string()),
            (Client::ClaudeDesktop, format!("{roaming}/Claude/claude_desktop_config.json")),
            (Client::Vscode, format!("{roaming}/Code/User/mcp.json")),
            (
                Client::Roo,
                format!("{roaming}/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json"),
            ),
            (Client::Zed, format!("{roaming}/Zed/settings.json")),
            (Client::Goose, format!("{roaming}/Block/goose/config/config.yaml")),
            (Client::Windsurf, "C:/Users/u/.codeium/windsurf/mcp_config.json".into()),
            (Client::Codex, "E:/codex/config.toml".into()),
            (Client::ClaudeSettings, "D:/Programs/ClaudeCode/managed-settings.json".into()),
            (Client::Gemini, "C:/ProgramData/gemini-cli/settings.json".into()),
            (Client::Codex, "C:/ProgramData/OpenAI/Codex/config.toml".into()),
            (Client::Opencode, "C:/Users/u/.config/opencode/opencode.json".into()),
        ] {
            assert!(has(&list, client, &path), "{client:?} {path} in {list:#?}");
        }
        assert!(!list.iter().any(|(_, p)| p.starts_with("/wrong") || p.starts_with("/etc")), "{list:#?}");
        assert!(!list.iter().any(|(c, p)| *c == Client::Goose && p.contains(".config")), "Goose is in APPDATA");
        // Without APPDATA: the roaming folder under the profile.
        let list = paths(Os::Windows, &[("USERPROFILE", r"C:\Users\u")]);
        assert!(has(&list, Client::Vscode, "C:/Users/u/AppData/Roaming/Code/User/mcp.json"), "{list:#?}");
        assert!(has(&list, Client::ClaudeCode, "C:/Program Files/ClaudeCode/managed-mcp.json"));
    }

    #[test]
    fn no_home_is_an_error_naming_the_variable() {
        let err = locations(Os::Linux, &env(&[("HOME", "")])).unwrap_err();
        assert!(err.contains("HOME is not set"), "{err}");
        let err = locations(Os::Windows, &env(&[])).unwrap_err();
        assert!(err.contains("USERPROFILE"), "{err}");
    }

    #[test]
    fn globs_expand_over_their_own_folder_only() {
        assert!(glob_matches("*", "abc"));
        assert!(glob_matches("*.config.toml", "work.config.toml"));
        assert!(!glob_matches("*.config.toml", "config.toml"));
        assert!(!glob_matches("*.config.toml", "work.toml"));
        let dir = std::env::temp_dir().join(format!("mcptrust-user-glob-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for p in ["profiles/a/mcp.json", "profiles/b/other.json", "profiles/c/mcp.json"] {
            std::fs::create_dir_all(dir.join(p).parent().unwrap()).unwrap();
            std::fs::write(dir.join(p), "{}").unwrap();
        }
        let location = |path: PathBuf| Location { client: Client::Vscode, path, kind: Kind::File, syntax: None };
        let checked = check(&[
            location(dir.join("profiles").join("*").join("mcp.json")),
            location(dir.join("nothing").join("*").join("mcp.json")),
            location(dir.join("profiles").join("a").join("mcp.json")),
        ]);
        let found: Vec<(String, bool)> = checked
            .iter()
            .map(|c| (c.path.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"), c.found))
            .collect();
        assert_eq!(
            found,
            [
                ("profiles/a/mcp.json".to_string(), true),
                ("profiles/c/mcp.json".to_string(), true),
                ("nothing/*/mcp.json".to_string(), false),
                ("profiles/a/mcp.json".to_string(), true),
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn home_is_shown_as_a_tilde() {
        let home = Path::new("/home/u");
        assert_eq!(shown(Path::new("/home/u/.claude.json"), home), "~/.claude.json");
        assert_eq!(shown(Path::new("/home/user2/.claude.json"), home), "/home/user2/.claude.json");
        assert_eq!(shown(Path::new("/etc/codex/config.toml"), home), "/etc/codex/config.toml");
    }
}
