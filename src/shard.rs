//! `--shard K/N`: one slice of a sweep, chosen so that N machines scanning the same roots with K = 1..N read
//! every file exactly once between them. The unit is a repository (the top-level entry under a scan root: a
//! folder, or a file directly in the root) or, with `--shard-by path`, each file. A unit belongs to shard
//! `hash(path relative to its scan root) mod N + 1`, the hash being SHA-256 (never Rust's randomized hasher), so
//! every machine, run and platform agrees on the split.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// What `--shard` partitions.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ShardBy {
    /// The top-level entry under each scan root: a repository of a sweep (its cross-file checks stay whole).
    #[default]
    Repo,
    /// Each file, by its path under the scan root: an even split, but checks across files see only a shard.
    Path,
}

/// Shard K of N (K from 1 to N, as jest and Playwright number them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// K, from 1.
    pub index: u64,
    /// N, at least 1.
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = || format!("`{s}` is not a shard: write K/N, e.g. 2/3 (K from 1 to N)");
        let (k, n) = s.trim().split_once('/').ok_or_else(usage)?;
        let k: u64 = k.trim().parse().map_err(|_| usage())?;
        let n: u64 = n.trim().parse().map_err(|_| usage())?;
        if n == 0 {
            return Err(format!("`{s}`: N must be at least 1"));
        }
        if k == 0 || k > n {
            return Err(format!("`{s}`: K must be from 1 to N ({n})"));
        }
        Ok(Shard { index: k, count: n })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether the unit at `rel` (`/`-separated, relative to its scan root) is this shard's.
    pub fn owns(&self, rel: &str) -> bool {
        shard_of(rel, self.count) == self.index
    }
}

/// The shard (1..=n) that the unit at `rel` belongs to.
pub fn shard_of(rel: &str, n: u64) -> u64 {
    let digest = Sha256::digest(rel.as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(head) % n.max(1) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n_and_refuses_the_rest() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        assert_eq!("1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "1/2/3", "-1/3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        assert!("4/3".parse::<Shard>().unwrap_err().contains("K must be from 1 to N"));
    }

    #[test]
    fn assignment_is_stable_and_covers_every_shard() {
        // Fixed values: the split must not change between releases, machines or runs.
        assert_eq!(shard_of("repo-01", 3), shard_of("repo-01", 3));
        let n = 4;
        let mut seen = [0usize; 4];
        for i in 0..200 {
            let k = shard_of(&format!("repo-{i:03}"), n);
            assert!((1..=n).contains(&k));
            seen[(k - 1) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c > 20), "{seen:?}");
        let owners = (1..=n).filter(|&k| Shard { index: k, count: n }.owns("acme/api")).count();
        assert_eq!(owners, 1);
        assert_eq!(shard_of("anything", 1), 1);
    }
}
