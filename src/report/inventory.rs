//! `mcptrust inventory`: the trust relationships as an aligned table, JSON, CSV or Markdown, and a draft
//! `[[trust]]` policy. Every value arrives redacted; CSV and Markdown cells are escaped for their format.

use serde::Serialize;

use crate::clock::Now;
use crate::inventory::Relationship;
use crate::inventory::TaskView;
use crate::model::task::ToolSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InventoryFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

const COLUMNS: &[&str] =
    &["client", "file", "scope", "server", "transport", "launch", "package", "credentials", "grants", "policy"];

fn cells(r: &Relationship) -> Vec<String> {
    let launch = r.command.as_deref().or(r.url.as_deref()).unwrap_or("").to_string();
    let package = match (&r.package, r.pinned) {
        (Some(p), Some(true)) => format!("{p} (pinned)"),
        (Some(p), _) => format!("{p} (unpinned)"),
        (None, _) => String::new(),
    };
    let credentials = r
        .credentials
        .iter()
        .map(|c| {
            let mut s = format!("{} [{}{}]", c.name, if c.literal { "literal " } else { "" }, c.kind);
            if let Some(l) = c.lifetime {
                s.push_str(&format!(" {l}"));
            }
            if let Some(id) = &c.credential_id {
                s.push_str(&format!(" id:{}", &id[..12.min(id.len())]));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ");
    let grants = r
        .grants
        .iter()
        .map(|g| {
            let reach = match g.reach {
                crate::model::Reach::Global => "global",
                crate::model::Reach::Server => "server-wide",
                crate::model::Reach::Wildcard => "wildcard",
                crate::model::Reach::Tools => "tools",
            };
            let tools = if g.tools.is_empty() {
                String::new()
            } else {
                format!(": {}", g.tools.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "))
            };
            format!("{} {reach}{tools}", g.field)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let policy = if r.policy.approved {
        let mut s = format!("approved ({})", r.policy.owner.as_deref().unwrap_or(""));
        if let (Some(e), Some(d)) = (&r.policy.expires, r.policy.days_left) {
            s.push_str(&format!(" until {e} ({d} days)"));
        }
        s
    } else {
        "not approved".to_string()
    };
    let transport = format!("{:?}{}", r.transport, if r.enabled { "" } else { " (disabled)" }).to_lowercase();
    vec![
        r.client.to_string(),
        r.file.clone(),
        format!("{:?}", r.scope).to_lowercase(),
        r.server.to_string(),
        transport,
        launch,
        package,
        credentials,
        grants,
        policy,
    ]
}

#[derive(Serialize)]
struct Doc<'a> {
    version: &'a str,
    relationships: &'a [&'a Relationship],
}

pub fn render(relationships: &[&Relationship], format: InventoryFormat, width: usize) -> String {
    match format {
        InventoryFormat::Json => {
            let mut out = serde_json::to_string_pretty(&Doc { version: env!("CARGO_PKG_VERSION"), relationships })
                .expect("inventory serializes");
            out.push('\n');
            out
        }
        InventoryFormat::Csv => {
            let mut out = COLUMNS.join(",");
            out.push('\n');
            for r in relationships {
                out.push_str(&cells(r).iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
                out.push('\n');
            }
            out
        }
        InventoryFormat::Markdown => {
            let mut out = format!(
                "| {} |\n|{}|\n",
                COLUMNS.join(" | "),
                COLUMNS.iter().map(|_| "---").collect::<Vec<_>>().join("|")
            );
            for r in relationships {
                out.push_str(&format!(
                    "| {} |\n",
                    cells(r).iter().map(|c| markdown_cell(c)).collect::<Vec<_>>().join(" | ")
                ));
            }
            out
        }
        InventoryFormat::Table => table(relationships, width),
    }
}

/// An aligned table within `width` columns: each cell is cut (with `…`) to a share of the width, never a line
/// wrapped. Control characters are escaped.
fn table(relationships: &[&Relationship], width: usize) -> String {
    let rows: Vec<Vec<String>> = relationships.iter().map(|r| cells(r).iter().map(|c| escape(c)).collect()).collect();
    let mut widths: Vec<usize> = COLUMNS.iter().map(|c| c.len()).collect();
    for row in &rows {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    // Shrink the widest columns until the table fits (two spaces between columns), down to 8 characters each.
    let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * (w.len() - 1);
    while total(&widths) > width {
        let (i, &w) = widths.iter().enumerate().max_by_key(|(_, w)| **w).expect("columns");
        if w <= 8 {
            break;
        }
        widths[i] = w - 1;
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        // Paths keep their end (the file name), everything else its start.
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &w))| pad(&if i == 1 { cut_start(c, w) } else { cut(c, w) }, w))
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(&COLUMNS.iter().map(|c| c.to_uppercase()).collect::<Vec<_>>(), &mut out);
    for row in &rows {
        line(row, &mut out);
    }
    out.push_str(&format!("{} relationships\n", relationships.len()));
    out
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn cut_start(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_string();
    }
    let tail: String = text.chars().skip(n + 1 - width.max(1)).collect();
    format!("…{tail}")
}

fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// Control and bidi characters as visible escapes (the terminal module's rule), for every format here.
fn escape(text: &str) -> String {
    super::terminal::escape(text).into_owned()
}

/// RFC 4180 quoting, and a leading `'` for cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`).
fn csv_cell(text: &str) -> String {
    let text = escape(text);
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text };
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

fn markdown_cell(text: &str) -> String {
    escape(text).replace('\\', "\\\\").replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;")
}

/// A draft `mcptrust.toml`: one `[[trust]]` entry per server found, `owner = "TODO"`, approved today and
/// expiring in 90 days, tools and credentials as configured today.
pub fn draft_policy(relationships: &[&Relationship], now: Now) -> String {
    let today = now.today();
    let expires = crate::clock::Date::from_days_since_epoch(today.days_since_epoch() + 90);
    let mut out = String::from(
        "#:schema ./mcptrust.schema.json\n# Draft written by `mcptrust inventory --write-policy`: one entry per server found today.\n# Review each entry, name its owner, narrow `tools` and `credentials`, then commit it.\nrequire-expiry = true\n",
    );
    let mut seen = std::collections::BTreeSet::new();
    for r in relationships {
        if !seen.insert((r.server.to_string(), r.client)) {
            continue;
        }
        out.push_str("\n[[trust]]\n");
        out.push_str(&format!("server = {}\n", toml_string(&r.server)));
        out.push_str(&format!("clients = [{}]\n", toml_string(r.client)));
        let tools: Vec<String> = r.grants.iter().flat_map(|g| g.tools.iter().map(|t| toml_string(t))).collect();
        if !tools.is_empty() {
            out.push_str(&format!("tools = [{}]\n", tools.join(", ")));
        }
        let credentials: Vec<String> = r.credentials.iter().map(|c| toml_string(&c.name)).collect();
        out.push_str(&format!("credentials = [{}]\n", credentials.join(", ")));
        out.push_str("owner = \"TODO\"\n");
        out.push_str(&format!("reason = {}\n", toml_string(&format!("found in {}", r.file))));
        out.push_str(&format!("approved = {today}\nexpires = {expires}\n"));
    }
    out
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if super::terminal::is_unsafe(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Serialize)]
struct TaskDoc<'a> {
    version: &'a str,
    tasks: &'a [TaskView],
}

/// A matrix cell: how much of the server the task sees, and `+auto` when some of it runs unasked.
fn cell(visible: &ToolSet, preapproved: &ToolSet) -> String {
    let seen = match visible {
        ToolSet::All => "all".to_string(),
        ToolSet::Some(list) => list.len().to_string(),
        ToolSet::None => "-".to_string(),
    };
    match preapproved {
        ToolSet::None => seen,
        ToolSet::All => format!("{seen} +auto all"),
        ToolSet::Some(list) => format!("{seen} +auto {}", list.len()),
    }
}

/// The task → server matrix (rows: tasks; columns: servers), or the tasks as JSON.
pub fn render_tasks(tasks: &[TaskView], format: InventoryFormat, width: usize) -> String {
    if format == InventoryFormat::Json {
        let mut out = serde_json::to_string_pretty(&TaskDoc { version: env!("CARGO_PKG_VERSION"), tasks })
            .expect("tasks serialize");
        out.push('\n');
        return out;
    }
    let mut servers: Vec<&str> = tasks.iter().flat_map(|t| t.servers.iter().map(|s| s.server.as_str())).collect();
    servers.sort_unstable();
    servers.dedup();
    let mut header: Vec<String> =
        ["TASK", "KIND", "CLIENT", "FILE", "APPROVAL", "UNRESOLVED", "ROUTES", "ESCALATES TO"]
            .map(String::from)
            .to_vec();
    header.extend(servers.iter().map(|s| s.to_string()));
    let rows: Vec<Vec<String>> = tasks
        .iter()
        .map(|t| {
            let mut row = vec![
                t.name.to_string(),
                t.kind.name().to_string(),
                t.client.to_string(),
                t.file.clone(),
                t.approval.as_ref().map(|a| a.to_string()).unwrap_or_default(),
                match (t.dangling.is_empty(), t.session_unknown) {
                    (false, _) => t.dangling.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" "),
                    (true, true) => "session not scanned".to_string(),
                    (true, false) => String::new(),
                },
                t.routes
                    .iter()
                    .map(|r| {
                        let mark = match (r.automatic, r.resolved) {
                            (_, false) => " (not found)",
                            (true, true) => " (auto)",
                            (false, true) => "",
                        };
                        format!("{}{mark}", r.target)
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                t.escalation.iter().map(|e| format!("{} via {}", e.server, e.through)).collect::<Vec<_>>().join(" "),
            ];
            row.extend(servers.iter().map(|name| {
                t.servers
                    .iter()
                    .find(|s| s.server.as_str() == *name)
                    .map_or("-".to_string(), |s| cell(&s.visible, &s.preapproved))
            }));
            row
        })
        .collect();
    match format {
        InventoryFormat::Csv => {
            let mut out = header.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",");
            out.push('\n');
            for r in &rows {
                out.push_str(&r.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
                out.push('\n');
            }
            out
        }
        InventoryFormat::Markdown => {
            let mut out = format!(
                "| {} |\n|{}|\n",
                header.join(" | "),
                header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
            );
            for r in &rows {
                out.push_str(&format!("| {} |\n", r.iter().map(|c| markdown_cell(c)).collect::<Vec<_>>().join(" | ")));
            }
            out
        }
        _ => {
            let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| escape(c)).collect()).collect();
            let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
            for r in &rows {
                for (w, c) in widths.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            // Long file paths give way first, so the server columns stay readable.
            let total: usize = widths.iter().sum::<usize>() + 2 * widths.len();
            if total > width {
                widths[3] = widths[3].saturating_sub(total - width).max(12);
            }
            let line = |cells: &[String]| {
                let mut out =
                    cells.iter().zip(&widths).map(|(c, &w)| pad(&cut_start(c, w), w)).collect::<Vec<_>>().join("  ");
                out.truncate(out.trim_end().len());
                out.push('\n');
                out
            };
            let mut out = line(&header);
            for r in &rows {
                out.push_str(&line(r));
            }
            if tasks.is_empty() {
                out.push_str("(no task files found)\n");
            }
            out
        }
    }
}
