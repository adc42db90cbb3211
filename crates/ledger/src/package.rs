//! Evidence packages (证据包): one ZIP that lets anyone check, offline and with standard tools, that an evidence
//! file is the one the ledger recorded, when, and under which signed checkpoint.
//!
//! Members (see `docs/evidence-packages.md`):
//!
//! | member | what |
//! |---|---|
//! | `README.md` | what each member is and how to verify each step with `sha256sum`, `openssl` and `python3` |
//! | `manifest.json` | [`FORMAT`], hash_alg, origin, evidence_id, generated_at, files, leaf_index, tree_size, members |
//! | `files/<name>` | the evidence file(s) |
//! | `leaf.bin` | the exact leaf bytes in the log: `leaf_bytes("evidence", fields)` (see [`EVIDENCE_LEAF_FIELDS`]) |
//! | `proof.json` | leaf_index, tree_size, hash_alg, leaf_hash, inclusion_path (RFC 9162 §2.1.3) |
//! | `checkpoint.txt` | the signed note (C2SP tlog-checkpoint, Ed25519 and SM2 signatures) |
//! | `checkpoint.body` | the note text alone: the bytes every signature covers |
//! | `checkpoint.<key>.sig` | each signature alone (Ed25519: 64 raw bytes; SM2: DER), for `openssl` |
//! | `keys/<key>.vkey`, `keys/<key>.pem` | each note key: verifier key text and SubjectPublicKeyInfo PEM |
//! | `tsa/token.tsr` | RFC 3161 TimeStampResp over the file's SHA-256 (`tsa/token-2.tsr`… for further files) |
//! | `tsa/tsa.pem`, `tsa/ca.pem` | the TSA certificate and the CA certificate it chains to |
//!
//! [`build`] writes a package and verifies it before returning it; [`verify`] checks one, with its own keys
//! (integrity only) or against a [`Trust`] (integrity and origin), and reports every check.

mod read;
mod readme;
mod verify;

use std::collections::HashSet;
use std::io::Write as _;

use chrono::{DateTime, Datelike, Timelike, Utc};
use digest::Digest;

use crate::checkpoint::{NoteVerifier, SigKind};
use crate::hash::{Hash, HashAlg};

pub use self::verify::verify;

/// The `format` of `manifest.json`.
pub const FORMAT: &str = "zhibao-evidence-package/1";

/// The leaf kind of evidence items.
pub const EVIDENCE_KIND: &str = "evidence";

/// The fields of an evidence leaf (`leaf_bytes("evidence", fields)`) that the package verifier reads; a leaf may
/// hold more (zhibao's also commit to `matter_id`, `content_type`, `source_url`, `captured_at`, `description`,
/// `uploader`, `created_at`), which are shown, not interpreted.
///
/// - `id`: the evidence id (number or string), equal to `manifest.json`'s `evidence_id`;
/// - `file_name`, `sha256` (hex), `sm3` (hex), `size` (bytes): the one file of the item; or, for an item of several
///   files, `files`: an array of objects with those four fields, in the order of `manifest.json`'s `files`.
pub const EVIDENCE_LEAF_FIELDS: &[&str] = &["id", "file_name", "sha256", "sm3", "size", "files"];

/// Default [`Limits::max_members`].
pub const DEFAULT_MAX_MEMBERS: usize = 64;
/// Default [`Limits::max_member_bytes`] and [`Limits::max_total_bytes`]: 512 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 512 << 20;
/// Members other than `files/…` are read into memory and may hold at most this much (16 MiB).
pub const MAX_METADATA_BYTES: u64 = 16 << 20;

/// Errors of [`build`] and [`Trust::from_files`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// The input is inconsistent or incomplete.
    #[error("invalid package input: {0}")]
    Invalid(String),
    /// Writing the ZIP failed.
    #[error("writing the ZIP: {0}")]
    Zip(String),
    /// The package built does not pass [`verify`]; lists the failing checks.
    #[error("the package does not verify: {0}")]
    SelfCheck(String),
    /// A trusted-key file could not be read.
    #[error("trusted key file {file}: {detail}")]
    TrustFile {
        /// File name.
        file: String,
        /// Why.
        detail: String,
    },
}

/// One evidence file of a package.
#[derive(Clone, Debug)]
pub struct PackageFile {
    /// The file name as recorded in the leaf (`file_name`); the member is `files/<a safe form of it>`.
    pub file_name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The RFC 3161 `TimeStampResp` (DER) over the file's SHA-256.
    pub tsa_token: Vec<u8>,
}

/// Everything a package holds, as values.
#[derive(Clone, Debug)]
pub struct PackageInput {
    /// The log's hash algorithm.
    pub hash_alg: HashAlg,
    /// The log's origin (first line of its checkpoints).
    pub origin: String,
    /// The evidence id, as in the leaf's `id`.
    pub evidence_id: String,
    /// When the package is generated (also the ZIP members' modification time).
    pub generated_at: DateTime<Utc>,
    /// The evidence file(s), in the order of the leaf.
    pub files: Vec<PackageFile>,
    /// The exact leaf bytes appended to the log (`leaf_bytes("evidence", …)`).
    pub leaf: Vec<u8>,
    /// The leaf's index in the log.
    pub leaf_index: u64,
    /// The size of the tree the proof and checkpoint are for.
    pub tree_size: u64,
    /// The inclusion proof of `leaf_index` in the tree of `tree_size` leaves (RFC 9162 §2.1.3.1).
    pub inclusion_path: Vec<Hash>,
    /// The signed checkpoint note for `tree_size`.
    pub checkpoint: String,
    /// The note keys to ship (at least one Ed25519 and one SM2 key that signed `checkpoint`).
    pub verifiers: Vec<NoteVerifier>,
    /// The TSA certificate (PEM).
    pub tsa_cert_pem: String,
    /// The CA certificate the TSA certificate chains to (PEM).
    pub tsa_ca_pem: String,
}

/// Resource limits for [`verify`]: a package over any of them fails the ZIP check before (or while) it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most entries in the central directory (directories included).
    pub max_members: usize,
    /// Most bytes one member may inflate to (declared and actual).
    pub max_member_bytes: u64,
    /// Most bytes all members together may inflate to (declared and actual).
    pub max_total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_members: DEFAULT_MAX_MEMBERS,
            max_member_bytes: DEFAULT_MAX_BYTES,
            max_total_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Keys a verifier trusts: note verifier keys (its own and registered peers', for 证据互认) and TSA CA certificates.
#[derive(Clone, Debug, Default)]
pub struct Trust {
    /// Trusted checkpoint keys.
    pub verifiers: Vec<NoteVerifier>,
    /// Trusted TSA root certificates, PEM (each may hold several CERTIFICATE blocks).
    pub tsa_ca_pems: Vec<String>,
}

impl Trust {
    /// Read trusted keys as the CLI finds them in a `--trusted-keys` directory, given as (file name, contents):
    /// `*.vkey` files hold verifier keys, one per line (blank lines and `#` comments skipped); `*.pem` files hold
    /// TSA CA certificates (a `.pem` with only PUBLIC KEY blocks, such as a package's `keys/*.pem`, is skipped: its
    /// `.vkey` twin carries the key). Other files are ignored.
    pub fn from_files(files: &[(String, String)]) -> Result<Self, PackageError> {
        let mut trust = Trust::default();
        for (file, contents) in files {
            let err = |detail: String| PackageError::TrustFile { file: file.clone(), detail };
            let lower = file.to_ascii_lowercase();
            if lower.ends_with(".vkey") {
                for line in contents.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                    let v = NoteVerifier::parse_vkey(line).map_err(|e| err(e.to_string()))?;
                    if !trust.verifiers.contains(&v) {
                        trust.verifiers.push(v);
                    }
                }
            } else if lower.ends_with(".pem") {
                if contents.contains("-----BEGIN CERTIFICATE-----") {
                    crate::tsa::check_cert_pem(contents).map_err(|e| err(e.to_string()))?;
                    trust.tsa_ca_pems.push(contents.clone());
                } else if !contents.contains("-----BEGIN PUBLIC KEY-----") {
                    return Err(err("neither CERTIFICATE nor PUBLIC KEY blocks".into()));
                }
            }
        }
        Ok(trust)
    }
}

/// Options of [`verify`].
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    /// Keys to require; `None` verifies with the package's own keys (integrity only, not origin).
    pub trust: Option<Trust>,
    /// Resource limits.
    pub limits: Limits,
}

/// One named check of a [`Report`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    /// Stable id: `zip`, `manifest`, `files`, `leaf`, `inclusion`, `checkpoint_ed25519`, `checkpoint_sm2`, `tsa`.
    pub id: &'static str,
    /// Title in Chinese.
    pub title_zh: &'static str,
    /// Title in English.
    pub title_en: &'static str,
    /// Passed.
    pub ok: bool,
    /// What was found (values checked, or why it failed or was not run).
    pub detail: String,
}

/// The result of [`verify`]: every check, in order; `ok` only if all passed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// All checks passed.
    pub ok: bool,
    /// The checks, in order.
    pub checks: Vec<Check>,
}

impl Report {
    /// The first failing check, if any.
    pub fn first_failure(&self) -> Option<&Check> {
        self.checks.iter().find(|c| !c.ok)
    }

    /// The check with this id.
    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// The `manifest.json` of a package.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub format: String,
    pub hash_alg: HashAlg,
    pub origin: String,
    pub evidence_id: String,
    pub generated_at: DateTime<Utc>,
    pub files: Vec<ManifestFile>,
    pub leaf_index: u64,
    pub tree_size: u64,
    pub members: Vec<ManifestMember>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestFile {
    pub path: String,
    pub file_name: String,
    pub sha256: String,
    pub sm3: String,
    pub size: u64,
    pub tsa_token: String,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestMember {
    pub path: String,
    pub sha256: String,
}

/// `proof.json`.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProofFile {
    pub leaf_index: u64,
    pub tree_size: u64,
    pub hash_alg: HashAlg,
    pub leaf_hash: String,
    pub inclusion_path: Vec<String>,
}

/// The stem of a key's members: `ed25519`, `sm2`, then `ed25519-2`… for further keys of a kind.
pub(crate) fn kind_name(kind: SigKind) -> &'static str {
    match kind {
        SigKind::Ed25519 => "ed25519",
        SigKind::Sm2 => "sm2",
    }
}

/// A file name made safe as a ZIP member and a shell word: letters and digits of any script, `.`, `-`, `_`, `(`, `)`
/// kept; anything else becomes `_`; no leading `.` or `-`; at most 100 characters (the extension kept); unique.
pub(crate) fn safe_name(name: &str, taken: &mut HashSet<String>) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut s: String =
        base.chars().map(|c| if c.is_alphanumeric() || "._-()".contains(c) { c } else { '_' }).collect();
    while s.starts_with(['.', '-']) {
        s.replace_range(..1, "_");
    }
    let (stem, ext) = match s.rfind('.') {
        Some(i) if i > 0 && s.len() - i <= 12 => (s[..i].to_string(), s[i..].to_string()),
        _ => (s.clone(), String::new()),
    };
    let mut stem: String = stem.chars().take(100 - ext.chars().count().min(12)).collect();
    if stem.is_empty() || stem.chars().all(|c| c == '_') && ext.is_empty() {
        stem = "evidence".into();
    }
    let mut candidate = format!("{stem}{ext}");
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{stem}-{n}{ext}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// The member of file `i`'s time-stamp token.
pub(crate) fn token_member(i: usize) -> String {
    if i == 0 {
        "tsa/token.tsr".into()
    } else {
        format!("tsa/token-{}.tsr", i + 1)
    }
}

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(data))
}

pub(crate) fn sm3_hex(data: &[u8]) -> String {
    hex::encode(sm3::Sm3::digest(data))
}

/// Key stems for the verifiers, in order.
pub(crate) fn key_stems(verifiers: &[NoteVerifier]) -> Vec<String> {
    let mut counts = std::collections::HashMap::new();
    verifiers
        .iter()
        .map(|v| {
            let n = counts.entry(kind_name(v.kind)).or_insert(0);
            *n += 1;
            if *n == 1 {
                kind_name(v.kind).to_string()
            } else {
                format!("{}-{}", kind_name(v.kind), n)
            }
        })
        .collect()
}

/// A signature line of a note: key name, key ID, raw signature.
pub(crate) type NoteSignature = (String, [u8; 4], Vec<u8>);

/// The note text (up to and including the newline before the blank line) and its signature lines: the raw
/// signature after the 4-byte key ID.
pub(crate) fn split_note(note: &str) -> Option<(&str, Vec<NoteSignature>)> {
    use base64::Engine as _;
    let split = note.rfind("\n\n")?;
    let text = &note[..split + 1];
    let mut sigs = Vec::new();
    for line in note[split + 2..].lines() {
        let Some(rest) = line.strip_prefix("— ") else { continue };
        let Some((name, b64)) = rest.split_once(' ') else { continue };
        let Ok(blob) = base64::engine::general_purpose::STANDARD.decode(b64) else { continue };
        if blob.len() > 4 {
            sigs.push((name.to_string(), [blob[0], blob[1], blob[2], blob[3]], blob[4..].to_vec()));
        }
    }
    Some((text, sigs))
}

/// The signature of `v` in the note, if any.
pub(crate) fn signature_of(sigs: &[NoteSignature], v: &NoteVerifier) -> Option<Vec<u8>> {
    sigs.iter().find(|(n, id, _)| *n == v.name && *id == v.key_id).map(|(_, _, s)| s.clone())
}

fn zip_time(t: DateTime<Utc>) -> zip::DateTime {
    let conv = |x: u32| u8::try_from(x).unwrap_or(0);
    u16::try_from(t.year())
        .ok()
        .and_then(|y| {
            zip::DateTime::from_date_and_time(
                y,
                conv(t.month()),
                conv(t.day()),
                conv(t.hour()),
                conv(t.minute()),
                conv(t.second() & !1),
            )
            .ok()
        })
        .unwrap_or_default()
}

/// Write an evidence package, then [`verify`] it with its own keys and the default [`Limits`]: a package that would
/// not verify (a file that is not the leaf's, a proof for another root, a token for other data…) is an error, not
/// a ZIP.
pub fn build(input: &PackageInput) -> Result<Vec<u8>, PackageError> {
    if input.files.is_empty() {
        return Err(PackageError::Invalid("no evidence file".into()));
    }
    let (body, sigs) = split_note(&input.checkpoint)
        .ok_or_else(|| PackageError::Invalid("the checkpoint is not a signed note".into()))?;

    // Members in order: (name, bytes).
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    let mut taken = HashSet::new();
    let mut files = Vec::new();
    for (i, f) in input.files.iter().enumerate() {
        let path = format!("files/{}", safe_name(&f.file_name, &mut taken));
        files.push(ManifestFile {
            path: path.clone(),
            file_name: f.file_name.clone(),
            sha256: sha256_hex(&f.bytes),
            sm3: sm3_hex(&f.bytes),
            size: f.bytes.len() as u64,
            tsa_token: token_member(i),
        });
        members.push((path, f.bytes.clone()));
    }
    members.push(("leaf.bin".into(), input.leaf.clone()));
    let proof = ProofFile {
        leaf_index: input.leaf_index,
        tree_size: input.tree_size,
        hash_alg: input.hash_alg,
        leaf_hash: hex::encode(input.hash_alg.leaf_hash(&input.leaf)),
        inclusion_path: input.inclusion_path.iter().map(hex::encode).collect(),
    };
    let proof_json =
        serde_json::to_vec_pretty(&proof).map_err(|e| PackageError::Invalid(format!("proof.json: {e}")))?;
    members.push(("proof.json".into(), proof_json));
    members.push(("checkpoint.txt".into(), input.checkpoint.as_bytes().to_vec()));
    members.push(("checkpoint.body".into(), body.as_bytes().to_vec()));
    let stems = key_stems(&input.verifiers);
    for (v, stem) in input.verifiers.iter().zip(&stems) {
        if let Some(sig) = signature_of(&sigs, v) {
            members.push((format!("checkpoint.{stem}.sig"), sig));
        }
    }
    for (v, stem) in input.verifiers.iter().zip(&stems) {
        members.push((format!("keys/{stem}.vkey"), format!("{}\n", v.to_vkey()).into_bytes()));
        members.push((format!("keys/{stem}.pem"), v.public_key_pem().into_bytes()));
    }
    for (i, f) in input.files.iter().enumerate() {
        members.push((token_member(i), f.tsa_token.clone()));
    }
    members.push(("tsa/tsa.pem".into(), input.tsa_cert_pem.as_bytes().to_vec()));
    members.push(("tsa/ca.pem".into(), input.tsa_ca_pem.as_bytes().to_vec()));

    let readme = readme::render(input, &files, &stems);
    members.insert(0, ("README.md".into(), readme.into_bytes()));

    let manifest = Manifest {
        format: FORMAT.into(),
        hash_alg: input.hash_alg,
        origin: input.origin.clone(),
        evidence_id: input.evidence_id.clone(),
        generated_at: input.generated_at,
        files,
        leaf_index: input.leaf_index,
        tree_size: input.tree_size,
        members: members.iter().map(|(p, b)| ManifestMember { path: p.clone(), sha256: sha256_hex(b) }).collect(),
    };
    let manifest_json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| PackageError::Invalid(format!("manifest.json: {e}")))?;
    members.insert(1, ("manifest.json".into(), manifest_json));

    let zip = write_zip(&members, input.generated_at)?;
    let report = verify(&zip, &VerifyOptions::default());
    if !report.ok {
        let failed: Vec<String> =
            report.checks.iter().filter(|c| !c.ok).map(|c| format!("{}: {}", c.id, c.detail)).collect();
        return Err(PackageError::SelfCheck(failed.join("; ")));
    }
    Ok(zip)
}

/// Write members into a ZIP (deflated, mode 0644, all with the same modification time).
pub(crate) fn write_zip(members: &[(String, Vec<u8>)], time: DateTime<Utc>) -> Result<Vec<u8>, PackageError> {
    let zerr = |e: zip::result::ZipError| PackageError::Zip(e.to_string());
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip_time(time))
        .unix_permissions(0o644);
    for (name, bytes) in members {
        w.start_file(name.as_str(), opts).map_err(zerr)?;
        w.write_all(bytes).map_err(|e| PackageError::Zip(e.to_string()))?;
    }
    Ok(w.finish().map_err(zerr)?.into_inner())
}
