//! Masking and fingerprints: a secret never leaves the rules in clear.

use sha2::{Digest, Sha256};

/// At most a 4-character prefix, then `*` for every remaining byte, so that the masked text has the same
/// byte length as the secret (spans into a masked copy of the file stay valid).
pub fn mask(secret: &str) -> String {
    let prefix_end = kept_prefix(secret);
    let mut out = String::with_capacity(secret.len());
    out.push_str(&secret[..prefix_end]);
    out.extend(std::iter::repeat_n('*', secret.len() - prefix_end));
    out
}

/// The byte length of the prefix a mask shows: at most 4 characters, at most a quarter of the value.
pub fn kept_prefix(secret: &str) -> usize {
    let keep = (secret.chars().count() / 4).min(4);
    secret.char_indices().nth(keep).map(|(i, _)| i).unwrap_or(secret.len())
}

/// The key for fingerprints: `MCPTRUST_FINGERPRINT_KEY` when set (so an organisation's fingerprints cannot be
/// matched against a public dictionary), else a fixed project key (so fingerprints are stable across machines).
fn key() -> Vec<u8> {
    std::env::var("MCPTRUST_FINGERPRINT_KEY")
        .map(String::into_bytes)
        .unwrap_or_else(|_| b"mcptrust-fingerprint-v1".to_vec())
}

/// HMAC's inner and outer hash states with the padded key already absorbed: the key is read once per run, and
/// each fingerprint costs its own bytes only (a sweep computes thousands).
fn keyed_states() -> &'static (Sha256, Sha256) {
    static STATES: std::sync::OnceLock<(Sha256, Sha256)> = std::sync::OnceLock::new();
    STATES.get_or_init(|| {
        let mut key = key();
        if key.len() > 64 {
            key = Sha256::digest(&key).to_vec();
        }
        key.resize(64, 0);
        let pad = |with: u8| {
            let mut state = Sha256::new();
            state.update(key.iter().map(|b| b ^ with).collect::<Vec<u8>>());
            state
        };
        (pad(0x36), pad(0x5c))
    })
}

/// HMAC-SHA256 (RFC 2104) of `parts`, hex, 32 characters: a keyed hash, never a bare hash of a secret.
pub fn keyed_hash(parts: &[&str]) -> String {
    let (inner_start, outer_start) = keyed_states();
    let mut inner = inner_start.clone();
    for part in parts {
        inner.update(part.as_bytes());
        inner.update([0u8]);
    }
    let mut outer = outer_start.clone();
    outer.update(inner.finalize());
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for b in outer.finalize().iter().take(16) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_length_and_at_most_four_chars() {
        let secret = "ghp_26auCJp8cHzlQEWht8NC1Wd3N52OWt2pOCDG";
        let masked = mask(secret);
        assert_eq!(masked.len(), secret.len());
        assert!(masked.starts_with("ghp_*"));
        assert_eq!(mask("Admin"), "A****");
        assert_eq!(mask("abc"), "***");
        assert_eq!(mask("pässwörd").len(), "pässwörd".len());
    }

    #[test]
    fn keyed_hash_is_stable_and_hides_the_input() {
        let a = keyed_hash(&["MCP101", "ghp_x"]);
        assert_eq!(a, keyed_hash(&["MCP101", "ghp_x"]));
        assert_ne!(a, keyed_hash(&["MCP101", "ghp_y"]));
        assert_eq!(a.len(), 32);
        let bare: String = Sha256::digest(b"ghp_x").iter().take(16).map(|b| format!("{b:02x}")).collect();
        assert_ne!(a, bare);
        // HMAC-SHA256 as Python's `hmac` computes it over the NUL-terminated parts: baselines and merged reports
        // match findings by these, so they must never change.
        if std::env::var_os("MCPTRUST_FINGERPRINT_KEY").is_none() {
            assert_eq!(a, "5f7c5f8cf414016aea523929d0fd596b");
        }
    }
}
