//! `--user`: the user config locations checked, for the summary line, `--verbose` and JSON.

use serde::Serialize;

use super::terminal;

/// One location `--user` checked. Paths arrive masked like every shown path.
#[derive(Debug, Clone, Serialize)]
pub struct UserLocation {
    /// The client slug (`claude-code`, `vscode`, `claude-agent`, ...).
    pub client: &'static str,
    /// The full path (JSON keeps it).
    pub path: String,
    /// `file` or `folder` (a folder of task files, walked within itself).
    pub kind: &'static str,
    pub found: bool,
    /// The path with the home folder as `~` (human output).
    #[serde(skip)]
    pub shown: String,
}

/// `9 of 57 user locations found`.
pub fn summary(locations: &[UserLocation]) -> String {
    let found = locations.iter().filter(|l| l.found).count();
    let word = if locations.len() == 1 { "location" } else { "locations" };
    format!("{found} of {} user {word} found", locations.len())
}

/// `--verbose`: every location checked, found ones first, each line escaped for the terminal.
pub fn listing(locations: &[UserLocation]) -> String {
    let mut out = format!("user locations checked ({}):\n", summary(locations));
    let width = locations.iter().map(|l| l.client.len()).max().unwrap_or(0);
    for found in [true, false] {
        for l in locations.iter().filter(|l| l.found == found) {
            let state = if l.found { "found " } else { "absent" };
            let line = format!("  {state}  {:<width$}  {}", l.client, l.shown);
            out.push_str(&terminal::escape(&line));
            out.push('\n');
        }
    }
    out
}
