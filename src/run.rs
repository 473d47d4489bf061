//! Wiring: runs a parsed command line and returns the exit code.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, Color, Command, ListFormat, RulesAction, RulesArgs, ScanArgs};
use crate::clock::Now;
use crate::discover::{self, Options};
use crate::policy::Policy;
use crate::policy::baseline::{self, Baseline, BaselineState};
use crate::policy::config::{self, ConfigError};
use crate::report::{self, Format, Report};
use crate::rules::Severity;
use crate::rules::engine::Detector;
use crate::rules::redact::Redactor;
use crate::rules::{RuleMeta, RuleSet};
use crate::scan::{FileError, Scanner};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> Result<u8> {
    let now = cli.now.unwrap_or_else(Now::system);
    match cli.command {
        Command::Scan(args) => scan(*args, now),
        Command::Rules(args) => rules(args, now),
        Command::Explain { rule, rules } => explain(&rule, &rules),
        Command::ConfigSchema => {
            std::io::stdout().write_all(config::schema().as_bytes())?;
            Ok(EXIT_CLEAN)
        }
        Command::Completions { shell } => {
            std::io::stdout().write_all(completions(shell).as_bytes())?;
            Ok(EXIT_CLEAN)
        }
    }
}

fn scan(args: ScanArgs, now: Now) -> Result<u8> {
    let policy = match load_policy(&args) {
        Ok(p) => p,
        Err(e) => {
            eprint!("{}", render_config_error(&e));
            return Ok(EXIT_ERROR);
        }
    };
    let config = policy.loaded.as_ref().map(|l| (&l.config, l.dir.as_path()));
    let mut select = args.select.clone();
    let mut ignore = args.ignore.clone();
    let mut packs = args.rules.clone();
    let mut exclude = args.exclude.clone();
    if let Some((c, dir)) = config {
        select.extend(c.select.iter().cloned());
        ignore.extend(c.ignore.iter().cloned());
        packs.extend(c.rules.iter().map(|p| dir.join(p)));
        exclude.extend(c.exclude.iter().cloned());
    }
    let fail_on =
        args.fail_on.or_else(|| config.and_then(|(c, _)| c.fail_on).map(Severity::from)).unwrap_or(Severity::Low);
    let rules = RuleSet::load(&packs)?.select(&select, &ignore)?;
    if rules.rules.is_empty() {
        bail!("no rules loaded: nothing would be checked (see --select / --ignore)");
    }
    let threads = args.thread_count();
    // Big stacks: hostile nesting is refused by the parsers, but keep headroom for the legitimate deep kind.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).stack_size(16 << 20).build()?;
    let options = Options {
        no_ignore: args.no_ignore,
        respect_gitignore: args.respect_gitignore,
        include: args.include.clone(),
        exclude,
        max_filesize: args.max_filesize,
        cwd: std::env::current_dir().context("cannot read the current directory")?,
    };
    let discovery = pool.install(|| discover::discover(&args.paths, &options))?;
    let keep_sources = args.format == Format::Human;
    let scanner = Scanner { rules: &rules, keep_sources, now };
    let mut outcomes = pool.install(|| scanner.run(&discovery));
    let mut extra = policy.apply(&rules, &mut outcomes, now);
    let walk_errors: Vec<FileError> = discovery
        .errors
        .iter()
        .map(|e| FileError {
            path: e.display.clone(),
            message: Redactor::empty().redact(&rules, &e.message),
            line: None,
            column: None,
        })
        .collect();
    let fixed = match &args.baseline {
        Some(path) => Some(compare_with_baseline(&Baseline::read(path)?, &mut outcomes, &mut extra)),
        None => None,
    };
    let metas: Vec<&RuleMeta> = rules.rules.iter().map(|r| r.meta.as_ref()).collect();
    let mut report = Report::new(&outcomes, &extra, &walk_errors, metas)
        .with_ignored(&discovery.ignored, &discovery.ignored_folders)
        .with_origins(discovery.errors.iter().map(|e| (e.display.as_str(), &e.origin)));
    if let Some(warning) = report.nothing_scanned_warning() {
        eprintln!("warning: {warning}");
    }
    if let Some(fixed) = fixed {
        report.set_baseline(fixed);
    }
    if let Some(path) = &args.write_baseline {
        let entries = report
            .findings
            .iter()
            .filter(|f| f.suppressed.is_none())
            .map(|f| baseline::Entry {
                fingerprint: f.finding.fingerprint.clone(),
                rule: f.finding.rule.id.clone(),
                path: f.path.clone(),
                pointer: f.finding.pointer.to_string(),
            })
            .collect();
        std::fs::write(path, Baseline::new(entries).to_json())
            .with_context(|| format!("cannot write baseline to {}", path.display()))?;
    }

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            args.output.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let rendered = match args.format {
        Format::Human => report::human::render(&report, color),
        Format::Json => report::json::render(&report),
        Format::Sarif => report::sarif::render(&report),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, rendered).with_context(|| format!("cannot write report to {}", path.display()))?;
            if args.format != Format::Human {
                eprintln!("{}", report.coverage_line());
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
        }
    }
    if args.exit_zero {
        return Ok(EXIT_CLEAN);
    }
    // A candidate that was not read (an error, or skipped for its size or kind) makes the scan incomplete.
    if !report.errors.is_empty() || report.summary.files_skipped > 0 {
        return Ok(EXIT_ERROR);
    }
    Ok(match report.worst() {
        Some(s) if s >= fail_on => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    })
}

/// The config in force: `--config`, else `MCPTRUST_CONFIG`, else the one found above the first scan root
/// (none with `--isolated`).
fn load_policy(args: &ScanArgs) -> std::result::Result<Policy, ConfigError> {
    if args.isolated {
        return Policy::new(None);
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => args.paths.first().and_then(|root| config::discover(root)),
    };
    let loaded = path.map(|p| config::load(&p)).transpose()?;
    if let (Some(l), true) = (&loaded, args.paths.len() > 1) {
        for root in &args.paths[1..] {
            if let Some(other) =
                config::discover(root).filter(|o| std::fs::canonicalize(o).ok() != std::fs::canonicalize(&l.path).ok())
            {
                eprintln!(
                    "mcptrust: warning: {} is not read: this scan uses {} (scan {} on its own to use its config)",
                    other.display(),
                    l.path.display(),
                    root.display()
                );
            }
        }
    }
    Policy::new(loaded)
}

/// A config error as a code frame at the offending key.
fn render_config_error(e: &ConfigError) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
    let (Some(text), Some(span)) = (&e.text, &e.span) else {
        return format!("mcptrust: error: {e}\n");
    };
    let diagnostic = MietteDiagnostic::new(format!("invalid config: {}", e.message))
        .with_code("mcptrust::config")
        .with_label(LabeledSpan::at(span.clone(), "here"));
    let report =
        miette::Report::new(diagnostic).with_source_code(NamedSource::new(e.path.display().to_string(), text.clone()));
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(110);
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        return format!("mcptrust: error: {e}\n");
    }
    out
}

/// Marks each finding new or unchanged against `baseline`; returns the recorded findings that are gone.
fn compare_with_baseline(
    baseline: &Baseline,
    outcomes: &mut [crate::scan::FileOutcome],
    extra: &mut [crate::scan::Located],
) -> Vec<baseline::Entry> {
    let recorded = baseline.fingerprints();
    let mut seen = std::collections::BTreeSet::new();
    for f in outcomes.iter_mut().flat_map(|o| o.findings.iter_mut()).chain(extra.iter_mut()) {
        let known = recorded.contains(f.finding.fingerprint.as_str());
        if known {
            seen.insert(f.finding.fingerprint.clone());
        }
        f.baseline = Some(if known { BaselineState::Unchanged } else { BaselineState::New });
    }
    baseline.findings.iter().filter(|e| !seen.contains(&e.fingerprint)).cloned().collect()
}

fn rules(args: RulesArgs, now: Now) -> Result<u8> {
    let rules = RuleSet::load(&args.rules)?;
    match args.action.unwrap_or(RulesAction::List) {
        RulesAction::List => {
            let mut out = std::io::stdout().lock();
            if args.format == ListFormat::Json {
                let metas: Vec<&RuleMeta> = rules.rules.iter().map(|r| r.meta.as_ref()).collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&metas)?)?;
            } else {
                let mut metas: Vec<&RuleMeta> = rules.rules.iter().map(|r| r.meta.as_ref()).collect();
                metas.sort_by(|a, b| a.id.cmp(&b.id));
                for m in metas {
                    writeln!(
                        out,
                        "{:<7} {:<32} {:<12} {:<8} {}",
                        m.id,
                        m.slug,
                        m.category.name(),
                        m.severity.name(),
                        m.tags.join(" ")
                    )?;
                }
                writeln!(out, "{} rules", rules.rules.len())?;
            }
            Ok(EXIT_CLEAN)
        }
        RulesAction::Check => {
            let problems = check_rules(&rules, now);
            for p in &problems {
                println!("{p}");
            }
            if problems.is_empty() {
                println!("{} rules checked: every example behaves as documented", rules.rules.len());
                Ok(EXIT_CLEAN)
            } else {
                println!("{} problems in {} rules", problems.len(), rules.rules.len());
                Ok(EXIT_ERROR)
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
            scan_doc_example(rules, &scanner, doc, now).iter().any(|f| &f.finding.rule.id == id)
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

/// Scans a rule's documented example as a tree; an `mcptrust.toml` among its files is the tree's config.
pub fn scan_doc_example(
    rules: &RuleSet,
    scanner: &Scanner,
    doc: &crate::rules::pack::DocFile,
    now: Now,
) -> Vec<crate::scan::Located> {
    let (configs, files): (Vec<_>, Vec<_>) = doc.files().into_iter().partition(|(p, _)| *p == "mcptrust.toml");
    let loaded = configs.first().and_then(|(path, text)| {
        let config = config::parse(text, false).ok()?;
        Some(config::Loaded {
            config,
            path: std::path::PathBuf::from(path),
            dir: std::path::PathBuf::new(),
            text: text.to_string(),
            suppress_spans: config::suppress_spans(text),
        })
    });
    let policy = Policy::new(loaded).unwrap_or_default();
    let mut outcomes = scanner.scan_texts(&files);
    let extra = policy.apply(rules, &mut outcomes, now);
    outcomes.into_iter().flat_map(|o| o.findings).chain(extra).collect()
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
    print!("{}", explain_text(&rule.meta));
    Ok(EXIT_CLEAN)
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
