//! The Merkle log against independent implementations: the `ct-merkle` crate and a naive recursive transcription
//! of the RFC 9162 §2.1 definitions (MTH, PATH, PROOF/SUBPROOF); and property tests that every proof `tree`
//! produces verifies with `proof`, and that damaged proofs do not — including trees of up to 2^64 - 1 leaves.

use std::collections::HashSet;

use ct_merkle::mem_backed_tree::MemoryBackedTree;
use zhibao_ledger::hash::{Hash, HashAlg};
use zhibao_ledger::proof::{verify_consistency, verify_inclusion, verify_subtree_inclusion};
use zhibao_ledger::tree::{self, Frontier, NodeId, Nodes};

const MAX: u64 = 300;

fn leaf_data(i: u64) -> Vec<u8> {
    format!("leaf {i}").into_bytes()
}

// ---- naive RFC 9162 §2.1 definitions, on a slice of leaf hashes ------------------------------------------------

fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// MTH(D[n]) (§2.1.1), on leaf hashes.
fn mth(alg: HashAlg, d: &[Hash]) -> Hash {
    match d.len() {
        0 => alg.empty_root(),
        1 => d[0],
        n => {
            let k = split(n);
            alg.node_hash(&mth(alg, &d[..k]), &mth(alg, &d[k..]))
        }
    }
}

/// PATH(m, D[n]) (§2.1.3.1).
fn path(alg: HashAlg, m: usize, d: &[Hash]) -> Vec<Hash> {
    if d.len() <= 1 {
        return Vec::new();
    }
    let k = split(d.len());
    if m < k {
        let mut p = path(alg, m, &d[..k]);
        p.push(mth(alg, &d[k..]));
        p
    } else {
        let mut p = path(alg, m - k, &d[k..]);
        p.push(mth(alg, &d[..k]));
        p
    }
}

/// SUBPROOF(m, D[n], b) (§2.1.4.1).
fn subproof(alg: HashAlg, m: usize, d: &[Hash], b: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if b { Vec::new() } else { vec![mth(alg, d)] };
    }
    let k = split(n);
    if m <= k {
        let mut p = subproof(alg, m, &d[..k], b);
        p.push(mth(alg, &d[k..]));
        p
    } else {
        let mut p = subproof(alg, m - k, &d[k..], false);
        p.push(mth(alg, &d[..k]));
        p
    }
}

fn flat(hashes: &[Hash]) -> Vec<u8> {
    hashes.concat()
}

/// Grows a log to `MAX` leaves with our Frontier; at every size compares roots, every inclusion proof and every
/// consistency proof with ct-merkle's, and verifies them all with our verifiers.
#[test]
fn agrees_with_ct_merkle_for_every_size_index_and_pair() {
    let alg = HashAlg::Sha256;
    let mut ours = Frontier::empty(alg);
    let mut nodes = Nodes::new();
    let mut theirs: MemoryBackedTree<sha2_011::Sha256, Vec<u8>> = MemoryBackedTree::new();
    let mut roots: Vec<Hash> = vec![alg.empty_root()];
    let (mut inclusions, mut consistencies) = (0u64, 0u64);
    for i in 0..MAX {
        let size = i + 1;
        nodes.extend(ours.append(alg.leaf_hash(&leaf_data(i))));
        theirs.push(leaf_data(i));
        let root = ours.root();
        assert_eq!(root.as_slice(), theirs.root().as_bytes().as_slice(), "root at size {size}");
        assert_eq!(tree::root(alg, size, &nodes), Ok(root), "stored root at size {size}");
        roots.push(root);

        for index in 0..size {
            let proof = tree::inclusion_proof(alg, index, size, &nodes).expect("inclusion proof");
            assert_eq!(flat(&proof), theirs.prove_inclusion(index as usize).as_bytes(), "PATH({index}, {size})");
            let leaf = alg.leaf_hash(&leaf_data(index));
            assert_eq!(verify_inclusion(alg, index, size, &leaf, &proof, &root), Ok(()), "PATH({index}, {size})");
            inclusions += 1;
        }
        for first in 1..=size {
            let proof = tree::consistency_proof(alg, first, size, &nodes).expect("consistency proof");
            let expected = theirs.prove_consistency((size - first) as usize);
            assert_eq!(flat(&proof), expected.as_bytes(), "PROOF({first}, {size})");
            let r1 = roots[first as usize];
            assert_eq!(verify_consistency(alg, first, size, &r1, &root, &proof), Ok(()), "PROOF({first}, {size})");
            consistencies += 1;
        }
    }
    assert_eq!(inclusions, MAX * (MAX + 1) / 2);
    assert_eq!(consistencies, MAX * (MAX + 1) / 2);
}

/// The same against the naive recursive definitions, for both hash functions (all pairs up to 100 leaves; the
/// naive functions are quadratic).
#[test]
fn agrees_with_naive_rfc_definitions() {
    for alg in [HashAlg::Sha256, HashAlg::Sm3] {
        let leaves: Vec<Hash> = (0..100).map(|i| alg.leaf_hash(&leaf_data(i))).collect();
        let mut frontier = Frontier::empty(alg);
        let mut nodes = Nodes::new();
        assert_eq!(tree::root(alg, 0, &nodes), Ok(mth(alg, &[])));
        for (i, leaf) in leaves.iter().enumerate() {
            nodes.extend(frontier.append(*leaf));
            let n = i + 1;
            let d = &leaves[..n];
            assert_eq!(frontier.root(), mth(alg, d), "{alg} MTH of {n}");
            for m in 0..n {
                let proof = tree::inclusion_proof(alg, m as u64, n as u64, &nodes).expect("proof");
                assert_eq!(proof, path(alg, m, d), "{alg} PATH({m}, {n})");
            }
            for m in 1..=n {
                let proof = tree::consistency_proof(alg, m as u64, n as u64, &nodes).expect("proof");
                assert_eq!(proof, subproof(alg, m, d, true), "{alg} PROOF({m}, {n})");
            }
        }
    }
}

/// Every perfect subtree is reported by `append` exactly once, with the right hash, and `restore` rebuilds the
/// frontier at any size from stored nodes alone.
#[test]
fn frontier_stores_every_perfect_subtree_once() {
    let alg = HashAlg::Sm3;
    let leaves: Vec<Hash> = (0..MAX).map(|i| alg.leaf_hash(&leaf_data(i))).collect();
    let mut frontier = Frontier::empty(alg);
    let mut nodes = Nodes::new();
    for (i, leaf) in leaves.iter().enumerate() {
        let completed = frontier.append(*leaf);
        assert_eq!(completed.first().map(|c| c.0), Some(NodeId { level: 0, index: i as u64 }));
        for (id, hash) in completed {
            let (start, end) = id.leaves().expect("range");
            assert_eq!(end, i as u64 + 1, "{id:?} completes with leaf {i}");
            assert_eq!(hash, mth(alg, &leaves[start as usize..end as usize]), "{id:?}");
            assert!(nodes.insert(id, hash).is_none(), "{id:?} reported twice");
        }
        let size = i as u64 + 1;
        let restored = Frontier::restore(alg, size, &nodes).expect("restore");
        assert_eq!((restored.size(), restored.root(), restored.alg()), (size, frontier.root(), alg));
        assert_eq!(restored.nodes(), frontier.nodes());
        let needed: Vec<NodeId> = Frontier::nodes_needed(size);
        assert_eq!(needed.len() as u32, size.count_ones());
        assert_eq!(needed, tree::root_nodes(size));
    }
    // A tree of n leaves has sum over levels of floor(n / 2^level) perfect subtrees.
    let expected: u64 = (0..64).map(|l| MAX >> l).sum();
    assert_eq!(nodes.len() as u64, expected);
    // A restored frontier keeps appending like the original.
    let mut restored = Frontier::restore(alg, 100, &nodes).expect("restore");
    let mut fresh = Frontier::empty(alg);
    for leaf in &leaves[..100] {
        fresh.append(*leaf);
    }
    for leaf in &leaves[100..] {
        assert_eq!(restored.append(*leaf), fresh.append(*leaf));
    }
    assert_eq!(restored.root(), frontier.root());
}

// ---- property tests on huge trees --------------------------------------------------------------------------

/// xorshift64*: a small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform-ish in `1..=max`, biased towards small and power-of-two-adjacent values.
    fn size(&mut self, max: u64) -> u64 {
        let bits = (self.next() % 64) as u32 + 1;
        let mut v = self.next() >> (64 - bits);
        match self.next() % 4 {
            0 => v = v.saturating_add(1).checked_next_power_of_two().unwrap_or(u64::MAX),
            1 => v = v.saturating_add(1).checked_next_power_of_two().map_or(u64::MAX, |p| p - 1),
            _ => {}
        }
        v.clamp(1, max)
    }
}

/// A consistent "virtual" log holding the given nodes: a node with a wanted node strictly below it is the hash of
/// its children; any other node is a pseudo-random hash. This makes proofs for trees of any size (up to
/// 2^64 - 1 leaves) checkable without materialising the leaves.
fn virtual_nodes(alg: HashAlg, wanted: &[NodeId]) -> Nodes {
    // Every strict ancestor of a wanted node (levels up to 63: a tree has fewer than 2^64 leaves).
    let mut ancestors = HashSet::new();
    for w in wanted {
        for level in w.level + 1..64 {
            ancestors.insert(NodeId { level, index: w.index >> (level - w.level) });
        }
    }
    fn value(alg: HashAlg, id: NodeId, ancestors: &HashSet<NodeId>, memo: &mut Nodes) -> Hash {
        if let Some(h) = memo.get(&id) {
            return *h;
        }
        let h = if ancestors.contains(&id) {
            let left = NodeId { level: id.level - 1, index: id.index * 2 };
            let right = NodeId { level: id.level - 1, index: id.index * 2 + 1 };
            let (l, r) = (value(alg, left, ancestors, memo), value(alg, right, ancestors, memo));
            alg.node_hash(&l, &r)
        } else {
            let mut seed = vec![id.level];
            seed.extend_from_slice(&id.index.to_be_bytes());
            alg.digest(&seed)
        };
        memo.insert(id, h);
        h
    }
    let mut memo = Nodes::new();
    wanted.iter().map(|&id| (id, value(alg, id, &ancestors, &mut memo))).collect()
}

#[test]
fn proofs_from_tree_verify_for_huge_sizes() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for round in 0..150 {
        let alg = if round % 2 == 0 { HashAlg::Sha256 } else { HashAlg::Sm3 };
        let second = rng.size(u64::MAX);
        let first = rng.size(second);
        let index = rng.next() % second;

        let mut wanted = tree::root_nodes(first);
        wanted.extend(tree::root_nodes(second));
        wanted.extend(tree::inclusion_nodes(index, second).expect("inclusion nodes"));
        wanted.extend(tree::consistency_nodes(first, second).expect("consistency nodes"));
        wanted.push(NodeId { level: 0, index });
        let nodes = virtual_nodes(alg, &wanted);

        let r1 = tree::root(alg, first, &nodes).expect("root 1");
        let r2 = tree::root(alg, second, &nodes).expect("root 2");
        let leaf = nodes[&NodeId { level: 0, index }];
        let incl = tree::inclusion_proof(alg, index, second, &nodes).expect("inclusion");
        let cons = tree::consistency_proof(alg, first, second, &nodes).expect("consistency");
        let ctx = format!("{alg} index {index} first {first} second {second}");
        assert_eq!(verify_inclusion(alg, index, second, &leaf, &incl, &r2), Ok(()), "{ctx}");
        assert_eq!(verify_consistency(alg, first, second, &r1, &r2, &cons), Ok(()), "{ctx}");
        if first == second {
            assert!(cons.is_empty());
        }

        // Damage: every single-bit flip, a dropped or an added hash, a wrong index or size, swapped roots.
        for i in 0..incl.len() {
            let mut bad = incl.clone();
            bad[i][(rng.next() % 32) as usize] ^= 1 << (rng.next() % 8);
            assert!(verify_inclusion(alg, index, second, &leaf, &bad, &r2).is_err(), "{ctx}");
        }
        for i in 0..cons.len() {
            let mut bad = cons.clone();
            bad[i][(rng.next() % 32) as usize] ^= 1 << (rng.next() % 8);
            assert!(verify_consistency(alg, first, second, &r1, &r2, &bad).is_err(), "{ctx}");
        }
        let mut longer = incl.clone();
        longer.push(r2);
        assert!(verify_inclusion(alg, index, second, &leaf, &longer, &r2).is_err(), "{ctx}");
        if let Some((_, shorter)) = incl.split_last() {
            assert!(verify_inclusion(alg, index, second, &leaf, shorter, &r2).is_err(), "{ctx}");
        }
        let mut longer = cons.clone();
        longer.push(r1);
        assert!(verify_consistency(alg, first, second, &r1, &r2, &longer).is_err(), "{ctx}");
        if let Some((_, shorter)) = cons.split_last() {
            assert!(verify_consistency(alg, first, second, &r1, &r2, shorter).is_err(), "{ctx}");
        }
        if first < second {
            assert!(verify_consistency(alg, first, second, &r2, &r1, &cons).is_err(), "{ctx}");
        }
        if second > 1 {
            let other = if index == 0 { 1 } else { index - 1 };
            assert!(verify_inclusion(alg, other, second, &leaf, &incl, &r2).is_err(), "{ctx}");
        }
        // Proving the same leaf under the other hash function fails (unless the proof is empty).
        let other_alg = if alg == HashAlg::Sha256 { HashAlg::Sm3 } else { HashAlg::Sha256 };
        if !incl.is_empty() {
            assert!(verify_inclusion(other_alg, index, second, &leaf, &incl, &r2).is_err(), "{ctx}");
        }
    }
}

/// Inclusion in a stored perfect subtree: the leaf's path inside `NodeId` verifies as a subtree inclusion proof.
#[test]
fn subtree_inclusion_in_stored_nodes() {
    let alg = HashAlg::Sha256;
    let leaves: Vec<Hash> = (0..64).map(|i| alg.leaf_hash(&leaf_data(i))).collect();
    let mut frontier = Frontier::empty(alg);
    let mut nodes = Nodes::new();
    for leaf in &leaves {
        nodes.extend(frontier.append(*leaf));
    }
    for (&id, hash) in &nodes {
        let (start, end) = id.leaves().expect("range");
        for index in start..end {
            let proof = path(alg, (index - start) as usize, &leaves[start as usize..end as usize]);
            assert_eq!(
                verify_subtree_inclusion(alg, index, start, end, &leaves[index as usize], &proof, hash),
                Ok(()),
                "{id:?} leaf {index}"
            );
        }
    }
}
