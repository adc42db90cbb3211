//! The few ASN.1 structures of RFC 3161 / RFC 2634 / RFC 5035 that the `x509-tsp` and `cms` crates do not give us in
//! the shape we need: decoding is lenient where real TSAs differ (fractional `genTime`, any `PKIFailureInfo` bits),
//! encoding is DER.

use cms::cert::CertificateChoices;
use cms::content_info::CmsVersion;
use cms::signed_data::{EncapsulatedContentInfo, SignerInfo};
use der::asn1::{Any, BitString, Int, ObjectIdentifier, OctetString};
use der::{DecodeValue, EncodeValue, FixedTag, Header, Length, Reader, Sequence, Tag, Writer};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::name::GeneralNames;
use x509_cert::ext::Extensions;
use x509_cert::serial_number::SerialNumber;
use x509_tsp::{Accuracy, MessageImprint, TspVersion};

/// id-ct-TSTInfo (RFC 3161 §2.4.2): `1.2.840.113549.1.9.16.1.4`.
pub(crate) const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// ```text
/// PKIStatusInfo ::= SEQUENCE {
///     status        PKIStatus,             -- INTEGER
///     statusString  PKIFreeText OPTIONAL,  -- SEQUENCE OF UTF8String
///     failInfo      PKIFailureInfo OPTIONAL }  -- BIT STRING
/// ```
/// RFC 3161 §2.4.2 (type from RFC 4210 §5.2.3).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct StatusInfo {
    pub status: u32,
    #[asn1(optional = "true")]
    pub status_string: Option<Vec<String>>,
    #[asn1(optional = "true")]
    pub fail_info: Option<BitString>,
}

/// ```text
/// TimeStampResp ::= SEQUENCE {
///     status          PKIStatusInfo,
///     timeStampToken  TimeStampToken OPTIONAL }   -- ContentInfo
/// ```
/// RFC 3161 §2.4.2.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct TimeStampResp {
    pub status: StatusInfo,
    #[asn1(optional = "true")]
    pub time_stamp_token: Option<cms::content_info::ContentInfo>,
}

/// TSTInfo (RFC 3161 §2.4.2) for decoding: `genTime` kept raw so that fractional seconds, which der's
/// `GeneralizedTime` rejects, can be read.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct TstInfoDec {
    pub version: TspVersion,
    pub policy: ObjectIdentifier,
    pub message_imprint: MessageImprint,
    pub serial_number: Int,
    pub gen_time: Any,
    #[asn1(optional = "true")]
    pub accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    pub ordering: bool,
    #[asn1(optional = "true")]
    pub nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<x509_cert::ext::pkix::name::GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// ```text
/// IssuerSerial ::= SEQUENCE {
///     issuer        GeneralNames,
///     serialNumber  CertificateSerialNumber }
/// ```
/// RFC 2634 §5.4.1 / RFC 5035 §4.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct IssuerSerial {
    pub issuer: GeneralNames,
    pub serial_number: SerialNumber,
}

/// ```text
/// ESSCertIDv2 ::= SEQUENCE {
///     hashAlgorithm  AlgorithmIdentifier DEFAULT {algorithm id-sha256},
///     certHash       Hash,                 -- OCTET STRING
///     issuerSerial   IssuerSerial OPTIONAL }
/// ```
/// RFC 5035 §4 (used by RFC 5816 §2.2.1 in time-stamp tokens). `None` means the DEFAULT, SHA-256.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// ```text
/// SigningCertificateV2 ::= SEQUENCE {
///     certs     SEQUENCE OF ESSCertIDv2,
///     policies  SEQUENCE OF PolicyInformation OPTIONAL }
/// ```
/// RFC 5035 §3.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

/// ```text
/// ESSCertID ::= SEQUENCE {
///     certHash      Hash,                  -- SHA-1 of the certificate
///     issuerSerial  IssuerSerial OPTIONAL }
/// ```
/// RFC 2634 §5.4.1 (the signing-certificate attribute of RFC 3161 §2.4.1).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertId {
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// ```text
/// SigningCertificate ::= SEQUENCE {
///     certs     SEQUENCE OF ESSCertID,
///     policies  SEQUENCE OF PolicyInformation OPTIONAL }
/// ```
/// RFC 2634 §5.4.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificate {
    pub certs: Vec<EssCertId>,
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

/// A SET OF decoded without DER's ordering and uniqueness rules: real TSAs (OpenSSL among them) put the signer's
/// certificate into `SignedData.certificates` twice. Encoded in the order held.
#[derive(Clone, Debug, Eq, PartialEq)]
pub(crate) struct LenientSetOf<T>(pub Vec<T>);

impl<'a, T: der::Decode<'a>> DecodeValue<'a> for LenientSetOf<T> {
    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> der::Result<Self> {
        reader.read_nested(header.length, |reader| {
            let mut items = Vec::new();
            while !reader.is_finished() {
                items.push(T::decode(reader)?);
            }
            Ok(Self(items))
        })
    }
}

impl<T: der::Encode> EncodeValue for LenientSetOf<T> {
    fn value_len(&self) -> der::Result<Length> {
        self.0.iter().try_fold(Length::ZERO, |len, item| len + item.encoded_len()?)
    }
    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        self.0.iter().try_for_each(|item| item.encode(writer))
    }
}

impl<T> FixedTag for LenientSetOf<T> {
    const TAG: Tag = Tag::Set;
}

/// SignedData (RFC 5652 §5.1) for decoding tokens: certificates and signerInfos as [`LenientSetOf`], digest
/// algorithms and CRLs not interpreted.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SignedDataDec {
    pub version: CmsVersion,
    pub digest_algorithms: LenientSetOf<Any>,
    pub encap_content_info: EncapsulatedContentInfo,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", constructed = "true", optional = "true")]
    pub certificates: Option<LenientSetOf<CertificateChoices>>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", constructed = "true", optional = "true")]
    pub crls: Option<LenientSetOf<Any>>,
    pub signer_infos: LenientSetOf<SignerInfo>,
}
