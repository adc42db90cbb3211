//! Certificates for the time-stamping authority: issuing (RFC 5280 profile, RFC 3161 §2.3 extended key usage),
//! PEM handling, signature verification (ECDSA P-256 and RSA PKCS#1 v1.5, for tokens of external TSAs) and chain
//! building up to a trusted certificate.

use chrono::{DateTime, Datelike, Utc};
use const_oid::db::{rfc4519, rfc5280, rfc5912};
use der::asn1::{Any, BitString, GeneralizedTime, ObjectIdentifier, OctetString, SetOfVec, UtcTime};
use der::{Decode, Encode, Tag};
use digest::Digest;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::signature::RandomizedSigner;
use rand_core::CryptoRngCore;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::{Certificate, TbsCertificate, Version};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};
use x509_cert::ext::Extension;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use super::TsaError;

/// How deep a chain from the TSA certificate to a trusted certificate may be.
const MAX_CHAIN: usize = 6;

/// Hash algorithms we recognise in CMS and ESS structures.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub(crate) enum DigestAlg {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlg {
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        match *oid {
            rfc5912::ID_SHA_1 => Some(Self::Sha1),
            rfc5912::ID_SHA_256 => Some(Self::Sha256),
            rfc5912::ID_SHA_384 => Some(Self::Sha384),
            rfc5912::ID_SHA_512 => Some(Self::Sha512),
            _ => None,
        }
    }

    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Self::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Self::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA-1",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }
}

/// A hash AlgorithmIdentifier with absent parameters (RFC 5754 §2).
pub(crate) fn hash_alg_id(oid: ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid, parameters: None }
}

/// `ecdsa-with-SHA256`, parameters absent (RFC 5758 §3.2).
pub(crate) fn ecdsa_sha256_id() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: rfc5912::ECDSA_WITH_SHA_256, parameters: None }
}

fn asn1(what: &'static str) -> impl Fn(der::Error) -> TsaError {
    move |e| TsaError::Encoding(format!("{what}: {e}"))
}

/// Every `-----BEGIN …-----` block of a PEM text, as (label, DER).
pub(crate) fn pem_blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, TsaError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let block = &rest[start..];
        let Some(label_end) = block[11..].find("-----") else {
            return Err(TsaError::Pem("unterminated BEGIN line".into()));
        };
        let label = &block[11..11 + label_end];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = block.find(&end_marker) else {
            return Err(TsaError::Pem(format!("no END line for {label}")));
        };
        let pem = &block[..end + end_marker.len()];
        let (found, der) = der::pem::decode_vec(pem.as_bytes()).map_err(|e| TsaError::Pem(format!("{label}: {e}")))?;
        out.push((found.to_string(), der));
        rest = &block[end + end_marker.len()..];
    }
    Ok(out)
}

/// All CERTIFICATE blocks of a PEM text (other blocks are ignored); an error if there are none.
pub(crate) fn certs_from_pem(text: &str) -> Result<Vec<Certificate>, TsaError> {
    let mut certs = Vec::new();
    for (label, der) in pem_blocks(text)? {
        if label == "CERTIFICATE" {
            certs.push(Certificate::from_der(&der).map_err(|e| TsaError::Pem(format!("certificate: {e}")))?);
        }
    }
    if certs.is_empty() {
        return Err(TsaError::Pem("no CERTIFICATE block".into()));
    }
    Ok(certs)
}

/// One certificate as PEM (RFC 7468 §5).
pub(crate) fn cert_to_pem(cert: &Certificate) -> Result<String, TsaError> {
    let der = cert.to_der().map_err(asn1("certificate"))?;
    der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &der)
        .map_err(|e| TsaError::Encoding(format!("PEM: {e}")))
}

/// A distinguished name from (attribute, value) pairs, one RDN each, values as UTF8String.
pub(crate) fn name(parts: &[(ObjectIdentifier, &str)]) -> Result<Name, TsaError> {
    let mut rdns = Vec::new();
    for (oid, value) in parts {
        let value = Any::new(Tag::Utf8String, value.as_bytes()).map_err(asn1("name"))?;
        let set = SetOfVec::try_from(vec![AttributeTypeAndValue { oid: *oid, value }]).map_err(asn1("name"))?;
        rdns.push(RelativeDistinguishedName(set));
    }
    Ok(RdnSequence(rdns))
}

/// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
pub(crate) fn x509_time(t: DateTime<Utc>) -> Result<Time, TsaError> {
    let secs = u64::try_from(t.timestamp()).map_err(|_| TsaError::Time(format!("{t} is before 1970")))?;
    let d = core::time::Duration::from_secs(secs);
    if t.year() < 2050 {
        Ok(Time::UtcTime(UtcTime::from_unix_duration(d).map_err(|e| TsaError::Time(e.to_string()))?))
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from_unix_duration(d).map_err(|e| TsaError::Time(e.to_string()))?))
    }
}

pub(crate) fn time_to_chrono(t: &Time) -> Option<DateTime<Utc>> {
    let secs = i64::try_from(t.to_unix_duration().as_secs()).ok()?;
    DateTime::from_timestamp(secs, 0)
}

fn ext<T: Encode>(oid: ObjectIdentifier, critical: bool, value: &T) -> Result<Extension, TsaError> {
    let der = value.to_der().map_err(asn1("extension"))?;
    Ok(Extension { extn_id: oid, critical, extn_value: OctetString::new(der).map_err(asn1("extension"))? })
}

/// RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value.
pub(crate) fn key_id(spki: &SubjectPublicKeyInfoOwned) -> Vec<u8> {
    DigestAlg::Sha1.digest(spki.subject_public_key.raw_bytes())
}

/// A random positive serial number of 16 octets (RFC 5280 §4.1.2.2: at most 20).
pub(crate) fn random_serial(rng: &mut impl CryptoRngCore) -> Result<SerialNumber, TsaError> {
    let mut bytes = [0u8; 16];
    rng.try_fill_bytes(&mut bytes).map_err(|e| TsaError::Key(format!("random: {e}")))?;
    bytes[0] = (bytes[0] & 0x3f) | 0x40;
    SerialNumber::new(&bytes).map_err(asn1("serial number"))
}

/// What kind of certificate [`issue`] makes.
pub(crate) enum CertProfile<'a> {
    /// A self-signed root: basicConstraints cA (critical), keyUsage keyCertSign + cRLSign (critical).
    Root,
    /// A TSA certificate: basicConstraints not-cA, keyUsage digitalSignature (critical), extendedKeyUsage
    /// id-kp-timeStamping only (critical, RFC 3161 §2.3).
    Tsa { issuer: &'a Certificate },
}

/// Issue an ECDSA P-256 / SHA-256 certificate.
pub(crate) fn issue(
    profile: CertProfile<'_>,
    subject: Name,
    spki: SubjectPublicKeyInfoOwned,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    signer: &p256::ecdsa::SigningKey,
    rng: &mut impl CryptoRngCore,
) -> Result<Certificate, TsaError> {
    let ski = key_id(&spki);
    let mut extensions = vec![ext(
        rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER,
        false,
        &SubjectKeyIdentifier(OctetString::new(ski.clone()).map_err(asn1("key id"))?),
    )?];
    let issuer = match &profile {
        CertProfile::Root => {
            extensions.push(ext(
                rfc5280::ID_CE_BASIC_CONSTRAINTS,
                true,
                &BasicConstraints { ca: true, path_len_constraint: Some(0) },
            )?);
            extensions.push(ext(
                rfc5280::ID_CE_KEY_USAGE,
                true,
                &KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign),
            )?);
            subject.clone()
        }
        CertProfile::Tsa { issuer } => {
            let aki = key_id(&issuer.tbs_certificate.subject_public_key_info);
            extensions.push(ext(
                rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER,
                false,
                &AuthorityKeyIdentifier {
                    key_identifier: Some(OctetString::new(aki).map_err(asn1("key id"))?),
                    authority_cert_issuer: None,
                    authority_cert_serial_number: None,
                },
            )?);
            extensions.push(ext(
                rfc5280::ID_CE_BASIC_CONSTRAINTS,
                true,
                &BasicConstraints { ca: false, path_len_constraint: None },
            )?);
            extensions.push(ext(rfc5280::ID_CE_KEY_USAGE, true, &KeyUsage(KeyUsages::DigitalSignature.into()))?);
            extensions.push(ext(
                rfc5280::ID_CE_EXT_KEY_USAGE,
                true,
                &ExtendedKeyUsage(vec![rfc5280::ID_KP_TIME_STAMPING]),
            )?);
            issuer.tbs_certificate.subject.clone()
        }
    };
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: random_serial(rng)?,
        signature: ecdsa_sha256_id(),
        issuer,
        validity: Validity { not_before: x509_time(not_before)?, not_after: x509_time(not_after)? },
        subject,
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    let tbs_der = tbs.to_der().map_err(asn1("tbsCertificate"))?;
    let sig: p256::ecdsa::Signature =
        signer.try_sign_with_rng(rng, &tbs_der).map_err(|e| TsaError::Key(format!("signing certificate: {e}")))?;
    let sig_der = sig.to_der();
    Ok(Certificate {
        tbs_certificate: tbs,
        signature_algorithm: ecdsa_sha256_id(),
        signature: BitString::from_bytes(sig_der.as_bytes()).map_err(asn1("signature"))?,
    })
}

/// The subject name attributes of our certificates.
pub(crate) fn subject(org: &str, cn: &str) -> Result<Name, TsaError> {
    name(&[(rfc4519::O, org), (rfc4519::CN, cn)])
}

/// Find an extension by OID.
pub(crate) fn find_ext<'a>(cert: &'a Certificate, oid: &ObjectIdentifier) -> Option<&'a Extension> {
    cert.tbs_certificate.extensions.as_ref()?.iter().find(|e| e.extn_id == *oid)
}

/// RFC 3161 §2.3: "The corresponding certificate MUST contain only one instance of the extended key usage field
/// extension as defined in [RFC2459] Section 4.2.1.13 with KeyPurposeID having value: id-kp-timeStamping. This
/// extension MUST be critical." A key usage, if present, must allow signatures.
pub(crate) fn check_tsa_cert(cert: &Certificate) -> Result<(), TsaError> {
    let exts = cert.tbs_certificate.extensions.as_deref().unwrap_or(&[]);
    let ekus: Vec<&Extension> = exts.iter().filter(|e| e.extn_id == rfc5280::ID_CE_EXT_KEY_USAGE).collect();
    let [eku] = ekus.as_slice() else {
        return Err(TsaError::Certificate(format!(
            "RFC 3161 §2.3 wants exactly one extendedKeyUsage extension, found {}",
            ekus.len()
        )));
    };
    if !eku.critical {
        return Err(TsaError::Certificate("extendedKeyUsage is not critical (RFC 3161 §2.3)".into()));
    }
    let purposes = ExtendedKeyUsage::from_der(eku.extn_value.as_bytes())
        .map_err(|e| TsaError::Certificate(format!("extendedKeyUsage: {e}")))?;
    if purposes.0 != [rfc5280::ID_KP_TIME_STAMPING] {
        return Err(TsaError::Certificate(format!(
            "extendedKeyUsage must be id-kp-timeStamping only (RFC 3161 §2.3), is {:?}",
            purposes.0.iter().map(|o| o.to_string()).collect::<Vec<_>>()
        )));
    }
    if let Some(ku) = find_ext(cert, &rfc5280::ID_CE_KEY_USAGE) {
        let ku = KeyUsage::from_der(ku.extn_value.as_bytes())
            .map_err(|e| TsaError::Certificate(format!("keyUsage: {e}")))?;
        if !ku.digital_signature() && !ku.non_repudiation() {
            return Err(TsaError::Certificate("keyUsage allows neither digitalSignature nor nonRepudiation".into()));
        }
    }
    Ok(())
}

fn is_ca(cert: &Certificate) -> bool {
    find_ext(cert, &rfc5280::ID_CE_BASIC_CONSTRAINTS)
        .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|bc| bc.ca)
}

fn check_validity(cert: &Certificate, at: DateTime<Utc>) -> Result<(), TsaError> {
    let v = &cert.tbs_certificate.validity;
    let (Some(nb), Some(na)) = (time_to_chrono(&v.not_before), time_to_chrono(&v.not_after)) else {
        return Err(TsaError::Chain("certificate validity out of range".into()));
    };
    if at < nb || at > na {
        return Err(TsaError::Chain(format!(
            "certificate \"{}\" is valid {nb} .. {na}, not at {at}",
            cert.tbs_certificate.subject
        )));
    }
    Ok(())
}

/// Which signature scheme an AlgorithmIdentifier names, with its hash when the OID fixes one.
enum Scheme {
    Ecdsa(Option<DigestAlg>),
    RsaPkcs1(Option<DigestAlg>),
}

fn scheme(alg: &AlgorithmIdentifierOwned) -> Result<Scheme, TsaError> {
    Ok(match alg.oid {
        rfc5912::ECDSA_WITH_SHA_256 => Scheme::Ecdsa(Some(DigestAlg::Sha256)),
        rfc5912::ECDSA_WITH_SHA_384 => Scheme::Ecdsa(Some(DigestAlg::Sha384)),
        rfc5912::ECDSA_WITH_SHA_512 => Scheme::Ecdsa(Some(DigestAlg::Sha512)),
        rfc5912::ID_EC_PUBLIC_KEY => Scheme::Ecdsa(None),
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION => Scheme::RsaPkcs1(Some(DigestAlg::Sha256)),
        rfc5912::SHA_384_WITH_RSA_ENCRYPTION => Scheme::RsaPkcs1(Some(DigestAlg::Sha384)),
        rfc5912::SHA_512_WITH_RSA_ENCRYPTION => Scheme::RsaPkcs1(Some(DigestAlg::Sha512)),
        rfc5912::RSA_ENCRYPTION => Scheme::RsaPkcs1(None),
        other => return Err(TsaError::UnsupportedAlgorithm(format!("signature algorithm {other}"))),
    })
}

/// Verify `sig` over `msg` with the key of `spki`. `digest` is the CMS digestAlgorithm, used when the signature
/// algorithm does not name a hash (RFC 5652 §5.3 allows `rsaEncryption` / `id-ecPublicKey` there).
pub(crate) fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    sig_alg: &AlgorithmIdentifierOwned,
    digest: Option<DigestAlg>,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), TsaError> {
    let fail = |why: String| TsaError::Signature(why);
    match scheme(sig_alg)? {
        Scheme::Ecdsa(h) => {
            let h = h.or(digest).ok_or_else(|| fail("no hash algorithm for ECDSA".into()))?;
            if h == DigestAlg::Sha1 {
                return Err(TsaError::UnsupportedAlgorithm("ECDSA with SHA-1".into()));
            }
            if spki.algorithm.oid != rfc5912::ID_EC_PUBLIC_KEY {
                return Err(fail(format!("key algorithm {} is not EC", spki.algorithm.oid)));
            }
            let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
            if curve != Some(rfc5912::SECP_256_R_1) {
                return Err(TsaError::UnsupportedAlgorithm(format!(
                    "EC curve {} (only P-256 is supported)",
                    curve.map(|c| c.to_string()).unwrap_or_else(|| "?".into())
                )));
            }
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
                .map_err(|e| fail(format!("EC public key: {e}")))?;
            let sig = p256::ecdsa::Signature::from_der(sig).map_err(|e| fail(format!("ECDSA signature: {e}")))?;
            key.verify_prehash(&h.digest(msg), &sig).map_err(|_| fail("ECDSA signature does not verify".into()))
        }
        Scheme::RsaPkcs1(h) => {
            use rsa::pkcs1::DecodeRsaPublicKey;
            let h = h.or(digest).ok_or_else(|| fail("no hash algorithm for RSA".into()))?;
            if spki.algorithm.oid != rfc5912::RSA_ENCRYPTION {
                return Err(fail(format!("key algorithm {} is not RSA", spki.algorithm.oid)));
            }
            let key = rsa::RsaPublicKey::from_pkcs1_der(spki.subject_public_key.raw_bytes())
                .map_err(|e| fail(format!("RSA public key: {e}")))?;
            let padding = match h {
                DigestAlg::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                DigestAlg::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                DigestAlg::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                DigestAlg::Sha1 => return Err(TsaError::UnsupportedAlgorithm("RSA with SHA-1".into())),
            };
            key.verify(padding, &h.digest(msg), sig).map_err(|_| fail("RSA signature does not verify".into()))
        }
    }
}

/// Does `issuer`'s key sign `cert`?
fn signed_by(cert: &Certificate, issuer: &Certificate) -> bool {
    let Ok(tbs) = cert.tbs_certificate.to_der() else { return false };
    verify_signature(
        &issuer.tbs_certificate.subject_public_key_info,
        &cert.signature_algorithm,
        None,
        &tbs,
        cert.signature.raw_bytes(),
    )
    .is_ok()
}

/// Build a path from `leaf` to one of `anchors` through CA certificates of `pool` (RFC 5280 §6, simplified: names
/// matched exactly, no policy or name constraints, no revocation). Every certificate on the path must be valid at
/// `at` (the time-stamp's genTime: a token stays verifiable after its TSA certificate expires). A `leaf` that is
/// itself one of the anchors is trusted directly.
pub(crate) fn check_chain(
    leaf: &Certificate,
    pool: &[Certificate],
    anchors: &[Certificate],
    at: DateTime<Utc>,
) -> Result<String, TsaError> {
    let mut current = leaf;
    let mut path = vec![leaf.tbs_certificate.subject.to_string()];
    for _ in 0..MAX_CHAIN {
        check_validity(current, at)?;
        if anchors.iter().any(|a| a == current) {
            return Ok(path.join(" <- "));
        }
        if let Some(anchor) = anchors
            .iter()
            .find(|a| a.tbs_certificate.subject == current.tbs_certificate.issuer && signed_by(current, a))
        {
            check_validity(anchor, at)?;
            path.push(format!("{} (trusted)", anchor.tbs_certificate.subject));
            return Ok(path.join(" <- "));
        }
        let next = pool.iter().find(|c| {
            *c != current
                && c.tbs_certificate.subject == current.tbs_certificate.issuer
                && is_ca(c)
                && signed_by(current, c)
        });
        match next {
            Some(c) => {
                path.push(c.tbs_certificate.subject.to_string());
                current = c;
            }
            None => {
                return Err(TsaError::Chain(format!(
                    "\"{}\" is not issued by a trusted certificate (issuer \"{}\")",
                    current.tbs_certificate.subject, current.tbs_certificate.issuer
                )))
            }
        }
    }
    Err(TsaError::Chain(format!("no trusted path within {MAX_CHAIN} certificates")))
}

/// Does the certificate carry this public key?
pub(crate) fn cert_has_key(cert: &Certificate, key: &p256::ecdsa::VerifyingKey) -> bool {
    let point = key.to_encoded_point(false);
    cert.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes() == point.as_bytes()
}

/// Verify that `cert` is signed by `issuer` (for [`super::Authority::from_pem`]).
pub(crate) fn require_signed_by(cert: &Certificate, issuer: &Certificate) -> Result<(), TsaError> {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject || !signed_by(cert, issuer) {
        return Err(TsaError::Chain(format!(
            "\"{}\" is not issued by \"{}\"",
            cert.tbs_certificate.subject, issuer.tbs_certificate.subject
        )));
    }
    Ok(())
}
