//! Throughput of the secret patterns behind the prefilter as the number of pattern rules grows (1 rule up to
//! the full built-in pack), over the same config-like values, in the same run. Run: `cargo run --release --example prefilter`.

use std::time::{Duration, Instant};

use mcptrust::rules::RuleSet;

/// Values as they appear in MCP configs: package specs, paths, URLs, references, settings, a few secrets.
fn values() -> Vec<(String, String)> {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alnum = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut random = |n: usize| -> String { (0..n).map(|_| alnum[(next() % 62) as usize] as char).collect() };
    let mut out = Vec::new();
    for i in 0..40_000 {
        let (key, value) = match i % 10 {
            0 => ("ARG".to_string(), format!("@acme/server-{i}@1.{}.0", i % 7)),
            1 => ("ARG".into(), format!("/home/dev/projects/app-{i}/src/index.js")),
            2 => ("URL".into(), format!("https://mcp-{i}.acme.test/v1/sse?region=eu")),
            3 => ("API_KEY".into(), "${env:API_KEY}".to_string()),
            4 => ("LOG_LEVEL".into(), "info".to_string()),
            5 => ("Authorization".into(), "Bearer ${TOKEN}".to_string()),
            6 => ("DATABASE_URL".into(), format!("postgresql://app:${{DB_PASSWORD}}@db-{i}.internal:5432/app")),
            7 => ("GITHUB_TOKEN".into(), format!("ghp_{}", random(36))),
            8 => ("ARG".into(), format!("--config=/etc/mcp/{}.yaml", random(12))),
            _ => ("DESCRIPTION".into(), format!("Server number {i} answers questions about the {} project", random(8))),
        };
        // Rules see values with references blanked out, as in a scan.
        out.push((key, mcptrust::model::interpolation::literal_view(&value)));
    }
    out
}

fn throughput(rules: &RuleSet, values: &[(String, String)]) -> (f64, usize) {
    let bytes: usize = values.iter().map(|(_, v)| v.len()).sum();
    let mut best = Duration::MAX;
    let mut found = 0;
    for _ in 0..7 {
        let start = Instant::now();
        found = values.iter().map(|(k, v)| rules.scan(v, Some(k)).len()).sum();
        best = best.min(start.elapsed());
    }
    (bytes as f64 / best.as_secs_f64() / 1e6, found)
}

fn main() {
    let values = values();
    let full = RuleSet::load(&[]).expect("built-in rules");
    let ids: Vec<String> = full.pattern_rules().map(|(r, _)| r.meta.id.clone()).collect();
    println!("{} values, {} bytes", values.len(), values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut first = None;
    for count in [1, 5, 10, 20, 40, ids.len()] {
        let rules = RuleSet::load(&[]).expect("built-in rules").select(&ids[..count], &[]).expect("ids");
        // Compile the patterns first, so that every run measures scanning only.
        for (_, p) in rules.pattern_rules() {
            p.validate().expect("compiles");
        }
        let (mbps, found) = throughput(&rules, &values);
        let base = *first.get_or_insert(mbps);
        println!("{count:>4} pattern rules: {mbps:8.1} MB/s  ({:.2} of one rule; {found} secrets found)", mbps / base);
    }
}
