//! Checkpoints and signed notes: body format, signing and opening with Ed25519 and SM2, tampering, unknown keys,
//! verifier keys, and the Go `golang.org/x/mod/sumdb/note` reference vector.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use rand_core::OsRng;
use zhibao_ledger::checkpoint::{
    open, open_note, sign, Checkpoint, NoteError, NoteKey, NoteVerifier, SigKind, MAX_SIGNATURES,
};
use zhibao_ledger::hash::HashAlg;

const ORIGIN: &str = "zhibao.example/ledger";

fn checkpoint() -> Checkpoint {
    Checkpoint {
        origin: ORIGIN.to_owned(),
        size: 20852163,
        root: HashAlg::Sha256.digest(b"root"),
        extensions: Vec::new(),
    }
}

fn keys() -> (NoteKey, NoteKey) {
    let ed = NoteKey::generate(ORIGIN, SigKind::Ed25519, &mut OsRng).expect("ed25519 key");
    let sm = NoteKey::generate(ORIGIN, SigKind::Sm2, &mut OsRng).expect("sm2 key");
    (ed, sm)
}

// ---- checkpoint body ---------------------------------------------------------------------------------------

#[test]
fn body_layout_and_round_trip() {
    let mut cp = checkpoint();
    let body = cp.body();
    assert_eq!(body, format!("{ORIGIN}\n20852163\n{}\n", B64.encode(cp.root)));
    assert_eq!(Checkpoint::parse(&body), Ok(cp.clone()));

    cp.extensions = vec!["ext one".into(), "— two".into()];
    assert!(cp.body().ends_with("\next one\n— two\n"));
    assert_eq!(Checkpoint::parse(&cp.body()), Ok(cp.clone()));

    let empty = Checkpoint { origin: "o".into(), size: 0, root: HashAlg::Sm3.empty_root(), extensions: vec![] };
    assert_eq!(Checkpoint::parse(&empty.body()), Ok(empty));
    let max = Checkpoint { size: u64::MAX, ..checkpoint() };
    assert_eq!(Checkpoint::parse(&max.body()), Ok(max));
}

/// The example checkpoint of the C2SP tlog-checkpoint text parses.
#[test]
fn c2sp_example_body_parses() {
    let body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    let cp = Checkpoint::parse(body).expect("C2SP example");
    assert_eq!((cp.origin.as_str(), cp.size), ("example.com/behind-the-sofa", 20852163));
    assert_eq!(cp.body(), body);
}

#[test]
fn malformed_bodies_are_rejected() {
    let root = B64.encode([7u8; 32]);
    let bad = [
        String::new(),
        format!("o\n1\n{root}"),                                               // no final newline
        "o\n1\n".to_owned(),                                                   // no root
        format!("\n1\n{root}\n"),                                              // empty origin
        format!("o\n01\n{root}\n"),                                            // leading zero
        format!("o\n+1\n{root}\n"),                                            // sign
        format!("o\n-1\n{root}\n"),                                            // negative
        format!("o\n 1\n{root}\n"),                                            // space
        format!("o\n18446744073709551616\n{root}\n"),                          // > u64::MAX
        format!("o\n1\n{}\n", B64.encode([7u8; 31])),                          // short root
        format!("o\n1\n{}\n", B64.encode([7u8; 33])),                          // long root
        format!("o\n1\n{}\n", root.trim_end_matches('=')),                     // unpadded
        format!("o\n1\n{}\n", "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwd="), // non-canonical final bits
        format!("o\n1\n{root}\n\n"),                                           // empty extension
        format!("o\n1\n{root}\next\n\n"),                                      // empty extension
        format!("o\r\n1\n{root}\n"),                                           // CR
        format!("o\t\n1\n{root}\n"),                                           // control character
    ];
    for body in &bad {
        assert!(Checkpoint::parse(body).is_err(), "accepted {body:?}");
    }
}

// ---- signed notes --------------------------------------------------------------------------------------------

#[test]
fn sign_and_open_with_both_kinds() {
    let (ed, sm) = keys();
    let cp = checkpoint();
    let note = sign(&cp.body(), &[&ed, &sm], &mut OsRng).expect("sign");

    let lines: Vec<&str> = note.lines().collect();
    assert_eq!(lines.len(), 6, "{note}");
    assert_eq!(lines[3], "");
    assert!(lines[4].starts_with(&format!("— {ORIGIN} ")));
    assert!(lines[5].starts_with(&format!("— {ORIGIN} ")));
    assert!(note.starts_with(&cp.body()));

    let both = open(&note, &[ed.verifier(), sm.verifier()]).expect("open with both");
    assert_eq!(both.checkpoint, cp);
    assert_eq!(both.verified, vec![(ORIGIN.to_owned(), SigKind::Ed25519), (ORIGIN.to_owned(), SigKind::Sm2)]);
    assert_eq!(both.unknown_signatures, 0);

    let only_ed = open(&note, &[ed.verifier()]).expect("open with ed25519");
    assert_eq!(only_ed.verified, vec![(ORIGIN.to_owned(), SigKind::Ed25519)]);
    assert_eq!(only_ed.unknown_signatures, 1);

    let only_sm = open(&note, &[sm.verifier()]).expect("open with sm2");
    assert_eq!(only_sm.verified, vec![(ORIGIN.to_owned(), SigKind::Sm2)]);
    assert_eq!(only_sm.unknown_signatures, 1);
}

#[test]
fn tampering_is_detected() {
    let (ed, sm) = keys();
    let cp = checkpoint();
    let note = sign(&cp.body(), &[&ed, &sm], &mut OsRng).expect("sign");
    let verifiers = [ed.verifier(), sm.verifier()];

    for verifier in &verifiers {
        let vs = std::slice::from_ref(verifier);
        // A different size, root or origin in the body.
        let bigger = note.replacen("20852163", "20852164", 1);
        assert!(matches!(open(&bigger, vs), Err(NoteError::BadSignature { .. })), "{:?}", verifier.kind);
        let root_b64 = B64.encode(cp.root);
        let other_root = note.replacen(&root_b64, &B64.encode(HashAlg::Sha256.digest(b"other")), 1);
        assert!(matches!(open(&other_root, vs), Err(NoteError::BadSignature { .. })));
        let other_origin = note.replacen("zhibao.example/ledger\n", "zhibao.example/ledgeR\n", 1);
        assert!(matches!(open(&other_origin, vs), Err(NoteError::BadSignature { .. })));
        // An extension line added.
        let extended = note.replacen(&format!("{root_b64}\n"), &format!("{root_b64}\nextra\n"), 1);
        assert!(matches!(open(&extended, vs), Err(NoteError::BadSignature { .. })));
    }

    // Flip each byte of each signature (after the key ID): the known key's signature fails.
    let sig_lines: Vec<&str> = note.lines().skip(4).collect();
    for (line_no, line) in sig_lines.iter().enumerate() {
        let (prefix, b64) = line.rsplit_once(' ').expect("signature line");
        let blob = B64.decode(b64).expect("base64");
        for i in 4..blob.len() {
            let mut bad = blob.clone();
            bad[i] ^= 0x01;
            let bad_line = format!("{prefix} {}", B64.encode(&bad));
            let bad_note = note.replacen(line, &bad_line, 1);
            let res = open(&bad_note, &verifiers);
            assert!(res.is_err(), "line {line_no} byte {i} accepted");
        }
        // Truncated signature.
        let short = format!("{prefix} {}", B64.encode(&blob[..blob.len() - 1]));
        assert!(open(&note.replacen(line, &short, 1), &verifiers).is_err());
    }
}

#[test]
fn unknown_signatures_are_skipped() {
    let (ed, sm) = keys();
    let stranger = NoteKey::generate("stranger.example/log", SigKind::Ed25519, &mut OsRng).expect("key");
    // Same name as ours, different key: a different key ID, so unknown, not a failure.
    let impostor = NoteKey::generate(ORIGIN, SigKind::Ed25519, &mut OsRng).expect("key");
    let body = checkpoint().body();
    let note = sign(&body, &[&stranger, &ed, &impostor, &sm], &mut OsRng).expect("sign");

    let opened = open(&note, &[ed.verifier(), sm.verifier()]).expect("open");
    assert_eq!(opened.verified.len(), 2);
    assert_eq!(opened.unknown_signatures, 2);

    // Only unknown keys: rejected.
    let foreign = sign(&body, &[&stranger, &impostor], &mut OsRng).expect("sign");
    assert_eq!(open(&foreign, &[ed.verifier(), sm.verifier()]).err(), Some(NoteError::NoKnownSignature));
    assert_eq!(open(&foreign, &[]).err(), Some(NoteError::NoKnownSignature));

    // A signature whose key ID matches a known key but whose name does not is unknown too.
    let renamed = note.replace(&format!("— {ORIGIN} "), "— renamed.example ");
    assert_eq!(open(&renamed, &[ed.verifier(), sm.verifier()]).err(), Some(NoteError::NoKnownSignature));
}

#[test]
fn malformed_notes_are_rejected() {
    let (ed, _) = keys();
    let body = checkpoint().body();
    let note = sign(&body, &[&ed], &mut OsRng).expect("sign");
    let vs = [ed.verifier()];
    assert!(open(&note, &vs).is_ok());
    let sig_line = note.lines().last().expect("line").to_owned();
    let bad = [
        note.trim_end_matches('\n').to_owned(), // no final newline
        note.replacen("\n\n", "\n", 1),         // no blank line
        format!("{body}\n"),                    // no signatures
        note.replacen("— ", "- ", 1),           // not an em dash
        note.replacen("— ", "—", 1),            // no space
        note.replacen(&format!("— {ORIGIN} "), &format!("— {ORIGIN}  "), 1), // two spaces
        note.replacen(&format!("— {ORIGIN} "), "— a+b ", 1), // '+' in name
        format!("{note}\n"),                    // trailing blank line
        note.replace('\n', "\r\n"),             // CRLF
        format!("{body}\n— {ORIGIN} AAAA\n"),   // signature too short
        format!("{body}\n— {ORIGIN} not base64!\n"), // bad base64
        format!("{note}{sig_line}\n{sig_line}"), // unterminated last line
    ];
    for n in &bad {
        assert!(open(n, &vs).is_err(), "accepted {n:?}");
    }
    // Too many signature lines.
    let many = format!("{body}\n{}", format!("{sig_line}\n").repeat(MAX_SIGNATURES + 1));
    assert_eq!(open(&many, &vs).err(), Some(NoteError::TooManySignatures));
    // Repeated valid signatures are fine and counted once.
    let twice = format!("{note}{sig_line}\n");
    assert_eq!(open(&twice, &vs).map(|o| o.verified.len()), Ok(1));
    // A valid note whose text is not a checkpoint.
    let text_note = sign("hello\n", &[&ed], &mut OsRng).expect("sign");
    assert!(open_note(&text_note, &vs).is_ok());
    assert!(matches!(open(&text_note, &vs), Err(NoteError::MalformedCheckpoint(_))));
}

#[test]
fn sign_rejects_bad_input() {
    let (ed, _) = keys();
    assert_eq!(
        sign("no newline", &[&ed], &mut OsRng).err(),
        Some(NoteError::InvalidText("must be non-empty and end with a newline"))
    );
    assert!(sign("", &[&ed], &mut OsRng).is_err());
    assert!(sign("tab\there\n", &[&ed], &mut OsRng).is_err());
    assert_eq!(sign("x\n", &[], &mut OsRng).err(), Some(NoteError::NoSigners));
    for name in ["", "a b", "a+b", "a\u{3000}b", "a\nb", "tab\t"] {
        assert!(matches!(NoteKey::generate(name, SigKind::Ed25519, &mut OsRng), Err(NoteError::InvalidName(_))));
    }
}

#[test]
fn ambiguous_verifiers_are_rejected() {
    let (ed, sm) = keys();
    let note = sign(&checkpoint().body(), &[&ed], &mut OsRng).expect("sign");
    let v = ed.verifier();
    // The same verifier twice is fine.
    assert!(open(&note, &[v.clone(), v.clone()]).is_ok());
    // Two different keys claiming the same name and key ID are a configuration error.
    let mut clash = sm.verifier();
    clash.key_id = v.key_id;
    let err = open(&note, &[v.clone(), clash]).err();
    assert!(matches!(err, Some(NoteError::AmbiguousVerifier { .. })), "{err:?}");
}

// ---- keys ------------------------------------------------------------------------------------------------------

#[test]
fn vkey_round_trip_and_key_ids() {
    let (ed, sm) = keys();
    for key in [&ed, &sm] {
        let v = key.verifier();
        let vkey = v.to_vkey();
        assert_eq!(NoteVerifier::parse_vkey(&vkey), Ok(v.clone()));
        let (name, rest) = vkey.split_once('+').expect("name");
        assert_eq!(name, ORIGIN);
        assert_eq!(&rest[..8], hex::encode(v.key_id));
        let blob = B64.decode(&rest[9..]).expect("base64");
        match key.kind() {
            SigKind::Ed25519 => {
                assert_eq!(blob.len(), 33);
                assert_eq!(blob[0], 0x01);
            }
            SigKind::Sm2 => {
                assert_eq!(&blob[..15], b"\xffzhibao-sm2-sm3");
                assert_eq!(blob.len(), 15 + 65);
                assert_eq!(blob[15], 0x04);
            }
        }
        // Key ID = SHA-256(name || 0x0A || type bytes || public key)[:4].
        let mut preimage = format!("{ORIGIN}\n").into_bytes();
        preimage.extend_from_slice(&blob);
        assert_eq!(&HashAlg::Sha256.digest(&preimage)[..4], &v.key_id);
        assert_eq!(&blob[blob.len() - v.public_key().len()..], v.public_key());
    }
}

#[test]
fn mangled_vkeys_are_rejected() {
    let (ed, sm) = keys();
    for v in [ed.verifier(), sm.verifier()] {
        let vkey = v.to_vkey();
        let b = vkey.as_bytes();
        // Every proper substring (as in Go's note_test.go).
        for i in 0..=b.len() {
            for j in i + 1..=b.len() {
                if i == 0 && j == b.len() {
                    continue;
                }
                if let Ok(s) = std::str::from_utf8(&b[i..j]) {
                    assert!(NoteVerifier::parse_vkey(s).is_err(), "accepted substring {s:?}");
                }
            }
        }
        // Every single-byte increment.
        for i in 0..b.len() {
            let mut m = b.to_vec();
            m[i] = m[i].wrapping_add(1);
            if let Ok(s) = String::from_utf8(m) {
                assert!(NoteVerifier::parse_vkey(&s).is_err(), "accepted mangled {s:?}");
            }
        }
    }
    assert!(matches!(NoteVerifier::parse_vkey("a+00000000+AgAA"), Err(NoteError::UnsupportedKeyType(2))));
}

/// A vkey text for an arbitrary 32-byte Ed25519 key encoding, with the key ID computed as the spec says.
fn ed25519_vkey(name: &str, key: &[u8; 32]) -> String {
    let mut blob = vec![0x01];
    blob.extend_from_slice(key);
    let mut preimage = format!("{name}\n").into_bytes();
    preimage.extend_from_slice(&blob);
    format!("{name}+{}+{}", hex::encode(&HashAlg::Sha256.digest(&preimage)[..4]), B64.encode(blob))
}

/// Keys that decode but are not acceptable: small-order points and non-canonical encodings (y >= p).
#[test]
fn weak_and_non_canonical_ed25519_keys_are_rejected() {
    // The identity (y = 1) has small order.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert!(NoteVerifier::parse_vkey(&ed25519_vkey("k", &identity)).is_err());
    // y = p + t for small t, with either sign bit: some decode to valid points but are not canonical.
    let mut non_canonical = 0;
    for t in 0u8..19 {
        for sign in [0u8, 0x80] {
            let mut y = [0xffu8; 32];
            y[0] = 0xed + t; // p = 2^255 - 19 = ed ff .. ff 7f (little-endian)
            y[31] = 0x7f | sign;
            if ed25519_dalek::VerifyingKey::from_bytes(&y).is_ok_and(|k| !k.is_weak()) {
                non_canonical += 1;
                assert!(NoteVerifier::parse_vkey(&ed25519_vkey("k", &y)).is_err(), "accepted {}", hex::encode(y));
            }
        }
    }
    assert!(non_canonical > 0, "no non-canonical test key found");
    // And a genuine key in the same helper is accepted (the helper is right).
    let (ed, _) = keys();
    let key: [u8; 32] = ed.verifier().public_key().try_into().expect("32 bytes");
    assert_eq!(NoteVerifier::parse_vkey(&ed25519_vkey(ORIGIN, &key)), Ok(ed.verifier()));
}

#[test]
fn pkcs8_round_trip_and_debug_hides_secret() {
    let (ed, sm) = keys();
    for key in [&ed, &sm] {
        let pem = key.to_pkcs8_pem().expect("pem");
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let back = NoteKey::from_pkcs8_pem(key.name(), key.kind(), &pem).expect("read pem");
        assert_eq!(back.verifier(), key.verifier());
        assert_eq!(back.kind(), key.kind());
        let debug = format!("{key:?}");
        let secret_b64 = pem.lines().nth(1).expect("pem body");
        assert!(!debug.contains(secret_b64), "{debug}");
        assert!(debug.contains(ORIGIN) && debug.contains(&hex::encode(key.verifier().key_id)), "{debug}");
    }
    assert!(NoteKey::from_pkcs8_pem(ORIGIN, SigKind::Sm2, &ed.to_pkcs8_pem().expect("pem")).is_err());
    assert!(NoteKey::from_pkcs8_pem(ORIGIN, SigKind::Ed25519, &sm.to_pkcs8_pem().expect("pem")).is_err());
    assert!(NoteKey::from_pkcs8_pem(ORIGIN, SigKind::Ed25519, "garbage").is_err());
}

#[test]
fn kinds_serialize_lowercase() {
    assert_eq!(serde_json::to_string(&SigKind::Sm2).ok().as_deref(), Some("\"sm2\""));
    assert_eq!(serde_json::to_string(&SigKind::Ed25519).ok().as_deref(), Some("\"ed25519\""));
}

// ---- the Go reference vector -------------------------------------------------------------------------------

/// From golang.org/x/mod/sumdb/note's note_test.go (BSD-3-Clause): a verifier key, its private key, a text and
/// the signed note Go produces.
const GO_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_TEXT: &str =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIG: &str =
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

#[test]
fn go_sumdb_note_vector() {
    let v = NoteVerifier::parse_vkey(GO_VKEY).expect("Go verifier key");
    assert_eq!((v.name.as_str(), v.kind, hex::encode(v.key_id)), ("PeterNeumann", SigKind::Ed25519, "c74f20a3".into()));
    assert_eq!(v.to_vkey(), GO_VKEY);

    let note = format!("{GO_TEXT}\n{GO_SIG}");
    let opened = open_note(&note, std::slice::from_ref(&v)).expect("open Go note");
    assert_eq!(opened.text, GO_TEXT);
    assert_eq!(opened.verified, vec![("PeterNeumann".to_owned(), SigKind::Ed25519)]);
    let tampered = note.replacen("cryptography", "cryptographY", 1);
    assert!(matches!(open_note(&tampered, std::slice::from_ref(&v)), Err(NoteError::BadSignature { .. })));

    // Go's private key text is PRIVATE+KEY+name+id+base64(0x01 || 32-byte seed). Wrap the seed in PKCS#8 (RFC 8410)
    // and sign: Ed25519 is deterministic, so the note must be Go's byte for byte.
    let seed_blob = B64.decode(GO_SKEY.splitn(5, '+').nth(4).expect("key")).expect("base64");
    assert_eq!((seed_blob.len(), seed_blob[0]), (33, 0x01));
    let mut der = hex::decode("302e020100300506032b657004220420").expect("hex");
    der.extend_from_slice(&seed_blob[1..]);
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", B64.encode(der));
    let key = NoteKey::from_pkcs8_pem("PeterNeumann", SigKind::Ed25519, &pem).expect("Go key");
    assert_eq!(key.verifier(), v);
    assert_eq!(sign(GO_TEXT, &[&key], &mut OsRng).expect("sign"), note);
}
