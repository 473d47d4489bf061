//! Wiring: runs a parsed command line and returns the exit code.

use std::io::Write;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, Command, ListFormat, RulesAction, RulesArgs, ScanArgs};
use crate::clock::Now;
use crate::discover::{self, Options};
use crate::policy::Policy;
use crate::policy::baseline::{self, Baseline, BaselineState};
use crate::policy::config::{self, ConfigError};
use crate::report::{self, Format, Report, terminal};
use crate::rules::Severity;
use crate::rules::engine::Detector;
use crate::rules::redact::Redactor;
use crate::rules::settings::RuleSettings;
use crate::rules::{RuleMeta, RuleSet};
use crate::scan::{FileError, Scanner};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// The exit code of a scan's (or a merge's) report. A candidate that was not read (an error, or skipped for its
/// size or kind) makes the scan incomplete, whatever it found.
pub fn exit_code(report: &Report, fail_on: Severity, exit_zero: bool) -> u8 {
    if exit_zero {
        EXIT_CLEAN
    } else if !report.errors.is_empty() || report.summary.files_skipped > 0 {
        EXIT_ERROR
    } else {
        match report.worst() {
            Some(s) if s >= fail_on => EXIT_FINDINGS,
            _ => EXIT_CLEAN,
        }
    }
}

pub fn run(cli: Cli) -> Result<u8> {
    let now = cli.now.unwrap_or_else(Now::system);
    match cli.command {
        Command::Scan(args) => match args.read_files_from().and_then(|a| {
            discover::stdin::check(&a.paths, a.files_from.as_deref(), a.stdin_filename.as_deref()).map(|()| a)
        }) {
            Ok(args) => scan(args.with_default_paths(), now),
            Err(e) => {
                eprintln!("error: {}", terminal::escape(&format!("{e:#}")));
                Ok(EXIT_ERROR)
            }
        },
        Command::Rules(args) => rules(args, now),
        Command::Inventory(args) => inventory(*args, now),
        Command::Explain { rule, rules } => explain(&rule, &rules),
        Command::Merge(args) => crate::merge::run(&args),
        Command::ConfigSchema => emit(&config::schema(), EXIT_CLEAN),
        Command::Completions { shell } => emit(&crate::generate::completions(shell), EXIT_CLEAN),
        Command::Generate { out_dir } => crate::generate::write(&out_dir),
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

/// A scan as far as its findings: the config in force, the rules, what discovery found and what each file holds.
struct Scanned {
    policy: Policy,
    rules: RuleSet,
    discovery: discover::Discovery,
    outcomes: Vec<crate::scan::FileOutcome>,
    fail_on: Severity,
    /// With `--user`: the home folder and every user location checked.
    user: Option<(std::path::PathBuf, Vec<discover::user::Checked>)>,
}

/// Loads the config and the rules, walks and scans. `None` when the config is unusable (already reported).
fn scan_files(args: &ScanArgs, now: Now) -> Result<Option<Scanned>> {
    scan_files_with(args, now, None, &crate::output::ProgressDisplay::new(args))
}

/// [`scan_files`], writing each file's lines to `stream` as the file is done, and showing `progress`.
fn scan_files_with(
    args: &ScanArgs,
    now: Now,
    stream: Option<&report::jsonl::Streamer>,
    progress: &crate::output::ProgressDisplay,
) -> Result<Option<Scanned>> {
    let policy = match load_policy(args) {
        Ok(p) => p,
        Err(e) => {
            if args.quiet < 2 {
                eprint!("{}", terminal::escape_lines(&render_config_error(&e)));
            }
            return Ok(None);
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
        respect_gitignore: args.respect_gitignore || config.is_some_and(|(c, _)| c.respect_gitignore),
        include: args.include.clone(),
        exclude,
        max_filesize: args.max_filesize,
        cwd: std::env::current_dir().context("cannot read the current directory")?,
        shard: args.shard.map(|s| (s, args.shard_by)),
        follow: args.follow,
        stdin: args.paths.iter().any(|p| discover::stdin::is_stdin(p)).then(|| {
            discover::stdin::read(&mut std::io::stdin().lock(), args.stdin_filename.clone(), args.max_filesize)
        }),
    };
    let user = if args.user {
        let env = |name: &str| std::env::var_os(name);
        let (home, locations) =
            discover::user::locations(discover::user::Os::current(), &env).map_err(anyhow::Error::msg)?;
        Some((home, discover::user::check(&locations)))
    } else {
        None
    };
    let user_checked = user.as_ref().map_or(&[][..], |(_, checked)| &checked[..]);
    progress.walking();
    let keep_sources = args.format.iter().any(|f| matches!(f, Format::Human | Format::Html)) || args.format.is_empty();
    let settings = match &policy.loaded {
        Some(l) => l.config.rule_settings().map_err(|e| anyhow::anyhow!("{}: {e}", l.path.display()))?,
        None => RuleSettings::default(),
    };
    // The inventory reads whole models: HTML shows it, JSON and JSONL carry it with --inventory or --shard, and
    // a config's approved trust is judged on it.
    let full_models =
        args.inventory || args.shard.is_some() || args.format.contains(&Format::Html) || policy.reads_inventory();
    let scanner = Scanner { rules: &rules, keep_sources, now, settings: &settings, full_models };
    // Files are scanned as the walk finds them, but for a report that streams each file as it is done: which of
    // two paths to one file (a link) is kept is known only once the walk is done, and a line written is final.
    let (discovery, outcomes) = pool.install(|| match stream {
        None => {
            let on_file = |o: &crate::scan::FileOutcome| progress.scanned(o.findings.len());
            let walked = scanner.walk_and_run(&args.paths, user_checked, &options, &|| progress.checked(), &on_file);
            progress.walked(None);
            walked
        }
        Some(stream) => discover::discover_with(&args.paths, user_checked, &options).map(|mut discovery| {
            progress.walked(Some(discovery.candidates.len()));
            let on_file = |o: &crate::scan::FileOutcome, origin: &discover::Origin| {
                progress.scanned(o.findings.len());
                stream.file(&rules, &policy, o, origin);
            };
            let outcomes = scanner.run_with(&mut discovery, &|| progress.checked(), &on_file);
            (discovery, outcomes)
        }),
    })?;
    progress.finish();
    Ok(Some(Scanned { policy, rules, discovery, outcomes, fail_on, user }))
}

fn scan(args: ScanArgs, now: Now) -> Result<u8> {
    let quiet = args.quiet;
    match scan_and_report(args, now) {
        // -qq: not even the error, only the exit code.
        Err(_) if quiet >= 2 => Ok(EXIT_ERROR),
        result => result,
    }
}

fn scan_and_report(args: ScanArgs, now: Now) -> Result<u8> {
    let mut targets = crate::output::targets(&args.format, &args.output, &args.output_order)?;
    if args.quiet >= 2 {
        targets.retain(|t| t.path.is_some());
    }
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    // JSONL streams: its file (or stdout) is open before the scan, and each file's lines go out as it is done.
    let stream = match targets.iter().find(|t| t.format == Format::Jsonl) {
        Some(t) => {
            let out: Box<dyn Write + Send> = match &t.path {
                Some(path) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("cannot write report to {}", path.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout())),
            };
            let known = baseline.as_ref().map(|b| b.fingerprints().into_iter().map(str::to_string).collect());
            Some(report::jsonl::Streamer::new(out, known, now))
        }
        None => None,
    };
    let progress = crate::output::ProgressDisplay::new(&args);
    let Some(Scanned { policy, rules, discovery, mut outcomes, fail_on, user }) =
        scan_files_with(&args, now, stream.as_ref(), &progress)?
    else {
        return Ok(EXIT_ERROR);
    };
    let mut extra = policy.apply(&rules, &mut outcomes, now);
    let walk_errors: Vec<FileError> = discovery
        .errors
        .iter()
        .map(|e| FileError {
            path: Redactor::empty().redact(&rules, &e.display).to_string(),
            message: Redactor::empty().redact(&rules, &e.message),
            line: None,
            column: None,
        })
        .collect();
    let fixed = baseline.as_ref().map(|b| compare_with_baseline(b, &mut outcomes, &mut extra));
    let metas: Vec<&RuleMeta> = rules.rules.iter().map(|r| r.meta.as_ref()).collect();
    let mut report = Report::new(&outcomes, &extra, &walk_errors, metas)
        .with_ignored(&discovery.ignored, &discovery.ignored_folders)
        .with_origins(discovery.errors.iter().map(|e| (e.display.as_str(), &e.origin)));
    if let Some(warning) = report.nothing_scanned_warning().filter(|_| args.quiet == 0) {
        eprintln!("warning: {}", terminal::escape(&warning));
    }
    if let Some(fixed) = fixed {
        report.set_baseline(fixed);
    }
    report.user_locations = user.map(|(home, checked)| user_locations(&rules, &home, &checked));
    // HTML shows the inventory; JSON and JSONL carry it when asked, and for a shard (for `merge`). Not by
    // default: at 3,000 repositories it made a JSON sweep 60% slower.
    let carried = args.inventory || args.shard.is_some();
    if targets.iter().any(|t| t.format == Format::Html || (carried && matches!(t.format, Format::Json | Format::Jsonl)))
    {
        let mut relationships = crate::inventory::build(&rules, &outcomes);
        if let Some(l) = &policy.loaded {
            // Only the status: the findings were counted above.
            let _ = crate::policy::trust::evaluate(l, &rules, &outcomes, &mut relationships, now);
        }
        report.inventory = Some(relationships);
        report.inventory_in_json = carried;
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

    let code = exit_code(&report, fail_on, args.exit_zero);
    let mut stream = stream;
    // Every format streams to the output: a report of many findings is never held whole in memory.
    for target in &targets {
        let to_terminal = target.path.is_none();
        let human = report::human::Options {
            // Colour only ever on standard output.
            color: to_terminal && crate::output::color(args.color),
            fail_on,
            statistics: args.statistics,
            verbose: args.verbose,
            width: if to_terminal { crate::output::width() } else { 80 },
            quiet: args.quiet,
        };
        if target.format == Format::Jsonl
            && let Some(streamer) = stream.take()
        {
            match streamer.finish(&report) {
                Ok(()) => continue,
                Err(e) if target.path.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(code),
                Err(e) => {
                    let to = target.path.as_ref().map(|p| p.display().to_string());
                    return Err(e)
                        .with_context(|| format!("cannot write report to {}", to.as_deref().unwrap_or("stdout")));
                }
            }
        }
        let write = |out: &mut dyn Write| report::write(&report, target.format, &human, out);
        match &target.path {
            Some(path) => {
                let written = std::fs::File::create(path).and_then(|file| {
                    let mut out = std::io::BufWriter::new(file);
                    write(&mut out)?;
                    out.flush()
                });
                written.with_context(|| format!("cannot write report to {}", path.display()))?;
            }
            None => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                match write(&mut out).and_then(|()| out.flush()) {
                    Ok(()) => {}
                    // A closed stdout: see `emit`.
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(code),
                    Err(e) => return Err(e).context("cannot write to stdout"),
                }
            }
        }
    }
    // Reports went to files only: say on stderr what was read.
    if args.quiet == 0 && !targets.iter().any(|t| t.path.is_none() || t.format == Format::Human) {
        let _ = writeln!(std::io::stderr(), "{}", terminal::escape(&report.coverage_line()));
    }
    Ok(code)
}

/// `mcptrust inventory`: the relationships the scan found, filtered, in the chosen format; or a draft policy.
fn inventory(args: crate::cli::InventoryArgs, now: Now) -> Result<u8> {
    let Some(scanned) = scan_files(&args.scan_args(), now)? else {
        return Ok(EXIT_ERROR);
    };
    let mut relationships = crate::inventory::build(&scanned.rules, &scanned.outcomes);
    if let Some(l) = &scanned.policy.loaded {
        // Only the status: the findings are `scan`'s business.
        let _ = crate::policy::trust::evaluate(l, &scanned.rules, &scanned.outcomes, &mut relationships, now);
    }
    let shown: Vec<&crate::inventory::Relationship> = relationships
        .iter()
        .filter(|r| args.server.as_deref().is_none_or(|s| r.server.as_str() == s))
        .filter(|r| args.client.as_deref().is_none_or(|c| r.client == c))
        .filter(|r| {
            args.credential.as_deref().is_none_or(|id| {
                r.credentials.iter().any(|c| c.credential_id.as_deref().is_some_and(|x| x.starts_with(id)))
            })
        })
        .filter(|r| args.expiring.is_none_or(|days| r.policy.days_left.is_some_and(|d| d <= i64::from(days))))
        .filter(|r| !args.unapproved || !r.policy.approved)
        .collect();
    let width = terminal_width().unwrap_or(100);
    let rendered = if args.tasks {
        let tasks: Vec<crate::inventory::TaskView> = crate::inventory::tasks(&scanned.rules, &scanned.outcomes)
            .into_iter()
            .filter(|t| args.server.as_deref().is_none_or(|s| t.servers.iter().any(|x| x.server.as_str() == s)))
            .filter(|t| args.client.as_deref().is_none_or(|c| t.client == c))
            .collect();
        crate::report::inventory::render_tasks(&tasks, args.format, width)
    } else if args.write_policy {
        crate::report::inventory::draft_policy(&shown, now)
    } else {
        crate::report::inventory::render(&shown, args.format, width)
    };
    let incomplete = !scanned.discovery.errors.is_empty()
        || scanned.outcomes.iter().any(|o| o.status != crate::scan::Status::Scanned);
    let code = if incomplete { EXIT_ERROR } else { EXIT_CLEAN };
    match &args.output {
        Some(path) => {
            std::fs::write(path, rendered).with_context(|| format!("cannot write {}", path.display()))?;
            Ok(code)
        }
        None => emit(&rendered, code),
    }
}

/// What `--user` checked, as reports show it: paths masked like every shown path.
fn user_locations(
    rules: &RuleSet,
    home: &std::path::Path,
    checked: &[discover::user::Checked],
) -> Vec<report::user::UserLocation> {
    let mask = |text: &str| Redactor::empty().redact(rules, text).to_string();
    checked
        .iter()
        .map(|c| report::user::UserLocation {
            client: c.client.slug(),
            path: mask(&discover::paths::normalize(&c.path)),
            kind: c.kind.name(),
            found: c.found,
            shown: mask(&discover::user::shown(&c.path, home)),
        })
        .collect()
}

/// The terminal's width from `COLUMNS`, when set (tables fit it; 100 otherwise).
fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.trim().parse().ok().filter(|&w: &usize| w >= 40)
}

/// The config in force: `--config`, else `MCPTRUST_CONFIG`, else the one found above the first scan root
/// (none with `--isolated`).
fn load_policy(args: &ScanArgs) -> std::result::Result<Policy, ConfigError> {
    if args.isolated {
        return Policy::new(None);
    }
    // Standard input (`-`) is looked up as the file it stands for.
    let roots: Vec<std::path::PathBuf> =
        args.paths.iter().map(|p| discover::stdin::as_root(p, args.stdin_filename.as_deref())).collect();
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        // With `--user` alone, the config above the current directory, as for a scan of `.`.
        None => config::discover(roots.first().map_or(std::path::Path::new("."), |p| p.as_path())),
    };
    let loaded = path.map(|p| config::load(&p)).transpose()?;
    if let (Some(l), true) = (&loaded, roots.len() > 1) {
        for root in &roots[1..] {
            if let Some(other) =
                config::discover(root).filter(|o| std::fs::canonicalize(o).ok() != std::fs::canonicalize(&l.path).ok())
            {
                let warning = format!(
                    "mcptrust: warning: {} is not read: this scan uses {} (scan {} on its own to use its config)",
                    other.display(),
                    l.path.display(),
                    root.display()
                );
                eprintln!("{}", terminal::escape(&warning));
            }
        }
    }
    Policy::new(loaded)
}

/// A config error as a code frame at the offending key.
fn render_config_error(e: &ConfigError) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
    // A config can hold a credential (a comment, a misplaced key): frame and message are masked like a scan's.
    let Ok(rules) = RuleSet::load(&[]) else {
        return String::from("mcptrust: error: invalid config (details withheld)\n");
    };
    let redact = |text: &str| Redactor::empty().redact(&rules, text).to_string();
    let path = display_config_path(&e.path);
    let (Some(text), Some(span)) = (&e.text, &e.span) else {
        return format!("mcptrust: error: {path}: {}\n", redact(&e.message));
    };
    let masked = Redactor::empty().masked_source(&rules, &path, text, &[]).text().to_string();
    let diagnostic = MietteDiagnostic::new(format!("invalid config: {}", redact(&e.message)))
        .with_code("mcptrust::config")
        .with_label(LabeledSpan::at(span.clone(), "here"));
    let report = miette::Report::new(diagnostic).with_source_code(NamedSource::new(path.clone(), masked));
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(110);
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        return format!("mcptrust: error: {path}: {}\n", redact(&e.message));
    }
    out
}

/// A config's path as the user would type it: relative to the current directory when inside it.
fn display_config_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().ok().and_then(|c| std::fs::canonicalize(c).ok());
    let abs = std::fs::canonicalize(path).ok();
    match (cwd, abs) {
        (Some(c), Some(a)) => {
            a.strip_prefix(&c).map(|r| r.display().to_string()).unwrap_or_else(|_| path.display().to_string())
        }
        _ => path.display().to_string(),
    }
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
            scan_doc_example(rules, doc, now).iter().any(|f| &f.finding.rule.id == id || f.finding.merged.contains(id))
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
pub fn scan_doc_example(rules: &RuleSet, doc: &crate::rules::pack::DocFile, now: Now) -> Vec<crate::scan::Located> {
    let (configs, files): (Vec<_>, Vec<_>) = doc.files().into_iter().partition(|(p, _)| *p == "mcptrust.toml");
    let loaded = configs.first().and_then(|(path, text)| {
        let config = config::parse(text, false).ok()?;
        Some(config::Loaded {
            config,
            path: std::path::PathBuf::from(path),
            dir: std::path::PathBuf::new(),
            text: text.to_string(),
            suppress_spans: config::suppress_spans(text),
            trust_spans: config::table_spans(text, "trust"),
        })
    });
    let settings = loaded.as_ref().and_then(|l| l.config.rule_settings().ok()).unwrap_or_default();
    let scanner = Scanner { rules, keep_sources: false, now, settings: &settings, full_models: true };
    let policy = Policy::new(loaded).unwrap_or_default();
    let mut outcomes = scanner.scan_texts(&files);
    let extra = policy.apply(rules, &mut outcomes, now);
    outcomes.into_iter().flat_map(|o| o.findings).chain(extra).collect()
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
