//! The command line (clap derive). Exit codes: 0 no finding at or above `--fail-on`; 1 findings;
//! 2 error, including any candidate file that could not be read or parsed.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::clock::Now;
use crate::report::Format;
use crate::report::inventory::InventoryFormat;
use crate::rules::Severity;

#[derive(Parser, Debug)]
#[command(
    name = "mcptrust",
    version = env!("MCPTRUST_VERSION"),
    about = "Audit the trust AI agents place in MCP servers: hard-coded credentials, approval grants, expiry and scope.",
    long_about = None,
    after_help = "Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 error (including any file that could not be read or parsed).",
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Judge dates (token expiry, approval expiry) as of this day instead of today: YYYY-MM-DD or an RFC 3339
    /// time.
    #[arg(long, global = true, env = "MCPTRUST_NOW", value_name = "DATE", value_parser = parse_now)]
    pub now: Option<Now>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan files and folders for MCP configs and report trust problems.
    Scan(Box<ScanArgs>),
    /// List every trust relationship: client, server, launch, credentials, grants and policy status.
    Inventory(Box<InventoryArgs>),
    /// List the rules, or check every rule against its own examples.
    Rules(RulesArgs),
    /// Write shell completions to standard output (`generate` writes every shell's to `completions/`).
    #[command(hide = true)]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Combine the reports of a sharded sweep (`scan --shard K/N`; SARIF, JSON or JSONL) into one.
    Merge(Box<crate::merge::MergeArgs>),
    /// Write the generated files: completions/, man/ and docs/rules/ (the committed copies are made with this).
    #[command(hide = true)]
    Generate {
        /// The folder to write them under (the repository root).
        #[arg(long, value_name = "DIR", default_value = ".")]
        out_dir: PathBuf,
    },
    /// Write the JSON schema of `mcptrust.toml` to standard output (`mcptrust.schema.json` is made with this).
    #[command(hide = true)]
    ConfigSchema,
    /// Show the documentation of a rule.
    Explain {
        /// A rule id (MCP101) or slug (github-classic-pat).
        rule: String,
        /// Extra rule packs (a YAML file or a folder of them).
        #[arg(long, value_name = "FILE|DIR")]
        rules: Vec<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// Extra rule packs (a YAML file or a folder of them).
    #[arg(long, value_name = "FILE|DIR", global = true)]
    pub rules: Vec<PathBuf>,
    /// Output format of the listing.
    #[arg(long, value_enum, default_value_t = ListFormat::Human, global = true)]
    pub format: ListFormat,
}

#[derive(Subcommand, Debug)]
pub enum RulesAction {
    /// List every rule: id, name, category, severity, tags (the default).
    List,
    /// Fail when a pattern misses a positive example or hits a negative one, or a rule's docs Example does not
    /// trigger it (or its "Use instead" does).
    Check,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files and folders to scan [default: `.`, or none with --user]. A file named here is always scanned. `-`
    /// reads one config from standard input (see --stdin-filename).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also scan the current user's client configs where each client keeps them on this OS (~/.claude.json,
    /// VS Code's user mcp.json and profiles, ~/.codex, Cline's globalStorage, ...), honouring HOME, APPDATA,
    /// XDG_CONFIG_HOME, CODEX_HOME and COPILOT_HOME. Nothing else is read (project folders that
    /// ~/.claude.json lists are not entered: name them as PATHs). Without PATHs, only these are scanned.
    #[arg(long, help_heading = "Discovery")]
    pub user: bool,
    /// Also scan the paths listed in FILE (`-`: standard input), one per line or NUL-separated (`git ls-files
    /// -z`, `find -print0`); each is taken as if named on the command line. Without PATHs, only these.
    #[arg(long, value_name = "FILE|-", help_heading = "Discovery")]
    pub files_from: Option<PathBuf>,
    /// The path of the config read from standard input (`-`): it decides its client and format, and it is
    /// reported (and fingerprinted) as that file. Without it, standard input is read as JSON named `<stdin>`.
    #[arg(long, value_name = "PATH", help_heading = "Discovery")]
    pub stdin_filename: Option<PathBuf>,
    /// Also follow symbolic links whose target is outside the scan root (files and folders, one hop deep).
    /// Links inside the scan root are always followed; the others are listed as skipped.
    #[arg(long, help_heading = "Discovery")]
    pub follow: bool,
    /// Human output: with --user, list every user location checked, found or absent.
    #[arg(short, long, help_heading = "Output")]
    pub verbose: bool,

    /// Output format [default: human]. May repeat: each -o takes the -f before it, a -f no -o takes goes to
    /// standard output (see `-o`).
    #[arg(short, long, value_enum, env = "MCPTRUST_FORMAT", help_heading = "Output")]
    pub format: Vec<Format>,
    /// Write a report to FILE instead of standard output. May repeat: each FILE gets the last -f given before it
    /// that no other -o took, else the format its extension names (.json, .jsonl, .sarif, .md, .xml for junit),
    /// else human. Colour never goes into a file.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Vec<PathBuf>,
    /// The order of the -f and -o given (true for a -f), filled in by `Cli::parse_args`; empty means every -f
    /// came first.
    #[arg(skip)]
    pub output_order: Vec<bool>,
    /// -q: findings only (no summary, notes or warnings); -qq: nothing on stdout or stderr, only the exit code
    /// (files named by -o are still written).
    #[arg(short, long, action = clap::ArgAction::Count, help_heading = "Output")]
    pub quiet: u8,
    /// A progress display on standard error while scanning: auto shows it when stderr is a terminal and the
    /// scan takes more than a moment (never with -q).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Progress::Auto, help_heading = "Output")]
    pub progress: Progress,
    /// Human output: a count per rule (with its worst severity and category) instead of the findings.
    #[arg(long, help_heading = "Output")]
    pub statistics: bool,
    /// JSON and JSONL reports: add the trust inventory (every client → server relationship, as `mcptrust
    /// inventory --format json` lists it). Always on with --shard, so that `merge --format html` can show it.
    #[arg(long, help_heading = "Output")]
    pub inventory: bool,
    /// Colour for human output on standard output: auto when it is a terminal and NO_COLOR is not set
    /// (CLICOLOR_FORCE forces it).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Color::Auto, help_heading = "Output")]
    pub color: Color,

    /// Exit 1 when a finding is at or above this severity [default: the config's `fail-on`, else low].
    #[arg(long, value_enum, value_name = "SEVERITY", help_heading = "Exit")]
    pub fail_on: Option<Severity>,
    /// Always exit 0 (errors are still reported).
    #[arg(long, help_heading = "Exit")]
    pub exit_zero: bool,

    /// Only these rules: ids, slugs, categories or tags (e.g. MCP101, secret, MCP01:2025).
    #[arg(long, value_delimiter = ',', value_name = "RULE", help_heading = "Rules")]
    pub select: Vec<String>,
    /// Skip these rules: ids, slugs, categories or tags.
    #[arg(long, value_delimiter = ',', value_name = "RULE", help_heading = "Rules")]
    pub ignore: Vec<String>,
    /// Extra rule packs (a YAML file or a folder of them).
    #[arg(long, value_name = "FILE|DIR", help_heading = "Rules")]
    pub rules: Vec<PathBuf>,

    /// Do not respect .gitignore, .ignore and .mcptrustignore files.
    #[arg(long, help_heading = "Discovery")]
    pub no_ignore: bool,
    /// Let ignore files hide known config locations too. By default .mcp.json, .vscode/mcp.json and every
    /// other known config location is scanned even when .gitignore, git's excludes or a .mcptrustignore below
    /// the repository root match it, and marked (a gitignored one as not committed); an ignored folder is
    /// entered only when it is a client's config folder (.vscode/, .claude/, ...), never node_modules/ or
    /// target/.
    #[arg(long, conflicts_with = "no_ignore", help_heading = "Discovery")]
    pub respect_gitignore: bool,
    /// Also scan files matching this glob, whatever their name.
    #[arg(long, value_name = "GLOB", help_heading = "Discovery")]
    pub include: Vec<String>,
    /// Skip files and folders matching this glob (what it skips is counted in the summary).
    #[arg(long, value_name = "GLOB", help_heading = "Discovery")]
    pub exclude: Vec<String>,
    /// Skip (and report) candidate files larger than this: bytes, or with a K, M or G suffix.
    #[arg(long, default_value = "10M", value_parser = parse_size, value_name = "SIZE", help_heading = "Discovery")]
    pub max_filesize: u64,
    /// Read this config instead of looking for `mcptrust.toml` above the first path.
    #[arg(long, value_name = "FILE", env = "MCPTRUST_CONFIG", help_heading = "Policy")]
    pub config: Option<PathBuf>,
    /// Read no config at all (not even --config or MCPTRUST_CONFIG).
    #[arg(long, help_heading = "Policy")]
    pub isolated: bool,
    /// Fail only on findings not recorded in this baseline (written by --write-baseline); report the fixed ones.
    #[arg(long, value_name = "FILE", help_heading = "Policy")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings (fingerprints, no secrets) as a baseline.
    #[arg(long, value_name = "FILE", help_heading = "Policy")]
    pub write_baseline: Option<PathBuf>,
    /// Worker threads: one per core when unset or 0; at most 64 (a larger N is capped at 64).
    #[arg(short = 'j', long, value_name = "N", help_heading = "Discovery")]
    pub threads: Option<usize>,
    /// Scan only shard K of N (K from 1 to N): N runs with K = 1..N read every file exactly once between them.
    /// Combine their reports with `mcptrust merge`.
    #[arg(long, value_name = "K/N", help_heading = "Sweep")]
    pub shard: Option<crate::shard::Shard>,
    /// What `--shard` splits: `repo`, the top-level entries under each scan root (another shard's are not
    /// walked), or `path`, each file.
    #[arg(long, value_enum, value_name = "UNIT", default_value_t, requires = "shard", help_heading = "Sweep")]
    pub shard_by: crate::shard::ShardBy,
}

/// The most worker threads `-j` gives: beyond this, threads only cost memory (each has a 16 MB stack).
pub const MAX_THREADS: usize = 64;

impl ScanArgs {
    /// PATH's default: `.`, unless `--user` gives the locations to scan.
    pub fn with_default_paths(mut self) -> ScanArgs {
        if self.paths.is_empty() && !self.user && self.files_from.is_none() {
            self.paths.push(PathBuf::from("."));
        }
        self
    }

    /// The paths `--files-from` lists, appended to PATH; an unreadable list is an error naming it.
    pub fn read_files_from(mut self) -> anyhow::Result<ScanArgs> {
        use std::io::Read as _;
        let Some(list) = &self.files_from else { return Ok(self) };
        let mut bytes = Vec::new();
        let read = if list.as_os_str() == "-" {
            std::io::stdin().lock().read_to_end(&mut bytes)
        } else {
            std::fs::File::open(list).and_then(|mut f| f.read_to_end(&mut bytes))
        };
        read.map_err(|e| anyhow::anyhow!("--files-from {}: {e}", list.display()))?;
        self.paths.extend(path_list(&bytes));
        Ok(self)
    }

    /// `-j` resolved: unset or 0 means one per core, and no more than [`MAX_THREADS`].
    pub fn thread_count(&self) -> usize {
        let cores = || std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        match self.threads {
            None | Some(0) => cores(),
            Some(n) => n,
        }
        .min(MAX_THREADS)
    }
}

#[derive(Args, Debug)]
pub struct InventoryArgs {
    /// Files and folders to read [default: `.`, or none with --user].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also read the current user's client configs (as `scan --user`).
    #[arg(long, help_heading = "Discovery")]
    pub user: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = InventoryFormat::Table, help_heading = "Output")]
    pub format: InventoryFormat,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// Write a draft `mcptrust.toml` with one `[[trust]]` entry per server found (owner = "TODO").
    #[arg(long, help_heading = "Output")]
    pub write_policy: bool,
    /// Show the task → server matrix: every subagent, command, skill, prompt, profile, recipe and role, the
    /// servers it reaches, how many of their tools it sees (`all`, a count, `-`), and `+auto` where they run
    /// without confirmation.
    #[arg(long, help_heading = "Output", conflicts_with = "write_policy")]
    pub tasks: bool,

    /// Only relationships with this server.
    #[arg(long, value_name = "NAME", help_heading = "Filters")]
    pub server: Option<String>,
    /// Only relationships of this client (`claude-code`, `vscode`, ...).
    #[arg(long, value_name = "NAME", help_heading = "Filters")]
    pub client: Option<String>,
    /// Only relationships that carry this credential (the `credential_id` findings print, or a prefix of it).
    #[arg(long, value_name = "ID", help_heading = "Filters")]
    pub credential: Option<String>,
    /// Only relationships whose approval expires within DAYS (or has expired).
    #[arg(long, value_name = "DAYS", help_heading = "Filters")]
    pub expiring: Option<u32>,
    /// Only relationships no `[[trust]]` entry approves.
    #[arg(long, help_heading = "Filters")]
    pub unapproved: bool,

    /// Read this config instead of looking for `mcptrust.toml` above the first path.
    #[arg(long, value_name = "FILE", env = "MCPTRUST_CONFIG", help_heading = "Policy")]
    pub config: Option<PathBuf>,
    /// Read no config at all.
    #[arg(long, help_heading = "Policy")]
    pub isolated: bool,
    /// Do not respect .gitignore, .ignore and .mcptrustignore files.
    #[arg(long, help_heading = "Discovery")]
    pub no_ignore: bool,
    /// Skip files and folders matching this glob.
    #[arg(long, value_name = "GLOB", help_heading = "Discovery")]
    pub exclude: Vec<String>,
}

impl InventoryArgs {
    /// The scan an inventory is read from: every rule (credential kinds and lifetimes come from them).
    pub fn scan_args(&self) -> ScanArgs {
        ScanArgs {
            paths: self.paths.clone(),
            user: self.user,
            files_from: None,
            stdin_filename: None,
            follow: false,
            verbose: false,
            format: vec![Format::Json],
            output: Vec::new(),
            output_order: Vec::new(),
            quiet: 0,
            progress: Progress::Never,
            color: Color::Never,
            statistics: false,
            inventory: true,
            fail_on: None,
            exit_zero: false,
            select: Vec::new(),
            ignore: Vec::new(),
            rules: Vec::new(),
            no_ignore: self.no_ignore,
            respect_gitignore: false,
            include: Vec::new(),
            exclude: self.exclude.clone(),
            max_filesize: 10 << 20,
            config: self.config.clone(),
            isolated: self.isolated,
            baseline: None,
            write_baseline: None,
            threads: None,
            shard: None,
            shard_by: crate::shard::ShardBy::Repo,
        }
        .with_default_paths()
    }
}

impl Cli {
    /// Parses the process's arguments like `Cli::parse`, and records the order `scan`'s -f and -o were given
    /// in (clap derive keeps each list, not how they interleave).
    pub fn parse_args() -> Cli {
        use clap::{CommandFactory, FromArgMatches};
        let matches = Cli::command().get_matches();
        let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        if let (Command::Scan(args), Some(("scan", m))) = (&mut cli.command, matches.subcommand()) {
            args.output_order = crate::output::order_of(m);
        }
        cli
    }
}

/// A list of paths: NUL-separated when it holds a NUL, else one per line (a trailing `\r` dropped); empty
/// entries are skipped. Names are kept byte for byte where the OS allows (a path need not be UTF-8).
pub fn path_list(bytes: &[u8]) -> Vec<PathBuf> {
    let separator = if bytes.contains(&0) { 0 } else { b'\n' };
    bytes
        .split(|b| *b == separator)
        .map(|entry| if separator == b'\n' { entry.strip_suffix(b"\r").unwrap_or(entry) } else { entry })
        .filter(|entry| !entry.is_empty())
        .map(path_from_bytes)
        .collect()
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

fn parse_now(s: &str) -> Result<Now, String> {
    Now::parse(s).map_err(|e| e.to_string())
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, unit) = match s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&s[..i], s[i..].trim().to_ascii_uppercase()),
        None => (s, String::new()),
    };
    let n: u64 = digits.parse().map_err(|_| format!("`{s}` is not a size (e.g. 10M, 512K, 1048576)"))?;
    let factor = match unit.trim_end_matches("IB").trim_end_matches('B') {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("`{s}`: unknown size unit (use K, M or G)")),
    };
    n.checked_mul(factor).ok_or_else(|| format!("`{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_lists_split_on_nul_or_lines() {
        assert_eq!(
            path_list(b"a/.mcp.json\r\nb c/x.json\n\n"),
            vec![PathBuf::from("a/.mcp.json"), "b c/x.json".into()]
        );
        assert_eq!(path_list(b"with\nnewline\0b\0"), vec![PathBuf::from("with\nnewline"), "b".into()]);
        assert!(path_list(b"").is_empty());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
    }

    #[test]
    fn threads_zero_is_the_default_and_huge_is_capped() {
        let threads = |j: &[&str]| match Cli::parse_from([&["mcptrust", "scan"], j].concat()).command {
            Command::Scan(a) => a.thread_count(),
            _ => unreachable!(),
        };
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).min(MAX_THREADS);
        assert_eq!(threads(&[]), cores);
        assert_eq!(threads(&["-j", "0"]), cores);
        assert_eq!(threads(&["-j", "3"]), 3);
        assert_eq!(threads(&["-j", "1000000"]), MAX_THREADS);
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
