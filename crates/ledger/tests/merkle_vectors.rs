//! Known-answer tests of the Merkle log: the transparency-dev/merkle proof probes (tests/data/merkle, see its
//! README) and the SM3 roots of the RFC 6962 reference tree.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use serde_json::Value;
use zhibao_ledger::hash::{Hash, HashAlg};
use zhibao_ledger::proof::{verify_consistency, verify_inclusion, verify_subtree_inclusion, ProofError};
use zhibao_ledger::tree::{self, Frontier, Nodes};

/// The leaves of the RFC 6962 reference tree (hex), also the leaves of the probes' happy paths.
const RFC6962_LEAVES: [&str; 8] =
    ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

/// SM3 roots of the reference tree by size (tests/data/merkle/README.md).
const SM3_ROOTS: [&str; 9] = [
    "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
    "2daef60e7a0b8f5e024c81cd2ab3109f2b4f155cf83adeb2ae5532f74a157fdf",
    "0b990fe0c7ad70f1bf1a1262f2c7908ea48146b14253a6db99f2917ab1f5cc4d",
    "209ec96a210d662a964772680e8544d18cab7b88ffec3e00962220349b56ea56",
    "28e4e307ef6d2d0c62d84b11ef96e835efe490f35b93c8f024ecfe38c8dd4377",
    "bb10c996aeebbcdc69be3715fc847344de77442d37a5ab8213da9f41785b103b",
    "8723c1ab1f82ddfba4a3733ac0c80d936d9f4c208c7dbc8cc81ca9fff8584f66",
    "bd36c22a1ac6ff4308e0c3cc1a85bf0ffa30538ec60a55c70413ab15d45db4d2",
    "bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38",
];

/// SHA-256 roots of the reference tree (RFC 6962 test suite / transparency-dev `testonly`), sizes 1..=8.
const SHA256_ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/merkle")
}

/// Every .json file under `dir`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

struct Probe {
    path: PathBuf,
    v: Value,
}

impl Probe {
    fn u64(&self, key: &str) -> u64 {
        self.v[key].as_u64().unwrap_or_else(|| panic!("{}: {key} is not a u64", self.path.display()))
    }
    fn bytes(&self, key: &str) -> Vec<u8> {
        let s = self.v[key].as_str().unwrap_or_else(|| panic!("{}: {key} is not a string", self.path.display()));
        B64.decode(s).unwrap_or_else(|e| panic!("{}: {key}: {e}", self.path.display()))
    }
    fn proof(&self) -> Vec<Vec<u8>> {
        match &self.v["proof"] {
            Value::Null => Vec::new(),
            Value::Array(items) => items
                .iter()
                .map(|p| B64.decode(p.as_str().expect("proof element is a string")).expect("proof base64"))
                .collect(),
            other => panic!("{}: bad proof {other}", self.path.display()),
        }
    }
    fn want_ok(&self) -> bool {
        !self.v["wantErr"].as_bool().unwrap_or_else(|| panic!("{}: no wantErr", self.path.display()))
    }
}

fn probes(folder: &str) -> Vec<Probe> {
    json_files(&data_dir().join(folder))
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("read probe");
            let v: Value = serde_json::from_str(&text).expect("probe JSON");
            Probe { path, v }
        })
        .collect()
}

/// Runs every probe of a folder; returns (accepted, rejected). Fails listing every wrong verdict.
fn run(folder: &str, expected_files: usize, check: impl Fn(&Probe) -> Result<(), ProofError>) -> (usize, usize) {
    let probes = probes(folder);
    assert_eq!(probes.len(), expected_files, "{folder}: probe files missing or added");
    let mut wrong = Vec::new();
    let (mut ok, mut rejected) = (0, 0);
    for p in &probes {
        let got = check(p);
        if got.is_ok() {
            ok += 1;
        } else {
            rejected += 1;
        }
        let name = p.path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with("happy-path") {
            assert!(p.want_ok(), "{}: a happy path must want success", p.path.display());
        }
        if got.is_ok() != p.want_ok() {
            wrong.push(format!("{}: want ok={}, got {got:?}", p.path.display(), p.want_ok()));
        }
    }
    assert!(wrong.is_empty(), "{} wrong verdicts:\n{}", wrong.len(), wrong.join("\n"));
    (ok, rejected)
}

#[test]
fn inclusion_probes() {
    let (ok, rejected) = run("inclusion", 98, |p| {
        verify_inclusion(
            HashAlg::Sha256,
            p.u64("leafIdx"),
            p.u64("treeSize"),
            &p.bytes("leafHash"),
            &p.proof(),
            &p.bytes("root"),
        )
    });
    // 5 happy paths + matching-root-and-leaf.
    assert_eq!((ok, rejected), (6, 92));
}

#[test]
fn consistency_probes() {
    let (ok, rejected) = run("consistency", 98, |p| {
        verify_consistency(
            HashAlg::Sha256,
            p.u64("size1"),
            p.u64("size2"),
            &p.bytes("root1"),
            &p.bytes("root2"),
            &p.proof(),
        )
    });
    // 5 happy paths + sizes-are-equal-one-and-proof-is-empty.
    assert_eq!((ok, rejected), (6, 92));
}

#[test]
fn subtree_inclusion_probes() {
    let (ok, rejected) = run("subtreeinclusion", 204, |p| {
        verify_subtree_inclusion(
            HashAlg::Sha256,
            p.u64("leafIdx"),
            p.u64("start"),
            p.u64("end"),
            &p.bytes("leafHash"),
            &p.proof(),
            &p.bytes("root"),
        )
    });
    assert_eq!((ok, rejected), (12, 192));
}

/// The happy paths are proofs in the reference tree: our prover must produce exactly them.
#[test]
fn prover_reproduces_probe_happy_paths() {
    let (nodes, _) = reference_tree(HashAlg::Sha256);
    let mut checked = 0;
    for p in probes("inclusion").iter().filter(|p| p.path.ends_with("happy-path.json")) {
        let (index, size) = (p.u64("leafIdx"), p.u64("treeSize"));
        let proof = tree::inclusion_proof(HashAlg::Sha256, index, size, &nodes).expect("inclusion proof");
        assert_eq!(proof.iter().map(|h| h.to_vec()).collect::<Vec<_>>(), p.proof(), "{}", p.path.display());
        assert_eq!(tree::root(HashAlg::Sha256, size, &nodes).map(|r| r.to_vec()), Ok(p.bytes("root")));
        checked += 1;
    }
    for p in probes("consistency").iter().filter(|p| p.path.ends_with("happy-path.json")) {
        let (first, second) = (p.u64("size1"), p.u64("size2"));
        let proof = tree::consistency_proof(HashAlg::Sha256, first, second, &nodes).expect("consistency proof");
        assert_eq!(proof.iter().map(|h| h.to_vec()).collect::<Vec<_>>(), p.proof(), "{}", p.path.display());
        checked += 1;
    }
    assert_eq!(checked, 10);
}

/// Appends the 8 reference leaves; returns every stored node and the frontier's root at each size 0..=8.
fn reference_tree(alg: HashAlg) -> (Nodes, Vec<Hash>) {
    let mut frontier = Frontier::empty(alg);
    let mut nodes = Nodes::new();
    let mut roots = vec![frontier.root()];
    for leaf in RFC6962_LEAVES {
        let leaf = hex::decode(leaf).expect("hex leaf");
        nodes.extend(frontier.append(alg.leaf_hash(&leaf)));
        roots.push(frontier.root());
    }
    (nodes, roots)
}

#[test]
fn sm3_reference_roots() {
    let alg = HashAlg::Sm3;
    let (nodes, roots) = reference_tree(alg);
    for (size, want) in SM3_ROOTS.iter().enumerate() {
        let size = size as u64;
        assert_eq!(hex::encode(roots[size as usize]), *want, "frontier root, size {size}");
        assert_eq!(tree::root(alg, size, &nodes).map(hex::encode), Ok(want.to_string()), "stored root, size {size}");
        let restored = Frontier::restore(alg, size, &nodes).expect("restore");
        assert_eq!(hex::encode(restored.root()), *want, "restored root, size {size}");
    }
}

#[test]
fn sha256_reference_roots() {
    let alg = HashAlg::Sha256;
    let (nodes, roots) = reference_tree(alg);
    assert_eq!(roots[0], alg.empty_root());
    for (i, want) in SHA256_ROOTS.iter().enumerate() {
        let size = i as u64 + 1;
        assert_eq!(hex::encode(roots[i + 1]), *want, "frontier root, size {size}");
        assert_eq!(tree::root(alg, size, &nodes).map(hex::encode), Ok(want.to_string()), "stored root, size {size}");
    }
}

/// Every proof between sizes of the SM3 reference tree verifies, and the SM3 roots are not SHA-256's.
#[test]
fn sm3_reference_proofs_verify() {
    let alg = HashAlg::Sm3;
    let (nodes, roots) = reference_tree(alg);
    for size in 1..=8u64 {
        for index in 0..size {
            let leaf = alg.leaf_hash(&hex::decode(RFC6962_LEAVES[index as usize]).expect("hex"));
            let proof = tree::inclusion_proof(alg, index, size, &nodes).expect("proof");
            assert_eq!(verify_inclusion(alg, index, size, &leaf, &proof, &roots[size as usize]), Ok(()));
            assert!(
                verify_inclusion(HashAlg::Sha256, index, size, &leaf, &proof, &roots[size as usize]).is_err()
                    || proof.is_empty()
            );
        }
        for first in 1..=size {
            let proof = tree::consistency_proof(alg, first, size, &nodes).expect("proof");
            let (r1, r2) = (roots[first as usize], roots[size as usize]);
            assert_eq!(verify_consistency(alg, first, size, &r1, &r2, &proof), Ok(()), "{first} -> {size}");
        }
    }
}
