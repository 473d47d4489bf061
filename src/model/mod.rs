//! The trust model: what a parsed file means. One adapter per client or manifest format reads the spanned
//! tree into the same types; rules read only these types.

pub mod clients;
pub mod interpolation;
pub mod launch;
pub mod manifests;
mod reader;
pub mod task;

use serde::{Deserialize, Serialize};

use crate::parse::{Node, Span};
pub use clients::Client;
pub use reader::shell_words;

/// A string value (or a scalar read as one) with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Str {
    pub text: String,
    pub span: Span,
    pub pointer: String,
}

impl Str {
    pub fn from_node(node: &Node, pointer: String) -> Option<Str> {
        node.scalar_text().map(|text| Str { text, span: node.span, pointer })
    }

    /// The text with references blanked out; only this part can hold a hard-coded value.
    pub fn literal_view(&self) -> String {
        interpolation::literal_view(&self.text)
    }

    /// Byte offset in the source of `offset` in `self.text`, when the source spells the text verbatim
    /// (no escapes); `None` otherwise, and callers fall back to the whole value's span.
    pub fn source_offset(&self, source: &str, offset: usize) -> Option<usize> {
        let raw = source.get(self.span.start..self.span.end)?;
        let skip = usize::from(raw.starts_with(['"', '\'']));
        let start = self.span.start + skip;
        (source.get(start..start + self.text.len()) == Some(self.text.as_str())).then_some(start + offset)
    }

    /// The source span of `range` within the text, or the whole value when the text was escaped.
    pub fn sub_span(&self, source: &str, range: std::ops::Range<usize>) -> Span {
        match (self.source_offset(source, range.start), self.source_offset(source, range.end)) {
            (Some(s), Some(e)) => Span::new(s, e),
            _ => self.span,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Stdio,
    Sse,
    Http,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyValue {
    pub key: String,
    pub key_span: Span,
    pub value: Str,
}

/// A list of tool names under one field (`autoApprove`, `includeTools`, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct ToolList {
    pub field: String,
    pub span: Span,
    pub pointer: String,
    pub items: Vec<Str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub name: String,
    pub name_span: Span,
    pub pointer: String,
    pub transport: Transport,
    pub command: Option<Str>,
    pub args: Vec<Str>,
    pub env: Vec<KeyValue>,
    pub url: Option<Str>,
    pub headers: Vec<KeyValue>,
    /// Boxed, as are the tool lists: most servers have none, and every server is held until the report.
    pub cwd: Option<Box<Str>>,
    pub enabled: bool,
    /// Tools the server is limited to (`includeTools`, `enabled_tools`, `available_tools`).
    pub tools_allow: Option<Box<ToolList>>,
    /// Tools taken away (`excludeTools`, `disabled_tools`, `disabledTools`).
    pub tools_deny: Option<Box<ToolList>>,
    /// How the server authenticates, if the file says (`headers.Authorization`, `oauth`,
    /// `bearer_token_env_var`, ...).
    pub auth: Option<String>,
    /// OAuth scopes the server asks for (`oauth.scopes`, `auth.scopes`, Codex `scopes`).
    pub scopes: Vec<Str>,
}

impl Server {
    /// A server with nothing read yet: no launch, no URL, enabled, no tool lists.
    pub fn new(name: String, name_span: Span, pointer: String) -> Server {
        Server {
            name,
            name_span,
            pointer,
            transport: Transport::Unknown,
            command: None,
            args: Vec::new(),
            env: Vec::new(),
            url: None,
            headers: Vec::new(),
            cwd: None,
            enabled: true,
            tools_allow: None,
            tools_deny: None,
            auth: None,
            scopes: Vec::new(),
        }
    }
}

/// How far a grant reaches, widest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reach {
    /// Every tool of every server runs without confirmation.
    Global,
    /// Every tool of one server.
    Server,
    /// A wildcard tool list.
    Wildcard,
    /// Named tools only.
    Tools,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GrantKind {
    /// Gemini `trust: true`.
    ServerTrust,
    /// Cline/Kiro `autoApprove`, Roo/Kilo `alwaysAllow` lists.
    ToolAutoApprove,
    /// Claude Code `permissions.allow` with an `mcp__` rule.
    PermissionAllow,
    /// A client-wide mode that skips confirmations (`defaultMode`, `approval_policy`, `GOOSE_MODE`, ...).
    ApprovalMode,
    /// Claude Code `enableAllProjectMcpServers: true`.
    EnableAllProjectServers,
}

/// An approval that lets tools run without a person confirming them.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub kind: GrantKind,
    pub reach: Reach,
    /// The field as the client spells it, e.g. `autoApprove` or `permissions.allow`.
    pub field: String,
    /// What it grants, e.g. `*`, `mcp__github`, `bypassPermissions`.
    pub value: String,
    pub server: Option<String>,
    pub tools: Vec<String>,
    pub span: Span,
    pub pointer: String,
}

/// Where in the file a credential may sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Env,
    Header,
    Arg,
    Url,
    Command,
    /// A manifest field that declares a value's default (registry `default`/`value`, MCPB `default`).
    Default,
    /// An example shipped in a manifest (smithery `exampleConfig`).
    Example,
    /// Any other string under a secret-looking key (OAuth client secrets, ...).
    Field,
}

/// One string that rules look at for credentials.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub role: Role,
    /// The env var, header or field name the value sits under.
    pub key: Option<String>,
    pub value: Str,
    pub server: Option<String>,
    /// The file itself declares this value a secret (`isSecret`, `sensitive`, `password: true`).
    pub declared_secret: bool,
}

/// A shell command a client runs on its own, with the field that holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShellCommand {
    pub field: String,
    pub command: Str,
    pub server: Option<String>,
    /// When it runs, in words (`before every request to the server`).
    pub when: &'static str,
}

/// Something the adapter noticed about the file's shape (an odd server it skipped, a wrong type).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub message: String,
    pub span: Span,
    pub pointer: String,
}

/// A package a manifest publishes (registry `packages[]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// `npm`, `pypi`, `nuget`, `oci`, `mcpb`.
    pub registry_type: String,
    pub identifier: Str,
    pub version: Option<Str>,
    /// `fileSha256` is present.
    pub has_digest: bool,
    pub pointer: String,
}

/// A value a manifest asks its user for (registry KeyValueInput, MCPB `user_config` entry).
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: Str,
    /// `isSecret` / `sensitive` is true.
    pub declared_secret: bool,
    /// MCPB `type` (`string`, `directory`, ...), registry `format`.
    pub kind: Option<String>,
    pub default: Option<Str>,
    pub server: String,
}

/// Everything one file says about trust.
#[derive(Debug, Default)]
pub struct Model {
    pub servers: Vec<Server>,
    pub grants: Vec<Grant>,
    /// Every value that can hold a credential, for the per-file checks; emptied once they have run (the
    /// checks across files and the inventory read servers, grants and tasks).
    pub sites: Vec<Site>,
    pub notes: Vec<Note>,
    pub packages: Vec<Package>,
    pub inputs: Vec<Input>,
    /// The subagents, commands, skills, prompts, profiles, recipes and roles the file defines.
    pub tasks: Vec<task::Task>,
    /// Shell commands the client itself runs (not a server): `apiKeyHelper`, a server's `headersHelper`, a Goose
    /// recipe's `retry` checks.
    pub shell_commands: Vec<ShellCommand>,
    /// Fields the client ignores where they are (a plugin subagent's `permissionMode`, ...), which a reviewer
    /// could take for real settings.
    pub ignored: Vec<Note>,
}

impl Model {
    pub fn push_server(&mut self, server: Server) {
        reader::sites_of(&server, &mut self.sites);
        self.servers.push(server);
    }

    /// Gives back what the lists grew into but do not use. A model is held from its file's pass until the
    /// report is written, and a `Vec` grows to room for four: a file with one server held three servers' room
    /// (and likewise for its sites), most of a sweep's memory.
    pub fn shrink_to_fit(&mut self) {
        for server in &mut self.servers {
            server.args.shrink_to_fit();
            server.env.shrink_to_fit();
            server.headers.shrink_to_fit();
            server.scopes.shrink_to_fit();
        }
        for task in &mut self.tasks {
            task.servers.shrink_to_fit();
            task.denied.shrink_to_fit();
            task.preapproved.shrink_to_fit();
            task.shell_lines.shrink_to_fit();
            task.routes.shrink_to_fit();
        }
        self.servers.shrink_to_fit();
        self.grants.shrink_to_fit();
        self.sites.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.packages.shrink_to_fit();
        self.inputs.shrink_to_fit();
        self.tasks.shrink_to_fit();
        self.shell_commands.shrink_to_fit();
        self.ignored.shrink_to_fit();
    }
}

impl Model {
    /// Keeps only what the checks across files read ([`crate::rules::cross`]): servers by name, transport and
    /// tool lists, the grants, and the tasks without their shell lines and routes. A scan that builds no
    /// inventory holds every file's model until the report is written, and what this drops (launch commands,
    /// arguments, environments, headers, URLs, packages, notes) is most of it. A scan that builds an inventory
    /// keeps the whole model: the inventory reads all of it.
    pub fn keep_for_cross_file(&mut self) {
        for server in &mut self.servers {
            server.command = None;
            server.args = Vec::new();
            server.env = Vec::new();
            server.url = None;
            server.headers = Vec::new();
            server.cwd = None;
            server.auth = None;
            server.scopes = Vec::new();
        }
        for task in &mut self.tasks {
            task.shell_lines = Vec::new();
            task.routes = Vec::new();
        }
        self.sites = Vec::new();
        self.notes = Vec::new();
        self.packages = Vec::new();
        self.inputs = Vec::new();
        self.shell_commands = Vec::new();
        self.ignored = Vec::new();
    }
}

/// The folder a config belongs to: its directory, less the client's own config folder.
pub fn project_root(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    const CONFIG_DIRS: &[&str] = &[
        ".claude",
        ".vscode",
        ".cursor",
        ".codex",
        ".gemini",
        ".zed",
        ".roo",
        ".kilocode",
        ".amazonq",
        ".windsurf",
        ".air",
    ];
    if parts.last().is_some_and(|d| CONFIG_DIRS.contains(d)) {
        parts.pop();
    } else if parts.ends_with(&[".kiro", "settings"]) || parts.ends_with(&[".junie", "mcp"]) {
        parts.truncate(parts.len() - 2);
    }
    parts.join("/")
}

/// Reads a parsed file as `client` says it should be read.
pub fn read(client: Client, root: &Node) -> Model {
    let mut model = Model::default();
    clients::read(client, root, &mut model);
    model
}

/// Reads every document of a multi-document YAML file into one model, so that every rule sees the servers
/// and credentials of each; the extra documents get a note, since a client reads one document at most.
pub fn read_documents(client: Client, root: &Node, more: &[Node]) -> Model {
    let mut model = read(client, root);
    for document in more {
        clients::read(client, document, &mut model);
    }
    if let Some(second) = more.first() {
        model.notes.push(Note {
            message: format!(
                "this file holds {} YAML documents: {} reads the first at most, so what the others say does nothing there (mcptrust checks them all)",
                more.len() + 1,
                client.slug()
            ),
            span: Span::new(second.span.start, second.span.start),
            pointer: String::new(),
        });
    }
    model
}
