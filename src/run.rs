//! Wiring: runs a parsed command line and returns the exit code.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, Color, Command, ListFormat, RulesAction, RulesArgs, ScanArgs};
use crate::clock::Now;
use crate::discover::{self, Options};
use crate::report::{self, Format, Report, terminal};
use crate::rules::engine::Detector;
use crate::rules::{RuleMeta, RuleSet};
use crate::scan::{FileError, Scanner};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> Result<u8> {
    let now = cli.now.unwrap_or_else(Now::system);
    match cli.command {
        Command::Scan(args) => scan(args, now),
        Command::Rules(args) => rules(args, now),
        Command::Explain { rule, rules } => explain(&rule, &rules),
        Command::Completions { shell } => emit(&completions(shell), EXIT_CLEAN),
    }
}

/// Writes a command's output to stdout, then ends with `code`. A closed stdout (`mcptrust scan | head -1`)
/// ends the command quietly with the code its result deserves, as if every line had been read: with
/// `set -o pipefail`, a scan with findings must not pass because its reader stopped early.
fn emit(text: &str, code: u8) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(code),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(e) => Err(e).context("cannot write to stdout"),
    }
}

fn scan(args: ScanArgs, now: Now) -> Result<u8> {
    let rules = RuleSet::load(&args.rules)?.select(&args.select, &args.ignore)?;
    if rules.rules.is_empty() {
        bail!("no rules loaded: nothing would be checked (see --select / --ignore)");
    }
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
    // Big stacks: hostile nesting is refused by the parsers, but keep headroom for the legitimate deep kind.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).stack_size(16 << 20).build()?;
    let options = Options {
        no_ignore: args.no_ignore,
        include: args.include.clone(),
        exclude: args.exclude.clone(),
        max_filesize: args.max_filesize,
        threads,
    };
    let discovery = discover::discover(&args.paths, &options)?;
    let keep_sources = args.format == Format::Human;
    let scanner = Scanner { rules: &rules, keep_sources, now };
    let outcomes = pool.install(|| scanner.run(&discovery));
    let walk_errors: Vec<FileError> = discovery
        .errors
        .iter()
        .map(|e| FileError { path: e.display.clone(), message: e.message.clone(), line: None, column: None })
        .collect();
    let metas: Vec<&RuleMeta> = rules.rules.iter().map(|r| r.meta.as_ref()).collect();
    let report = Report::new(&outcomes, &walk_errors, metas);

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            args.output.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    // A candidate that was not read (an error, or skipped for its size or kind) makes the scan incomplete.
    let code = if args.exit_zero {
        EXIT_CLEAN
    } else if !report.errors.is_empty() || report.summary.files_skipped > 0 {
        EXIT_ERROR
    } else {
        match report.worst() {
            Some(s) if s >= args.fail_on => EXIT_FINDINGS,
            _ => EXIT_CLEAN,
        }
    };
    // Every format streams to the output: a report of many findings is never held whole in memory.
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        match args.format {
            Format::Human => report::human::write(&report, color, out),
            Format::Json => report::json::write(&report, out),
            Format::Sarif => report::sarif::write(&report, out),
        }
    };
    match &args.output {
        Some(path) => {
            let written = std::fs::File::create(path).and_then(|file| {
                let mut out = std::io::BufWriter::new(file);
                write(&mut out)?;
                out.flush()
            });
            written.with_context(|| format!("cannot write report to {}", path.display()))?;
            if args.format != Format::Human {
                let _ = writeln!(std::io::stderr(), "{}", terminal::escape(&report.coverage_line()));
            }
            Ok(code)
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut out).and_then(|()| out.flush()) {
                Ok(()) => Ok(code),
                // A closed stdout: see `emit`.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
                Err(e) => Err(e).context("cannot write to stdout"),
            }
        }
    }
}

fn rules(args: RulesArgs, now: Now) -> Result<u8> {
    let rules = RuleSet::load(&args.rules)?;
    match args.action.unwrap_or(RulesAction::List) {
        RulesAction::List => {
            let mut out = String::new();
            if args.format == ListFormat::Json {
                let metas: Vec<&RuleMeta> = rules.rules.iter().map(|r| r.meta.as_ref()).collect();
                out.push_str(&serde_json::to_string_pretty(&metas)?);
                out.push('\n');
            } else {
                let mut metas: Vec<&RuleMeta> = rules.rules.iter().map(|r| r.meta.as_ref()).collect();
                metas.sort_by(|a, b| a.id.cmp(&b.id));
                for m in metas {
                    let line = format!(
                        "{:<7} {:<32} {:<12} {:<8} {}",
                        m.id,
                        m.slug,
                        m.category.name(),
                        m.severity.name(),
                        m.tags.join(" ")
                    );
                    out.push_str(&terminal::escape(&line));
                    out.push('\n');
                }
                out.push_str(&format!("{} rules\n", rules.rules.len()));
            }
            emit(&out, EXIT_CLEAN)
        }
        RulesAction::Check => {
            let problems = check_rules(&rules, now);
            let mut out: String = problems.iter().map(|p| format!("{}\n", terminal::escape(p))).collect();
            if problems.is_empty() {
                out.push_str(&format!("{} rules checked: every example behaves as documented\n", rules.rules.len()));
                emit(&out, EXIT_CLEAN)
            } else {
                out.push_str(&format!("{} problems in {} rules\n", problems.len(), rules.rules.len()));
                emit(&out, EXIT_ERROR)
            }
        }
    }
}

/// Every rule against its own examples: pattern positives and negatives, and the docs' Example (must trigger
/// the rule) and Use instead (must not).
pub fn check_rules(rules: &RuleSet, now: Now) -> Vec<String> {
    let mut problems = Vec::new();
    let scanner = Scanner { rules, keep_sources: false, now };
    for rule in &rules.rules {
        let id = &rule.meta.id;
        if let Detector::Pattern(p) = &rule.detector {
            if let Err(e) = p.validate() {
                problems.push(format!("{e:#}"));
                continue;
            }
            if p.examples.len() < 2 || p.negative_examples.len() < 2 {
                problems.push(format!("{id}: needs at least 2 examples and 2 negative examples"));
            }
            for e in &p.examples {
                if p.find(e).is_empty() {
                    problems.push(format!("{id}: misses its example {}", crate::rules::mask::mask(e)));
                }
            }
            for e in &p.negative_examples {
                if !p.find(e).is_empty() {
                    problems.push(format!("{id}: matches its negative example {e:?}"));
                }
            }
        }
        let docs = &rule.meta.docs;
        let fired = |doc: &crate::rules::pack::DocFile| {
            scanner.scan_texts(&doc.files()).iter().flat_map(|o| &o.findings).any(|f| &f.finding.rule.id == id)
        };
        if !fired(&docs.example) {
            problems.push(format!("{id}: its docs Example ({}) does not trigger it", docs.example.path));
        }
        if fired(&docs.use_instead) {
            problems.push(format!("{id}: its docs \"Use instead\" ({}) still triggers it", docs.use_instead.path));
        }
        for (section, text) in [("What it does", &docs.what), ("Why is this bad?", &docs.why)] {
            if text.trim().is_empty() {
                problems.push(format!("{id}: empty docs section \"{section}\""));
            }
        }
    }
    problems
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mcptrust", &mut out);
    String::from_utf8(out).expect("completion scripts are UTF-8")
}

fn explain(id: &str, extra: &[std::path::PathBuf]) -> Result<u8> {
    let rules = RuleSet::load(extra)?;
    let Some(rule) = rules.get(id) else {
        bail!("no rule `{id}` (see `mcptrust rules`)");
    };
    // Rule packs are data too (`--rules` can name any file): their docs are shown escaped.
    emit(&terminal::escape_lines(&explain_text(&rule.meta)), EXIT_CLEAN)
}

pub fn explain_text(m: &RuleMeta) -> String {
    let d = &m.docs;
    let files = |doc: &crate::rules::pack::DocFile| -> String {
        doc.files().iter().map(|(path, content)| format!("{path}:\n{}", indent(content))).collect()
    };
    format!(
        "# {} ({}): {}\n\ncategory: {} · severity: {} · tags: {}\n\n## What it does\n{}\n## Why is this bad?\n{}\n## Example\n{}\n## Use instead\n{}",
        m.id,
        m.slug,
        m.name,
        m.category,
        m.severity,
        m.tags.join(", "),
        d.what,
        d.why,
        files(&d.example),
        files(&d.use_instead)
    )
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}
