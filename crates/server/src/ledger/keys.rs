//! The ledger's key files, created on first use in the keys folder:
//!
//! | file | content |
//! |---|---|
//! | `checkpoint-ed25519.pem` | Ed25519 checkpoint signing key (PKCS#8, mode 0600) |
//! | `checkpoint-sm2.pem` | SM2 checkpoint signing key (PKCS#8, mode 0600) |
//! | `tsa-key.pem` | the TSA's ECDSA P-256 key (PKCS#8, mode 0600) |
//! | `tsa-cert.pem`, `tsa-ca.pem` | the TSA certificate and the zhibao root CA that issued it |
//! | `external-tsa-ca.pem` | optional: the CA of an external TSA (`evidence.tsa_url`) |
//!
//! Private keys never reach a log line: the key types print without their secrets.

use std::io::Write;
use std::path::Path;
use zhibao_ledger::checkpoint::{NoteKey, SigKind};
use zhibao_ledger::tsa::Authority;

/// The loaded keys.
pub struct Keys {
    /// Ed25519 checkpoint key.
    pub ed25519: NoteKey,
    /// SM2 checkpoint key.
    pub sm2: NoteKey,
    /// The TSA.
    pub tsa: Authority,
    /// An external TSA's CA, when present.
    pub external_tsa_pem: Option<String>,
}

fn write_secret(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| anyhow::anyhow!("creating {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

fn read(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("reading {}: {e}", path.display())),
    }
}

fn note_key(dir: &Path, file: &str, origin: &str, kind: SigKind) -> anyhow::Result<NoteKey> {
    let path = dir.join(file);
    if let Some(pem) = read(&path)? {
        return NoteKey::from_pkcs8_pem(origin, kind, &pem).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    let key = NoteKey::generate(origin, kind, &mut rand::rngs::OsRng).map_err(|e| anyhow::anyhow!("{e}"))?;
    write_secret(&path, &key.to_pkcs8_pem().map_err(|e| anyhow::anyhow!("{e}"))?)?;
    tracing::info!(file = %path.display(), "created a checkpoint signing key");
    Ok(key)
}

/// Load every key from `dir`, creating missing ones.
pub fn load_or_create(dir: &Path, origin: &str) -> anyhow::Result<Keys> {
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("creating {}: {e}", dir.display()))?;
    let ed25519 = note_key(dir, "checkpoint-ed25519.pem", origin, SigKind::Ed25519)?;
    let sm2 = note_key(dir, "checkpoint-sm2.pem", origin, SigKind::Sm2)?;
    let (kp, cp, ap) = (dir.join("tsa-key.pem"), dir.join("tsa-cert.pem"), dir.join("tsa-ca.pem"));
    let tsa = match (read(&kp)?, read(&cp)?, read(&ap)?) {
        (Some(k), Some(c), Some(a)) => Authority::from_pem(&k, &c, &a).map_err(|e| anyhow::anyhow!("TSA keys: {e}"))?,
        (None, None, None) => {
            let t = Authority::generate(origin, chrono::Utc::now(), &mut rand::rngs::OsRng)
                .map_err(|e| anyhow::anyhow!("creating the TSA: {e}"))?;
            write_secret(&kp, &t.key_pem().map_err(|e| anyhow::anyhow!("{e}"))?)?;
            write_secret(&cp, &t.cert_pem())?;
            write_secret(&ap, &t.ca_cert_pem())?;
            tracing::info!(dir = %dir.display(), "created the time-stamping authority's key and certificates");
            t
        }
        _ => anyhow::bail!(
            "{}: tsa-key.pem, tsa-cert.pem and tsa-ca.pem must all be present or all absent",
            dir.display()
        ),
    };
    let external_tsa_pem = read(&dir.join("external-tsa-ca.pem"))?;
    Ok(Keys { ed25519, sm2, tsa, external_tsa_pem })
}
