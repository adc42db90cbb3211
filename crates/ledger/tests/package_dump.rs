use chrono::{Duration, Utc};
use rand_core::OsRng;
use serde_json::json;
use sha2::{Digest, Sha256};
use zhibao_ledger::checkpoint::{self, Checkpoint, NoteKey, SigKind};
use zhibao_ledger::hash::HashAlg;
use zhibao_ledger::leaf::leaf_bytes;
use zhibao_ledger::package::{self, PackageFile, PackageInput, VerifyOptions, Limits};
use zhibao_ledger::tree::{self, Frontier, Nodes};
use zhibao_ledger::tsa::Authority;
use std::io::Write;
#[test]
fn dump() {
    let data = b"%PDF evidence".repeat(10);
    let alg = HashAlg::Sm3;
    let now = Utc::now();
    let ed = NoteKey::generate("zhibao.example/ledger", SigKind::Ed25519, &mut OsRng).unwrap();
    let sm = NoteKey::generate("zhibao.example/ledger", SigKind::Sm2, &mut OsRng).unwrap();
    let tsa = Authority::generate("测试局", now - Duration::hours(1), &mut OsRng).unwrap();
    let fields = json!({"id": 42, "file_name": "合同.pdf", "size": data.len(), "sha256": hex::encode(Sha256::digest(&data)), "sm3": hex::encode(sm3::Sm3::digest(&data)), "uploader": "张三"});
    let leaf = leaf_bytes("evidence", &fields);
    let mut fr = Frontier::empty(alg); let mut nodes = Nodes::new();
    for i in 0..5 { let b = if i == 3 { leaf.clone() } else { leaf_bytes("probe", &json!({"n": i})) }; nodes.extend(fr.append(alg.leaf_hash(&b))); }
    let cp = Checkpoint { origin: "zhibao.example/ledger".into(), size: 5, root: fr.root(), extensions: vec![] };
    let note = checkpoint::sign(&cp.body(), &[&ed, &sm], &mut OsRng).unwrap();
    let token = tsa.stamp(&Sha256::digest(&data).into(), 1, now, None, &mut OsRng).unwrap();
    let input = PackageInput { hash_alg: alg, origin: "zhibao.example/ledger".into(), evidence_id: "42".into(), generated_at: now,
        files: vec![PackageFile { file_name: "合同.pdf".into(), bytes: data.clone(), tsa_token: token }], leaf, leaf_index: 3, tree_size: 5,
        inclusion_path: tree::inclusion_proof(alg, 3, 5, &nodes).unwrap(), checkpoint: note, verifiers: vec![ed.verifier(), sm.verifier()],
        tsa_cert_pem: tsa.cert_pem(), tsa_ca_pem: tsa.ca_cert_pem() };
    let zip = package::build(&input).unwrap();
    std::fs::File::create("/tmp/pkg.zip").unwrap().write_all(&zip).unwrap();
    let r = package::verify(&zip, &VerifyOptions::default());
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
    let r = package::verify(&zip, &VerifyOptions { limits: Limits { max_members: 3, ..Default::default() }, trust: None });
    println!("{}", serde_json::to_string_pretty(&r).unwrap());
}
