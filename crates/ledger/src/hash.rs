//! Hash functions of the log: SHA-256 or SM3, with the domain separation of RFC 9162 §2.1.1.
//!
//! - leaf hash: `H(0x00 ‖ data)` (RFC 9162 §2.1.1, `MTH({d(0)})`);
//! - interior node: `H(0x01 ‖ left ‖ right)`;
//! - empty tree: `H("")`.
//!
//! SM3 (GB/T 32905-2016) has the same 32-byte output as SHA-256, so every [`Hash`](type@Hash) is 32 bytes whichever
//! algorithm a log uses. The algorithm is a property of the log, fixed at its creation.

use std::fmt;
use std::str::FromStr;

use digest::Digest;

/// A hash value of the log: a leaf hash, an interior node, or a tree root. Always 32 bytes.
pub type Hash = [u8; 32];

/// The length in bytes of every [`Hash`](type@Hash) (SHA-256 and SM3 both produce 32 bytes).
pub const HASH_LEN: usize = 32;

/// The hash function of a log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HashAlg {
    /// SHA-256 (FIPS 180-4), as in RFC 6962 / RFC 9162 and C2SP tlog-checkpoint.
    Sha256,
    /// SM3 (GB/T 32905-2016), the Chinese national standard hash.
    Sm3,
}

/// The error of [`HashAlg::from_str`]: the name is neither `sha256` nor `sm3`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown hash algorithm {0:?} (expected \"sha256\" or \"sm3\")")]
pub struct UnknownHashAlg(pub String);

impl HashAlg {
    /// The algorithm's name as stored and displayed: `"sha256"` or `"sm3"`.
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sha256 => "sha256",
            HashAlg::Sm3 => "sm3",
        }
    }

    /// Parses a name written by [`HashAlg::name`] (ASCII case is ignored). `None` for any other name.
    pub fn parse(s: &str) -> Option<Self> {
        [HashAlg::Sha256, HashAlg::Sm3].into_iter().find(|alg| alg.name().eq_ignore_ascii_case(s))
    }

    /// `H(data)`.
    pub fn digest(self, data: &[u8]) -> Hash {
        self.digest_parts(&[data])
    }

    /// The RFC 9162 §2.1.1 leaf hash `H(0x00 ‖ data)`.
    pub fn leaf_hash(self, data: &[u8]) -> Hash {
        self.digest_parts(&[&[0x00], data])
    }

    /// The RFC 9162 §2.1.1 interior node hash `H(0x01 ‖ left ‖ right)`.
    pub fn node_hash(self, left: &Hash, right: &Hash) -> Hash {
        self.digest_parts(&[&[0x01], left, right])
    }

    /// The root of the empty tree, `MTH({}) = H("")` (RFC 9162 §2.1.1).
    pub fn empty_root(self) -> Hash {
        self.digest(b"")
    }

    fn digest_parts(self, parts: &[&[u8]]) -> Hash {
        match self {
            HashAlg::Sha256 => finish::<sha2::Sha256>(parts),
            HashAlg::Sm3 => finish::<sm3::Sm3>(parts),
        }
    }
}

fn finish<D: Digest>(parts: &[&[u8]]) -> Hash {
    let mut hasher = D::new();
    for part in parts {
        hasher.update(part);
    }
    let out = hasher.finalize();
    let mut hash = [0u8; HASH_LEN];
    // Both digests are 32 bytes; copy defensively rather than assume.
    let n = out.len().min(HASH_LEN);
    hash[..n].copy_from_slice(&out[..n]);
    hash
}

impl fmt::Display for HashAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for HashAlg {
    type Err = UnknownHashAlg;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HashAlg::parse(s).ok_or_else(|| UnknownHashAlg(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        // SHA-256("") and SM3("") (GB/T 32905 has no empty-string vector; this is the common published value).
        assert_eq!(
            hex::encode(HashAlg::Sha256.empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex::encode(HashAlg::Sm3.empty_root()),
            "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
        );
        // GB/T 32905-2016 Appendix A example 1: SM3("abc").
        assert_eq!(
            hex::encode(HashAlg::Sm3.digest(b"abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        // RFC 6962 test tree: the leaf hash of the empty leaf.
        assert_eq!(
            hex::encode(HashAlg::Sha256.leaf_hash(b"")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
    }

    #[test]
    fn names_round_trip() {
        for alg in [HashAlg::Sha256, HashAlg::Sm3] {
            assert_eq!(HashAlg::parse(alg.name()), Some(alg));
            assert_eq!(alg.to_string().parse::<HashAlg>(), Ok(alg));
            assert_eq!(serde_json::to_string(&alg).ok(), Some(format!("\"{}\"", alg.name())));
        }
        assert_eq!(HashAlg::parse("SM3"), Some(HashAlg::Sm3));
        assert_eq!(HashAlg::parse("md5"), None);
        assert!("sha-1".parse::<HashAlg>().is_err());
    }
}
