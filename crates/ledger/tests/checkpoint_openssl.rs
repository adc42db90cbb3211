//! Interoperability of note signatures with OpenSSL (3.x): an independent verifier checks our SM2 and Ed25519
//! signatures over the note text, rejects them over a tampered text, and signs with keys OpenSSL generated.
//!
//! These tests need the `openssl` command and FAIL (they do not skip) when it is missing.

use std::path::Path;
use std::process::{Command, Output};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use rand_core::OsRng;
use zhibao_ledger::checkpoint::{open, sign, Checkpoint, NoteKey, NoteVerifier, SigKind, SM2_DISTID};
use zhibao_ledger::hash::HashAlg;

const NAME: &str = "zhibao.example/ledger";

fn openssl(args: &[&str], dir: &Path) -> Output {
    let bin = if Path::new("/usr/bin/openssl").exists() { "/usr/bin/openssl" } else { "openssl" };
    Command::new(bin)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run openssl (it is required by these tests): {e}"))
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn body() -> String {
    Checkpoint { origin: NAME.into(), size: 42, root: HashAlg::Sm3.digest(b"x"), extensions: vec![] }.body()
}

/// The raw signature (after the 4-byte key ID) of the signature line by `v` in `note`.
fn signature_of(note: &str, v: &NoteVerifier) -> Vec<u8> {
    for line in note.lines() {
        if let Some(rest) = line.strip_prefix(&format!("— {} ", v.name)) {
            let blob = B64.decode(rest).expect("base64");
            if blob[..4] == v.key_id {
                return blob[4..].to_vec();
            }
        }
    }
    panic!("no signature by {} in note", v.name);
}

/// `openssl dgst -sm3 -verify` with the SM2 ID: OpenSSL 3.0's `dgst` has no `-vfyopt` and applies
/// `-sigopt distid:…` to verification too; `-vfyopt` is used only if `dgst -help` lists it.
fn verify_sm2(dir: &Path, msg: &str, sig: &str, pubkey: &str) -> Output {
    let distid = format!("distid:{SM2_DISTID}");
    let help = openssl(&["dgst", "-help"], dir);
    let opt = if text(&help).contains("-vfyopt") { "-vfyopt" } else { "-sigopt" };
    openssl(&["dgst", "-sm3", "-verify", pubkey, opt, &distid, "-signature", sig, msg], dir)
}

fn verify_ed25519(dir: &Path, msg: &str, sig: &str, pubkey: &str) -> Output {
    openssl(&["pkeyutl", "-verify", "-pubin", "-inkey", pubkey, "-rawin", "-in", msg, "-sigfile", sig], dir)
}

#[test]
fn openssl_verifies_our_signatures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let sm = NoteKey::generate(NAME, SigKind::Sm2, &mut OsRng).expect("sm2 key");
    let ed = NoteKey::generate(NAME, SigKind::Ed25519, &mut OsRng).expect("ed25519 key");
    let body = body();
    let note = sign(&body, &[&ed, &sm], &mut OsRng).expect("sign");

    std::fs::write(d.join("msg.txt"), &body).expect("write");
    std::fs::write(d.join("tampered.txt"), body.replacen("42", "43", 1)).expect("write");
    std::fs::write(d.join("sm2.pem"), sm.verifier().public_key_pem()).expect("write");
    std::fs::write(d.join("sm2.der"), signature_of(&note, &sm.verifier())).expect("write");
    std::fs::write(d.join("ed.pem"), ed.verifier().public_key_pem()).expect("write");
    std::fs::write(d.join("ed.sig"), signature_of(&note, &ed.verifier())).expect("write");

    let out = verify_sm2(d, "msg.txt", "sm2.der", "sm2.pem");
    assert!(out.status.success() && text(&out).contains("Verified OK"), "openssl SM2: {}", text(&out));
    let out = verify_sm2(d, "tampered.txt", "sm2.der", "sm2.pem");
    assert!(!out.status.success(), "openssl accepted SM2 over a tampered body: {}", text(&out));

    let out = verify_ed25519(d, "msg.txt", "ed.sig", "ed.pem");
    assert!(out.status.success() && text(&out).contains("Signature Verified Successfully"), "{}", text(&out));
    let out = verify_ed25519(d, "tampered.txt", "ed.sig", "ed.pem");
    assert!(!out.status.success(), "openssl accepted Ed25519 over a tampered body: {}", text(&out));

    // Our SubjectPublicKeyInfo is what OpenSSL itself writes for these keys.
    for (kind, key) in [("sm2", &sm), ("ed", &ed)] {
        std::fs::write(d.join(format!("{kind}.key")), key.to_pkcs8_pem().expect("pem")).expect("write");
        let out = openssl(&["pkey", "-in", &format!("{kind}.key"), "-pubout"], d);
        assert!(out.status.success(), "openssl pkey: {}", text(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), key.verifier().public_key_pem(), "{kind}");
    }
}

#[test]
fn keys_and_signatures_from_openssl_work_here() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let body = body();
    std::fs::write(d.join("msg.txt"), &body).expect("write");
    for (alg, kind) in [("SM2", SigKind::Sm2), ("ED25519", SigKind::Ed25519)] {
        let out = openssl(&["genpkey", "-algorithm", alg, "-out", "key.pem"], d);
        assert!(out.status.success(), "openssl genpkey {alg}: {}", text(&out));
        let pem = std::fs::read_to_string(d.join("key.pem")).expect("read key");
        let key = NoteKey::from_pkcs8_pem(NAME, kind, &pem).expect("read OpenSSL key");
        let out = openssl(&["pkey", "-in", "key.pem", "-pubout"], d);
        assert_eq!(String::from_utf8_lossy(&out.stdout), key.verifier().public_key_pem(), "{alg}");

        // We sign with the OpenSSL key; OpenSSL verifies with its own public key.
        let note = sign(&body, &[&key], &mut OsRng).expect("sign");
        std::fs::write(d.join("sig"), signature_of(&note, &key.verifier())).expect("write");
        std::fs::write(d.join("pub.pem"), out.stdout).expect("write");
        let out = match kind {
            SigKind::Sm2 => verify_sm2(d, "msg.txt", "sig", "pub.pem"),
            SigKind::Ed25519 => verify_ed25519(d, "msg.txt", "sig", "pub.pem"),
        };
        assert!(out.status.success(), "openssl {alg} verify: {}", text(&out));

        // OpenSSL signs; we verify the note made from its signature.
        let distid = format!("distid:{SM2_DISTID}");
        let out = match kind {
            SigKind::Sm2 => {
                openssl(&["dgst", "-sm3", "-sign", "key.pem", "-sigopt", &distid, "-out", "ossl.sig", "msg.txt"], d)
            }
            SigKind::Ed25519 => {
                openssl(&["pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "msg.txt", "-out", "ossl.sig"], d)
            }
        };
        assert!(out.status.success(), "openssl {alg} sign: {}", text(&out));
        let sig = std::fs::read(d.join("ossl.sig")).expect("read sig");
        let v = key.verifier();
        let mut blob = v.key_id.to_vec();
        blob.extend_from_slice(&sig);
        let note = format!("{body}\n— {NAME} {}\n", B64.encode(&blob));
        let opened =
            open(&note, std::slice::from_ref(&v)).unwrap_or_else(|e| panic!("OpenSSL {alg} signature rejected: {e}"));
        assert_eq!(opened.verified, vec![(NAME.to_owned(), kind)]);
        let tampered = note.replacen("42", "43", 1);
        assert!(open(&tampered, &[v]).is_err());
    }
}
