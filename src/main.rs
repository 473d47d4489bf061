use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic message can quote the text being processed (string slicing panics do), and that text may be a
    // secret: say where it happened, never what it said.
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("mcptrust: internal error{at} (message withheld: it may quote scanned text); please report it");
    }));
    let cli = mcptrust::cli::Cli::parse();
    match mcptrust::run::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A closed pipe (`mcptrust scan | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("mcptrust: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
