//! RFC 3161 time stamps: our tokens against `openssl ts`, and OpenSSL's tokens (RSA and EC, ESS v1 and v2) against
//! our verifier. The OpenSSL tests fail, not skip, when /usr/bin/openssl is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, TimeZone, Utc};
use rand_core::OsRng;
use sha2::{Digest, Sha256};
use zhibao_ledger::tsa::{self, Authority, TsaError};

const OPENSSL: &str = "/usr/bin/openssl";

fn openssl(dir: &Path, args: &[&str]) -> Output {
    assert!(Path::new(OPENSSL).exists(), "{OPENSSL} is required by these tests (apt-get install openssl)");
    Command::new(OPENSSL).args(args).current_dir(dir).output().expect("run openssl")
}

fn openssl_ok(dir: &Path, args: &[&str]) -> String {
    let out = openssl(dir, args);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "openssl {args:?} failed:\n{text}");
    text
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn authority() -> Authority {
    Authority::generate("测试法院", now(), &mut OsRng).expect("generate")
}

fn imprint(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("tempdir") }
    }
    fn put(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }
    fn get(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.path().join(name)).expect("read")
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
}

#[test]
fn stamp_verifies_with_ca_and_with_tsa_cert() {
    let data = b"evidence bytes";
    let t = Utc.with_ymd_and_hms(2026, 11, 3, 8, 30, 15).single().expect("time") + chrono::Duration::milliseconds(700);
    let a = Authority::generate("测试法院", t - chrono::Duration::days(1), &mut OsRng).expect("generate");
    let resp = a.stamp(&imprint(data), 42, t, Some(&[0x01, 0x02]), &mut OsRng).expect("stamp");
    let info = tsa::verify_response(&resp, &imprint(data), &a.ca_cert_pem()).expect("verify against CA");
    assert_eq!(info.gen_time, Utc.with_ymd_and_hms(2026, 11, 3, 8, 30, 15).single().expect("time"));
    assert_eq!(info.serial, "0x2A");
    assert_eq!(info.policy, tsa::DEFAULT_POLICY);
    let subject = info.tsa_subject.expect("subject");
    assert!(subject.contains("测试法院 时间戳服务"), "{subject}");
    // The TSA certificate itself as the trust anchor.
    tsa::verify_response(&resp, &imprint(data), &a.cert_pem()).expect("verify against TSA cert");
    // Several anchors in one PEM text.
    let other = authority();
    let bundle = format!("{}{}", other.ca_cert_pem(), a.ca_cert_pem());
    tsa::verify_response(&resp, &imprint(data), &bundle).expect("verify against bundle");
}

#[test]
fn wrong_data_wrong_ca_and_high_serials() {
    let a = authority();
    let resp = a.stamp(&imprint(b"a"), u64::MAX, now(), None, &mut OsRng).expect("stamp");
    let info = tsa::verify_response(&resp, &imprint(b"a"), &a.ca_cert_pem()).expect("verify");
    assert_eq!(info.serial, "0xFFFFFFFFFFFFFFFF");
    let err = tsa::verify_response(&resp, &imprint(b"b"), &a.ca_cert_pem()).expect_err("must fail");
    assert!(matches!(err, TsaError::ImprintMismatch { .. }), "{err}");
    assert!(err.to_string().contains("message imprint"), "{err}");
    let other = authority();
    let err = tsa::verify_response(&resp, &imprint(b"a"), &other.ca_cert_pem()).expect_err("must fail");
    assert!(matches!(err, TsaError::Chain(_)), "{err}");
    let err = tsa::verify_response(&resp, &imprint(b"a"), "not a pem").expect_err("must fail");
    assert!(matches!(err, TsaError::Pem(_)), "{err}");
}

#[test]
fn pem_round_trip_and_policy() {
    let a = authority().with_policy("1.2.156.1.2.3").expect("policy");
    let b = Authority::from_pem(&a.key_pem().expect("key pem"), &a.cert_pem(), &a.ca_cert_pem()).expect("from_pem");
    let b = b.with_policy(&a.policy()).expect("policy");
    let resp = b.stamp(&imprint(b"x"), 1, now(), None, &mut OsRng).expect("stamp");
    let info = tsa::verify_response(&resp, &imprint(b"x"), &a.ca_cert_pem()).expect("verify");
    assert_eq!(info.policy, "1.2.156.1.2.3");
    assert!(a.with_policy("not an oid").is_err());

    // Mismatched pieces are refused.
    let c = authority();
    assert!(matches!(
        Authority::from_pem(&c.key_pem().expect("key pem"), &b.cert_pem(), &b.ca_cert_pem()),
        Err(TsaError::Key(_))
    ));
    assert!(Authority::from_pem(&b.key_pem().expect("key pem"), &b.cert_pem(), &c.ca_cert_pem()).is_err());
    assert!(Authority::from_pem(&b.key_pem().expect("key pem"), &b.ca_cert_pem(), &b.ca_cert_pem()).is_err());
    assert!(Authority::from_pem("", "", "").is_err());
    assert!(Authority::generate("", now(), &mut OsRng).is_err());
    assert!(Authority::generate(&"长".repeat(49), now(), &mut OsRng).is_err());
}

#[test]
fn openssl_verifies_our_token_and_rejects_tampered_data() {
    let a = authority();
    let f = Files::new();
    let data = "证据文件 — evidence file\n".repeat(100);
    f.put("data.bin", data.as_bytes());
    f.put("ca.pem", a.ca_cert_pem().as_bytes());
    let resp = a.stamp(&imprint(data.as_bytes()), 7, now(), None, &mut OsRng).expect("stamp");
    f.put("resp.tsr", &resp);

    let out = openssl_ok(f.path(), &["ts", "-verify", "-in", "resp.tsr", "-data", "data.bin", "-CAfile", "ca.pem"]);
    assert!(out.contains("Verification: OK"), "{out}");

    let text = openssl_ok(f.path(), &["ts", "-reply", "-in", "resp.tsr", "-text"]);
    assert!(text.contains("Status: Granted"), "{text}");
    assert!(text.contains("Serial number: 0x07"), "{text}");
    // OpenSSL names the placeholder OID after its sample configuration.
    assert!(text.contains("Policy OID: 1.2.3.4.1") || text.contains("Policy OID: tsa_policy1"), "{text}");
    assert!(text.contains(&hex::encode(imprint(data.as_bytes())).to_uppercase()[..2]), "{text}");

    // The token alone (-token_in) verifies too; the CMS structure parses as PKCS#7.
    openssl_ok(f.path(), &["ts", "-reply", "-in", "resp.tsr", "-token_out", "-out", "token.der"]);
    let out = openssl_ok(
        f.path(),
        &["ts", "-verify", "-in", "token.der", "-token_in", "-data", "data.bin", "-CAfile", "ca.pem"],
    );
    assert!(out.contains("Verification: OK"), "{out}");
    let token = f.get("token.der");
    tsa::verify_response(&token, &imprint(data.as_bytes()), &a.ca_cert_pem()).expect("bare token verifies");

    // Tampered data: OpenSSL and we both say no.
    let mut tampered = data.clone().into_bytes();
    tampered[10] ^= 1;
    f.put("data.bin", &tampered);
    let out = openssl(f.path(), &["ts", "-verify", "-in", "resp.tsr", "-data", "data.bin", "-CAfile", "ca.pem"]);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success() && !text.contains("Verification: OK"), "openssl accepted tampered data: {text}");
    assert!(tsa::verify_response(&resp, &imprint(&tampered), &a.ca_cert_pem()).is_err());

    // A different CA: OpenSSL and we both say no.
    f.put("data.bin", data.as_bytes());
    f.put("other.pem", authority().ca_cert_pem().as_bytes());
    let out = openssl(f.path(), &["ts", "-verify", "-in", "resp.tsr", "-data", "data.bin", "-CAfile", "other.pem"]);
    assert!(!out.status.success(), "openssl accepted a token under the wrong CA");
}

#[test]
fn openssl_checks_our_certificates() {
    let a = authority();
    let f = Files::new();
    f.put("ca.pem", a.ca_cert_pem().as_bytes());
    f.put("tsa.pem", a.cert_pem().as_bytes());
    let out = openssl_ok(f.path(), &["verify", "-CAfile", "ca.pem", "-purpose", "timestampsign", "tsa.pem"]);
    assert!(out.contains("tsa.pem: OK"), "{out}");
    let text = openssl_ok(f.path(), &["x509", "-in", "tsa.pem", "-noout", "-text"]);
    assert!(text.contains("X509v3 Extended Key Usage: critical"), "{text}");
    assert!(text.contains("Time Stamping"), "{text}");
    assert!(text.contains("X509v3 Key Usage: critical"), "{text}");
    assert!(text.contains("Digital Signature"), "{text}");
    assert!(text.contains("ecdsa-with-SHA256"), "{text}");
    let text = openssl_ok(f.path(), &["x509", "-in", "ca.pem", "-noout", "-text"]);
    assert!(text.contains("CA:TRUE"), "{text}");
    // The key PEM is a PKCS#8 P-256 key OpenSSL reads.
    f.put("tsa.key", a.key_pem().expect("key pem").as_bytes());
    let text = openssl_ok(f.path(), &["pkey", "-in", "tsa.key", "-noout", "-text"]);
    assert!(text.contains("prime256v1") || text.contains("P-256"), "{text}");
}

#[test]
fn our_request_is_what_openssl_expects() {
    let f = Files::new();
    let im = imprint(b"hello");
    f.put("req.tsq", &tsa::request_der(&im, Some(0x1234_5678_9abc_def0), true).expect("request"));
    let text = openssl_ok(f.path(), &["ts", "-query", "-in", "req.tsq", "-text"]);
    assert!(text.contains("Version: 1"), "{text}");
    assert!(text.contains("Hash Algorithm: sha256"), "{text}");
    assert!(text.contains("Nonce: 0x123456789ABCDEF0"), "{text}");
    assert!(text.contains("Certificate required: yes"), "{text}");
    let hex_pairs: Vec<String> = im.iter().map(|b| format!("{b:02x}")).collect();
    let dump: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(dump.contains(&hex_pairs[..4].join(" ")), "{text}");

    f.put("req2.tsq", &tsa::request_der(&im, None, false).expect("request"));
    let text = openssl_ok(f.path(), &["ts", "-query", "-in", "req2.tsq", "-text"]);
    assert!(text.contains("Nonce: unspecified"), "{text}");
    assert!(text.contains("Certificate required: no"), "{text}");
    // A nonce with the top bit set is still a positive INTEGER.
    f.put("req3.tsq", &tsa::request_der(&im, Some(u64::MAX), true).expect("request"));
    let text = openssl_ok(f.path(), &["ts", "-query", "-in", "req3.tsq", "-text"]);
    assert!(text.contains("Nonce: 0xFFFFFFFFFFFFFFFF"), "{text}");
}

#[test]
fn we_answer_openssl_requests() {
    let a = authority();
    let f = Files::new();
    f.put("data.bin", b"a request made by openssl");
    f.put("ca.pem", a.ca_cert_pem().as_bytes());

    // Without nonce, certificate requested.
    openssl_ok(f.path(), &["ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-no_nonce", "-out", "req.tsq"]);
    let resp = a.respond(&f.get("req.tsq"), 100, now(), &mut OsRng);
    f.put("resp.tsr", &resp);
    let out = openssl_ok(f.path(), &["ts", "-verify", "-in", "resp.tsr", "-data", "data.bin", "-CAfile", "ca.pem"]);
    assert!(out.contains("Verification: OK"), "{out}");
    let out = openssl_ok(f.path(), &["ts", "-verify", "-in", "resp.tsr", "-queryfile", "req.tsq", "-CAfile", "ca.pem"]);
    assert!(out.contains("Verification: OK"), "{out}");

    // With a nonce: OpenSSL checks that we echo it.
    openssl_ok(f.path(), &["ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-out", "req2.tsq"]);
    f.put("resp2.tsr", &a.respond(&f.get("req2.tsq"), 101, now(), &mut OsRng));
    let out =
        openssl_ok(f.path(), &["ts", "-verify", "-in", "resp2.tsr", "-queryfile", "req2.tsq", "-CAfile", "ca.pem"]);
    assert!(out.contains("Verification: OK"), "{out}");
    tsa::verify_response(&f.get("resp2.tsr"), &imprint(b"a request made by openssl"), &a.ca_cert_pem())
        .expect("we verify it too");

    // certReq false: RFC 3161 §2.4.1 says no certificates; OpenSSL then needs the TSA cert via -untrusted.
    openssl_ok(f.path(), &["ts", "-query", "-data", "data.bin", "-sha256", "-no_nonce", "-out", "req3.tsq"]);
    f.put("resp3.tsr", &a.respond(&f.get("req3.tsq"), 102, now(), &mut OsRng));
    f.put("tsa.pem", a.cert_pem().as_bytes());
    let out = openssl_ok(
        f.path(),
        &["ts", "-verify", "-in", "resp3.tsr", "-data", "data.bin", "-CAfile", "ca.pem", "-untrusted", "tsa.pem"],
    );
    assert!(out.contains("Verification: OK"), "{out}");
    assert!(tsa::token_signer_pem(&f.get("resp3.tsr")).is_err(), "no certificate in a certReq=false token");
    assert_eq!(tsa::token_signer_pem(&f.get("resp.tsr")).expect("pem"), a.cert_pem());
    // Our verifier finds the signer among the trusted certificates when the token has none.
    tsa::verify_response(&f.get("resp3.tsr"), &imprint(b"a request made by openssl"), &a.cert_pem())
        .expect("signer found among anchors");
    assert!(
        tsa::verify_response(&f.get("resp3.tsr"), &imprint(b"a request made by openssl"), &a.ca_cert_pem()).is_err()
    );
}

#[test]
fn rejections_for_bad_requests() {
    let a = authority();
    let f = Files::new();
    f.put("data.bin", b"x");
    openssl_ok(f.path(), &["ts", "-query", "-data", "data.bin", "-sha1", "-cert", "-out", "sha1.tsq"]);
    let resp = a.respond(&f.get("sha1.tsq"), 1, now(), &mut OsRng);
    f.put("sha1.tsr", &resp);
    let text = openssl_ok(f.path(), &["ts", "-reply", "-in", "sha1.tsr", "-text"]);
    assert!(text.contains("Status: Rejected"), "{text}");
    assert!(text.contains("unrecognized or unsupported algorithm"), "{text}");
    let err = tsa::verify_response(&resp, &imprint(b"x"), &a.ca_cert_pem()).expect_err("must fail");
    match &err {
        TsaError::Rejected { status: 2, fail_info, .. } => assert_eq!(fail_info, &["badAlg".to_string()]),
        other => panic!("expected a rejection, got {other}"),
    }
    assert!(err.to_string().contains("badAlg"), "{err}");

    // Another policy.
    openssl_ok(
        f.path(),
        &["ts", "-query", "-data", "data.bin", "-sha256", "-tspolicy", "1.2.3.4.99", "-out", "pol.tsq"],
    );
    let resp = a.respond(&f.get("pol.tsq"), 1, now(), &mut OsRng);
    match tsa::verify_response(&resp, &imprint(b"x"), &a.ca_cert_pem()) {
        Err(TsaError::Rejected { fail_info, .. }) => assert_eq!(fail_info, ["unacceptedPolicy".to_string()]),
        other => panic!("expected a rejection, got {other:?}"),
    }
    // Our own policy is fine.
    openssl_ok(
        f.path(),
        &["ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-tspolicy", "1.2.3.4.1", "-out", "p1.tsq"],
    );
    let resp = a.respond(&f.get("p1.tsq"), 1, now(), &mut OsRng);
    tsa::verify_response(&resp, &imprint(b"x"), &a.ca_cert_pem()).expect("own policy");

    // Garbage.
    for input in [&b""[..], b"\x30", b"\x30\x00", b"garbage garbage", &[0xffu8; 100]] {
        let resp = a.respond(input, 1, now(), &mut OsRng);
        match tsa::verify_response(&resp, &imprint(b"x"), &a.ca_cert_pem()) {
            Err(TsaError::Rejected { status: 2, fail_info, .. }) => {
                assert_eq!(fail_info, ["badDataFormat".to_string()])
            }
            other => panic!("expected a rejection, got {other:?}"),
        }
        f.put("g.tsr", &resp);
        let text = openssl_ok(f.path(), &["ts", "-reply", "-in", "g.tsr", "-text"]);
        assert!(text.contains("Status: Rejected"), "{text}");
    }
}

/// A TSA made entirely with OpenSSL in `f`: ca.crt/ca.key, tsa.crt/tsa.key, tsa.cnf for `openssl ts -reply`.
fn openssl_tsa(f: &Files, key_args: &[&str], ess_alg: &str) {
    let mut args =
        vec!["req", "-x509", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=OpenSSL Test CA"];
    args.extend_from_slice(&["-days", "30", "-addext", "basicConstraints=critical,CA:TRUE"]);
    args.extend_from_slice(&["-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    args.extend_from_slice(key_args);
    openssl_ok(f.path(), &args);
    let mut args =
        vec!["req", "-new", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=OpenSSL Test TSA"];
    args.extend_from_slice(key_args);
    openssl_ok(f.path(), &args);
    f.put("ext.cnf", b"extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature,nonRepudiation\n");
    openssl_ok(
        f.path(),
        &[
            "x509",
            "-req",
            "-in",
            "tsa.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "tsa.crt",
            "-days",
            "30",
            "-extfile",
            "ext.cnf",
        ],
    );
    let cnf = format!(
        "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\ndir = {dir}\nserial = $dir/serial\ncrypto_device = builtin\n\
         signer_cert = $dir/tsa.crt\ncerts = $dir/tsa.crt\nsigner_key = $dir/tsa.key\nsigner_digest = sha256\n\
         default_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1, millisecs:500\n\
         clock_precision_digits = 3\nordering = no\ntsa_name = yes\ness_cert_id_chain = no\n\
         ess_cert_id_alg = {ess_alg}\n",
        dir = f.path().display()
    );
    f.put("tsa.cnf", cnf.as_bytes());
    f.put("serial", b"01\n");
}

fn openssl_reply(f: &Files, query: &str, out: &str) {
    openssl_ok(f.path(), &["ts", "-reply", "-queryfile", query, "-config", "tsa.cnf", "-out", out]);
}

#[test]
fn we_verify_openssl_tokens_rsa_ess_v1_and_ec_ess_v2() {
    for (key_args, ess) in [
        (&["-newkey", "rsa:2048"][..], "sha1"),
        (&["-newkey", "rsa:2048"][..], "sha256"),
        (&["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"][..], "sha256"),
        (&["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"][..], "sha1"),
    ] {
        let f = Files::new();
        openssl_tsa(&f, key_args, ess);
        let data = format!("data for {key_args:?} {ess}");
        let im = imprint(data.as_bytes());
        // Our request, OpenSSL's TSA: the external-TSA path.
        f.put("req.tsq", &tsa::request_der(&im, Some(99), true).expect("request"));
        openssl_reply(&f, "req.tsq", "resp.tsr");
        let ca = String::from_utf8(f.get("ca.crt")).expect("pem");
        let info = tsa::verify_response(&f.get("resp.tsr"), &im, &ca)
            .unwrap_or_else(|e| panic!("{key_args:?} ess {ess}: {e}"));
        assert_eq!(info.policy, "1.2.3.4.1");
        assert_eq!(info.tsa_subject.as_deref(), Some("CN=OpenSSL Test TSA"));
        // The external TSA's certificate, as shipped in packages, is the one in tsa.crt.
        let pem = tsa::token_signer_pem(&f.get("resp.tsr")).expect("signer pem");
        let crt = String::from_utf8(f.get("tsa.crt")).expect("pem");
        assert_eq!(pem.split_whitespace().collect::<String>(), crt.split_whitespace().collect::<String>());
        assert!((Utc::now() - info.gen_time).num_seconds().abs() < 120, "{:?}", info.gen_time);
        // Fractional seconds (clock_precision_digits = 3) parsed, not rejected.
        let text = openssl_ok(f.path(), &["ts", "-reply", "-in", "resp.tsr", "-text"]);
        assert!(text.contains("Time stamp: "), "{text}");
        // Wrong data, wrong anchor.
        assert!(matches!(
            tsa::verify_response(&f.get("resp.tsr"), &imprint(b"other"), &ca),
            Err(TsaError::ImprintMismatch { .. })
        ));
        assert!(matches!(
            tsa::verify_response(&f.get("resp.tsr"), &im, &authority().ca_cert_pem()),
            Err(TsaError::Chain(_))
        ));
    }
}

#[test]
fn a_certificate_without_time_stamping_usage_is_refused() {
    let f = Files::new();
    openssl_tsa(&f, &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], "sha256");
    // Re-issue the TSA certificate with a non-critical EKU (RFC 3161 §2.3 wants it critical).
    f.put("ext.cnf", b"extendedKeyUsage=timeStamping\n");
    openssl_ok(
        f.path(),
        &[
            "x509",
            "-req",
            "-in",
            "tsa.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "tsa.crt",
            "-days",
            "30",
            "-extfile",
            "ext.cnf",
        ],
    );
    let key = String::from_utf8(f.get("tsa.key")).expect("pem");
    let cert = String::from_utf8(f.get("tsa.crt")).expect("pem");
    let ca = String::from_utf8(f.get("ca.crt")).expect("pem");
    match Authority::from_pem(&key, &cert, &ca) {
        Err(TsaError::Certificate(why)) => assert!(why.contains("not critical"), "{why}"),
        other => panic!("expected a certificate error, got {other:?}"),
    }
}

#[test]
fn openssl_made_keys_load_into_an_authority() {
    let f = Files::new();
    openssl_tsa(&f, &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], "sha256");
    let key = String::from_utf8(f.get("tsa.key")).expect("pem");
    let cert = String::from_utf8(f.get("tsa.crt")).expect("pem");
    let ca = String::from_utf8(f.get("ca.crt")).expect("pem");
    let a = Authority::from_pem(&key, &cert, &ca).expect("from_pem with openssl keys");
    let resp = a.stamp(&imprint(b"z"), 5, now(), None, &mut OsRng).expect("stamp");
    tsa::verify_response(&resp, &imprint(b"z"), &ca).expect("verify");
    f.put("z", b"z");
    f.put("r.tsr", &resp);
    let out = openssl_ok(f.path(), &["ts", "-verify", "-in", "r.tsr", "-data", "z", "-CAfile", "ca.crt"]);
    assert!(out.contains("Verification: OK"), "{out}");
}

/// Truncations and bit flips of a token never panic; every truncation fails.
#[test]
fn garbage_never_panics() {
    let a = authority();
    let im = imprint(b"fuzz");
    let resp = a.stamp(&im, 3, now(), Some(&[9; 8]), &mut OsRng).expect("stamp");
    let ca = a.ca_cert_pem();
    for len in 0..resp.len() {
        assert!(tsa::verify_response(&resp[..len], &im, &ca).is_err(), "truncated to {len} verified");
    }
    let mut flipped_ok = 0;
    for i in 0..resp.len() {
        for bit in [0x01u8, 0x80] {
            let mut r = resp.clone();
            r[i] ^= bit;
            if tsa::verify_response(&r, &im, &ca).is_ok() {
                flipped_ok += 1;
                eprintln!("flip {bit:#x} at {i} of {} still verifies", resp.len());
            }
        }
    }
    // Only PKIStatus granted (0) -> grantedWithMods (1) changes nothing that matters.
    assert!(flipped_ok <= 1, "{flipped_ok} bit flips still verified");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for n in 0..300 {
        let len = (n * 7) % 600;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        assert!(tsa::verify_response(&bytes, &im, &ca).is_err());
        let _ = a.respond(&bytes, 1, now(), &mut OsRng);
        assert!(Authority::from_pem(&String::from_utf8_lossy(&bytes), &ca, &ca).is_err());
    }
    // PEM-ish garbage.
    for pem in
        ["-----BEGIN ", "-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"]
    {
        assert!(tsa::verify_response(&resp, &im, pem).is_err());
    }
    // Times before 1970 are refused, not wrapped.
    let old = Utc.with_ymd_and_hms(1960, 1, 1, 0, 0, 0).single().expect("time");
    assert!(a.stamp(&im, 1, old, None, &mut OsRng).is_err());
}
