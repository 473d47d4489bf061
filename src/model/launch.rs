//! What a server runs: the package a launch fetches through a runner (`npx`, `uvx`, `bunx`, `pnpm dlx`,
//! `pipx run`), and whether it is pinned. The model's reading of a launch, shared by the supply-chain rules and
//! the inventory.

use std::sync::LazyLock;

use regex::Regex;

use super::Str;

/// An exact version: semver (`1.2.3`, `1.2.3-rc.1+build`) or PEP 440 with pre-, post- and dev-releases
/// (`0.0.1a4`, `1.2.3rc1`, `2.0.post1`, `1.0.dev3`).
static EXACT_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^v?\d+(\.\d+){0,3}((a|b|rc|c|alpha|beta|pre|preview)\.?\d*)?([.-]?post\.?\d*)?([.-]?dev\.?\d*)?([-+][0-9A-Za-z.-]+)?$")
        .expect("version regex")
});
pub static PINNED_GIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[@#][0-9a-f]{7,40}$").expect("git pin regex"));

/// A package spec and whether (and how) it is pinned.
pub enum Spec<'a> {
    Pinned,
    Unpinned { spec: &'a Str, why: &'static str },
    Git { spec: &'a Str },
    NotAPackage,
}

/// Runners that fetch a package at start-up, and the flags of theirs that take a value.
fn runner(program: &str) -> Option<(&'static str, &'static [&'static str])> {
    match program {
        "npx" => Some(("npm", &["-p", "--package", "--registry", "--cache", "--userconfig", "-c", "--call"])),
        "bunx" => Some(("npm", &["-p", "--package"])),
        "uvx" => Some((
            "pypi",
            &[
                "--from",
                "--with",
                "--with-requirements",
                "--python",
                "-p",
                "--index",
                "--default-index",
                "--index-url",
                "--extra-index-url",
                "--find-links",
                "-f",
                "--directory",
                "--project",
                "--cache-dir",
                "--config-file",
                "--env-file",
            ],
        )),
        _ => None,
    }
}

/// The package spec a launch fetches, if it runs one through a package runner.
pub fn package_spec<'a>(program: &str, args: &'a [Str]) -> Option<(&'static str, &'a Str)> {
    let (ecosystem, valued, args) = match program {
        "pnpm" | "yarn" if args.first().is_some_and(|a| a.text == "dlx") => {
            ("npm", &["-p", "--package"][..], &args[1..])
        }
        "pipx" if args.first().is_some_and(|a| a.text == "run") => {
            ("pypi", &["--spec", "--python", "--index-url"][..], &args[1..])
        }
        // `uv tool run` is `uvx`.
        "uv" if args.len() > 2 && args[0].text == "tool" && args[1].text == "run" => {
            let (e, v) = runner("uvx")?;
            (e, v, &args[2..])
        }
        p => {
            let (e, v) = runner(p)?;
            (e, v, args)
        }
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i].text;
        // `--from pkg==1.0`, `--package pkg@1`, `--spec pkg` name the package themselves (`uvx -p` is Python).
        let names_package = matches!(a.as_str(), "--from" | "--package" | "--spec") || (a == "-p" && program != "uvx");
        if names_package && let Some(v) = args.get(i + 1) {
            return Some((ecosystem, v));
        }
        if a.starts_with('-') {
            i += if valued.contains(&a.as_str()) && !a.contains('=') { 2 } else { 1 };
            continue;
        }
        return Some((ecosystem, &args[i]));
    }
    None
}

pub fn judge<'a>(ecosystem: &str, spec: &'a Str) -> Spec<'a> {
    let text = spec.text.trim();
    if text.starts_with("git+") || text.starts_with("github:") || text.contains(".git@") || text.ends_with(".git") {
        return if PINNED_GIT.is_match(text) { Spec::Pinned } else { Spec::Git { spec } };
    }
    // A tarball or wheel by URL (`npx https://host/pkg.tgz`): whatever the URL serves at start-up.
    if text.starts_with("https://") || text.starts_with("http://") {
        return Spec::Unpinned { spec, why: "a download URL, not a version" };
    }
    if text.starts_with('.')
        || text.starts_with('/')
        || text.contains("://")
        || text.contains('$')
        || text.contains('{')
        || text.contains('\\')
    {
        return Spec::NotAPackage;
    }
    let version = match ecosystem {
        "npm" => {
            let body =
                text.strip_prefix('@').map(|rest| rest.split_once('/').map(|(_, n)| n).unwrap_or(rest)).unwrap_or(text);
            body.rsplit_once('@').map(|(_, v)| v)
        }
        _ => text.split_once("==").map(|(_, v)| v).or_else(|| text.rsplit_once('@').map(|(_, v)| v)),
    };
    match version {
        None if ecosystem == "pypi" && (text.contains(">=") || text.contains('~') || text.contains('<')) => {
            Spec::Unpinned { spec, why: "a version range" }
        }
        None => Spec::Unpinned { spec, why: "no version" },
        Some(v) if v.eq_ignore_ascii_case("latest") || v.eq_ignore_ascii_case("next") => {
            Spec::Unpinned { spec, why: "`@latest`" }
        }
        Some(v) if EXACT_VERSION.is_match(v) => Spec::Pinned,
        Some(_) => Spec::Unpinned { spec, why: "a version range" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(words: &[&str]) -> Vec<Str> {
        words
            .iter()
            .map(|w| Str { text: w.to_string(), span: crate::parse::Span::default(), pointer: String::new() })
            .collect()
    }

    #[test]
    fn uv_tool_run_and_download_urls() {
        let args = strs(&["tool", "run", "--from", "mcp-server-git==2025.7.1", "mcp-server-git"]);
        let (eco, spec) = package_spec("uv", &args).unwrap();
        assert!(matches!(judge(eco, spec), Spec::Pinned), "{}", spec.text);
        let args = strs(&["tool", "run", "mcp-server-fetch"]);
        assert!(matches!(package_spec("uv", &args).map(|(e, s)| judge(e, s)), Some(Spec::Unpinned { .. })));
        let args = strs(&["-y", "https://registry.acme.test/pkg-1.0.0.tgz"]);
        let (eco, spec) = package_spec("npx", &args).unwrap();
        assert!(matches!(judge(eco, spec), Spec::Unpinned { why: "a download URL, not a version", .. }));
        let args = strs(&["--from", "git+https://github.com/acme/mcp", "acme-mcp"]);
        assert!(matches!(package_spec("uvx", &args).map(|(e, s)| judge(e, s)), Some(Spec::Git { .. })));
        assert!(package_spec("uv", &strs(&["run", "server.py"])).is_none());
    }

    #[test]
    fn exact_versions_include_pre_and_post_releases() {
        for v in [
            "1.2.3",
            "v1.2",
            "1.2.3-rc.1",
            "1.2.3+build5",
            "0.0.1a4",
            "1.2.3rc1",
            "2.0.post1",
            "1.0.dev3",
            "1.0b2.post1",
        ] {
            assert!(EXACT_VERSION.is_match(v), "{v}");
        }
        for v in ["latest", "^1.2.3", "~1.2", ">=1.0", "1.x", "*", "next"] {
            assert!(!EXACT_VERSION.is_match(v), "{v}");
        }
    }
}
