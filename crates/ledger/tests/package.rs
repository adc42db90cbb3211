//! Evidence packages: build → verify, every tamper case failing with the right check, hostile ZIPs, and the README's
//! own commands (openssl, sha256sum, python3) run against an extracted package. Those fail, not skip, when the tools
//! are missing.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use chrono::{Duration, Utc};
use rand_core::OsRng;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use zhibao_ledger::checkpoint::{self, Checkpoint, NoteKey, SigKind};
use zhibao_ledger::hash::HashAlg;
use zhibao_ledger::leaf::leaf_bytes;
use zhibao_ledger::package::{self, Limits, PackageError, PackageFile, PackageInput, Report, Trust, VerifyOptions};
use zhibao_ledger::tree::{self, Frontier, Nodes};
use zhibao_ledger::tsa::Authority;

const ORIGIN: &str = "zhibao.example/ledger";

struct Fx {
    input: PackageInput,
    ed: NoteKey,
    sm: NoteKey,
    tsa: Authority,
    zip: Vec<u8>,
}

fn hex_of(d: impl AsRef<[u8]>) -> String {
    hex::encode(d)
}

fn leaf_fields(id: i64, file_name: &str, data: &[u8]) -> Value {
    json!({
        "id": id, "matter_id": 7, "file_name": file_name, "content_type": "application/pdf", "size": data.len(),
        "sha256": hex_of(Sha256::digest(data)), "sm3": hex_of(sm3::Sm3::digest(data)), "source_url": null,
        "captured_at": "2026-11-20T08:00:00Z", "description": "现场检查照片", "uploader": "张三",
        "created_at": "2026-11-21T09:30:00Z",
    })
}

/// A log of 11 leaves whose leaf 6 is the evidence, a checkpoint signed with Ed25519 and SM2, a TSA token.
fn fixture_with(alg: HashAlg, file_name: &str, data: &[u8]) -> Fx {
    let now = Utc::now();
    let ed = NoteKey::generate(ORIGIN, SigKind::Ed25519, &mut OsRng).expect("ed25519 key");
    let sm = NoteKey::generate(ORIGIN, SigKind::Sm2, &mut OsRng).expect("sm2 key");
    let tsa = Authority::generate("测试市场监督管理局", now - Duration::hours(1), &mut OsRng).expect("tsa");
    let leaf = leaf_bytes("evidence", &leaf_fields(42, file_name, data));
    let mut frontier = Frontier::empty(alg);
    let mut nodes = Nodes::new();
    for i in 0..11 {
        let bytes = if i == 6 { leaf.clone() } else { leaf_bytes("probe", &json!({ "n": i })) };
        nodes.extend(frontier.append(alg.leaf_hash(&bytes)));
    }
    let inclusion_path = tree::inclusion_proof(alg, 6, 11, &nodes).expect("proof");
    let cp = Checkpoint { origin: ORIGIN.into(), size: 11, root: frontier.root(), extensions: vec![] };
    let note = checkpoint::sign(&cp.body(), &[&ed, &sm], &mut OsRng).expect("sign");
    let imprint: [u8; 32] = Sha256::digest(data).into();
    let token = tsa.stamp(&imprint, 1, now, None, &mut OsRng).expect("stamp");
    let input = PackageInput {
        hash_alg: alg,
        origin: ORIGIN.into(),
        evidence_id: "42".into(),
        generated_at: now,
        files: vec![PackageFile { file_name: file_name.into(), bytes: data.to_vec(), tsa_token: token }],
        leaf,
        leaf_index: 6,
        tree_size: 11,
        inclusion_path,
        checkpoint: note,
        verifiers: vec![ed.verifier(), sm.verifier()],
        tsa_cert_pem: tsa.cert_pem(),
        tsa_ca_pem: tsa.ca_cert_pem(),
    };
    let zip = package::build(&input).expect("build");
    Fx { input, ed, sm, tsa, zip }
}

fn fixture() -> Fx {
    fixture_with(HashAlg::Sha256, "合同 扫描件.pdf", &b"%PDF-1.7 evidence ".repeat(500))
}

fn trust_of(fx: &Fx) -> Trust {
    Trust { verifiers: vec![fx.ed.verifier(), fx.sm.verifier()], tsa_ca_pems: vec![fx.tsa.ca_cert_pem()] }
}

fn verify(zip: &[u8]) -> Report {
    package::verify(zip, &VerifyOptions::default())
}

fn unzip(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
    (0..a.len())
        .map(|i| {
            let mut f = a.by_index(i).expect("member");
            let mut b = Vec::new();
            f.read_to_end(&mut b).expect("read");
            (f.name().to_string(), b)
        })
        .collect()
}

fn rezip(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (n, b) in members {
        w.start_file(n.as_str(), o).expect("start");
        w.write_all(b).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn get<'a>(m: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &m.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name}")).1
}

fn set(m: &mut [(String, Vec<u8>)], name: &str, bytes: Vec<u8>) {
    m.iter_mut().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name}")).1 = bytes;
}

/// Bring manifest.json's member digests up to date, as an attacker who read the format would.
fn fix_manifest(m: &mut [(String, Vec<u8>)]) {
    let mut manifest: Value = serde_json::from_slice(get(m, "manifest.json")).expect("manifest");
    let digests: Vec<(String, String)> = m.iter().map(|(n, b)| (n.clone(), hex_of(Sha256::digest(b)))).collect();
    for entry in manifest["members"].as_array_mut().expect("members") {
        let path = entry["path"].as_str().expect("path").to_string();
        if let Some((_, d)) = digests.iter().find(|(n, _)| *n == path) {
            entry["sha256"] = json!(d);
        }
    }
    set(m, "manifest.json", serde_json::to_vec_pretty(&manifest).expect("json"));
}

fn edit_manifest(m: &mut [(String, Vec<u8>)], f: impl FnOnce(&mut Value)) {
    let mut manifest: Value = serde_json::from_slice(get(m, "manifest.json")).expect("manifest");
    f(&mut manifest);
    set(m, "manifest.json", serde_json::to_vec_pretty(&manifest).expect("json"));
}

fn file_member(m: &[(String, Vec<u8>)]) -> String {
    m.iter().find(|(n, _)| n.starts_with("files/")).expect("file").0.clone()
}

#[track_caller]
fn assert_fails_at(report: &Report, id: &str) {
    let first = report.first_failure().unwrap_or_else(|| panic!("expected {id} to fail, but all passed: {report:#?}"));
    assert!(!report.ok);
    assert_eq!(first.id, id, "first failure is {} ({}), expected {id}\n{report:#?}", first.id, first.detail);
}

fn tamper(fx: &Fx, smart: bool, f: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Report {
    let mut m = unzip(&fx.zip);
    f(&mut m);
    if smart {
        fix_manifest(&mut m);
    }
    verify(&rezip(&m))
}

#[test]
fn build_then_verify() {
    let fx = fixture();
    let r = verify(&fx.zip);
    assert!(r.ok, "{r:#?}");
    let ids: Vec<&str> = r.checks.iter().map(|c| c.id).collect();
    assert_eq!(ids, ["zip", "manifest", "files", "leaf", "inclusion", "checkpoint_ed25519", "checkpoint_sm2", "tsa"]);
    assert!(r.check("checkpoint_ed25519").expect("check").detail.contains("taken from the package itself"), "{r:#?}");
    assert!(r.check("tsa").expect("check").detail.contains("time-stamped at 20"), "{r:#?}");
    assert!(r.check("leaf").expect("check").detail.contains("张三"), "{r:#?}");

    let trusted = package::verify(&fx.zip, &VerifyOptions { trust: Some(trust_of(&fx)), ..Default::default() });
    assert!(trusted.ok, "{trusted:#?}");
    assert!(trusted.check("checkpoint_sm2").expect("check").detail.contains("trusted"), "{trusted:#?}");
    assert!(trusted.check("tsa").expect("check").detail.contains("trusted TSA CA"), "{trusted:#?}");

    let names: Vec<String> = unzip(&fx.zip).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "README.md",
            "manifest.json",
            "files/合同_扫描件.pdf",
            "leaf.bin",
            "proof.json",
            "checkpoint.txt",
            "checkpoint.body",
            "checkpoint.ed25519.sig",
            "checkpoint.sm2.sig",
            "keys/ed25519.vkey",
            "keys/ed25519.pem",
            "keys/sm2.vkey",
            "keys/sm2.pem",
            "tsa/token.tsr",
            "tsa/tsa.pem",
            "tsa/ca.pem"
        ]
    );
    // The report serialises as the web client expects.
    let v: Value = serde_json::to_value(&r).expect("json");
    assert_eq!(v["ok"], json!(true));
    assert_eq!(v["checks"][0]["id"], json!("zip"));
    assert!(v["checks"][0]["title_zh"].is_string() && v["checks"][0]["title_en"].is_string());
}

#[test]
fn sm3_log_and_manifest_fields() {
    let fx = fixture_with(HashAlg::Sm3, "photo.jpg", b"\xff\xd8\xff jpeg");
    assert!(verify(&fx.zip).ok);
    let m = unzip(&fx.zip);
    let manifest: Value = serde_json::from_slice(get(&m, "manifest.json")).expect("manifest");
    assert_eq!(manifest["format"], json!("zhibao-evidence-package/1"));
    assert_eq!(manifest["hash_alg"], json!("sm3"));
    assert_eq!(manifest["origin"], json!(ORIGIN));
    assert_eq!(manifest["evidence_id"], json!("42"));
    assert_eq!(manifest["leaf_index"], json!(6));
    assert_eq!(manifest["tree_size"], json!(11));
    assert_eq!(manifest["files"][0]["path"], json!("files/photo.jpg"));
    assert_eq!(manifest["files"][0]["sha256"], json!(hex_of(Sha256::digest(b"\xff\xd8\xff jpeg"))));
    assert_eq!(manifest["files"][0]["size"], json!(8));
    assert_eq!(manifest["members"].as_array().expect("members").len(), m.len() - 1);
    let proof: Value = serde_json::from_slice(get(&m, "proof.json")).expect("proof");
    assert_eq!(proof["hash_alg"], json!("sm3"));
    assert_eq!(proof["inclusion_path"].as_array().expect("path").len(), 4);
    assert_eq!(get(&m, "leaf.bin"), fx.input.leaf.as_slice());
}

#[test]
fn changed_file_byte() {
    let fx = fixture();
    for smart in [false, true] {
        let r = tamper(&fx, smart, |m| {
            let f = file_member(m);
            let mut b = get(m, &f).to_vec();
            b[3] ^= 1;
            set(m, &f, b);
        });
        assert_fails_at(&r, "files");
        assert!(!r.check("tsa").expect("check").ok, "the time stamp is for the original file");
    }
    // Even with manifest.files rewritten to the new hashes, the file does not match the leaf.
    let r = tamper(&fx, true, |m| {
        let f = file_member(m);
        let mut b = get(m, &f).to_vec();
        b[3] ^= 1;
        let (sha, sm) = (hex_of(Sha256::digest(&b)), hex_of(sm3::Sm3::digest(&b)));
        set(m, &f, b);
        edit_manifest(m, |v| {
            v["files"][0]["sha256"] = json!(sha);
            v["files"][0]["sm3"] = json!(sm);
        });
    });
    assert_fails_at(&r, "files");
    assert!(r.first_failure().expect("a failure").detail.contains("leaf.bin"), "{r:#?}");
}

#[test]
fn changed_manifest() {
    let fx = fixture();
    let r = tamper(&fx, false, |m| set(m, "manifest.json", b"{not json".to_vec()));
    assert_fails_at(&r, "manifest");
    assert!(r.checks[2..].iter().all(|c| !c.ok && c.detail.contains("skipped because the manifest check failed")));
    let r = tamper(&fx, false, |m| edit_manifest(m, |v| v["format"] = json!("zhibao-evidence-package/2")));
    assert_fails_at(&r, "manifest");
    let r = tamper(&fx, false, |m| edit_manifest(m, |v| v["extra"] = json!(1)));
    assert_fails_at(&r, "manifest");
    let r = tamper(&fx, false, |m| edit_manifest(m, |v| v["leaf_index"] = json!(11)));
    assert_fails_at(&r, "manifest");
    // The README is covered by the manifest's digest.
    let r = tamper(&fx, false, |m| set(m, "README.md", b"# all fine, trust me".to_vec()));
    assert_fails_at(&r, "manifest");
    // A file hash changed in the manifest.
    let r = tamper(&fx, false, |m| edit_manifest(m, |v| v["files"][0]["sm3"] = json!("00".repeat(32))));
    assert_fails_at(&r, "files");
    // Another evidence id: the leaf says otherwise.
    let r = tamper(&fx, false, |m| edit_manifest(m, |v| v["evidence_id"] = json!("43")));
    assert_fails_at(&r, "leaf");
    // Another tree size: the proof says otherwise.
    let r = tamper(&fx, false, |m| {
        edit_manifest(m, |v| v["tree_size"] = json!(12));
    });
    assert_fails_at(&r, "inclusion");
}

#[test]
fn changed_leaf() {
    let fx = fixture();
    let other = |m: &mut Vec<(String, Vec<u8>)>| {
        let (_, mut fields) = zhibao_ledger::leaf::parse_leaf(get(m, "leaf.bin")).expect("leaf");
        fields["description"] = json!("另一份说明");
        set(m, "leaf.bin", leaf_bytes("evidence", &fields));
    };
    // Naively: the manifest's digest of leaf.bin no longer matches.
    assert_fails_at(&tamper(&fx, false, other), "leaf");
    // With the manifest fixed the leaf is self-consistent, but not the one in the log.
    let r = tamper(&fx, true, other);
    assert_fails_at(&r, "inclusion");
    assert!(r.check("inclusion").expect("check").detail.contains("leaf hash"), "{r:#?}");
    // Non-canonical JSON, another kind, another file hash.
    let r = tamper(&fx, true, |m| {
        let mut b = get(m, "leaf.bin").to_vec();
        b.push(b' ');
        set(m, "leaf.bin", b);
    });
    assert_fails_at(&r, "leaf");
    let r = tamper(&fx, true, |m| {
        let (_, fields) = zhibao_ledger::leaf::parse_leaf(get(m, "leaf.bin")).expect("leaf");
        set(m, "leaf.bin", leaf_bytes("event", &fields));
    });
    assert_fails_at(&r, "leaf");
    let r = tamper(&fx, true, |m| {
        let (_, mut fields) = zhibao_ledger::leaf::parse_leaf(get(m, "leaf.bin")).expect("leaf");
        fields["size"] = json!(1);
        set(m, "leaf.bin", leaf_bytes("evidence", &fields));
    });
    assert_fails_at(&r, "files");
    assert!(!r.check("leaf").expect("check").ok);
}

fn edit_proof(m: &mut [(String, Vec<u8>)], f: impl FnOnce(&mut Value)) {
    let mut proof: Value = serde_json::from_slice(get(m, "proof.json")).expect("proof");
    f(&mut proof);
    set(m, "proof.json", serde_json::to_vec_pretty(&proof).expect("json"));
}

#[test]
fn changed_or_truncated_proof() {
    let fx = fixture();
    for smart in [false, true] {
        let r = tamper(&fx, smart, |m| {
            edit_proof(m, |p| {
                let h = p["inclusion_path"][1].as_str().expect("hex").to_string();
                let flipped = format!("{}{}", if h.starts_with('0') { "1" } else { "0" }, &h[1..]);
                p["inclusion_path"][1] = json!(flipped);
            })
        });
        assert_fails_at(&r, "inclusion");
        assert!(r.check("inclusion").expect("check").detail.contains("does not match"), "{r:#?}");
    }
    let r = tamper(&fx, true, |m| edit_proof(m, |p| _ = p["inclusion_path"].as_array_mut().expect("path").pop()));
    assert_fails_at(&r, "inclusion");
    assert!(r.check("inclusion").expect("check").detail.contains("expected 4"), "{r:#?}");
    let r = tamper(&fx, true, |m| edit_proof(m, |p| p["inclusion_path"][0] = json!("zz")));
    assert_fails_at(&r, "inclusion");
    let r = tamper(&fx, true, |m| edit_proof(m, |p| p["leaf_index"] = json!(5)));
    assert_fails_at(&r, "inclusion");
    let r = tamper(&fx, true, |m| set(m, "proof.json", b"[]".to_vec()));
    assert_fails_at(&r, "inclusion");
    // Everything else still checks out, so a reader sees exactly what is wrong.
    assert!(r.check("checkpoint_ed25519").expect("check").ok && r.check("tsa").expect("check").ok);
}

#[test]
fn changed_checkpoint_body_or_size() {
    let fx = fixture();
    for smart in [false, true] {
        let r = tamper(&fx, smart, |m| {
            let note = String::from_utf8(get(m, "checkpoint.txt").to_vec()).expect("utf8");
            let body = String::from_utf8(get(m, "checkpoint.body").to_vec()).expect("utf8");
            set(m, "checkpoint.txt", note.replacen("\n11\n", "\n12\n", 1).into_bytes());
            set(m, "checkpoint.body", body.replacen("\n11\n", "\n12\n", 1).into_bytes());
        });
        assert_fails_at(&r, "inclusion");
        assert!(!r.check("checkpoint_ed25519").expect("check").ok);
        assert!(!r.check("checkpoint_sm2").expect("check").ok);
    }
    // checkpoint.body alone differing from the note.
    let r = tamper(&fx, true, |m| set(m, "checkpoint.body", b"zhibao.example/ledger\n11\nAAAA\n".to_vec()));
    assert_fails_at(&r, "checkpoint_ed25519");
}

/// Flip a byte of one signature, in the note and in its .sig member.
fn flip_signature(m: &mut [(String, Vec<u8>)], stem: &str, key_name: &str, key_id: [u8; 4]) {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let note = String::from_utf8(get(m, "checkpoint.txt").to_vec()).expect("utf8");
    let mut out = String::new();
    for line in note.split_inclusive('\n') {
        let prefix = format!("— {key_name} ");
        match line.strip_prefix(&prefix).map(|s| b64.decode(s.trim_end()).expect("b64")) {
            Some(mut blob) if blob[..4] == key_id => {
                blob[10] ^= 0x01;
                out.push_str(&format!("{prefix}{}\n", b64.encode(&blob)));
                set(m, &format!("checkpoint.{stem}.sig"), blob[4..].to_vec());
            }
            _ => out.push_str(line),
        }
    }
    set(m, "checkpoint.txt", out.into_bytes());
}

#[test]
fn wrong_signature() {
    let fx = fixture();
    let (ed, sm) = (fx.ed.verifier(), fx.sm.verifier());
    let r = tamper(&fx, true, |m| flip_signature(m, "ed25519", &ed.name, ed.key_id));
    assert_fails_at(&r, "checkpoint_ed25519");
    assert!(r.check("checkpoint_sm2").expect("check").ok, "{r:#?}");
    assert!(r.check("inclusion").expect("check").ok, "{r:#?}");
    let r = tamper(&fx, true, |m| flip_signature(m, "sm2", &sm.name, sm.key_id));
    assert_fails_at(&r, "checkpoint_sm2");
    assert!(r.check("checkpoint_ed25519").expect("check").ok, "{r:#?}");
    // Naive: only the .sig member changed.
    let r = tamper(&fx, false, |m| {
        let mut s = get(m, "checkpoint.sm2.sig").to_vec();
        s[8] ^= 1;
        set(m, "checkpoint.sm2.sig", s);
    });
    assert_fails_at(&r, "checkpoint_sm2");
    // A signature line removed.
    let r = tamper(&fx, true, |m| {
        let note = String::from_utf8(get(m, "checkpoint.txt").to_vec()).expect("utf8");
        use base64::Engine as _;
        let by_ed = |l: &str| {
            l.strip_prefix(&format!("— {} ", ed.name))
                .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b.trim_end()).ok())
                .is_some_and(|blob| blob[..4] == ed.key_id)
        };
        let kept: String = note.split_inclusive('\n').filter(|l| !by_ed(l)).collect();
        set(m, "checkpoint.txt", kept.into_bytes());
    });
    assert_fails_at(&r, "checkpoint_ed25519");
}

#[test]
fn forged_package_passes_integrity_but_not_trust() {
    // Someone re-signs the checkpoint with their own keys and ships them: integrity holds, origin does not.
    let fx = fixture();
    let mallory_ed = NoteKey::generate(ORIGIN, SigKind::Ed25519, &mut OsRng).expect("key");
    let mallory_sm = NoteKey::generate(ORIGIN, SigKind::Sm2, &mut OsRng).expect("key");
    let mut input = fx.input.clone();
    let body = checkpoint::open(&input.checkpoint, &[fx.ed.verifier()]).expect("open").checkpoint.body();
    input.checkpoint = checkpoint::sign(&body, &[&mallory_ed, &mallory_sm], &mut OsRng).expect("sign");
    input.verifiers = vec![mallory_ed.verifier(), mallory_sm.verifier()];
    let forged = package::build(&input).expect("build");
    assert!(verify(&forged).ok);
    let r = package::verify(&forged, &VerifyOptions { trust: Some(trust_of(&fx)), ..Default::default() });
    assert_fails_at(&r, "checkpoint_ed25519");
    assert!(r.check("checkpoint_ed25519").expect("check").detail.contains("key not trusted"), "{r:#?}");
    assert!(r.check("checkpoint_sm2").expect("check").detail.contains("key not trusted"), "{r:#?}");
    assert!(r.check("tsa").expect("check").ok);
}

#[test]
fn wrong_trusted_keys_and_other_tsa_ca() {
    let fx = fixture();
    let other = fixture_with(HashAlg::Sha256, "x.txt", b"x");
    let r = package::verify(&fx.zip, &VerifyOptions { trust: Some(trust_of(&other)), ..Default::default() });
    assert_fails_at(&r, "checkpoint_ed25519");
    assert!(!r.check("checkpoint_sm2").expect("check").ok);
    assert!(!r.check("tsa").expect("check").ok, "{r:#?}");
    // Trusted note keys, but another TSA CA.
    let trust = Trust { verifiers: trust_of(&fx).verifiers, tsa_ca_pems: vec![other.tsa.ca_cert_pem()] };
    let r = package::verify(&fx.zip, &VerifyOptions { trust: Some(trust), ..Default::default() });
    assert_fails_at(&r, "tsa");
    assert!(r.check("tsa").expect("check").detail.contains("certificate chain"), "{r:#?}");
    // Trust with keys only: the package's CA is used, and the detail says so.
    let trust = Trust { verifiers: trust_of(&fx).verifiers, tsa_ca_pems: vec![] };
    let r = package::verify(&fx.zip, &VerifyOptions { trust: Some(trust), ..Default::default() });
    assert!(r.ok, "{r:#?}");
    assert!(r.check("tsa").expect("check").detail.contains("no trusted TSA CA configured"), "{r:#?}");
    // The package's CA (and TSA certificate) swapped for another authority's.
    let r = tamper(&fx, true, |m| {
        set(m, "tsa/ca.pem", other.tsa.ca_cert_pem().into_bytes());
        set(m, "tsa/tsa.pem", other.tsa.cert_pem().into_bytes());
    });
    assert_fails_at(&r, "tsa");
    // A token over other data.
    let r = tamper(&fx, true, |m| set(m, "tsa/token.tsr", other.input.files[0].tsa_token.clone()));
    assert_fails_at(&r, "tsa");
    assert!(r.check("tsa").expect("check").detail.contains("imprint"), "{r:#?}");
    // tsa.pem that is not the signer.
    let r = tamper(&fx, true, |m| set(m, "tsa/tsa.pem", fx.tsa.ca_cert_pem().into_bytes()));
    assert_fails_at(&r, "tsa");
}

#[test]
fn missing_and_extra_members() {
    let fx = fixture();
    for name in ["proof.json", "leaf.bin", "manifest.json", "tsa/ca.pem", "checkpoint.body", "README.md"] {
        let r = tamper(&fx, false, |m| m.retain(|(n, _)| n != name));
        assert_fails_at(&r, "zip");
        assert!(r.checks[0].detail.contains(name), "{r:#?}");
        assert!(r.checks[1..].iter().all(|c| !c.ok && c.detail.contains("skipped because the zip check failed")));
    }
    let r = tamper(&fx, false, |m| m.retain(|(n, _)| !n.starts_with("files/")));
    assert_fails_at(&r, "zip");
    let r = tamper(&fx, true, |m| m.retain(|(n, _)| n != "checkpoint.sm2.sig"));
    assert_fails_at(&r, "manifest");
    let r = tamper(&fx, false, |m| m.retain(|(n, _)| n != "keys/sm2.pem" && n != "keys/sm2.vkey"));
    assert_fails_at(&r, "manifest");
    for extra in ["evil.sh", "files/sub/x", "keys/x.txt", "tsa/x.pem", "__MACOSX/._README.md"] {
        let r = tamper(&fx, false, |m| m.push((extra.to_string(), b"x".to_vec())));
        assert_fails_at(&r, "zip");
        assert!(r.checks[0].detail.contains("unexpected"), "{extra}: {r:#?}");
    }
    // Allowed by name but not in the manifest.
    let r = tamper(&fx, false, |m| m.push(("files/extra.txt".to_string(), b"x".to_vec())));
    assert_fails_at(&r, "manifest");
    // Directory entries of a re-zipped package are fine.
    let mut m = unzip(&fx.zip);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for d in ["files/", "keys/", "tsa/"] {
        w.add_directory(d, o).expect("dir");
    }
    for (n, b) in m.drain(..) {
        w.start_file(n, o).expect("start");
        w.write_all(&b).expect("write");
    }
    let r = verify(&w.finish().expect("finish").into_inner());
    assert!(r.ok, "{r:#?}");
}

/// Replace every occurrence of `from` with `to` (same length): member names in local and central headers.
fn patch(zip: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = zip.to_vec();
    let mut i = 0;
    let mut n = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
            n += 1;
        }
        i += 1;
    }
    assert!(n >= 2, "patched {n} occurrences");
    out
}

#[test]
fn path_traversal_and_duplicates() {
    let fx = fixture();
    let mut m = unzip(&fx.zip);
    m.push(("zz/x".into(), b"x".to_vec()));
    m.push(("Zetc/passwd".into(), b"x".to_vec()));
    m.push(("files\u{1}x".into(), b"x".to_vec()));
    let base = rezip(&m);
    for (from, to, why) in [
        (&b"zz/x"[..], &b"../x"[..], "path traversal"),
        (b"Zetc/passwd", b"/etc/passwd", "absolute path"),
        (b"zz/x", b"a\\.x", "backslash"),
        (b"zz/x", b"C:/x", "drive letter"),
        (b"zz/x", b"a//x", "path component"),
    ] {
        let bad = patch(&base, from, to);
        let r = verify(&bad);
        assert_fails_at(&r, "zip");
        assert!(r.checks[0].detail.contains(why), "{}: {r:#?}", String::from_utf8_lossy(to));
    }
    assert!(verify(&base).checks[0].detail.contains("control character"));
    // Two members with one name (the zip crate alone would keep only the last).
    let mut m = unzip(&fx.zip);
    m.push(("leaf.bix".into(), b"zhibao-leaf/1\nevidence\n{}".to_vec()));
    let dup = patch(&rezip(&m), b"leaf.bix", b"leaf.bin");
    let r = verify(&dup);
    assert_fails_at(&r, "zip");
    assert!(r.checks[0].detail.contains("duplicate"), "{r:#?}");
}

#[test]
fn zip_bombs_and_limits() {
    let fx = fixture();
    // A member that declares 1000 bytes but inflates to 20 MiB.
    let mut m = unzip(&fx.zip);
    let f = file_member(&m);
    let declared_len = get(&m, &f).len() as u32;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (n, b) in m.drain(..) {
        w.start_file(n.as_str(), o).expect("start");
        if n == f {
            let zeros = vec![0u8; 1 << 20];
            for _ in 0..20 {
                w.write_all(&zeros).expect("write");
            }
        } else {
            w.write_all(&b).expect("write");
        }
    }
    let big = w.finish().expect("finish").into_inner();
    assert!(big.len() < 200_000, "compressed to {}", big.len());
    // Patch the uncompressed size (20 MiB) to the original size in the local and central headers.
    let lie = patch(&big, &(20u32 << 20).to_le_bytes(), &declared_len.to_le_bytes());
    let start = std::time::Instant::now();
    let r = verify(&lie);
    assert_fails_at(&r, "zip");
    assert!(r.checks[0].detail.contains("inflates to more than the"), "{r:#?}");
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    // Honest about its size but over the limits: refused before inflating.
    let limits = Limits { max_member_bytes: 1 << 20, ..Limits::default() };
    let r = package::verify(&big, &VerifyOptions { limits, ..Default::default() });
    assert_fails_at(&r, "zip");
    assert!(r.checks[0].detail.contains("declares"), "{r:#?}");
    let limits = Limits { max_total_bytes: 10 << 20, ..Limits::default() };
    let r = package::verify(&big, &VerifyOptions { limits, ..Default::default() });
    assert_fails_at(&r, "zip");
    // Many members.
    let mut m = unzip(&fx.zip);
    for i in 0..100 {
        m.push((format!("files/x{i}"), vec![b'x'; 10]));
    }
    let r = verify(&rezip(&m));
    assert_fails_at(&r, "zip");
    assert!(r.checks[0].detail.contains("more than the limit of 64"), "{r:#?}");
    // The limit is a parameter.
    let limits = Limits { max_members: 10, ..Limits::default() };
    let r = package::verify(&fx.zip, &VerifyOptions { limits, ..Default::default() });
    assert_fails_at(&r, "zip");
}

#[test]
fn truncated_garbage_and_empty_input() {
    let fx = fixture();
    let r = verify(&[]);
    assert_fails_at(&r, "zip");
    assert!(r.checks[0].detail.contains("empty"), "{r:#?}");
    assert_eq!(r.checks.len(), 8);
    for len in (0..fx.zip.len()).step_by(97).chain([fx.zip.len() - 1, fx.zip.len() - 22]) {
        let r = verify(&fx.zip[..len]);
        assert_fails_at(&r, "zip");
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for n in [1usize, 21, 22, 100, 4096, 70_000] {
        let garbage: Vec<u8> = (0..n).map(|_| next() as u8).collect();
        assert_fails_at(&verify(&garbage), "zip");
    }
    // An end-of-central-directory record on its own, and one that claims 65535 members.
    let mut eocd = vec![0x50, 0x4b, 0x05, 0x06];
    eocd.extend_from_slice(&[0; 18]);
    assert!(!verify(&eocd).ok);
    eocd[10] = 0xff;
    eocd[11] = 0xff;
    assert_fails_at(&verify(&eocd), "zip");
    // Bit flips anywhere never panic; most fail.
    let mut failed = 0;
    for k in 0..150 {
        let mut z = fx.zip.clone();
        let i = (next() as usize) % z.len();
        z[i] ^= 1 << (k % 8);
        if !verify(&z).ok {
            failed += 1;
        }
    }
    assert!(failed > 100, "only {failed} of 150 bit flips were noticed");
}

#[test]
fn build_refuses_inconsistent_input() {
    let fx = fixture();
    let mut bad = fx.input.clone();
    bad.files[0].bytes.push(b'!');
    match package::build(&bad) {
        Err(PackageError::SelfCheck(why)) => assert!(why.contains("files"), "{why}"),
        other => panic!("expected a self-check error, got {other:?}"),
    }
    let mut bad = fx.input.clone();
    bad.leaf_index = 5;
    assert!(matches!(package::build(&bad), Err(PackageError::SelfCheck(_))));
    let mut bad = fx.input.clone();
    bad.evidence_id = "41".into();
    assert!(matches!(package::build(&bad), Err(PackageError::SelfCheck(_))));
    let mut bad = fx.input.clone();
    bad.verifiers.truncate(1);
    match package::build(&bad) {
        Err(PackageError::SelfCheck(why)) => assert!(why.contains("checkpoint_sm2"), "{why}"),
        other => panic!("expected a self-check error, got {other:?}"),
    }
    let mut bad = fx.input.clone();
    bad.files.clear();
    assert!(matches!(package::build(&bad), Err(PackageError::Invalid(_))));
    let mut bad = fx.input.clone();
    bad.checkpoint = "no note".into();
    assert!(matches!(package::build(&bad), Err(PackageError::Invalid(_))));
}

#[test]
fn hostile_file_names_become_safe_members() {
    for (name, member) in [
        ("../../etc/passwd", "files/passwd"),
        ("-rf --no-preserve-root", "files/_rf_--no-preserve-root"),
        (".bashrc", "files/_bashrc"),
        ("a'b\"c$(x).txt", "files/a_b_c_(x).txt"),
        ("C:\\Users\\证据\\照片.JPG", "files/照片.JPG"),
        ("", "files/evidence"),
    ] {
        let fx = fixture_with(HashAlg::Sha256, name, b"data");
        let m = unzip(&fx.zip);
        assert_eq!(file_member(&m), member, "{name:?}");
        let manifest: Value = serde_json::from_slice(get(&m, "manifest.json")).expect("manifest");
        assert_eq!(manifest["files"][0]["file_name"], json!(name));
        assert!(verify(&fx.zip).ok);
    }
}

#[test]
fn several_files_in_one_item() {
    let now = Utc::now();
    let fx = fixture();
    let (a, b) = (b"first file".to_vec(), b"second file".to_vec());
    let entry = |n: &str, d: &[u8]| {
        let (sha, sm) = (hex_of(Sha256::digest(d)), hex_of(sm3::Sm3::digest(d)));
        json!({"file_name": n, "sha256": sha, "sm3": sm, "size": d.len()})
    };
    let leaf = leaf_bytes("evidence", &json!({"id": "E-9", "files": [entry("a.txt", &a), entry("a.txt", &b)]}));
    let alg = HashAlg::Sha256;
    let mut frontier = Frontier::empty(alg);
    let mut nodes = Nodes::new();
    nodes.extend(frontier.append(alg.leaf_hash(&leaf)));
    let cp = Checkpoint { origin: ORIGIN.into(), size: 1, root: frontier.root(), extensions: vec![] };
    let stamp = |d: &[u8]| fx.tsa.stamp(&Sha256::digest(d).into(), 9, now, None, &mut OsRng).expect("stamp");
    let input = PackageInput {
        evidence_id: "E-9".into(),
        files: vec![
            PackageFile { file_name: "a.txt".into(), bytes: a.clone(), tsa_token: stamp(&a) },
            PackageFile { file_name: "a.txt".into(), bytes: b.clone(), tsa_token: stamp(&b) },
        ],
        leaf,
        leaf_index: 0,
        tree_size: 1,
        inclusion_path: tree::inclusion_proof(alg, 0, 1, &nodes).expect("proof"),
        checkpoint: checkpoint::sign(&cp.body(), &[&fx.ed, &fx.sm], &mut OsRng).expect("sign"),
        ..fx.input.clone()
    };
    let zip = package::build(&input).expect("build");
    let r = verify(&zip);
    assert!(r.ok, "{r:#?}");
    let names: Vec<String> = unzip(&zip).into_iter().map(|(n, _)| n).collect();
    for n in ["files/a.txt", "files/a-2.txt", "tsa/token.tsr", "tsa/token-2.tsr"] {
        assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
    }
    // The two tokens swapped: each is for the other file.
    let r = tamper(&Fx { zip, ..fixture() }, true, |m| {
        let (t1, t2) = (get(m, "tsa/token.tsr").to_vec(), get(m, "tsa/token-2.tsr").to_vec());
        set(m, "tsa/token.tsr", t2);
        set(m, "tsa/token-2.tsr", t1);
    });
    assert_fails_at(&r, "tsa");
}

#[test]
fn trust_from_files() {
    let fx = fixture();
    let files = vec![
        (
            "ours.vkey".to_string(),
            format!("# 本机构\n{}\n\n{}\n", fx.ed.verifier().to_vkey(), fx.sm.verifier().to_vkey()),
        ),
        ("tsa-ca.pem".to_string(), fx.tsa.ca_cert_pem()),
        ("sm2.pem".to_string(), fx.sm.verifier().public_key_pem()),
        ("notes.txt".to_string(), "ignored".to_string()),
    ];
    let trust = Trust::from_files(&files).expect("trust");
    assert_eq!(trust.verifiers.len(), 2);
    assert_eq!(trust.tsa_ca_pems.len(), 1);
    let r = package::verify(&fx.zip, &VerifyOptions { trust: Some(trust), ..Default::default() });
    assert!(r.ok, "{r:#?}");
    let bad = [("x.vkey".to_string(), "not a key".to_string())];
    assert!(matches!(Trust::from_files(&bad), Err(PackageError::TrustFile { .. })));
    let bad = [("x.pem".to_string(), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".to_string())];
    assert!(Trust::from_files(&bad).is_err());
    let bad = [("x.pem".to_string(), "hello".to_string())];
    assert!(Trust::from_files(&bad).is_err());
    assert!(Trust::from_files(&[]).expect("empty").verifiers.is_empty());
}

// ------------------------------------------------------------------ the README, run

fn extract(zip: &[u8], dir: &Path) {
    for (name, bytes) in unzip(zip) {
        let p = dir.join(&name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
}

/// The fenced blocks of a language in a Markdown text.
fn blocks(md: &str, lang: &str) -> Vec<String> {
    let open = format!("```{lang}\n");
    md.split(&open).skip(1).map(|rest| rest.split("```").next().unwrap_or("").to_string()).collect()
}

fn run_sh(dir: &Path, line: &str) -> String {
    let out = Command::new("sh").arg("-c").arg(line).current_dir(dir).output().expect("sh");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "`{line}` failed:\n{text}");
    text
}

fn readme_commands_work(fx: &Fx) {
    assert!(Path::new("/usr/bin/openssl").exists(), "/usr/bin/openssl is required by this test");
    let dir = tempfile::tempdir().expect("tempdir");
    extract(&fx.zip, dir.path());
    let readme = std::fs::read_to_string(dir.path().join("README.md")).expect("readme");
    assert!(readme.find("中文说明") < readme.find("## English"), "Chinese first");
    let sh = blocks(&readme, "sh");
    assert_eq!(sh.len(), 6, "three steps with commands, in two languages");
    let mut seen = std::collections::HashSet::new();
    for block in &sh {
        for line in block.lines().filter(|l| !l.trim().is_empty()) {
            let out = run_sh(dir.path(), line);
            if line.contains("ts -verify") {
                assert!(out.contains("Verification: OK"), "{line}: {out}");
                seen.insert("tsa");
            }
            if line.contains("pkeyutl -verify") {
                assert!(out.contains("Signature Verified Successfully"), "{line}: {out}");
                seen.insert("ed25519");
            }
            if line.contains("dgst -sm3 -verify") {
                assert!(out.contains("Verified OK"), "{line}: {out}");
                seen.insert("sm2");
            }
            if line.contains("sha256sum -c") {
                assert!(out.contains(": OK"), "{line}: {out}");
                seen.insert("sha256");
            }
            if line.starts_with("openssl dgst -sm3 '") {
                let expected = line.rsplit("SM3 = ").next().expect("comment");
                assert!(out.contains(expected.trim()), "{line}: {out}");
                seen.insert("sm3");
            }
            if line.contains("ts -reply") {
                assert!(out.contains("Time stamp:"), "{line}: {out}");
            }
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");

    // Tampered data: the same commands fail.
    let file = unzip(&fx.zip).into_iter().find(|(n, _)| n.starts_with("files/")).expect("file").0;
    let mut bytes = std::fs::read(dir.path().join(&file)).expect("read");
    bytes[0] ^= 1;
    std::fs::write(dir.path().join(&file), &bytes).expect("write");
    let tsa_line = sh[1].lines().find(|l| l.contains("ts -verify")).expect("line");
    let out = Command::new("sh").arg("-c").arg(tsa_line).current_dir(dir.path()).output().expect("sh");
    assert!(!out.status.success(), "openssl accepted a tampered file");
    let sha_line = sh[0].lines().find(|l| l.contains("sha256sum -c")).expect("line");
    let out = Command::new("sh").arg("-c").arg(sha_line).current_dir(dir.path()).output().expect("sh");
    assert!(!out.status.success(), "sha256sum accepted a tampered file");

    // The Python snippet.
    let py = blocks(&readme, "python");
    assert_eq!(py.len(), 2);
    assert_eq!(py[0], py[1]);
    std::fs::write(dir.path().join("verify_proof.py"), &py[0]).expect("write");
    let out =
        Command::new("python3").arg("verify_proof.py").current_dir(dir.path()).output().expect("python3 is required");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && text.contains("inclusion proof OK"), "{text}");
    // …and it notices a changed leaf.
    std::fs::write(dir.path().join("leaf.bin"), b"zhibao-leaf/1\nevidence\n{}").expect("write");
    let out = Command::new("python3").arg("verify_proof.py").current_dir(dir.path()).output().expect("python3");
    assert!(!out.status.success());
    // …and a wrong path element.
    extract(&fx.zip, dir.path());
    let mut proof: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("proof.json")).expect("read")).expect("json");
    proof["inclusion_path"][0] = json!("00".repeat(32));
    std::fs::write(dir.path().join("proof.json"), serde_json::to_vec(&proof).expect("json")).expect("write");
    let out = Command::new("python3").arg("verify_proof.py").current_dir(dir.path()).output().expect("python3");
    assert!(!out.status.success());
}

#[test]
fn readme_commands_verify_a_sha256_package() {
    readme_commands_work(&fixture());
}

#[test]
fn readme_commands_verify_an_sm3_package() {
    readme_commands_work(&fixture_with(HashAlg::Sm3, "现场照片（1）.jpg", b"\xff\xd8\xff photo bytes"));
}

#[test]
fn unzip_tool_extracts_the_package() {
    // Info-ZIP unzip, as the README suggests, sees the same names (UTF-8 flag set for Chinese names).
    let fx = fixture();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.zip"), &fx.zip).expect("write");
    let out = Command::new("unzip").args(["-q", "p.zip", "-d", "out"]).current_dir(dir.path()).output();
    let out = out.expect("unzip is required by this test (apt-get install unzip)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("out/files/合同_扫描件.pdf").exists());
    assert!(dir.path().join("out/checkpoint.sm2.sig").exists());
}
