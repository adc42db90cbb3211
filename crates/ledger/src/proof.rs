//! Verifiers of inclusion and consistency proofs (RFC 9162 §2.1.3.2 and §2.1.4.2).
//!
//! They take untrusted bytes (hashes of any length, proofs of any length) and never panic. Besides the RFC
//! algorithms they check what the transparency-dev/merkle test probes require:
//!
//! - every hash that enters a computation is exactly [`HASH_LEN`](crate::hash::HASH_LEN) bytes (an inclusion
//!   proof with an empty leaf hash and an empty root would otherwise "verify");
//! - the proof has exactly the length the sizes call for (checked before hashing, so a proof with a hash added
//!   or removed fails as [`ProofError::WrongProofLength`]);
//! - a consistency proof from the empty tree must be empty, and the first root must then be `H("")`.
//!
//! These functions are independent of [`crate::tree`] (which produces proofs), so each tests the other.

use crate::hash::{Hash, HashAlg};

/// Which check a proof failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProofError {
    /// The leaf index is not below the tree size (RFC 9162 §2.1.3.2 step 1).
    #[error("leaf index {index} is not below the tree size {size}")]
    IndexOutOfRange {
        /// The claimed leaf index.
        index: u64,
        /// The claimed tree size.
        size: u64,
    },
    /// A consistency proof whose first size is larger than its second.
    #[error("first tree size {first} is larger than second tree size {second}")]
    SizesOutOfOrder {
        /// The claimed older size.
        first: u64,
        /// The claimed newer size.
        second: u64,
    },
    /// A hash (leaf hash, root or proof element) is not [`HASH_LEN`](crate::hash::HASH_LEN) bytes long.
    #[error("{what} is {len} bytes long, a hash is 32 bytes")]
    WrongHashLength {
        /// Which hash: `"leaf hash"`, `"root"`, `"first root"`, `"second root"` or `"proof[i]"`.
        what: String,
        /// Its length.
        len: usize,
    },
    /// The proof does not have the number of hashes the index and sizes call for.
    #[error("proof has {got} hashes, expected {expected}")]
    WrongProofLength {
        /// The number of hashes a proof for these sizes has.
        expected: usize,
        /// The number given.
        got: usize,
    },
    /// The root recomputed from the proof differs from the given one (RFC 9162 §2.1.3.2 step 5, §2.1.4.2 step 7).
    #[error("{what} recomputed from the proof does not match the one given")]
    RootMismatch {
        /// `"root"`, `"first root"` or `"second root"`.
        what: &'static str,
    },
    /// Equal tree sizes: the only valid consistency proof is empty.
    #[error("tree sizes are equal, so the consistency proof must be empty (it has {got} hashes)")]
    EmptyProofRequired {
        /// The number of hashes given.
        got: usize,
    },
    /// A consistency proof from the empty tree (size 0) must be empty.
    #[error("a consistency proof from the empty tree must be empty (it has {got} hashes)")]
    NonEmptyProofFromZero {
        /// The number of hashes given.
        got: usize,
    },
    /// The subtree `[start, end)` is not one whose hash can be proven (see [`verify_subtree_inclusion`]).
    #[error("[{start}, {end}) is not a valid subtree (need start < end, start a multiple of the subtree width)")]
    InvalidSubtree {
        /// First leaf of the subtree.
        start: u64,
        /// One past its last leaf.
        end: u64,
    },
    /// The leaf index is outside the subtree.
    #[error("leaf index {index} is outside the subtree [{start}, {end})")]
    IndexOutsideSubtree {
        /// The claimed leaf index.
        index: u64,
        /// First leaf of the subtree.
        start: u64,
        /// One past its last leaf.
        end: u64,
    },
}

fn to_hash(what: impl FnOnce() -> String, bytes: &[u8]) -> Result<Hash, ProofError> {
    Hash::try_from(bytes).map_err(|_| ProofError::WrongHashLength { what: what(), len: bytes.len() })
}

fn proof_hashes<P: AsRef<[u8]>>(proof: &[P]) -> Result<Vec<Hash>, ProofError> {
    proof.iter().enumerate().map(|(i, p)| to_hash(|| format!("proof[{i}]"), p.as_ref())).collect()
}

/// Bit length of `x` (0 for 0).
fn bit_len(x: u64) -> u32 {
    64 - x.leading_zeros()
}

/// The number of hashes in the audit path of leaf `index` in a tree of `size` leaves (`index < size`): the
/// `inner` levels below the point where the paths to `index` and to the last leaf part, plus one `border` hash
/// for each perfect left sibling above it.
fn inclusion_len(index: u64, size: u64) -> usize {
    let inner = bit_len(index ^ (size - 1));
    let border = index.checked_shr(inner).unwrap_or(0).count_ones();
    (inner + border) as usize
}

/// Verifies that `leaf_hash` is leaf number `index` of the tree of `size` leaves whose root is `root`, given its
/// audit path `proof` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion<P: AsRef<[u8]>>(
    alg: HashAlg,
    index: u64,
    size: u64,
    leaf_hash: &[u8],
    proof: &[P],
    root: &[u8],
) -> Result<(), ProofError> {
    let leaf = to_hash(|| "leaf hash".into(), leaf_hash)?;
    let root = to_hash(|| "root".into(), root)?;
    let path = proof_hashes(proof)?;
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_len(index, size);
    if path.len() != expected {
        return Err(ProofError::WrongProofLength { expected, got: path.len() });
    }
    // RFC 9162 §2.1.3.2 steps 2-5.
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = leaf;
    for p in &path {
        if s_n == 0 {
            return Err(ProofError::WrongProofLength { expected, got: path.len() });
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = alg.node_hash(p, &r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            r = alg.node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(ProofError::WrongProofLength { expected, got: path.len() });
    }
    if r != root {
        return Err(ProofError::RootMismatch { what: "root" });
    }
    Ok(())
}

/// The number of hashes in the consistency proof from `first` to `second` leaves, `0 < first < second`.
///
/// Below level `shift` (the trailing zeros of `first`) the old tree's last perfect subtree is one hash; above it
/// the proof is the audit path of that subtree in the new tree, plus that subtree's hash itself unless it is the
/// whole old tree (then the verifier knows it: it is `first_root`).
fn consistency_len(first: u64, second: u64) -> usize {
    let shift = first.trailing_zeros();
    let inner = bit_len((first - 1) ^ (second - 1));
    let border = (first - 1).checked_shr(inner).unwrap_or(0).count_ones();
    let seed = usize::from(!first.is_power_of_two());
    seed + (inner.saturating_sub(shift) + border) as usize
}

/// Verifies that the tree of `first` leaves with root `first_root` is a prefix of the tree of `second` leaves
/// with root `second_root`, given the consistency proof `proof` (RFC 9162 §2.1.4.2).
///
/// Cases outside the RFC's `0 < first < second`:
/// - `first > second` is an error;
/// - `first == 0`: the proof must be empty, `first_root` must be `H("")`, and `second_root` must be a hash (equal
///   to `H("")` too if `second == 0`) — every tree extends the empty tree;
/// - `first == second > 0`: the proof must be empty and the roots byte-for-byte equal.
pub fn verify_consistency<P: AsRef<[u8]>>(
    alg: HashAlg,
    first: u64,
    second: u64,
    first_root: &[u8],
    second_root: &[u8],
    proof: &[P],
) -> Result<(), ProofError> {
    if first > second {
        return Err(ProofError::SizesOutOfOrder { first, second });
    }
    if first == 0 {
        if !proof.is_empty() {
            return Err(ProofError::NonEmptyProofFromZero { got: proof.len() });
        }
        let r1 = to_hash(|| "first root".into(), first_root)?;
        let r2 = to_hash(|| "second root".into(), second_root)?;
        if r1 != alg.empty_root() {
            return Err(ProofError::RootMismatch { what: "first root" });
        }
        if second == 0 && r2 != r1 {
            return Err(ProofError::RootMismatch { what: "second root" });
        }
        return Ok(());
    }
    if first == second {
        if !proof.is_empty() {
            return Err(ProofError::EmptyProofRequired { got: proof.len() });
        }
        if first_root != second_root {
            return Err(ProofError::RootMismatch { what: "second root" });
        }
        return Ok(());
    }
    let r1 = to_hash(|| "first root".into(), first_root)?;
    let r2 = to_hash(|| "second root".into(), second_root)?;
    let path = proof_hashes(proof)?;
    let expected = consistency_len(first, second);
    if path.len() != expected {
        return Err(ProofError::WrongProofLength { expected, got: path.len() });
    }
    // RFC 9162 §2.1.4.2 steps 2-7. Step 2: if `first` is a power of two, `first_root` is the first hash.
    let (seed, rest) = if first.is_power_of_two() {
        (r1, &path[..])
    } else {
        match path.split_first() {
            Some((seed, rest)) => (*seed, rest),
            None => return Err(ProofError::WrongProofLength { expected, got: 0 }),
        }
    };
    let (mut f_n, mut s_n) = (first - 1, second - 1);
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let (mut fr, mut sr) = (seed, seed);
    for c in rest {
        if s_n == 0 {
            return Err(ProofError::WrongProofLength { expected, got: path.len() });
        }
        if f_n & 1 == 1 || f_n == s_n {
            fr = alg.node_hash(c, &fr);
            sr = alg.node_hash(c, &sr);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            sr = alg.node_hash(&sr, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(ProofError::WrongProofLength { expected, got: path.len() });
    }
    if fr != r1 {
        return Err(ProofError::RootMismatch { what: "first root" });
    }
    if sr != r2 {
        return Err(ProofError::RootMismatch { what: "second root" });
    }
    Ok(())
}

/// Verifies that `leaf_hash` is leaf number `index` of the subtree of leaves `[start, end)` whose hash is
/// `subtree_root`, given the audit path of the leaf within that subtree.
///
/// A valid subtree (the "subtree" of draft-ietf-plants-merkle-tree-certs, which includes every [`crate::tree::NodeId`]
/// range) has `start < end` and `start` a multiple of the smallest power of two `>= end - start`; its hash is the
/// Merkle Tree Hash of those leaves, so the proof is an RFC 9162 inclusion proof of leaf `index - start` in a tree
/// of `end - start` leaves.
pub fn verify_subtree_inclusion<P: AsRef<[u8]>>(
    alg: HashAlg,
    index: u64,
    start: u64,
    end: u64,
    leaf_hash: &[u8],
    proof: &[P],
    subtree_root: &[u8],
) -> Result<(), ProofError> {
    let invalid = ProofError::InvalidSubtree { start, end };
    if start >= end {
        return Err(invalid);
    }
    let size = end - start;
    let width = size.checked_next_power_of_two().ok_or(ProofError::InvalidSubtree { start, end })?;
    if start & (width - 1) != 0 {
        return Err(invalid);
    }
    if index < start || index >= end {
        return Err(ProofError::IndexOutsideSubtree { index, start, end });
    }
    verify_inclusion(alg, index - start, size, leaf_hash, proof, subtree_root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proof_lengths_match_small_cases() {
        // C2SP Merkle tree example (7 leaves).
        assert_eq!(inclusion_len(0, 7), 3);
        assert_eq!(inclusion_len(6, 7), 2);
        assert_eq!(inclusion_len(0, 1), 0);
        assert_eq!(consistency_len(3, 7), 4);
        assert_eq!(consistency_len(4, 7), 1);
        assert_eq!(consistency_len(6, 7), 3);
        assert_eq!(inclusion_len(u64::MAX - 1, u64::MAX), 63);
        assert!(consistency_len(u64::MAX - 1, u64::MAX) > 0);
    }

    #[test]
    fn garbage_never_panics() {
        let alg = HashAlg::Sha256;
        let h = [0u8; 32];
        let proof: Vec<Vec<u8>> = vec![vec![1; 32]; 70];
        for (a, b) in [(0, u64::MAX), (1, u64::MAX), (u64::MAX, u64::MAX), (u64::MAX - 1, u64::MAX), (3, 2)] {
            assert!(verify_consistency(alg, a, b, &h, &h, &proof).is_err());
            assert!(verify_inclusion(alg, a, b, &h, &proof, &h).is_err());
            assert!(verify_subtree_inclusion(alg, a, a, b, &h, &proof, &h).is_err());
        }
    }
}
