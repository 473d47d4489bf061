use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
