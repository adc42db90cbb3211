//! The log as a set of stored perfect-subtree nodes, and the roots and proofs computed from them.
//!
//! A node [`NodeId`] `{ level, index }` is the Merkle Tree Hash (RFC 9162 §2.1.1) of the `2^level` leaves
//! `[index·2^level, (index+1)·2^level)`; level 0 holds the leaf hashes. Such a node never changes once its
//! last leaf is appended, so a store writes each node once ([`Frontier::append`] says which).
//!
//! Every root and proof is a function of `O(log n)` stored nodes. Each function comes in two halves: one that
//! names the nodes it needs (`*_nodes`, so the store can fetch them in one query) and one that assembles the
//! result from a [`Nodes`] map holding them. An element of a proof that is not itself a perfect subtree (the
//! hash of the ragged right edge `D[k:n]`) is computed from the perfect subtrees that make it up.

use std::collections::HashMap;

use crate::hash::{Hash, HashAlg};

/// A perfect subtree of the log: the hash of leaves `[index << level, (index + 1) << level)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct NodeId {
    /// Height of the subtree: it covers `2^level` leaves; 0 is a leaf hash.
    pub level: u8,
    /// Position of the subtree among those of its level, counted from the left from 0.
    pub index: u64,
}

impl NodeId {
    /// The leaves `[start, end)` covered by this node, or `None` if they do not fit in `u64`.
    pub fn leaves(self) -> Option<(u64, u64)> {
        let width = 1u64.checked_shl(u32::from(self.level))?;
        let start = self.index.checked_mul(width)?;
        Some((start, start.checked_add(width)?))
    }
}

/// Stored nodes, as fetched for one computation.
pub type Nodes = HashMap<NodeId, Hash>;

/// Why a root or proof could not be computed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TreeError {
    /// The leaf index is not inside the tree.
    #[error("leaf index {index} is out of range for a tree of size {size}")]
    OutOfRange {
        /// The requested leaf index.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// The sizes of a consistency proof are not `0 < first <= second` (RFC 9162 §2.1.4.1).
    #[error("no consistency proof from tree size {first} to tree size {second} (need 0 < first <= second)")]
    BadSizes {
        /// The older tree size.
        first: u64,
        /// The newer tree size.
        second: u64,
    },
    /// A node needed for the computation was not supplied.
    #[error("missing stored node at level {} index {}", .0.level, .0.index)]
    MissingNode(NodeId),
}

/// The largest power of two strictly smaller than `n` (the split point `k` of RFC 9162 §2.1.1). Needs `n >= 2`.
fn split(n: u64) -> u64 {
    1u64 << (63 - (n - 1).leading_zeros())
}

/// The perfect subtrees, left to right, whose hashes make up `MTH(D[start:end])`.
///
/// Every range that occurs in RFC 9162 proofs starts at a multiple of a power of two at least as large as the
/// range, so each piece (one per set bit of `end - start`, largest first) is a perfect subtree.
fn range_nodes(start: u64, end: u64) -> Vec<NodeId> {
    let len = end.saturating_sub(start);
    let mut pos = start;
    let mut out = Vec::new();
    for level in (0..64u8).rev() {
        if (len >> level) & 1 == 1 {
            out.push(NodeId { level, index: pos >> level });
            pos = pos.saturating_add(1u64 << level);
        }
    }
    out
}

/// `MTH` of a range from its perfect subtrees: `H(0x01 ‖ n0 ‖ H(0x01 ‖ n1 ‖ …))`, folded from the right.
fn fold(alg: HashAlg, ids: &[NodeId], nodes: &Nodes) -> Result<Hash, TreeError> {
    let mut acc: Option<Hash> = None;
    for id in ids.iter().rev() {
        let h = nodes.get(id).ok_or(TreeError::MissingNode(*id))?;
        acc = Some(match acc {
            None => *h,
            Some(right) => alg.node_hash(h, &right),
        });
    }
    Ok(acc.unwrap_or_else(|| alg.empty_root()))
}

/// The nodes whose hashes make up the root of a tree of `size` leaves: one perfect subtree per set bit of
/// `size`, left to right (largest first). Empty for size 0.
pub fn root_nodes(size: u64) -> Vec<NodeId> {
    range_nodes(0, size)
}

/// The root (Merkle Tree Hash, RFC 9162 §2.1.1) of the tree of `size` leaves. Size 0 gives `H("")`.
pub fn root(alg: HashAlg, size: u64, nodes: &Nodes) -> Result<Hash, TreeError> {
    fold(alg, &root_nodes(size), nodes)
}

/// The leaf ranges of the audit path `PATH(index, D[size])` of RFC 9162 §2.1.3.1, in proof order
/// (from the leaf up).
fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<(u64, u64)>, TreeError> {
    if index >= size {
        return Err(TreeError::OutOfRange { index, size });
    }
    let (mut lo, mut hi) = (0u64, size);
    let mut out = Vec::new();
    while hi - lo > 1 {
        let mid = lo + split(hi - lo);
        if index < mid {
            out.push((mid, hi));
            hi = mid;
        } else {
            out.push((lo, mid));
            lo = mid;
        }
    }
    out.reverse();
    Ok(out)
}

/// The leaf ranges of the consistency proof `PROOF(first, D[second])` of RFC 9162 §2.1.4.1, in proof order.
fn consistency_ranges(first: u64, second: u64) -> Result<Vec<(u64, u64)>, TreeError> {
    if first == 0 || first > second {
        return Err(TreeError::BadSizes { first, second });
    }
    // SUBPROOF(m, D[lo:hi], b), unrolled: the recursion always continues into one child.
    let (mut lo, mut hi, mut m, mut whole_is_known) = (0u64, second, first, true);
    let mut out = Vec::new();
    loop {
        let n = hi - lo;
        if m == n {
            if !whole_is_known {
                out.push((lo, hi));
            }
            break;
        }
        let k = split(n);
        if m <= k {
            out.push((lo + k, hi));
            hi = lo + k;
        } else {
            out.push((lo, lo + k));
            lo += k;
            m -= k;
            whole_is_known = false;
        }
    }
    out.reverse();
    Ok(out)
}

fn nodes_of(ranges: &[(u64, u64)]) -> Vec<NodeId> {
    ranges.iter().flat_map(|&(start, end)| range_nodes(start, end)).collect()
}

fn hashes_of(alg: HashAlg, ranges: &[(u64, u64)], nodes: &Nodes) -> Result<Vec<Hash>, TreeError> {
    ranges.iter().map(|&(start, end)| fold(alg, &range_nodes(start, end), nodes)).collect()
}

/// The nodes needed by [`inclusion_proof`] for leaf `index` in a tree of `size` leaves.
pub fn inclusion_nodes(index: u64, size: u64) -> Result<Vec<NodeId>, TreeError> {
    Ok(nodes_of(&inclusion_ranges(index, size)?))
}

/// The inclusion proof (audit path, RFC 9162 §2.1.3.1) of leaf `index` in the tree of `size` leaves, from the
/// leaf up. Verify it with [`crate::proof::verify_inclusion`].
pub fn inclusion_proof(alg: HashAlg, index: u64, size: u64, nodes: &Nodes) -> Result<Vec<Hash>, TreeError> {
    hashes_of(alg, &inclusion_ranges(index, size)?, nodes)
}

/// The nodes needed by [`consistency_proof`] from tree size `first` to tree size `second`.
pub fn consistency_nodes(first: u64, second: u64) -> Result<Vec<NodeId>, TreeError> {
    Ok(nodes_of(&consistency_ranges(first, second)?))
}

/// The consistency proof from tree size `first` to tree size `second` (RFC 9162 §2.1.4.1), for
/// `0 < first <= second`; `first == second` gives the empty proof. Verify it with
/// [`crate::proof::verify_consistency`].
pub fn consistency_proof(alg: HashAlg, first: u64, second: u64, nodes: &Nodes) -> Result<Vec<Hash>, TreeError> {
    hashes_of(alg, &consistency_ranges(first, second)?, nodes)
}

/// The right edge of the log: the roots of the perfect subtrees that make up the current tree (one per set bit
/// of its size). Enough to append and to compute the current root without reading anything else.
#[derive(Clone, Debug)]
pub struct Frontier {
    alg: HashAlg,
    size: u64,
    /// Left to right, strictly decreasing levels.
    nodes: Vec<(NodeId, Hash)>,
}

impl Frontier {
    /// The frontier of the empty log.
    pub fn empty(alg: HashAlg) -> Self {
        Frontier { alg, size: 0, nodes: Vec::new() }
    }

    /// The nodes a frontier of a tree of `size` leaves holds (the same as [`root_nodes`]).
    pub fn nodes_needed(size: u64) -> Vec<NodeId> {
        root_nodes(size)
    }

    /// Rebuilds the frontier of a tree of `size` leaves from its stored nodes ([`Frontier::nodes_needed`]).
    pub fn restore(alg: HashAlg, size: u64, nodes: &Nodes) -> Result<Self, TreeError> {
        let nodes = Self::nodes_needed(size)
            .into_iter()
            .map(|id| nodes.get(&id).map(|h| (id, *h)).ok_or(TreeError::MissingNode(id)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Frontier { alg, size, nodes })
    }

    /// Number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The hash algorithm of the log.
    pub fn alg(&self) -> HashAlg {
        self.alg
    }

    /// The frontier's nodes, left to right.
    pub fn nodes(&self) -> &[(NodeId, Hash)] {
        &self.nodes
    }

    /// Appends the leaf hash (see [`HashAlg::leaf_hash`]) as leaf number `size()`, and returns every node this
    /// completes, level 0 first: the leaf itself and each perfect subtree it closes. The store writes all of them.
    ///
    /// A log cannot hold more than `u64::MAX` leaves; at that size nothing is appended and the result is empty.
    pub fn append(&mut self, leaf_hash: Hash) -> Vec<(NodeId, Hash)> {
        let Some(new_size) = self.size.checked_add(1) else {
            return Vec::new();
        };
        let mut cur = (NodeId { level: 0, index: self.size }, leaf_hash);
        let mut completed = vec![cur];
        while let Some(&(left_id, left_hash)) = self.nodes.last() {
            if left_id.level != cur.0.level {
                break;
            }
            self.nodes.pop();
            let parent = NodeId { level: left_id.level + 1, index: left_id.index >> 1 };
            cur = (parent, self.alg.node_hash(&left_hash, &cur.1));
            completed.push(cur);
        }
        self.nodes.push(cur);
        self.size = new_size;
        completed
    }

    /// The root of the current tree (`H("")` while empty).
    pub fn root(&self) -> Hash {
        let mut acc: Option<Hash> = None;
        for (_, h) in self.nodes.iter().rev() {
            acc = Some(match acc {
                None => *h,
                Some(right) => self.alg.node_hash(h, &right),
            });
        }
        acc.unwrap_or_else(|| self.alg.empty_root())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(level: u8, index: u64) -> NodeId {
        NodeId { level, index }
    }

    #[test]
    fn root_nodes_follow_set_bits() {
        assert!(root_nodes(0).is_empty());
        assert_eq!(root_nodes(1), vec![id(0, 0)]);
        assert_eq!(root_nodes(8), vec![id(3, 0)]);
        assert_eq!(root_nodes(13), vec![id(3, 0), id(2, 2), id(0, 12)]);
        assert_eq!(root_nodes(u64::MAX).len(), 64);
    }

    #[test]
    fn c2sp_example_ranges() {
        // The 7-leaf example of the C2SP Merkle tree text: a..g are leaves, h=[0,2) i=[2,4) j=[4,6) k=[0,4) l=[4,7).
        assert_eq!(inclusion_ranges(0, 7), Ok(vec![(1, 2), (2, 4), (4, 7)]));
        assert_eq!(inclusion_ranges(3, 7), Ok(vec![(2, 3), (0, 2), (4, 7)]));
        assert_eq!(inclusion_ranges(4, 7), Ok(vec![(5, 6), (6, 7), (0, 4)]));
        assert_eq!(inclusion_ranges(6, 7), Ok(vec![(4, 6), (0, 4)]));
        assert_eq!(consistency_ranges(3, 7), Ok(vec![(2, 3), (3, 4), (0, 2), (4, 7)]));
        assert_eq!(consistency_ranges(4, 7), Ok(vec![(4, 7)]));
        assert_eq!(consistency_ranges(6, 7), Ok(vec![(4, 6), (6, 7), (0, 4)]));
        assert_eq!(consistency_nodes(4, 7), Ok(vec![id(1, 2), id(0, 6)]));
    }

    #[test]
    fn bad_arguments_are_errors() {
        assert_eq!(inclusion_nodes(3, 3), Err(TreeError::OutOfRange { index: 3, size: 3 }));
        assert_eq!(inclusion_nodes(0, 0), Err(TreeError::OutOfRange { index: 0, size: 0 }));
        assert_eq!(consistency_nodes(0, 3), Err(TreeError::BadSizes { first: 0, second: 3 }));
        assert_eq!(consistency_nodes(4, 3), Err(TreeError::BadSizes { first: 4, second: 3 }));
        assert_eq!(consistency_nodes(5, 5), Ok(vec![]));
        let err = root(HashAlg::Sha256, 3, &Nodes::new());
        assert_eq!(err, Err(TreeError::MissingNode(id(0, 2))));
        assert!(Frontier::restore(HashAlg::Sha256, 3, &Nodes::new()).is_err());
        // Huge sizes must not overflow or panic.
        assert_eq!(inclusion_nodes(u64::MAX - 1, u64::MAX).map(|v| v.len()), Ok(63));
        assert!(consistency_nodes(u64::MAX - 1, u64::MAX).is_ok());
        assert!(consistency_nodes(1, u64::MAX).is_ok());
    }

    #[test]
    fn node_leaves() {
        assert_eq!(id(0, 5).leaves(), Some((5, 6)));
        assert_eq!(id(3, 1).leaves(), Some((8, 16)));
        assert_eq!(id(63, 2).leaves(), None);
        assert_eq!(id(64, 0).leaves(), None);
    }

    #[test]
    fn frontier_append_reports_completed_nodes() {
        let alg = HashAlg::Sha256;
        let mut f = Frontier::empty(alg);
        assert_eq!(f.root(), alg.empty_root());
        let done: Vec<NodeId> = (0..4).flat_map(|i| f.append(alg.leaf_hash(&[i]))).map(|(id, _)| id).collect();
        assert_eq!(done, vec![id(0, 0), id(0, 1), id(1, 0), id(0, 2), id(0, 3), id(1, 1), id(2, 0)]);
        assert_eq!(f.size(), 4);
        assert_eq!(f.nodes().len(), 1);
    }
}
