//! Checkpoints: C2SP tlog-checkpoint bodies (<https://c2sp.org/tlog-checkpoint>) in C2SP signed notes
//! (<https://c2sp.org/signed-note>), signed with Ed25519 and/or SM2.
//!
//! A checkpoint body is `origin\nsize\nbase64(root)\n` plus optional extension lines. A signed note is the body,
//! a blank line, then one line per signature: `— <key name> base64(key ID ‖ signature)`.
//!
//! - **Ed25519** is signature type `0x01` of the signed-note spec: key ID =
//!   `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte key)[:4]`, signature = the 64 raw RFC 8032 bytes over the body. The
//!   verifier key text (`name+hex(key ID)+base64(0x01 ‖ key)`) is that of Go's `golang.org/x/mod/sumdb/note`.
//! - **SM2** has no assigned type byte, so it uses the spec's `0xff` "other type" byte followed by the identifier
//!   `zhibao-sm2-sm3` ([`SM2_KEY_TYPE`]): key ID = `SHA-256(name ‖ 0x0A ‖ SM2_KEY_TYPE ‖ 65-byte uncompressed
//!   SEC1 point)[:4]`; the signature is SM2 with SM3 and distinguishing ID `1234567812345678` ([`SM2_DISTID`],
//!   GB/T 35276 default) over the body, DER-encoded (`SEQUENCE { r INTEGER, s INTEGER }`, as `openssl dgst -sm3`
//!   writes and reads it). Verifier key text: `name+hex(key ID)+base64(SM2_KEY_TYPE ‖ point)`.
//!
//! See `docs/ledger.md` for the exact formats and the `openssl` commands that check a signature independently.

use std::fmt;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _};
use sha2::{Digest as _, Sha256};
use sm2::elliptic_curve::sec1::ToEncodedPoint as _;

use crate::hash::Hash;

/// The SM2 distinguishing identifier (user ID) used for every SM2 signature: the default ID of GB/T 35276-2017 /
/// GM/T 0009-2012, passed to `openssl dgst -sm3` as `-sigopt distid:1234567812345678` (also when verifying:
/// OpenSSL 3.0's `dgst` has no `-vfyopt`).
pub const SM2_DISTID: &str = "1234567812345678";

/// The signature-type bytes of zhibao's SM2 note signatures: signed-note's "other type" byte `0xff`, then the
/// identifier `zhibao-sm2-sm3`.
pub const SM2_KEY_TYPE: &[u8] = b"\xffzhibao-sm2-sm3";

/// The signed-note type byte of Ed25519.
const ED25519_KEY_TYPE: &[u8] = &[0x01];

/// At most this many signature lines are read from a note (the signed-note spec requires at least 16).
pub const MAX_SIGNATURES: usize = 100;

/// Errors of checkpoints, signed notes and note keys. Each names the failing check.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NoteError {
    /// A key name is empty or has a Unicode space, a `+` or a control character (signed-note §Format).
    #[error("invalid key name {0:?} (must be non-empty, without spaces, '+' or control characters)")]
    InvalidName(String),
    /// The text to sign or the text of a note is not a valid note text.
    #[error("invalid note text: {0}")]
    InvalidText(&'static str),
    /// The signed note is malformed (layout, signature lines, base64).
    #[error("malformed signed note: {0}")]
    MalformedNote(&'static str),
    /// The note has more than [`MAX_SIGNATURES`] signature lines.
    #[error("note has more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    /// The note text is not a C2SP tlog-checkpoint.
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(&'static str),
    /// [`sign`] was given no key.
    #[error("no signing key given")]
    NoSigners,
    /// A signature by a known key (matching name and key ID) does not verify.
    #[error("signature by {name} (key ID {key_id}) does not verify")]
    BadSignature {
        /// Key name.
        name: String,
        /// Key ID, 8 hex digits.
        key_id: String,
    },
    /// No signature of the note is by a known key.
    #[error("note has no signature by a known key")]
    NoKnownSignature,
    /// Two different verifiers share a name and key ID.
    #[error("ambiguous verifiers: two different keys named {name} have key ID {key_id}")]
    AmbiguousVerifier {
        /// Key name.
        name: String,
        /// Key ID, 8 hex digits.
        key_id: String,
    },
    /// A verifier key text (`name+keyid+base64`) is malformed.
    #[error("malformed verifier key: {0}")]
    BadVerifierKey(&'static str),
    /// A verifier key's type bytes are neither Ed25519 (`0x01`) nor zhibao SM2 ([`SM2_KEY_TYPE`]).
    #[error("unsupported verifier key type (first byte 0x{0:02x})")]
    UnsupportedKeyType(u8),
    /// A verifier key's ID is not the one its name, type and public key give.
    #[error("verifier key ID {given} does not match its key (expected {computed})")]
    KeyIdMismatch {
        /// Key ID in the key text.
        given: String,
        /// Key ID computed from the key.
        computed: String,
    },
    /// A private or public key could not be read, written or generated.
    #[error("key error: {0}")]
    Key(String),
    /// The signer failed.
    #[error("signing failed: {0}")]
    Signing(String),
}

/// A C2SP tlog-checkpoint: the signed statement "the log `origin` has `size` leaves and root `root`".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, e.g. `zhibao.example/ledger` (tlog-checkpoint §Note text, line 1).
    pub origin: String,
    /// Number of leaves (line 2).
    pub size: u64,
    /// Merkle Tree Hash of those leaves (line 3, base64).
    pub root: Hash,
    /// Optional extension lines, each non-empty (line 4 on).
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// The note text: `origin\nsize\nbase64(root)\n` then each extension line and `\n`.
    pub fn body(&self) -> String {
        let mut body = format!("{}\n{}\n{}\n", self.origin, self.size, B64.encode(self.root));
        for ext in &self.extensions {
            body.push_str(ext);
            body.push('\n');
        }
        body
    }

    /// Parses a checkpoint body, strictly: at least three non-empty lines, each ending in `\n`; a decimal size
    /// without leading zeros; a root of exactly 32 bytes in canonical padded standard base64.
    pub fn parse(body: &str) -> Result<Self, NoteError> {
        check_text(body)?;
        let mut lines = body.strip_suffix('\n').unwrap_or(body).split('\n');
        let origin = lines.next().filter(|l| !l.is_empty()).ok_or(NoteError::MalformedCheckpoint("empty origin"))?;
        let size = lines.next().ok_or(NoteError::MalformedCheckpoint("missing tree size"))?;
        if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) || (size.len() > 1 && size.starts_with('0')) {
            return Err(NoteError::MalformedCheckpoint("tree size is not a decimal number without leading zeros"));
        }
        let size = size.parse::<u64>().map_err(|_| NoteError::MalformedCheckpoint("tree size too large"))?;
        let root = lines.next().ok_or(NoteError::MalformedCheckpoint("missing root hash"))?;
        let root = B64.decode(root).map_err(|_| NoteError::MalformedCheckpoint("root hash is not canonical base64"))?;
        let root =
            Hash::try_from(root.as_slice()).map_err(|_| NoteError::MalformedCheckpoint("root is not 32 bytes"))?;
        let extensions: Vec<String> = lines.map(str::to_owned).collect();
        if extensions.iter().any(String::is_empty) {
            return Err(NoteError::MalformedCheckpoint("empty extension line"));
        }
        Ok(Checkpoint { origin: origin.to_owned(), size, root, extensions })
    }
}

/// The signature algorithm of a note key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SigKind {
    /// Ed25519 (RFC 8032), signed-note type `0x01`.
    Ed25519,
    /// SM2 (GB/T 32918.2) with SM3 and ID [`SM2_DISTID`], type [`SM2_KEY_TYPE`].
    Sm2,
}

enum Secret {
    Ed25519(ed25519_dalek::SigningKey),
    Sm2(sm2::SecretKey, Box<sm2::dsa::SigningKey>),
}

/// A private note-signing key with its name. Its `Debug` shows the name, kind and key ID, never the secret.
pub struct NoteKey {
    name: String,
    secret: Secret,
}

impl fmt::Debug for NoteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NoteKey")
            .field("name", &self.name)
            .field("kind", &self.kind())
            .field("key_id", &hex::encode(self.verifier().key_id))
            .finish_non_exhaustive()
    }
}

fn sm2_secret(secret: sm2::SecretKey) -> Result<Secret, NoteError> {
    let signing = sm2::dsa::SigningKey::new(SM2_DISTID, &secret).map_err(|e| NoteError::Key(e.to_string()))?;
    Ok(Secret::Sm2(secret, Box::new(signing)))
}

impl NoteKey {
    /// Generates a new key of `kind` named `name` (which must be a valid note key name; a schema-less URL such as
    /// `zhibao.example/ledger` is recommended).
    pub fn generate(name: &str, kind: SigKind, rng: &mut impl rand_core::CryptoRngCore) -> Result<Self, NoteError> {
        check_name(name)?;
        let secret = match kind {
            SigKind::Ed25519 => Secret::Ed25519(ed25519_dalek::SigningKey::generate(rng)),
            SigKind::Sm2 => sm2_secret(sm2::SecretKey::random(rng))?,
        };
        Ok(NoteKey { name: name.to_owned(), secret })
    }

    /// Reads a PKCS#8 private key in PEM (`-----BEGIN PRIVATE KEY-----`), as written by [`NoteKey::to_pkcs8_pem`]
    /// or `openssl genpkey -algorithm ed25519` / `-algorithm SM2`.
    pub fn from_pkcs8_pem(name: &str, kind: SigKind, pem: &str) -> Result<Self, NoteError> {
        check_name(name)?;
        let secret = match kind {
            SigKind::Ed25519 => Secret::Ed25519(
                ed25519_dalek::SigningKey::from_pkcs8_pem(pem).map_err(|e| NoteError::Key(e.to_string()))?,
            ),
            SigKind::Sm2 => {
                use sm2::pkcs8::DecodePrivateKey as _;
                sm2_secret(sm2::SecretKey::from_pkcs8_pem(pem).map_err(|e| NoteError::Key(e.to_string()))?)?
            }
        };
        Ok(NoteKey { name: name.to_owned(), secret })
    }

    /// The private key as PKCS#8 PEM. This is the secret: store it like a password.
    pub fn to_pkcs8_pem(&self) -> Result<String, NoteError> {
        let pem = match &self.secret {
            // PKCS#8 v1 (RFC 8410 §7 without the optional public key): OpenSSL 3.0 cannot read the v2 form
            // ed25519-dalek writes.
            Secret::Ed25519(key) => ed25519_dalek::pkcs8::KeypairBytes { secret_key: key.to_bytes(), public_key: None }
                .to_pkcs8_pem(Default::default()),
            Secret::Sm2(secret, _) => {
                use sm2::pkcs8::EncodePrivateKey as _;
                secret.to_pkcs8_pem(Default::default())
            }
        };
        pem.map(|p| p.to_string()).map_err(|e| NoteError::Key(e.to_string()))
    }

    /// The key name that appears in signature lines.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signature algorithm.
    pub fn kind(&self) -> SigKind {
        match self.secret {
            Secret::Ed25519(_) => SigKind::Ed25519,
            Secret::Sm2(..) => SigKind::Sm2,
        }
    }

    /// The public half, to verify this key's signatures.
    pub fn verifier(&self) -> NoteVerifier {
        let public_key = match &self.secret {
            Secret::Ed25519(key) => key.verifying_key().to_bytes().to_vec(),
            Secret::Sm2(secret, _) => secret.public_key().to_encoded_point(false).as_bytes().to_vec(),
        };
        NoteVerifier::from_parts(self.name.clone(), self.kind(), public_key)
    }

    fn sign_text(&self, text: &str, rng: &mut impl rand_core::CryptoRngCore) -> Result<Vec<u8>, NoteError> {
        match &self.secret {
            Secret::Ed25519(key) => {
                use ed25519_dalek::Signer as _;
                Ok(key.sign(text.as_bytes()).to_bytes().to_vec())
            }
            Secret::Sm2(_, key) => {
                use sm2::dsa::signature::RandomizedSigner as _;
                let sig: sm2::dsa::Signature =
                    key.try_sign_with_rng(rng, text.as_bytes()).map_err(|e| NoteError::Signing(e.to_string()))?;
                let sig = ecdsa::Signature::<sm2::Sm2>::from_scalars(sig.r_bytes(), sig.s_bytes())
                    .map_err(|e| NoteError::Signing(e.to_string()))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

/// A public note-verification key: name, algorithm, key ID and public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteVerifier {
    /// Key name, as in signature lines.
    pub name: String,
    /// Signature algorithm.
    pub kind: SigKind,
    /// Key ID: `SHA-256(name ‖ 0x0A ‖ type bytes ‖ public key)[:4]`.
    pub key_id: [u8; 4],
    /// Ed25519: the 32-byte key; SM2: the 65-byte uncompressed SEC1 point. Validated on construction.
    public_key: Vec<u8>,
}

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4), followed by the 32-byte key.
const ED25519_SPKI_PREFIX: &[u8] = &[0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

/// DER prefix of an SM2 SubjectPublicKeyInfo (id-ecPublicKey, namedCurve 1.2.156.10197.1.301), followed by the
/// 65-byte uncompressed point.
const SM2_SPKI_PREFIX: &[u8] = &[
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf,
    0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00,
];

fn key_type_bytes(kind: SigKind) -> &'static [u8] {
    match kind {
        SigKind::Ed25519 => ED25519_KEY_TYPE,
        SigKind::Sm2 => SM2_KEY_TYPE,
    }
}

impl NoteVerifier {
    fn from_parts(name: String, kind: SigKind, public_key: Vec<u8>) -> Self {
        let digest = Sha256::new()
            .chain_update(&name)
            .chain_update([0x0a])
            .chain_update(key_type_bytes(kind))
            .chain_update(&public_key)
            .finalize();
        let key_id = [digest[0], digest[1], digest[2], digest[3]];
        NoteVerifier { name, kind, key_id, public_key }
    }

    /// The raw public key: 32 bytes for Ed25519, the 65-byte uncompressed SEC1 point for SM2.
    pub fn public_key(&self) -> &[u8] {
        &self.public_key
    }

    /// The verifier key text `<name>+<8 hex digits key ID>+<base64(type bytes ‖ public key)>`, the format of Go's
    /// `golang.org/x/mod/sumdb/note` verifier keys.
    pub fn to_vkey(&self) -> String {
        let mut blob = key_type_bytes(self.kind).to_vec();
        blob.extend_from_slice(&self.public_key);
        format!("{}+{}+{}", self.name, hex::encode(self.key_id), B64.encode(blob))
    }

    /// Parses a verifier key text written by [`NoteVerifier::to_vkey`] (or by Go's `note.NewVerifier` format for
    /// Ed25519), checking the name, the key (a valid, canonical, non-weak point) and that the key ID matches.
    pub fn parse_vkey(s: &str) -> Result<Self, NoteError> {
        let mut parts = s.splitn(3, '+');
        let (Some(name), Some(id_hex), Some(blob)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::BadVerifierKey("expected name+keyid+key"));
        };
        check_name(name)?;
        if id_hex.len() != 8 {
            return Err(NoteError::BadVerifierKey("key ID is not 8 hex digits"));
        }
        let given: [u8; 4] = hex::decode(id_hex)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or(NoteError::BadVerifierKey("key ID is not 8 hex digits"))?;
        let blob = B64.decode(blob).map_err(|_| NoteError::BadVerifierKey("key is not canonical base64"))?;
        let (kind, key) = if let Some(key) = blob.strip_prefix(ED25519_KEY_TYPE) {
            (SigKind::Ed25519, key)
        } else if let Some(key) = blob.strip_prefix(SM2_KEY_TYPE) {
            (SigKind::Sm2, key)
        } else {
            return Err(NoteError::UnsupportedKeyType(blob.first().copied().unwrap_or(0)));
        };
        match kind {
            SigKind::Ed25519 => {
                let bytes: [u8; 32] =
                    key.try_into().map_err(|_| NoteError::BadVerifierKey("Ed25519 key is not 32 bytes"))?;
                let vk = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
                    .map_err(|_| NoteError::BadVerifierKey("invalid Ed25519 public key"))?;
                if vk.is_weak() || vk.to_edwards().compress().to_bytes() != bytes {
                    return Err(NoteError::BadVerifierKey("weak or non-canonical Ed25519 public key"));
                }
            }
            SigKind::Sm2 => {
                if key.len() != 65 || key[0] != 0x04 {
                    return Err(NoteError::BadVerifierKey("SM2 key is not a 65-byte uncompressed point"));
                }
                sm2::PublicKey::from_sec1_bytes(key).map_err(|_| NoteError::BadVerifierKey("invalid SM2 point"))?;
            }
        }
        let v = NoteVerifier::from_parts(name.to_owned(), kind, key.to_vec());
        if v.key_id != given {
            return Err(NoteError::KeyIdMismatch { given: hex::encode(given), computed: hex::encode(v.key_id) });
        }
        Ok(v)
    }

    /// The public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), for `openssl`.
    pub fn public_key_pem(&self) -> String {
        let prefix = match self.kind {
            SigKind::Ed25519 => ED25519_SPKI_PREFIX,
            SigKind::Sm2 => SM2_SPKI_PREFIX,
        };
        let mut der = prefix.to_vec();
        der.extend_from_slice(&self.public_key);
        let b64 = B64.encode(der);
        let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            pem.push_str(&String::from_utf8_lossy(chunk));
            pem.push('\n');
        }
        pem.push_str("-----END PUBLIC KEY-----\n");
        pem
    }

    /// Whether `sig` is a valid signature of `text` by this key.
    fn verify(&self, text: &str, sig: &[u8]) -> bool {
        match self.kind {
            SigKind::Ed25519 => {
                let (Ok(key), Ok(sig)) = (<[u8; 32]>::try_from(self.public_key.as_slice()), <[u8; 64]>::try_from(sig))
                else {
                    return false;
                };
                let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&key) else {
                    return false;
                };
                vk.verify_strict(text.as_bytes(), &ed25519_dalek::Signature::from_bytes(&sig)).is_ok()
            }
            SigKind::Sm2 => {
                use sm2::dsa::signature::Verifier as _;
                let Ok(der) = ecdsa::der::Signature::<sm2::Sm2>::from_bytes(sig) else {
                    return false;
                };
                let Ok(sig) = ecdsa::Signature::<sm2::Sm2>::try_from(der) else {
                    return false;
                };
                let (r, s) = sig.split_bytes();
                let Ok(sig) = sm2::dsa::Signature::from_scalars(r, s) else {
                    return false;
                };
                let Ok(pk) = sm2::PublicKey::from_sec1_bytes(&self.public_key) else {
                    return false;
                };
                let Ok(vk) = sm2::dsa::VerifyingKey::new(SM2_DISTID, pk) else {
                    return false;
                };
                vk.verify(text.as_bytes(), &sig).is_ok()
            }
        }
    }
}

/// Key names: non-empty, no Unicode white space, no `+` (signed-note §Format), and no control characters.
fn check_name(name: &str) -> Result<(), NoteError> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control()) {
        return Err(NoteError::InvalidName(name.to_owned()));
    }
    Ok(())
}

/// A note text: non-empty, ends in a newline, no ASCII control character other than newline.
fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::InvalidText("must be non-empty and end with a newline"));
    }
    if text.bytes().any(|b| b < 0x20 && b != b'\n') {
        return Err(NoteError::InvalidText("contains an ASCII control character other than newline"));
    }
    Ok(())
}

/// Signs the note text `body` (e.g. [`Checkpoint::body`]) with each key, returning the signed note: the text, a
/// blank line, and one signature line per key in the order given. `rng` adds fresh randomness to SM2 signatures
/// (Ed25519 is deterministic).
pub fn sign(body: &str, keys: &[&NoteKey], rng: &mut impl rand_core::CryptoRngCore) -> Result<String, NoteError> {
    check_text(body)?;
    if keys.is_empty() {
        return Err(NoteError::NoSigners);
    }
    let mut note = format!("{body}\n");
    for key in keys {
        let mut blob = key.verifier().key_id.to_vec();
        blob.extend_from_slice(&key.sign_text(body, rng)?);
        note.push_str(&format!("— {} {}\n", key.name, B64.encode(blob)));
    }
    Ok(note)
}

/// A signed note whose signatures were checked.
#[derive(Clone, Debug)]
pub struct OpenedNote {
    /// The note text (up to and including its final newline).
    pub text: String,
    /// The keys whose signatures verified, as (name, kind), each once, in note order.
    pub verified: Vec<(String, SigKind)>,
    /// How many signature lines were by keys not among the verifiers (skipped, not checked).
    pub unknown_signatures: usize,
}

/// An opened signed checkpoint.
#[derive(Clone, Debug)]
pub struct Opened {
    /// The checkpoint the note text holds.
    pub checkpoint: Checkpoint,
    /// The keys whose signatures verified, as (name, kind), each once, in note order.
    pub verified: Vec<(String, SigKind)>,
    /// How many signature lines were by keys not among the verifiers (skipped, not checked).
    pub unknown_signatures: usize,
}

/// Opens a signed note: checks its layout and every signature by a known key (same name and key ID as one of
/// `verifiers`), skipping the others, as the signed-note spec requires. Fails if the note is malformed, if any
/// signature by a known key does not verify, or if no signature is by a known key.
pub fn open_note(note: &str, verifiers: &[NoteVerifier]) -> Result<OpenedNote, NoteError> {
    if note.bytes().any(|b| b < 0x20 && b != b'\n') {
        return Err(NoteError::MalformedNote("contains an ASCII control character other than newline"));
    }
    let split = note.rfind("\n\n").ok_or(NoteError::MalformedNote("no blank line before the signatures"))?;
    let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
    let sigs = sigs.strip_suffix('\n').ok_or(NoteError::MalformedNote("signatures must end with a newline"))?;
    let mut verified: Vec<(String, SigKind)> = Vec::new();
    let mut unknown = 0usize;
    for (i, line) in sigs.split('\n').enumerate() {
        if i >= MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        let rest = line.strip_prefix("— ").ok_or(NoteError::MalformedNote("signature line must start with \"— \""))?;
        let (name, b64) = rest.split_once(' ').ok_or(NoteError::MalformedNote("signature line without signature"))?;
        check_name(name).map_err(|_| NoteError::MalformedNote("invalid key name in signature line"))?;
        let blob = B64.decode(b64).map_err(|_| NoteError::MalformedNote("signature is not canonical base64"))?;
        if blob.len() < 5 {
            return Err(NoteError::MalformedNote("signature too short"));
        }
        let key_id = [blob[0], blob[1], blob[2], blob[3]];
        let mut matches = verifiers.iter().filter(|v| v.name == name && v.key_id == key_id);
        let Some(v) = matches.next() else {
            unknown += 1;
            continue;
        };
        if matches.any(|other| other != v) {
            return Err(NoteError::AmbiguousVerifier { name: name.to_owned(), key_id: hex::encode(key_id) });
        }
        if !v.verify(text, &blob[4..]) {
            return Err(NoteError::BadSignature { name: name.to_owned(), key_id: hex::encode(key_id) });
        }
        if !verified.iter().any(|(n, k)| n == name && *k == v.kind) {
            verified.push((name.to_owned(), v.kind));
        }
    }
    if verified.is_empty() {
        return Err(NoteError::NoKnownSignature);
    }
    Ok(OpenedNote { text: text.to_owned(), verified, unknown_signatures: unknown })
}

/// Opens a signed checkpoint: [`open_note`], then [`Checkpoint::parse`] of its text. The caller decides which
/// kinds of signature it requires (see [`Opened::verified`]).
pub fn open(note: &str, verifiers: &[NoteVerifier]) -> Result<Opened, NoteError> {
    let opened = open_note(note, verifiers)?;
    let checkpoint = Checkpoint::parse(&opened.text)?;
    Ok(Opened { checkpoint, verified: opened.verified, unknown_signatures: opened.unknown_signatures })
}
