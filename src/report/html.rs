//! `--format html`: one self-contained page (inline CSS, JS and SVG, no network: a Content-Security-Policy
//! forbids any fetch) with the totals, three shares, charts per repository and per rule, the trust inventory
//! as a sortable, filterable table, every finding with its masked code excerpt and its rule's fix, and what
//! changed since a baseline. Everything but sorting and filtering works with JavaScript off.
//!
//! Every value from a scanned file goes through [`text`] (element content) or [`attr`] (a quoted attribute
//! value): `<`, `>`, `&`, `"`, `'` become character references and control characters visible escapes, so a
//! config value can never become markup or script. Links are built only from the crate's repository URL and
//! the ids of built-in rules, never from scanned values. Values are masked upstream; code excerpts come from
//! each file's masked copy.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use super::{Report, terminal};
use crate::model::Reach;
use crate::policy::baseline::BaselineState;
use crate::rules::Severity;
use crate::scan::Located;

/// The share of MCP servers the field reports exposing credentials through hard-coded configuration values.
pub const PUBLISHED_LITERAL_SHARE: u32 = 53;
/// Repositories shown in the chart; the rest are counted.
pub const TOP_REPOSITORIES: usize = 20;
/// Lines of context either side of a finding in its excerpt.
const CONTEXT: usize = 1;
/// The longest excerpt line shown (characters); longer lines are cut with `…`.
const MAX_LINE: usize = 200;

/// `s` safe as element content: HTML's specials as character references, controls as visible escapes.
pub fn text(s: &str) -> String {
    let s = terminal::escape(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `s` safe inside a double-quoted attribute value (the only kind this page writes): as [`text`], which
/// escapes both quotes and every control character (newlines and tabs included).
pub fn attr(s: &str) -> String {
    text(s)
}

/// A code excerpt line: as [`text`], but tabs kept (they are layout, not hostile).
fn code(s: &str) -> String {
    s.split('\t').map(text).collect::<Vec<_>>().join("\t")
}

/// The repository of a file the walk did not place (named on the command line, read from standard input, or
/// from a report that does not say): its folder, less the client folders (`.cursor/`, `.vscode/`, ...) it
/// sits in.
fn fallback_repository(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    if let Some(dot) = parts.iter().position(|p| p.starts_with('.') && *p != "." && *p != "..") {
        parts.truncate(dot);
    }
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}

const SEVERITIES: [Severity; 5] = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

// Findings off screen are neither laid out nor painted until scrolled to (`content-visibility`): the page of
// a 1,000-repository sweep (4,710 findings) painted in 1.6 s instead of 3 s (BENCHMARKS.md).
const STYLE: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c8cdd8}
main{padding:18px 28px;max-width:1400px}section{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:14px 18px;margin:0 0 18px}
h2{font-size:17px;margin:0 0 10px}.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid #dde1e8;border-radius:6px;padding:10px 14px;min-width:130px}
.card b{display:block;font-size:24px}.card small{color:#5b6475}.grid{display:grid;align-items:start;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:14px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eceff3;vertical-align:top}
th{background:#f0f2f5;cursor:pointer;user-select:none;white-space:nowrap}td.n,th.n{text-align:right}
.sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px;font-weight:600}
.sev-critical{background:#8b0000}.sev-high{background:#d9480f}.sev-medium{background:#e8a400}.sev-low{background:#3b7dd8}.sev-info{background:#6c757d}
.finding{border-top:1px solid #eceff3;padding:10px 0;content-visibility:auto;contain-intrinsic-size:auto 180px}.finding h3{font-size:14px;margin:0 0 4px;font-weight:600}
pre{background:#1d2330;color:#e6e9ef;padding:8px 10px;border-radius:6px;overflow-x:auto;font-size:12.5px;margin:6px 0}
pre .hl{background:#5a2a2a;display:inline-block;min-width:100%}pre .ln{color:#7d8799;display:inline-block;width:4em}
.bar{fill:#3b7dd8}.share{font-size:28px;font-weight:700}.muted{color:#5b6475}.gap{background:#fff4e5;border-left:4px solid #d9480f;padding:6px 10px}.new{color:#d9480f;font-weight:600}.fixed{color:#2b8a3e;font-weight:600}
input[type=search]{padding:5px 8px;width:320px;border:1px solid #c8cdd8;border-radius:4px;margin:0 0 8px}tr[hidden]{display:none}
a{color:#1c5fb8}code{font-size:12.5px}details summary{cursor:pointer;color:#1c5fb8}
"#;

/// Sorting and filtering of the inventory table; `#filter=TEXT` in the URL filters on load. When it has run
/// without an exception it marks `<body data-js="ok">`; an uncaught error is written into `data-js-error`.
const SCRIPT: &str = r#"
window.onerror=function(m){document.body.setAttribute('data-js-error',String(m));};
(function(){
var t=document.getElementById('inventory');var box=document.getElementById('filter');
if(t&&box){
var rows=function(){return Array.prototype.slice.call(t.tBodies[0].rows);};
var count=document.getElementById('shown');
var apply=function(){var q=box.value.trim().toLowerCase();var n=0;rows().forEach(function(r){var hit=!q||r.textContent.toLowerCase().indexOf(q)>=0;if(hit){r.removeAttribute('hidden');n++;}else{r.setAttribute('hidden','');}});if(count){count.textContent=String(n);}};
box.addEventListener('input',apply);
var m=/(?:^#|&)filter=([^&]*)/.exec(location.hash);if(m){box.value=decodeURIComponent(m[1]);}
apply();
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){th.addEventListener('click',function(){
var asc=th.getAttribute('data-dir')!=='asc';th.setAttribute('data-dir',asc?'asc':'desc');
var key=function(r){var c=r.cells[i];var v=c.getAttribute('data-v');if(v===null){v=c.textContent;}var x=parseFloat(v);return isNaN(x)?v.toLowerCase():x;};
var sorted=rows().sort(function(a,b){var x=key(a),y=key(b);if(typeof x!==typeof y){x=String(x);y=String(y);}return (x<y?-1:x>y?1:0)*(asc?1:-1);});
sorted.forEach(function(r){t.tBodies[0].appendChild(r);});});});
}
document.body.setAttribute('data-js','ok');
})();
"#;

pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut h = String::with_capacity(64 * 1024);
    let s = &report.summary;
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>mcptrust report</title><style>{STYLE}</style></head><body>\n\
<header><h1>mcptrust audit report</h1><p id=\"coverage\">{}</p></header><main>\n",
        text(&report.coverage_line())
    );
    totals(&mut h, report);
    shares(&mut h, report);
    charts(&mut h, report);
    inventory(&mut h, report);
    baseline(&mut h, report);
    findings(&mut h, report);
    if !report.errors.is_empty() {
        let _ = write!(h, "<section id=\"errors\"><h2>Files not fully checked ({})</h2><ul>", report.errors.len());
        for e in &report.errors {
            let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = write!(h, "<li><code>{}{at}</code>: {}</li>", text(&e.path), text(e.message.as_str()));
        }
        h.push_str("</ul></section>\n");
    }
    let _ = writeln!(
        h,
        "<p class=\"muted\">{} rules loaded · generated by mcptrust {}</p></main><script>{SCRIPT}</script></body></html>",
        s.rules_loaded,
        text(env!("CARGO_PKG_VERSION"))
    );
    out.write_all(h.as_bytes())
}

fn card(h: &mut String, id: &str, n: usize, label: &str) {
    let _ = write!(h, "<div class=\"card\" id=\"{}\"><b>{n}</b><small>{}</small></div>", attr(id), text(label));
}

fn totals(h: &mut String, report: &Report) {
    let s = &report.summary;
    h.push_str("<section id=\"totals\"><h2>Totals</h2><div class=\"cards\">");
    card(h, "total-files", s.files_scanned, "files scanned");
    card(h, "total-servers", s.servers, "servers");
    card(h, "total-findings", s.findings, "findings");
    card(h, "total-suppressed", s.suppressed, "suppressed");
    card(h, "total-errors", s.files_with_errors, "files with errors");
    h.push_str("</div><div class=\"grid\" style=\"margin-top:12px\">");
    let severity: Vec<(String, usize)> = SEVERITIES
        .iter()
        .filter_map(|sev| s.by_severity.get(sev.name()).map(|&n| (sev.name().to_string(), n)))
        .collect();
    count_table(h, "by-severity", "Severity", &severity, true);
    let category: Vec<(String, usize)> = s.by_category.iter().map(|(k, v)| (k.clone(), *v)).collect();
    count_table(h, "by-category", "Category", &category, false);
    let client: Vec<(String, usize)> = s.by_client.iter().map(|(k, v)| (k.clone(), *v)).collect();
    count_table(h, "by-client", "Client (files)", &client, false);
    h.push_str("</div></section>\n");
}

fn count_table(h: &mut String, id: &str, what: &str, rows: &[(String, usize)], severity: bool) {
    let _ = write!(
        h,
        "<table id=\"{}\"><thead><tr><th>{}</th><th class=\"n\">Count</th></tr></thead><tbody>",
        attr(id),
        text(what)
    );
    if rows.is_empty() {
        h.push_str("<tr><td colspan=\"2\" class=\"muted\">none</td></tr>");
    }
    for (k, n) in rows {
        let label = if severity { format!("<span class=\"sev sev-{}\">{}</span>", attr(k), text(k)) } else { text(k) };
        let _ = write!(h, "<tr><td>{label}</td><td class=\"n\">{n}</td></tr>");
    }
    h.push_str("</tbody></table>");
}

/// A share as `37%` (`n/a` of nothing).
fn percent(part: usize, whole: usize) -> String {
    (part * 100 + whole / 2).checked_div(whole).map_or_else(|| "n/a".to_string(), |p| format!("{p}%"))
}

fn server_wide(reach: Reach) -> bool {
    matches!(reach, Reach::Global | Reach::Server | Reach::Wildcard)
}

fn shares(h: &mut String, report: &Report) {
    let Some(rels) = &report.inventory else {
        h.push_str("<section id=\"shares\"><h2>Shares</h2>");
        inventory_gap(h, report);
        h.push_str("<p class=\"muted\">The trust inventory is not part of this report.</p></section>\n");
        return;
    };
    let literal = rels.iter().filter(|r| r.credentials.iter().any(|c| c.literal)).count();
    let wide = rels.iter().filter(|r| r.grants.iter().any(|g| server_wide(g.reach))).count();
    let creds: Vec<_> = rels.iter().flat_map(|r| &r.credentials).filter(|c| c.literal).collect();
    let no_expiry = creds.iter().filter(|c| c.lifetime.is_none_or(|l| l == "no-expiry" || l == "long-lived")).count();
    h.push_str("<section id=\"shares\"><h2>Shares</h2>");
    inventory_gap(h, report);
    h.push_str("<div class=\"grid\">");
    let _ = write!(
        h,
        "<div id=\"share-literal\"><div class=\"share\">{}</div>of servers carry a literal credential ({literal} of {}); the published figure for MCP servers is {PUBLISHED_LITERAL_SHARE}%.</div>",
        percent(literal, rels.len()),
        rels.len()
    );
    let _ = write!(
        h,
        "<div id=\"share-grants\"><div class=\"share\">{}</div>of client–server relationships have a server-wide grant (every tool, or a wildcard, runs without confirmation) ({wide} of {}).</div>",
        percent(wide, rels.len()),
        rels.len()
    );
    let _ = write!(
        h,
        "<div id=\"share-expiry\"><div class=\"share\">{}</div>of literal credentials have no known expiry ({no_expiry} of {}).</div>",
        percent(no_expiry, creds.len()),
        creds.len()
    );
    h.push_str("</div></section>\n");
}

/// A horizontal bar chart as inline SVG: one bar per (label, count), longest first.
fn bar_chart(h: &mut String, id: &str, title: &str, bars: &[(String, usize)], rest: Option<String>) {
    let _ = write!(h, "<div><h3>{}</h3>", text(title));
    if bars.is_empty() {
        h.push_str("<p class=\"muted\">no findings</p></div>");
        return;
    }
    let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let (row, label_w, bar_w) = (20, 260, 360);
    let height = bars.len() * row + 4;
    let w = label_w + bar_w + 60;
    let _ = write!(
        h,
        "<svg id=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {height}\" style=\"width:100%;max-width:{w}px\" role=\"img\" aria-label=\"{}\">",
        attr(id),
        attr(title)
    );
    for (i, (label, n)) in bars.iter().enumerate() {
        let y = i * row;
        let w = (n * bar_w).div_ceil(max).max(1);
        let shown: String = if label.chars().count() > 38 {
            format!("…{}", label.chars().rev().take(37).collect::<Vec<_>>().into_iter().rev().collect::<String>())
        } else {
            label.clone()
        };
        let _ = write!(
            h,
            "<g class=\"row\"><title>{}: {n}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text><rect class=\"bar\" x=\"{label_w}\" y=\"{}\" width=\"{w}\" height=\"{}\"></rect><text x=\"{}\" y=\"{}\" font-size=\"12\">{n}</text></g>",
            text(label),
            label_w - 6,
            y + 14,
            text(&shown),
            y + 3,
            row - 6,
            label_w + w + 4,
            y + 14
        );
    }
    h.push_str("</svg>");
    if let Some(rest) = rest {
        let _ = write!(h, "<p class=\"muted\">{}</p>", text(&rest));
    }
    h.push_str("</div>");
}

fn counted(findings: &[&&Located], key: impl Fn(&Located) -> String) -> Vec<(String, usize)> {
    let mut map: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings {
        *map.entry(key(f)).or_insert(0) += 1;
    }
    let mut v: Vec<(String, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

fn charts(h: &mut String, report: &Report) {
    let active: Vec<&&Located> = report.findings.iter().filter(|f| f.suppressed.is_none()).collect();
    let repo = |f: &Located| {
        report.origin(&f.path).and_then(|o| o.repository.clone()).unwrap_or_else(|| fallback_repository(&f.path))
    };
    let mut repos = counted(&active, repo);
    let rest = (repos.len() > TOP_REPOSITORIES).then(|| {
        let more = &repos[TOP_REPOSITORIES..];
        format!("and {} more repositories with {} findings", more.len(), more.iter().map(|r| r.1).sum::<usize>())
    });
    repos.truncate(TOP_REPOSITORIES);
    let rules = counted(&active, |f| format!("{} {}", f.finding.rule.id, f.finding.rule.slug));
    h.push_str("<section id=\"charts\"><h2>Where the findings are</h2><div class=\"grid\">");
    bar_chart(h, "chart-repositories", "Findings per repository (top 20)", &repos, rest);
    bar_chart(h, "chart-rules", "Findings per rule", &rules, None);
    h.push_str("</div></section>\n");
}

/// A merged report whose inputs did not all carry the inventory says which did not: its shares and table
/// leave their servers out.
fn inventory_gap(h: &mut String, report: &Report) {
    if report.inventory_missing.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<p class=\"gap\" id=\"inventory-gap\">Incomplete: {} of the merged reports carried no trust inventory (SARIF holds none; JSON and JSONL hold one when scanned with <code>--shard</code> or <code>--inventory</code>), so the shares and the inventory leave their servers out: {}.</p>",
        report.inventory_missing.len(),
        report.inventory_missing.iter().map(|m| format!("<code>{}</code>", text(m))).collect::<Vec<_>>().join(", ")
    );
}

fn inventory(h: &mut String, report: &Report) {
    let Some(rels) = &report.inventory else { return };
    let _ = write!(
        h,
        "<section id=\"trust\"><h2>Trust inventory (<span id=\"shown\">{}</span> of {} relationships)</h2>",
        rels.len(),
        rels.len()
    );
    if !report.inventory_missing.is_empty() {
        h.push_str("<p class=\"gap\">Incomplete: some merged reports carried no inventory (<a href=\"#inventory-gap\">which</a>).</p>");
    }
    h.push_str(
        "<input type=\"search\" id=\"filter\" placeholder=\"Filter (client, server, credential, owner…)\" aria-label=\"Filter the inventory\">\
<table id=\"inventory\"><thead><tr><th>Client</th><th>Server</th><th>File</th><th>Credentials</th><th>Grants</th><th>Policy</th><th>Owner</th><th class=\"n\">Days to expiry</th></tr></thead><tbody>",
    );
    for r in rels {
        let creds: Vec<String> = r
            .credentials
            .iter()
            .map(|c| {
                let life = c.lifetime.map(|l| format!(", {l}")).unwrap_or_default();
                format!(
                    "<div><code>{}</code> ({}: {}{})</div>",
                    text(c.name.as_str()),
                    text(c.place),
                    text(&c.kind),
                    text(&life)
                )
            })
            .collect();
        let grants: Vec<String> = r
            .grants
            .iter()
            .map(|g| {
                format!(
                    "<div><code>{}</code> = <code>{}</code> ({})</div>",
                    text(&g.field),
                    text(g.value.as_str()),
                    text(reach_name(g.reach))
                )
            })
            .collect();
        let p = &r.policy;
        let status = if p.approved { "approved" } else { "not approved" };
        let days = p.days_left.map(|d| d.to_string()).unwrap_or_default();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td data-v=\"{}\">{}</td><td data-v=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
            text(r.client),
            text(r.server.as_str()),
            text(&r.file),
            r.credentials.len(),
            creds.concat(),
            r.grants.len(),
            grants.concat(),
            status,
            text(p.owner.as_deref().unwrap_or("")),
            p.days_left.map_or(i64::MAX, |d| d),
            days
        );
    }
    h.push_str("</tbody></table></section>\n");
}

fn reach_name(reach: Reach) -> &'static str {
    match reach {
        Reach::Global => "every server",
        Reach::Server => "whole server",
        Reach::Wildcard => "wildcard",
        Reach::Tools => "named tools",
    }
}

fn baseline(h: &mut String, report: &Report) {
    let Some(b) = &report.summary.baseline else { return };
    let _ = write!(
        h,
        "<section id=\"baseline\"><h2>Since the baseline</h2><p><span class=\"new\" id=\"baseline-new\">{} new</span> · {} unchanged · <span class=\"fixed\" id=\"baseline-fixed\">{} fixed</span></p>",
        b.new, b.unchanged, b.fixed
    );
    if !report.fixed.is_empty() {
        h.push_str(
            "<table id=\"fixed\"><thead><tr><th>Fixed: rule</th><th>File</th><th>Where</th></tr></thead><tbody>",
        );
        for e in &report.fixed {
            let _ = write!(
                h,
                "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>",
                text(&e.rule),
                text(&e.path),
                text(&e.pointer)
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>\n");
}

fn findings(h: &mut String, report: &Report) {
    let mut shown: Vec<&&Located> = report.findings.iter().filter(|f| f.suppressed.is_none()).collect();
    shown.sort_by_key(|f| std::cmp::Reverse(f.finding.severity));
    let _ = write!(h, "<section id=\"findings\"><h2>Findings ({})</h2>", shown.len());
    if shown.is_empty() {
        h.push_str("<p>No findings.</p>");
    }
    for f in shown {
        let rule = &f.finding.rule;
        let sev = f.finding.severity.name();
        let docs = super::sarif::rule_docs_url(rule);
        let id = match &docs {
            Some(url) => format!("<a href=\"{}\">{}</a>", attr(url), text(&rule.id)),
            None => text(&rule.id),
        };
        let new = if f.baseline == Some(BaselineState::New) { " <span class=\"new\">new</span>" } else { "" };
        let _ = write!(
            h,
            "<div class=\"finding\" data-severity=\"{}\"><h3><span class=\"sev sev-{}\">{}</span> {id} {} · <code>{}:{}:{}</code>{new}</h3><div class=\"message\">{}</div>",
            attr(sev),
            attr(sev),
            text(sev),
            text(&rule.slug),
            text(&f.path),
            f.start.line,
            f.start.column,
            text(f.finding.message.as_str())
        );
        excerpt(h, f);
        let _ = write!(h, "<p><a href=\"#fix-{}\">Fix</a></p></div>", anchor(&rule.id));
    }
    h.push_str("</section>\n");
    fixes(h, report);
}

/// A rule id as an in-page anchor: only letters, digits, `-` and `_` kept (a user's pack can name rules freely).
fn anchor(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// Each rule with findings once: what it checks and its fix (the docs' "Use instead"), which findings link to.
fn fixes(h: &mut String, report: &Report) {
    let mut seen = std::collections::BTreeSet::new();
    h.push_str("<section id=\"fixes\"><h2>Rules and fixes</h2>");
    for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
        let rule = &f.finding.rule;
        if !seen.insert(rule.id.as_str()) {
            continue;
        }
        let fix: String = rule
            .docs
            .use_instead
            .files()
            .iter()
            .map(|(path, content)| format!("{path}:\n{content}"))
            .collect::<Vec<_>>()
            .join("\n");
        let _ = write!(
            h,
            "<div class=\"fix\" id=\"fix-{}\"><h3>{} {}: {}</h3><p>{}</p><p>{}</p><p>Use instead:</p><pre>{}</pre></div>",
            anchor(&rule.id),
            text(&rule.id),
            text(&rule.slug),
            text(&rule.name),
            text(rule.docs.what.trim()),
            text(rule.docs.why.trim()),
            code(fix.trim_end())
        );
    }
    h.push_str("</section>\n");
}

/// The finding's lines and one either side, from the file's masked copy, the finding's own lines marked.
fn excerpt(h: &mut String, f: &Located) {
    let Some(source) = &f.source else { return };
    let (text_, lines) = (source.text(), source.lines());
    if lines.line_count() == 0 || f.start.line == 0 {
        return;
    }
    let first = f.start.line - 1;
    let last = f.end.line.max(f.start.line) - 1;
    let from = first.saturating_sub(CONTEXT);
    let to = (last + CONTEXT).min(lines.line_count() - 1);
    h.push_str("<pre class=\"excerpt\">");
    for i in from..=to {
        let (start, end) = (lines.line_start(i), lines.line_end(i, text_.len()));
        let line = text_[start..end].trim_end_matches(['\n', '\r']);
        let line: String = if line.chars().count() > MAX_LINE {
            line.chars().take(MAX_LINE).chain(std::iter::once('…')).collect()
        } else {
            line.to_string()
        };
        let mark = if (first..=last).contains(&i) { " class=\"hl\"" } else { "" };
        let _ = writeln!(h, "<span{mark}><span class=\"ln\">{}</span>{}</span>", i + 1, code(&line));
    }
    h.push_str("</pre>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        let e = text("<script>alert(1)</script>\"><img src=x onerror=alert(1)>'\u{1b}[31m\n");
        for bad in ["<", ">", "\"", "'", "\u{1b}", "\n"] {
            assert!(!e.contains(bad), "{bad:?} in {e}");
        }
        assert!(e.starts_with("&lt;script&gt;"), "{e}");
        assert_eq!(text("plain text 42"), "plain text 42");
        assert_eq!(attr("a\"b"), "a&quot;b");
        assert_eq!(code("\tx<"), "\tx&lt;");
    }

    #[test]
    fn shares_round_and_say_when_empty() {
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "n/a");
    }

    #[test]
    fn fallback_repository_is_the_folder_above_client_folders() {
        assert_eq!(fallback_repository("repos/a/.mcp.json"), "repos/a");
        assert_eq!(fallback_repository("repos/a/.cursor/mcp.json"), "repos/a");
        assert_eq!(fallback_repository("repos/a/.continue/mcpServers/w.yaml"), "repos/a");
        assert_eq!(fallback_repository(".vscode/mcp.json"), ".");
    }
}
