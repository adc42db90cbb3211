//! An RFC 3161 time-stamping authority (TSA) and time-stamp token verification.
//!
//! - [`Authority`] holds an ECDSA P-256 TSA key and its certificate, issued by a zhibao root CA (also P-256). The
//!   certificate carries a critical extendedKeyUsage of id-kp-timeStamping only (RFC 3161 §2.3) and keyUsage
//!   digitalSignature. [`Authority::stamp`] makes a granted `TimeStampResp` (RFC 3161 §2.4.2) for a SHA-256 message
//!   imprint; [`Authority::respond`] answers a DER `TimeStampReq` (RFC 3161 §2.4.1) as served over HTTP
//!   (`application/timestamp-query`, RFC 3161 §3.4).
//! - Tokens are CMS `SignedData` (RFC 5652 §5) over a `TSTInfo`, signed attributes content-type, message-digest,
//!   signing-time and the ESS signing-certificate-v2 attribute (RFC 5816 §2.2.1, RFC 5035), with the TSA
//!   certificate in `SignedData.certificates` so that `openssl ts -verify -in resp.tsr -data FILE -CAfile ca.pem`
//!   accepts them.
//! - [`verify_response`] checks a response (or a bare token) from any TSA: ours, or an external one asked with
//!   [`request_der`]. ECDSA P-256 and RSA PKCS#1 v1.5 signers are supported.
//!
//! Why P-256 and not SM2: OpenSSL 3.0 cannot sign an RFC 3161 response with an SM2 key, and `openssl ts -verify`
//! is the tool an independent verifier has; see `docs/evidence-packages.md`.
//!
//! Pure: no IO; time and randomness are passed in. Inputs are never trusted: malformed DER gives an error (or, in
//! [`Authority::respond`], a rejection response), never a panic.

mod asn1;
mod x509;

use chrono::{DateTime, Duration, TimeZone, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::{Any, BitString, GeneralizedTime, Int, ObjectIdentifier, OctetString, SetOfVec};
use der::{Decode, Encode, Tag, Tagged};
use p256::ecdsa::signature::RandomizedSigner;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_core::CryptoRngCore;
use spki::{AlgorithmIdentifierOwned, EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::attr::Attribute;
use x509_cert::certificate::Certificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_tsp::{MessageImprint, TimeStampReq, TspVersion, TstInfo};

use self::asn1::{
    EssCertIdV2, IssuerSerial, SignedDataDec, SigningCertificate, SigningCertificateV2, StatusInfo, TimeStampResp,
    TstInfoDec, ID_CT_TST_INFO,
};
use self::x509::DigestAlg;

/// The TSA policy OID put in `TSTInfo.policy` (RFC 3161 §2.4.2) unless [`Authority::with_policy`] sets another.
///
/// This is the placeholder of OpenSSL's sample configuration (`tsa_policy1`); zhibao has no registered OID arc. A
/// deployment that publishes a time-stamping policy should set its own OID.
pub const DEFAULT_POLICY: &str = "1.2.3.4.1";

/// How long [`Authority::generate`] makes the TSA certificate valid (the root CA: twice as long).
pub const TSA_VALIDITY_YEARS: i64 = 10;

/// Errors of the time-stamping authority and of token verification. `Display` names the failing check.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TsaError {
    /// The input is not DER of the expected structure.
    #[error("malformed {what}: {detail}")]
    Malformed {
        /// Which structure.
        what: &'static str,
        /// Why.
        detail: String,
    },
    /// A PEM text without the expected blocks.
    #[error("PEM: {0}")]
    Pem(String),
    /// Encoding our own structures failed.
    #[error("encoding: {0}")]
    Encoding(String),
    /// A key could not be read, generated or used.
    #[error("key: {0}")]
    Key(String),
    /// A time outside what the encodings allow.
    #[error("time: {0}")]
    Time(String),
    /// An argument was not acceptable.
    #[error("invalid argument: {0}")]
    Invalid(String),
    /// The response's PKIStatus is not granted (RFC 3161 §2.4.2).
    #[error("the TSA did not grant the time-stamp: status {status} ({}){}{}", status_name(*.status),
        .text.as_deref().map(|t| format!(", \"{t}\"")).unwrap_or_default(),
        if .fail_info.is_empty() { String::new() } else { format!(", failInfo {}", .fail_info.join(", ")) })]
    Rejected {
        /// PKIStatus value.
        status: u32,
        /// PKIFreeText, joined.
        text: Option<String>,
        /// Names of the PKIFailureInfo bits set.
        fail_info: Vec<String>,
    },
    /// The token's messageImprint is not the data's SHA-256 (RFC 3161 §2.4.2).
    #[error("message imprint: the token is for {found}, the data hashes to {expected}")]
    ImprintMismatch {
        /// Hex of the token's imprint (with its algorithm if not SHA-256).
        found: String,
        /// Hex of the expected SHA-256.
        expected: String,
    },
    /// An algorithm we do not implement.
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// The CMS signed attributes or signature (RFC 5652 §5.4, §5.6) do not verify.
    #[error("CMS signature: {0}")]
    Signature(String),
    /// The ESS signing-certificate(-v2) attribute (RFC 3161 §2.4.1, RFC 5816 §2.2.1) is missing or wrong.
    #[error("signing-certificate attribute: {0}")]
    SigningCertificate(String),
    /// The TSA certificate is not fit for time-stamping (RFC 3161 §2.3).
    #[error("TSA certificate: {0}")]
    Certificate(String),
    /// No trusted path from the TSA certificate to a trusted certificate.
    #[error("certificate chain: {0}")]
    Chain(String),
}

fn status_name(status: u32) -> &'static str {
    match status {
        0 => "granted",
        1 => "grantedWithMods",
        2 => "rejection",
        3 => "waiting",
        4 => "revocationWarning",
        5 => "revocationNotification",
        _ => "unknown",
    }
}

/// PKIFailureInfo bit names of RFC 3161 §2.4.2.
const FAILURE_BITS: &[(usize, &str)] = &[
    (0, "badAlg"),
    (2, "badRequest"),
    (5, "badDataFormat"),
    (14, "timeNotAvailable"),
    (15, "unacceptedPolicy"),
    (16, "unacceptedExtension"),
    (17, "addInfoNotAvailable"),
    (25, "systemFailure"),
];

fn malformed(what: &'static str) -> impl Fn(der::Error) -> TsaError {
    move |e| TsaError::Malformed { what, detail: e.to_string() }
}

fn enc(what: &'static str) -> impl Fn(der::Error) -> TsaError {
    move |e| TsaError::Encoding(format!("{what}: {e}"))
}

/// A non-negative INTEGER from an unsigned big-endian magnitude.
fn uint_to_int(magnitude: &[u8]) -> Result<Int, TsaError> {
    let first = magnitude.iter().position(|&b| b != 0).unwrap_or(magnitude.len());
    let mut bytes = Vec::with_capacity(magnitude.len() - first + 1);
    match magnitude.get(first) {
        None => bytes.push(0),
        Some(&b) if b & 0x80 != 0 => bytes.push(0),
        Some(_) => {}
    }
    bytes.extend_from_slice(&magnitude[first..]);
    Int::new(&bytes).map_err(enc("integer"))
}

/// `0x…` hex of an INTEGER, as `openssl ts -reply -text` prints serial numbers.
fn int_hex(i: &Int) -> String {
    let b = i.as_bytes();
    let b = if b.len() > 1 && b[0] == 0 { &b[1..] } else { b };
    format!("0x{}", hex::encode_upper(b))
}

/// The message imprint's algorithm: SHA-256 with NULL parameters, as OpenSSL sends it (RFC 5754 §2 says receivers
/// accept both forms).
fn sha256_imprint_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: rfc5912::ID_SHA_256, parameters: Some(Any::null()) }
}

fn is_sha256(alg: &AlgorithmIdentifierOwned) -> bool {
    alg.oid == rfc5912::ID_SHA_256
        && alg.parameters.as_ref().is_none_or(|p| p.tag() == Tag::Null && p.value().is_empty())
}

/// Build a DER `TimeStampReq` (RFC 3161 §2.4.1) for a SHA-256 imprint, to POST to an external TSA as
/// `application/timestamp-query`. `cert_req` asks the TSA to include its certificate, which
/// `openssl ts -verify -CAfile` needs.
pub fn request_der(imprint: &[u8; 32], nonce: Option<u64>, cert_req: bool) -> Result<Vec<u8>, TsaError> {
    let req = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: sha256_imprint_alg(),
            hashed_message: OctetString::new(imprint.to_vec()).map_err(enc("imprint"))?,
        },
        req_policy: None,
        nonce: nonce.map(|n| uint_to_int(&n.to_be_bytes())).transpose()?,
        cert_req,
        extensions: None,
    };
    req.to_der().map_err(enc("TimeStampReq"))
}

/// What a verified time-stamp token says.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TokenInfo {
    /// `TSTInfo.genTime` (RFC 3161 §2.4.2): when the TSA saw the imprint.
    pub gen_time: DateTime<Utc>,
    /// `TSTInfo.serialNumber`, as `0x` + upper-case hex.
    pub serial: String,
    /// `TSTInfo.policy`, dotted OID.
    pub policy: String,
    /// The subject of the certificate that signed the token (RFC 4514 string).
    pub tsa_subject: Option<String>,
}

/// A verified token and the certificate that signed it.
pub(crate) struct Verified {
    pub info: TokenInfo,
    pub signer_der: Vec<u8>,
}

/// Verify a DER `TimeStampResp` (RFC 3161 §2.4.2), or a bare `TimeStampToken` (`ContentInfo`), for the SHA-256
/// `imprint` of the data, trusting the certificates of `trusted_pem` (one or more PEM CERTIFICATE blocks: a root
/// CA, or the TSA certificate itself).
///
/// Checks, each named in the error: PKIStatus granted; `ContentInfo` is `SignedData` over id-ct-TSTInfo
/// (RFC 3161 §2.4.2, RFC 5652 §5.2); messageImprint is SHA-256 of the data; one SignerInfo whose certificate is in
/// `SignedData.certificates` (or among the trusted ones); signed attributes content-type and message-digest
/// (RFC 5652 §11.1, §11.2); ESS signing-certificate-v2 (RFC 5816 §2.2.1) or signing-certificate (RFC 2634 §5.4)
/// naming that certificate; the CMS signature (RFC 5652 §5.6); the certificate's critical id-kp-timeStamping
/// extendedKeyUsage (RFC 3161 §2.3); a chain to a trusted certificate, valid at genTime.
pub fn verify_response(resp_der: &[u8], imprint: &[u8; 32], trusted_pem: &str) -> Result<TokenInfo, TsaError> {
    verify_token(resp_der, imprint, trusted_pem).map(|v| v.info)
}

/// The token of a response (or the input itself if it is a bare token), after checking the PKIStatus.
fn token_of(resp_der: &[u8]) -> Result<ContentInfo, TsaError> {
    match TimeStampResp::from_der(resp_der) {
        Ok(resp) => {
            if resp.status.status > 1 {
                return Err(rejected(&resp.status));
            }
            resp.time_stamp_token
                .ok_or_else(|| TsaError::Malformed { what: "TimeStampResp", detail: "granted but no token".into() })
        }
        Err(resp_err) => ContentInfo::from_der(resp_der).map_err(|_| TsaError::Malformed {
            what: "TimeStampResp (or TimeStampToken)",
            detail: resp_err.to_string(),
        }),
    }
}

fn rejected(status: &StatusInfo) -> TsaError {
    let text = status.status_string.as_ref().map(|t| t.join("; "));
    let mut fail_info = Vec::new();
    if let Some(bits) = &status.fail_info {
        for (i, byte) in bits.raw_bytes().iter().enumerate() {
            for bit in 0..8 {
                if byte & (0x80 >> bit) != 0 {
                    let n = i * 8 + bit;
                    let name = FAILURE_BITS.iter().find(|(b, _)| *b == n).map(|(_, s)| s.to_string());
                    fail_info.push(name.unwrap_or_else(|| format!("bit {n}")));
                }
            }
        }
    }
    TsaError::Rejected { status: status.status, text, fail_info }
}

/// `YYYYMMDDHHMMSS[.f*]Z` (RFC 3161 §2.4.2 genTime) to chrono.
fn parse_gen_time(any: &Any) -> Result<DateTime<Utc>, TsaError> {
    let bad = |d: &str| TsaError::Malformed { what: "TSTInfo.genTime", detail: d.to_string() };
    if any.tag() != Tag::GeneralizedTime {
        return Err(bad("not a GeneralizedTime"));
    }
    let s = std::str::from_utf8(any.value()).map_err(|_| bad("not ASCII"))?;
    let s = s.strip_suffix('Z').ok_or_else(|| bad("not UTC (no Z)"))?;
    let (main, frac) = match s.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (s, None),
    };
    if main.len() != 14 || !main.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("expected YYYYMMDDHHMMSS"));
    }
    let num = |r: std::ops::Range<usize>| main.get(r).and_then(|x| x.parse::<u32>().ok()).unwrap_or(u32::MAX);
    let year = i32::try_from(num(0..4)).map_err(|_| bad("year"))?;
    let mut t = Utc
        .with_ymd_and_hms(year, num(4..6), num(6..8), num(8..10), num(10..12), num(12..14))
        .single()
        .ok_or_else(|| bad("no such date"))?;
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("fraction of a second"));
        }
        let nanos: i64 = format!("{f:0<9}").parse().map_err(|_| bad("fraction of a second"))?;
        t = t.checked_add_signed(Duration::nanoseconds(nanos)).ok_or_else(|| bad("out of range"))?;
    }
    Ok(t)
}

fn attr_values<'a>(attrs: &'a SetOfVec<Attribute>, oid: &ObjectIdentifier) -> Result<Option<&'a Any>, TsaError> {
    let found: Vec<&Attribute> = attrs.iter().filter(|a| a.oid == *oid).collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => match one.values.as_slice() {
            [v] => Ok(Some(v)),
            _ => Err(TsaError::Signature(format!("attribute {oid} must have exactly one value (RFC 5652 §11)"))),
        },
        _ => Err(TsaError::Signature(format!("attribute {oid} appears more than once (RFC 5652 §5.3)"))),
    }
}

fn find_signer<'a>(sid: &SignerIdentifier, certs: &'a [Certificate]) -> Option<&'a Certificate> {
    certs.iter().find(|c| match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            c.tbs_certificate.issuer == ias.issuer && c.tbs_certificate.serial_number == ias.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            x509::find_ext(c, &const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER)
                .and_then(|e| x509_cert::ext::pkix::SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
                .is_some_and(|k| k.0 == ski.0)
        }
    })
}

fn check_issuer_serial(is: &IssuerSerial, cert: &Certificate) -> Result<(), TsaError> {
    let name_ok =
        is.issuer.iter().any(|g| matches!(g, GeneralName::DirectoryName(n) if *n == cert.tbs_certificate.issuer));
    if !name_ok || is.serial_number != cert.tbs_certificate.serial_number {
        return Err(TsaError::SigningCertificate("issuerSerial does not name the signer's certificate".into()));
    }
    Ok(())
}

/// RFC 3161 §2.4.1 / RFC 5816 §2.2.1: the first ESSCertID(v2) must identify the signer's certificate.
fn check_signing_certificate(attrs: &SetOfVec<Attribute>, cert: &Certificate, cert_der: &[u8]) -> Result<(), TsaError> {
    let v2 = attr_values(attrs, &rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2)?;
    let v1 = attr_values(attrs, &rfc5911::ID_AA_SIGNING_CERTIFICATE)?;
    let sc_err = |e: der::Error| TsaError::SigningCertificate(e.to_string());
    if let Some(v) = v2 {
        let sc: SigningCertificateV2 = v.decode_as().map_err(sc_err)?;
        let first: &EssCertIdV2 =
            sc.certs.first().ok_or_else(|| TsaError::SigningCertificate("v2: no ESSCertIDv2".into()))?;
        let alg = match &first.hash_algorithm {
            None => DigestAlg::Sha256,
            Some(a) => DigestAlg::from_oid(&a.oid)
                .ok_or_else(|| TsaError::UnsupportedAlgorithm(format!("ESSCertIDv2 hash {}", a.oid)))?,
        };
        if first.cert_hash.as_bytes() != alg.digest(cert_der).as_slice() {
            return Err(TsaError::SigningCertificate(format!(
                "ESSCertIDv2 {} hash is not that of the signer's certificate",
                alg.name()
            )));
        }
        if let Some(is) = &first.issuer_serial {
            check_issuer_serial(is, cert)?;
        }
        return Ok(());
    }
    if let Some(v) = v1 {
        let sc: SigningCertificate = v.decode_as().map_err(sc_err)?;
        let first = sc.certs.first().ok_or_else(|| TsaError::SigningCertificate("no ESSCertID".into()))?;
        if first.cert_hash.as_bytes() != DigestAlg::Sha1.digest(cert_der).as_slice() {
            return Err(TsaError::SigningCertificate(
                "ESSCertID SHA-1 hash is not that of the signer's certificate".into(),
            ));
        }
        if let Some(is) = &first.issuer_serial {
            check_issuer_serial(is, cert)?;
        }
        return Ok(());
    }
    Err(TsaError::SigningCertificate(
        "neither signing-certificate-v2 (RFC 5816) nor signing-certificate (RFC 2634) is among the signed attributes"
            .into(),
    ))
}

pub(crate) fn verify_token(resp_der: &[u8], imprint: &[u8; 32], trusted_pem: &str) -> Result<Verified, TsaError> {
    let anchors = x509::certs_from_pem(trusted_pem)?;
    let token = token_of(resp_der)?;
    if token.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(TsaError::Malformed {
            what: "TimeStampToken",
            detail: format!("content type {} is not id-signedData (RFC 3161 §2.4.2)", token.content_type),
        });
    }
    let sd: SignedDataDec = token.content.decode_as().map_err(malformed("SignedData"))?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(TsaError::Malformed {
            what: "SignedData",
            detail: format!("eContentType {} is not id-ct-TSTInfo", sd.encap_content_info.econtent_type),
        });
    }
    let econtent = sd
        .encap_content_info
        .econtent
        .as_ref()
        .ok_or_else(|| TsaError::Malformed { what: "SignedData", detail: "no eContent".into() })?;
    if econtent.tag() != Tag::OctetString {
        return Err(TsaError::Malformed { what: "SignedData", detail: "eContent is not an OCTET STRING".into() });
    }
    let tst_der = econtent.value();
    let tst = TstInfoDec::from_der(tst_der).map_err(malformed("TSTInfo"))?;
    let gen_time = parse_gen_time(&tst.gen_time)?;

    // The imprint (RFC 3161 §2.4.2: messageImprint).
    let mi = &tst.message_imprint;
    if !is_sha256(&mi.hash_algorithm) || mi.hashed_message.as_bytes() != imprint {
        let mut found = hex::encode(mi.hashed_message.as_bytes());
        if mi.hash_algorithm.oid != rfc5912::ID_SHA_256 {
            found = format!("{found} (hash algorithm {})", mi.hash_algorithm.oid);
        }
        return Err(TsaError::ImprintMismatch { found, expected: hex::encode(imprint) });
    }

    // The signer (RFC 5652 §5.3).
    let si = match sd.signer_infos.0.as_slice() {
        [one] => one,
        other => return Err(TsaError::Signature(format!("expected one SignerInfo, found {}", other.len()))),
    };
    // Versions and the digest algorithm list are outside the signature: hold them to RFC 5652 §5.1 and §5.3.
    if sd.version != CmsVersion::V3 {
        return Err(TsaError::Malformed { what: "SignedData", detail: "version must be 3 (RFC 5652 §5.1)".into() });
    }
    let si_version = match si.sid {
        SignerIdentifier::IssuerAndSerialNumber(_) => CmsVersion::V1,
        SignerIdentifier::SubjectKeyIdentifier(_) => CmsVersion::V3,
    };
    if si.version != si_version {
        return Err(TsaError::Malformed {
            what: "SignerInfo",
            detail: "version does not match sid (RFC 5652 §5.3)".into(),
        });
    }
    let listed = sd.digest_algorithms.0.iter().any(|a| {
        a.decode_as::<AlgorithmIdentifierOwned>()
            .is_ok_and(|a| a.oid == si.digest_alg.oid && a.parameters == si.digest_alg.parameters)
    });
    if !listed {
        return Err(TsaError::Malformed {
            what: "SignedData",
            detail: "digestAlgorithms does not list the signer's digest algorithm (RFC 5652 §5.1)".into(),
        });
    }
    let pool: Vec<Certificate> = sd
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let signer = find_signer(&si.sid, &pool).or_else(|| find_signer(&si.sid, &anchors)).ok_or_else(|| {
        TsaError::Certificate("the signer's certificate is neither in the token nor among the trusted ones".into())
    })?;
    let signer_der = signer.to_der().map_err(enc("certificate"))?;

    // Signed attributes (RFC 5652 §5.4, §11).
    let digest = DigestAlg::from_oid(&si.digest_alg.oid)
        .ok_or_else(|| TsaError::UnsupportedAlgorithm(format!("digest {}", si.digest_alg.oid)))?;
    if digest == DigestAlg::Sha1 {
        return Err(TsaError::UnsupportedAlgorithm("SHA-1 as the CMS digest".into()));
    }
    let attrs = si.signed_attrs.as_ref().ok_or_else(|| {
        TsaError::Signature("no signed attributes (RFC 3161 §2.4.1 needs signing-certificate)".into())
    })?;
    let ct = attr_values(attrs, &rfc5911::ID_CONTENT_TYPE)?
        .ok_or_else(|| TsaError::Signature("no content-type attribute (RFC 5652 §11.1)".into()))?;
    if ct.decode_as::<ObjectIdentifier>().ok() != Some(ID_CT_TST_INFO) {
        return Err(TsaError::Signature("content-type attribute is not id-ct-TSTInfo".into()));
    }
    let md = attr_values(attrs, &rfc5911::ID_MESSAGE_DIGEST)?
        .ok_or_else(|| TsaError::Signature("no message-digest attribute (RFC 5652 §11.2)".into()))?;
    let md: OctetString = md.decode_as().map_err(|e| TsaError::Signature(format!("message-digest: {e}")))?;
    if md.as_bytes() != digest.digest(tst_der).as_slice() {
        return Err(TsaError::Signature("message-digest attribute is not the digest of the TSTInfo".into()));
    }
    check_signing_certificate(attrs, signer, &signer_der)?;

    // The signature over the DER of the signed attributes (RFC 5652 §5.4: EXPLICIT SET OF tag).
    let signed = attrs.to_der().map_err(enc("signed attributes"))?;
    x509::verify_signature(
        &signer.tbs_certificate.subject_public_key_info,
        &si.signature_algorithm,
        Some(digest),
        &signed,
        si.signature.as_bytes(),
    )?;

    x509::check_tsa_cert(signer)?;
    x509::check_chain(signer, &pool, &anchors, gen_time)?;

    let subject = signer.tbs_certificate.subject.to_string();
    Ok(Verified {
        info: TokenInfo {
            gen_time,
            serial: int_hex(&tst.serial_number),
            policy: tst.policy.to_string(),
            tsa_subject: (!subject.is_empty()).then_some(subject),
        },
        signer_der,
    })
}

/// An RFC 3161 time-stamping authority: an ECDSA P-256 key, its TSA certificate and the root CA certificate that
/// issued it.
#[derive(Clone)]
pub struct Authority {
    key: p256::ecdsa::SigningKey,
    cert: Certificate,
    cert_der: Vec<u8>,
    ca_cert: Certificate,
    policy: ObjectIdentifier,
}

impl std::fmt::Debug for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authority")
            .field("subject", &self.cert.tbs_certificate.subject.to_string())
            .field("issuer", &self.cert.tbs_certificate.issuer.to_string())
            .field("policy", &self.policy.to_string())
            .finish_non_exhaustive()
    }
}

impl Authority {
    /// Generate a root CA key and certificate (`O=org, CN=org 证据时间戳根 CA`), a TSA key and a TSA certificate
    /// (`O=org, CN=org 时间戳服务`) issued by it, valid from an hour before `now` for [`TSA_VALIDITY_YEARS`] years
    /// (the root for twice that). The TSA certificate has a critical extendedKeyUsage of id-kp-timeStamping only
    /// (RFC 3161 §2.3) and keyUsage digitalSignature.
    ///
    /// The root CA key signs only this one certificate and is then dropped: a new TSA key means a new root, which
    /// peers must register again.
    pub fn generate(org: &str, now: DateTime<Utc>, rng: &mut impl CryptoRngCore) -> Result<Self, TsaError> {
        let org = org.trim();
        if org.is_empty() || org.chars().count() > 48 || org.chars().any(char::is_control) {
            return Err(TsaError::Invalid("organisation name must be 1 to 48 printable characters".into()));
        }
        let not_before = now - Duration::hours(1);
        let tsa_until = now + Duration::days(365 * TSA_VALIDITY_YEARS + TSA_VALIDITY_YEARS / 4);
        let ca_until = now + Duration::days(2 * (365 * TSA_VALIDITY_YEARS + TSA_VALIDITY_YEARS / 4));

        let ca_key = p256::ecdsa::SigningKey::random(rng);
        let ca_spki = spki_of(ca_key.verifying_key())?;
        let ca_cert = x509::issue(
            x509::CertProfile::Root,
            x509::subject(org, &format!("{org} 证据时间戳根 CA"))?,
            ca_spki,
            not_before,
            ca_until,
            &ca_key,
            rng,
        )?;
        let key = p256::ecdsa::SigningKey::random(rng);
        let cert = x509::issue(
            x509::CertProfile::Tsa { issuer: &ca_cert },
            x509::subject(org, &format!("{org} 时间戳服务"))?,
            spki_of(key.verifying_key())?,
            not_before,
            tsa_until,
            &ca_key,
            rng,
        )?;
        Self::assemble(key, cert, ca_cert)
    }

    fn assemble(key: p256::ecdsa::SigningKey, cert: Certificate, ca_cert: Certificate) -> Result<Self, TsaError> {
        let cert_der = cert.to_der().map_err(enc("certificate"))?;
        let policy = ObjectIdentifier::new(DEFAULT_POLICY).map_err(|e| TsaError::Invalid(e.to_string()))?;
        Ok(Self { key, cert, cert_der, ca_cert, policy })
    }

    /// Load a TSA from its key (PKCS#8 `PRIVATE KEY` or SEC1 `EC PRIVATE KEY` PEM, P-256), its certificate and the
    /// CA certificate. Checks that the certificate carries the key, is fit for time-stamping (RFC 3161 §2.3) and is
    /// signed by the CA.
    pub fn from_pem(key_pem: &str, cert_pem: &str, ca_cert_pem: &str) -> Result<Self, TsaError> {
        let secret = p256::SecretKey::from_pkcs8_pem(key_pem)
            .or_else(|_| p256::SecretKey::from_sec1_pem(key_pem))
            .map_err(|e| TsaError::Key(format!("P-256 private key PEM: {e}")))?;
        let key = p256::ecdsa::SigningKey::from(secret);
        let cert = first_cert(cert_pem, "TSA certificate")?;
        let ca_cert = first_cert(ca_cert_pem, "CA certificate")?;
        if !x509::cert_has_key(&cert, key.verifying_key()) {
            return Err(TsaError::Key("the TSA certificate does not carry this key".into()));
        }
        x509::check_tsa_cert(&cert)?;
        x509::require_signed_by(&cert, &ca_cert)?;
        Self::assemble(key, cert, ca_cert)
    }

    /// Use another TSA policy OID (dotted) in `TSTInfo.policy` instead of [`DEFAULT_POLICY`].
    pub fn with_policy(mut self, oid: &str) -> Result<Self, TsaError> {
        self.policy = ObjectIdentifier::new(oid).map_err(|e| TsaError::Invalid(format!("policy OID {oid:?}: {e}")))?;
        Ok(self)
    }

    /// The TSA policy OID, dotted.
    pub fn policy(&self) -> String {
        self.policy.to_string()
    }

    /// The TSA private key as PKCS#8 PEM. Secret: store it as such.
    pub fn key_pem(&self) -> Result<String, TsaError> {
        let pem = self
            .key
            .to_pkcs8_pem(der::pem::LineEnding::LF)
            .map_err(|e| TsaError::Key(format!("encoding the private key: {e}")))?;
        Ok(pem.to_string())
    }

    /// The TSA certificate as PEM.
    pub fn cert_pem(&self) -> String {
        x509::cert_to_pem(&self.cert).unwrap_or_default()
    }

    /// The root CA certificate as PEM: what verifiers trust (`openssl ts -verify -CAfile`).
    pub fn ca_cert_pem(&self) -> String {
        x509::cert_to_pem(&self.ca_cert).unwrap_or_default()
    }

    /// A granted `TimeStampResp` (RFC 3161 §2.4.2), DER, for a SHA-256 message imprint: a token with the TSA
    /// certificate included (as if `certReq` were true) and `nonce` (an unsigned big-endian integer, as taken from a
    /// request) echoed. `genTime` is `gen_time` truncated to the second; `serial` must be unique per token.
    pub fn stamp(
        &self,
        imprint: &[u8; 32],
        serial: u64,
        gen_time: DateTime<Utc>,
        nonce: Option<&[u8]>,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Vec<u8>, TsaError> {
        let mi = MessageImprint {
            hash_algorithm: sha256_imprint_alg(),
            hashed_message: OctetString::new(imprint.to_vec()).map_err(enc("imprint"))?,
        };
        let nonce = nonce.map(uint_to_int).transpose()?;
        let token = self.token(mi, serial, gen_time, nonce, true, rng)?;
        granted(token)
    }

    /// Answer a DER `TimeStampReq` (RFC 3161 §2.4.1) with a DER `TimeStampResp`: granted with a token, or a rejection
    /// (PKIStatus rejection with a PKIFailureInfo, RFC 3161 §2.4.2) when the request is malformed (badDataFormat),
    /// uses another hash than SHA-256 (badAlg), asks for another policy (unacceptedPolicy) or carries extensions
    /// (unacceptedExtension). The TSA certificate is included only if `certReq` is true, as §2.4.1 requires. Never
    /// fails: an internal error gives a systemFailure rejection.
    pub fn respond(
        &self,
        request_der: &[u8],
        serial: u64,
        gen_time: DateTime<Utc>,
        rng: &mut impl CryptoRngCore,
    ) -> Vec<u8> {
        let req = match TimeStampReq::from_der(request_der) {
            Ok(r) => r,
            Err(e) => return rejection(5, &format!("malformed TimeStampReq: {e}")),
        };
        let alg = &req.message_imprint.hash_algorithm;
        if !is_sha256(alg) {
            return rejection(0, &format!("unsupported hash algorithm {}: this TSA accepts SHA-256 only", alg.oid));
        }
        if req.message_imprint.hashed_message.as_bytes().len() != 32 {
            return rejection(5, "a SHA-256 imprint has 32 bytes");
        }
        if req.req_policy.is_some_and(|p| p != self.policy) {
            return rejection(15, &format!("this TSA issues tokens under policy {} only", self.policy));
        }
        if req.extensions.as_ref().is_some_and(|e| !e.is_empty()) {
            return rejection(16, "no request extensions are supported");
        }
        let result = self.token(req.message_imprint, serial, gen_time, req.nonce, req.cert_req, rng).and_then(granted);
        match result {
            Ok(der) => der,
            Err(e) => rejection(25, &format!("time-stamping failed: {e}")),
        }
    }

    /// The TimeStampToken: CMS SignedData (RFC 5652 §5) over TSTInfo (RFC 3161 §2.4.2).
    fn token(
        &self,
        message_imprint: MessageImprint,
        serial: u64,
        gen_time: DateTime<Utc>,
        nonce: Option<Int>,
        include_cert: bool,
        rng: &mut impl CryptoRngCore,
    ) -> Result<ContentInfo, TsaError> {
        let secs = u64::try_from(gen_time.timestamp()).map_err(|_| TsaError::Time("genTime before 1970".into()))?;
        let tst = TstInfo {
            version: TspVersion::V1,
            policy: self.policy,
            message_imprint,
            serial_number: uint_to_int(&serial.to_be_bytes())?,
            gen_time: GeneralizedTime::from_unix_duration(core::time::Duration::from_secs(secs))
                .map_err(|e| TsaError::Time(e.to_string()))?,
            accuracy: None,
            ordering: false,
            nonce,
            tsa: Some(GeneralName::DirectoryName(self.cert.tbs_certificate.subject.clone())),
            extensions: None,
        };
        let tst_der = tst.to_der().map_err(enc("TSTInfo"))?;

        // Signed attributes: content-type, message-digest (RFC 5652 §11.1, §11.2), signing-time (§11.3) and
        // signing-certificate-v2 with one ESSCertIDv2 (SHA-256, the DEFAULT, so omitted) naming our certificate.
        let ess = SigningCertificateV2 {
            certs: vec![EssCertIdV2 {
                hash_algorithm: None,
                cert_hash: OctetString::new(DigestAlg::Sha256.digest(&self.cert_der)).map_err(enc("ESSCertIDv2"))?,
                issuer_serial: Some(IssuerSerial {
                    issuer: vec![GeneralName::DirectoryName(self.cert.tbs_certificate.issuer.clone())],
                    serial_number: self.cert.tbs_certificate.serial_number.clone(),
                }),
            }],
            policies: None,
        };
        let attrs = vec![
            attribute(rfc5911::ID_CONTENT_TYPE, &ID_CT_TST_INFO)?,
            attribute(
                rfc5911::ID_MESSAGE_DIGEST,
                &OctetString::new(DigestAlg::Sha256.digest(&tst_der)).map_err(enc("message digest"))?,
            )?,
            attribute(rfc5911::ID_SIGNING_TIME, &x509::x509_time(gen_time)?)?,
            attribute(rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2, &ess)?,
        ];
        let attrs = SetOfVec::try_from(attrs).map_err(enc("signed attributes"))?;
        let to_sign = attrs.to_der().map_err(enc("signed attributes"))?;
        let sig: p256::ecdsa::Signature =
            self.key.try_sign_with_rng(rng, &to_sign).map_err(|e| TsaError::Key(format!("signing: {e}")))?;

        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: self.cert.tbs_certificate.issuer.clone(),
                serial_number: self.cert.tbs_certificate.serial_number.clone(),
            }),
            digest_alg: x509::hash_alg_id(rfc5912::ID_SHA_256),
            signed_attrs: Some(attrs),
            signature_algorithm: x509::ecdsa_sha256_id(),
            signature: OctetString::new(sig.to_der().as_bytes().to_vec()).map_err(enc("signature"))?,
            unsigned_attrs: None,
        };
        let certificates = if include_cert {
            let set = SetOfVec::try_from(vec![CertificateChoices::Certificate(self.cert.clone())])
                .map_err(enc("certificates"))?;
            Some(CertificateSet(set))
        } else {
            None
        };
        let sd = SignedData {
            // RFC 5652 §5.1: version 3 because eContentType is not id-data.
            version: CmsVersion::V3,
            digest_algorithms: SetOfVec::try_from(vec![x509::hash_alg_id(rfc5912::ID_SHA_256)])
                .map_err(enc("digest algorithms"))?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: ID_CT_TST_INFO,
                econtent: Some(Any::new(Tag::OctetString, tst_der).map_err(enc("eContent"))?),
            },
            certificates,
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(enc("signer infos"))?),
        };
        Ok(ContentInfo {
            content_type: rfc5911::ID_SIGNED_DATA,
            content: Any::encode_from(&sd).map_err(enc("SignedData"))?,
        })
    }
}

fn spki_of(key: &p256::ecdsa::VerifyingKey) -> Result<SubjectPublicKeyInfoOwned, TsaError> {
    let der = key.to_public_key_der().map_err(|e| TsaError::Key(format!("public key: {e}")))?;
    SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(enc("public key"))
}

fn first_cert(pem: &str, what: &str) -> Result<Certificate, TsaError> {
    x509::certs_from_pem(pem)
        .map_err(|e| TsaError::Pem(format!("{what}: {e}")))?
        .into_iter()
        .next()
        .ok_or_else(|| TsaError::Pem(format!("{what}: no certificate")))
}

fn attribute<T: Encode>(oid: ObjectIdentifier, value: &T) -> Result<Attribute, TsaError> {
    let der = value.to_der().map_err(enc("attribute"))?;
    let value = Any::from_der(&der).map_err(enc("attribute"))?;
    Ok(Attribute { oid, values: SetOfVec::try_from(vec![value]).map_err(enc("attribute"))? })
}

fn granted(token: ContentInfo) -> Result<Vec<u8>, TsaError> {
    TimeStampResp {
        status: StatusInfo { status: 0, status_string: None, fail_info: None },
        time_stamp_token: Some(token),
    }
    .to_der()
    .map_err(enc("TimeStampResp"))
}

/// A rejection `TimeStampResp` (RFC 3161 §2.4.2) with one PKIFailureInfo bit and a status string.
fn rejection(bit: usize, text: &str) -> Vec<u8> {
    // DER named bit list: trailing zero bits are not encoded.
    let mut bytes = vec![0u8; bit / 8 + 1];
    if let Some(b) = bytes.last_mut() {
        *b = 0x80 >> (bit % 8);
    }
    let unused = u8::try_from(7 - bit % 8).unwrap_or(0);
    let resp = BitString::new(unused, bytes).map(|fail| TimeStampResp {
        status: StatusInfo { status: 2, status_string: Some(vec![text.to_string()]), fail_info: Some(fail) },
        time_stamp_token: None,
    });
    // SEQUENCE { SEQUENCE { INTEGER 2 } }: a bare rejection, should encoding ever fail.
    resp.and_then(|r| r.to_der()).unwrap_or_else(|_| vec![0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02])
}

/// The PEM of the certificate that signed a `TimeStampResp` or token, taken from `SignedData.certificates`
/// (RFC 5652 §5.1) by the SignerInfo's `sid` (§5.3), without verifying anything: for shipping an external TSA's
/// certificate next to its token. An error if the token does not carry it (the request had `certReq` false).
pub fn token_signer_pem(resp_der: &[u8]) -> Result<String, TsaError> {
    let token = token_of(resp_der)?;
    let sd: SignedDataDec = token.content.decode_as().map_err(malformed("SignedData"))?;
    let si = sd
        .signer_infos
        .0
        .first()
        .ok_or_else(|| TsaError::Malformed { what: "SignedData", detail: "no SignerInfo".into() })?;
    let certs: Vec<Certificate> = sd
        .certificates
        .map(|set| {
            set.0
                .into_iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let signer = find_signer(&si.sid, &certs)
        .ok_or_else(|| TsaError::Certificate("the token does not carry its signer's certificate".into()))?;
    x509::cert_to_pem(signer)
}

/// A PEM text's certificates must parse: for the package verifier's Trust.
pub(crate) fn check_cert_pem(pem: &str) -> Result<usize, TsaError> {
    x509::certs_from_pem(pem).map(|c| c.len())
}

/// The DER of the first certificate of a PEM text.
pub(crate) fn first_cert_der(pem: &str) -> Result<Vec<u8>, TsaError> {
    first_cert(pem, "certificate")?.to_der().map_err(enc("certificate"))
}
