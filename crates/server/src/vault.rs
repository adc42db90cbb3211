//! The evidence store (证据库): files addressed by their SHA-256 through `object_store` — a local folder by
//! default, S3-compatible storage (`s3://bucket/prefix`) by configuration. The same content is stored once.
//!
//! Keys are `sha256/<first two hex digits>/<64 hex digits>`. On a local folder `object_store` writes to a temporary
//! file and renames it into place; we then fsync the file and its folder, so an acknowledged upload survives a
//! power cut (object_store itself does not sync).

use bytes::Bytes;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use sha2::Sha256;
use std::path::PathBuf;
use std::sync::Arc;

/// Where evidence files live.
#[derive(Clone)]
pub struct Vault {
    store: Arc<dyn ObjectStore>,
    /// The local root, when the store is a folder (for fsync).
    local_root: Option<PathBuf>,
    /// A description for logs (no credentials).
    pub describe: String,
}

/// Digests of stored content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digests {
    /// SHA-256 (hex).
    pub sha256: String,
    /// SM3 (hex).
    pub sm3: String,
}

impl Digests {
    /// Digests of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        use sm3::Digest as _;
        Digests { sha256: hex::encode(Sha256::digest(bytes)), sm3: hex::encode(sm3::Sm3::digest(bytes)) }
    }
}

fn key(sha256: &str) -> anyhow::Result<ObjectPath> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        anyhow::bail!("not a lower-case SHA-256 hex digest: {sha256:?}");
    }
    Ok(ObjectPath::from(format!("sha256/{}/{sha256}", &sha256[..2])))
}

impl Vault {
    /// Open `spec`: a folder path, or `s3://bucket[/prefix]` (credentials and endpoint from the `AWS_*` environment).
    pub fn open(spec: &str) -> anyhow::Result<Self> {
        let spec = spec.trim();
        if let Some(rest) = spec.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                anyhow::bail!("evidence.store: no bucket in {spec:?}");
            }
            let s3 = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket).build()?;
            let store: Arc<dyn ObjectStore> = if prefix.trim_matches('/').is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(object_store::prefix::PrefixStore::new(s3, prefix.trim_matches('/')))
            };
            return Ok(Vault { store, local_root: None, describe: format!("s3://{bucket}/{prefix}") });
        }
        let dir = PathBuf::from(if spec.is_empty() { "data/evidence" } else { spec });
        std::fs::create_dir_all(&dir)?;
        let dir = dir.canonicalize()?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(&dir)?;
        Ok(Vault { store: Arc::new(store), local_root: Some(dir.clone()), describe: dir.display().to_string() })
    }

    /// Store `bytes` (once per content); returns their digests.
    pub async fn put(&self, bytes: Bytes) -> anyhow::Result<Digests> {
        let d = Digests::of(&bytes);
        let k = key(&d.sha256)?;
        match self.store.head(&k).await {
            Ok(_) => return Ok(d),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        self.store.put(&k, PutPayload::from_bytes(bytes)).await?;
        if let Some(root) = &self.local_root {
            let file = root.join(k.as_ref());
            let dir = file.parent().map(PathBuf::from);
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                std::fs::File::open(&file)?.sync_all()?;
                if let Some(dir) = dir {
                    std::fs::File::open(dir)?.sync_all()?;
                }
                Ok(())
            })
            .await??;
        }
        Ok(d)
    }

    /// The content stored under `sha256`, or `None` when absent.
    pub async fn get(&self, sha256: &str) -> anyhow::Result<Option<Bytes>> {
        match self.store.get(&key(sha256)?).await {
            Ok(r) => Ok(Some(r.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn content_addressed_deduplicated_and_refuses_bad_keys() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let v = Vault::open(&dir.path().display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        let d = v.put(Bytes::from_static(b"abc")).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "FIPS 180-2 'abc'");
        assert_eq!(d.sm3, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", "GB/T 32905 A.1 'abc'");
        assert_eq!(v.put(Bytes::from_static(b"abc")).await.ok(), Some(d.clone()));
        assert_eq!(v.get(&d.sha256).await.ok().flatten().as_deref(), Some(&b"abc"[..]));
        assert!(dir.path().join("sha256/ba").join(&d.sha256).is_file());
        assert!(v.get(&"0".repeat(64)).await.ok().flatten().is_none());
        assert!(v.get("../../etc/passwd").await.is_err());
    }
}
