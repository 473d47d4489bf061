use std::io::Write;
use std::process::ExitCode;

use mcptrust::report::terminal;

fn main() -> ExitCode {
    // A panic message can quote the text being processed (string slicing panics do), and that text may be a
    // secret: say where it happened, never what it said. Nothing here may panic again (a closed stderr).
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "mcptrust: internal error{} (message withheld: it may quote scanned text); please report it",
            terminal::escape(&at)
        );
    }));
    let cli = mcptrust::cli::Cli::parse_args();
    match mcptrust::run::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // The error can name a path or quote a file: escaped, it cannot drive the terminal.
            let _ = writeln!(std::io::stderr(), "mcptrust: error: {}", terminal::escape(&format!("{e:#}")));
            ExitCode::from(mcptrust::run::EXIT_ERROR)
        }
    }
}
