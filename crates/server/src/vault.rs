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
            return Self::s3(object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket), prefix);
        }
        let dir = PathBuf::from(if spec.is_empty() { "data/evidence" } else { spec });
        std::fs::create_dir_all(&dir)?;
        let dir = dir.canonicalize()?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(&dir)?;
        Ok(Vault { store: Arc::new(store), local_root: Some(dir.clone()), describe: dir.display().to_string() })
    }

    /// S3-compatible storage from a configured builder (bucket, endpoint, credentials), under `prefix`.
    pub fn s3(builder: object_store::aws::AmazonS3Builder, prefix: &str) -> anyhow::Result<Self> {
        let s3 = builder.build()?;
        let describe = format!("s3 {}", s3);
        let prefix = prefix.trim_matches('/');
        let store: Arc<dyn ObjectStore> =
            if prefix.is_empty() { Arc::new(s3) } else { Arc::new(object_store::prefix::PrefixStore::new(s3, prefix)) };
        Ok(Vault { store, local_root: None, describe })
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

    /// The S3 path against a real S3-compatible server: moto (PyPI `moto[server]`, installed by scripts/test.sh).
    #[tokio::test]
    async fn s3_compatible_storage_round_trip() {
        use std::io::BufRead;
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port());
        let port = port.unwrap_or_else(|e| panic!("{e}"));
        let mut server = std::process::Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("moto_server (pip install 'moto[server]'; scripts/test.sh does) failed: {e}"));
        // moto prints "Running on http://…" once it listens.
        let stderr = server.stderr.take().unwrap_or_else(|| panic!("stderr"));
        let mut lines = std::io::BufReader::new(stderr).lines();
        let ready = lines.by_ref().take(50).any(|l| l.map(|l| l.contains("Running on")).unwrap_or(false));
        std::thread::spawn(move || for _ in lines {});
        assert!(ready, "moto_server did not start");
        let endpoint = format!("http://127.0.0.1:{port}");
        let made = reqwest::Client::new().put(format!("{endpoint}/zb-evidence")).send().await;
        assert_eq!(made.map(|r| r.status().as_u16()).ok(), Some(200), "bucket created");
        let builder = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name("zb-evidence")
            .with_endpoint(&endpoint)
            .with_allow_http(true)
            .with_region("us-east-1")
            .with_access_key_id("test")
            .with_secret_access_key("test");
        let v = Vault::s3(builder, "region-a/evidence").unwrap_or_else(|e| panic!("{e}"));
        let d = v.put(Bytes::from_static("证据".as_bytes())).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.put(Bytes::from_static("证据".as_bytes())).await.ok(), Some(d.clone()), "deduplicated");
        assert_eq!(v.get(&d.sha256).await.ok().flatten().as_deref(), Some("证据".as_bytes()));
        assert!(v.get(&"1".repeat(64)).await.ok().flatten().is_none());
        // The object really is in the bucket under the prefix and content address.
        let listed =
            reqwest::get(format!("{endpoint}/zb-evidence?list-type=2")).await.unwrap_or_else(|e| panic!("{e}"));
        let body = listed.text().await.unwrap_or_default();
        assert!(body.contains(&format!("region-a/evidence/sha256/{}/{}", &d.sha256[..2], d.sha256)), "{body}");
        let _ = server.kill();
        let _ = server.wait();
    }
}
