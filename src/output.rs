//! Where a scan's reports go and how the terminal is treated: `-f`/`-o` pairing, colour, width, quietness
//! and the progress display.
//!
//! Pairing: each `-o FILE` writes the last `-f` given before it that no earlier `-o` took; without one, the
//! format its extension names (`.json`, `.jsonl`/`.ndjson`, `.sarif`, `.md`, `.xml` for junit), else human. A
//! `-f` that no `-o` takes goes to standard output, and at most one may. `MCPTRUST_FORMAT` counts as a `-f`
//! given first when the command line has none. Without any `-f` or `-o`, human goes to standard output.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::cli::{Color, Progress, ScanArgs};
use crate::report::Format;

/// One report to write: a format, to a file or (`None`) standard output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub format: Format,
    pub path: Option<PathBuf>,
}

/// The order `scan`'s `-f` and `-o` were given in (`true` for a `-f`), from clap's indices. A format taken
/// from `MCPTRUST_FORMAT` counts as given first.
pub fn order_of(m: &clap::ArgMatches) -> Vec<bool> {
    let from_line = |id: &str| m.value_source(id) == Some(clap::parser::ValueSource::CommandLine);
    let mut at: Vec<(usize, bool)> = Vec::new();
    if from_line("format") {
        at.extend(m.indices_of("format").into_iter().flatten().map(|i| (i, true)));
    } else if m.value_source("format").is_some() {
        at.push((0, true));
    }
    if from_line("output") {
        at.extend(m.indices_of("output").into_iter().flatten().map(|i| (i, false)));
    }
    at.sort();
    at.into_iter().map(|(_, f)| f).collect()
}

/// The format a report file's name implies.
pub fn format_of_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::Jsonl,
        "sarif" => Format::Sarif,
        "md" | "markdown" => Format::Markdown,
        "xml" => Format::Junit,
        _ => return None,
    })
}

/// Resolves `-f` and `-o` into the reports to write (see the module docs).
pub fn targets(formats: &[Format], outputs: &[PathBuf], order: &[bool]) -> Result<Vec<Target>> {
    let default_order: Vec<bool>;
    let order = if order.len() == formats.len() + outputs.len() {
        order
    } else {
        default_order =
            std::iter::repeat_n(true, formats.len()).chain(std::iter::repeat_n(false, outputs.len())).collect();
        &default_order
    };
    let (mut f, mut o) = (formats.iter(), outputs.iter());
    let mut pending: Vec<Format> = Vec::new();
    let mut targets = Vec::new();
    for &is_format in order {
        if is_format {
            pending.extend(f.next().copied());
            continue;
        }
        let Some(path) = o.next() else { continue };
        let format = pending.pop().or_else(|| format_of_extension(path)).unwrap_or(Format::Human);
        if targets.iter().any(|t: &Target| t.path.as_deref() == Some(path.as_path())) {
            bail!("-o {} is given twice", path.display());
        }
        targets.push(Target { format, path: Some(path.clone()) });
    }
    match pending.len() {
        0 if outputs.is_empty() => targets.push(Target { format: Format::Human, path: None }),
        0 => {}
        1 => targets.insert(0, Target { format: pending[0], path: None }),
        _ => {
            let names: Vec<String> = pending.iter().map(|f| format!("{f:?}").to_lowercase()).collect();
            bail!(
                "more than one format for standard output ({}): give each but one an -o FILE after it",
                names.join(", ")
            )
        }
    }
    Ok(targets)
}

fn env_set(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Whether human output on standard output gets colour: `always`, `never`, or (auto) when stdout is a
/// terminal and `NO_COLOR` is not set, or whenever `CLICOLOR_FORCE` is set (and not `0`).
pub fn color(when: Color) -> bool {
    match when {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            if env_set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                return true;
            }
            std::io::stdout().is_terminal() && env_set("NO_COLOR").is_none()
        }
    }
}

/// The width human output fits: `COLUMNS` when set, else the terminal's when stdout is one, else 80.
pub fn width() -> usize {
    if let Some(w) = env_set("COLUMNS").and_then(|c| c.trim().parse::<usize>().ok()).filter(|&w| w >= 20) {
        return w;
    }
    if std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(std::io::stdout())
        && w >= 20
    {
        return usize::from(w);
    }
    80
}

/// The progress display on stderr: files found, scanned and findings so far. Shown (`auto`) only when stderr
/// is a terminal, never with `-q`, and only once the scan has taken more than a moment.
pub struct ProgressDisplay {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    shown: std::sync::atomic::AtomicBool,
    forced: bool,
    findings: std::sync::atomic::AtomicUsize,
    configs: std::sync::atomic::AtomicUsize,
    walk_done: std::sync::atomic::AtomicBool,
}

/// How long a scan runs before `auto` shows its progress.
const MOMENT: Duration = Duration::from_millis(300);

/// A progress line on a stderr that is not a terminal (`--progress always`): one line per redraw.
#[derive(Debug)]
struct Lines;

impl indicatif::TermLike for Lines {
    fn width(&self) -> u16 {
        80
    }
    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        use std::io::Write;
        writeln!(std::io::stderr(), "{s}")
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        use std::io::Write;
        write!(std::io::stderr(), "{s}")
    }
    fn clear_line(&self) -> std::io::Result<()> {
        Ok(())
    }
    fn flush(&self) -> std::io::Result<()> {
        use std::io::Write;
        std::io::stderr().flush()
    }
}

impl ProgressDisplay {
    pub fn new(args: &ScanArgs) -> ProgressDisplay {
        let wanted = match args.progress {
            _ if args.quiet > 0 => None,
            Progress::Never => None,
            Progress::Always => Some(true),
            Progress::Auto => std::io::stderr().is_terminal().then_some(false),
        };
        let bar = wanted.map(|forced| {
            let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            if forced {
                bar.set_draw_target(indicatif::ProgressDrawTarget::term_like(Box::new(Lines)));
            }
            bar
        });
        ProgressDisplay {
            forced: wanted == Some(true),
            shown: (wanted == Some(true)).into(),
            bar,
            started: Instant::now(),
            findings: 0.into(),
            configs: 0.into(),
            walk_done: false.into(),
        }
    }

    fn show_if_slow(&self, bar: &indicatif::ProgressBar) {
        use std::sync::atomic::Ordering;
        if !self.forced && !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= MOMENT {
            self.shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Walking: nothing counted yet.
    pub fn walking(&self) {
        if let Some(bar) = &self.bar {
            bar.set_message("walking the tree…");
            bar.tick();
        }
    }

    /// One more candidate read and checked (a config or not).
    pub fn checked(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            self.describe(bar);
        }
    }

    /// The walk is done, having found `candidates` when they are all scanned after it (else they were scanned
    /// while it went on).
    pub fn walked(&self, candidates: Option<usize>) {
        use std::sync::atomic::Ordering;
        self.walk_done.store(true, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            if let Some(n) = candidates {
                bar.set_length(n as u64);
                bar.set_position(0);
            }
            self.describe(bar);
            bar.tick();
        }
    }

    /// One config scanned, with `findings` findings.
    pub fn scanned(&self, findings: usize) {
        use std::sync::atomic::Ordering;
        if let Some(bar) = &self.bar {
            self.configs.fetch_add(1, Ordering::Relaxed);
            self.findings.fetch_add(findings, Ordering::Relaxed);
            self.describe(bar);
        }
    }

    fn describe(&self, bar: &indicatif::ProgressBar) {
        use std::sync::atomic::Ordering;
        let scanned = match (self.walk_done.load(Ordering::Relaxed), bar.length()) {
            (true, Some(n)) => format!("walk done: {}/{n}", bar.position()),
            (true, None) => format!("walk done: {}", bar.position()),
            (false, _) => format!("walking: {}", bar.position()),
        };
        bar.set_message(format!(
            "{scanned} candidates scanned, {} configs, {} findings",
            self.configs.load(Ordering::Relaxed),
            self.findings.load(Ordering::Relaxed)
        ));
        self.show_if_slow(bar);
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            if self.forced {
                bar.finish();
            } else {
                bar.finish_and_clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn t(format: Format, path: Option<&str>) -> Target {
        Target { format, path: path.map(PathBuf::from) }
    }

    #[test]
    fn pairing() {
        let p = |s: &str| PathBuf::from(s);
        // Nothing given: human on stdout.
        assert_eq!(targets(&[], &[], &[]).unwrap(), [t(Format::Human, None)]);
        // -f sarif -o r.sarif -f human: a file and the terminal.
        assert_eq!(
            targets(&[Format::Sarif, Format::Human], &[p("r.sarif")], &[true, false, true]).unwrap(),
            [t(Format::Human, None), t(Format::Sarif, Some("r.sarif"))]
        );
        // -o by extension, and the -f after it goes to stdout.
        assert_eq!(
            targets(&[Format::Github], &[p("r.jsonl"), p("x.xml")], &[false, false, true]).unwrap(),
            [t(Format::Github, None), t(Format::Jsonl, Some("r.jsonl")), t(Format::Junit, Some("x.xml"))]
        );
        // One -o of no known extension: human, as before.
        assert_eq!(targets(&[], &[p("report.txt")], &[false]).unwrap(), [t(Format::Human, Some("report.txt"))]);
        // No order known (parse_from): every -f first.
        assert_eq!(targets(&[Format::Json], &[p("r.txt")], &[]).unwrap(), [t(Format::Json, Some("r.txt"))]);
        // Two formats left for stdout, or one file twice: errors.
        assert!(targets(&[Format::Json, Format::Human], &[], &[true, true]).is_err());
        assert!(targets(&[], &[p("a.json"), p("a.json")], &[false, false]).is_err());
    }

    #[test]
    fn extensions() {
        assert_eq!(format_of_extension(Path::new("a/b.SARIF")), Some(Format::Sarif));
        assert_eq!(format_of_extension(Path::new("b.ndjson")), Some(Format::Jsonl));
        assert_eq!(format_of_extension(Path::new("b.md")), Some(Format::Markdown));
        assert_eq!(format_of_extension(Path::new("b")), None);
    }
}
