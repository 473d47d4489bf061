//! What a user expects of a project beside the code: a version that names its build, the licences
//! Cargo.toml declares, a changelog.

mod common;

use std::process::Command;

use common::{mcptrust, root, stdout};

#[test]
fn version_names_the_package_version_and_the_commit_of_a_checkout() {
    let re = regex::Regex::new(r"^ \(([0-9a-f]{7,}) (\d{4}-\d{2}-\d{2})\)$").unwrap();
    for flag in ["--version", "-V"] {
        let out = mcptrust(&[flag], &root());
        assert_eq!(out.status.code(), Some(0));
        let line = stdout(&out);
        let expected = format!("mcptrust {}", env!("CARGO_PKG_VERSION"));
        assert!(line.starts_with(&expected), "{line}");
        let git = Command::new("git").args(["-C", root().to_str().unwrap(), "log", "-1", "--format=%h %cs"]).output();
        let head =
            git.ok().filter(|o| o.status.success()).map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        match head {
            // Built from this checkout: the commit and its date. (A commit made since the build would rebuild
            // first: build.rs watches HEAD and the branch it names.)
            Some(head) if root().join(".git").exists() => {
                let (hash, date) = head.split_once(' ').unwrap();
                let shown = line.trim().strip_prefix(&expected).unwrap();
                let caps = re.captures(shown).unwrap_or_else(|| panic!("`{line}` has no (commit date)"));
                assert!(caps[1].starts_with(&hash[..7]) || hash.starts_with(&caps[1]), "{line} vs HEAD {head}");
                assert_eq!(&caps[2], date, "{line}");
            }
            _ => assert_eq!(line.trim(), expected, "no checkout: the package version alone"),
        }
    }
}

#[test]
fn the_declared_licences_are_there_and_the_changelog_has_an_unreleased_section() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    let mit = std::fs::read_to_string(root().join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("MIT License") && mit.contains("The mcptrust developers"));
    assert!(mit.contains("THE SOFTWARE IS PROVIDED \"AS IS\""));
    let apache = std::fs::read_to_string(root().join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
    let changelog = std::fs::read_to_string(root().join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## [Unreleased]") && changelog.contains("keepachangelog.com"));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("(LICENSE-MIT)") && readme.contains("(LICENSE-APACHE)"));
}
