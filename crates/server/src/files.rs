//! Uploaded files (附件): content-addressed storage on disk, and checks that a file is what its name says.
//!
//! Files are stored once per content under `<files_dir>/<first two hex digits>/<sha256>`, written to a temporary
//! name, synced, then renamed into place, so a crash never leaves a half-written file under a final name. The
//! type is detected from the content's magic number (`infer`) and must agree with the file name's extension;
//! executables and unknown binary formats are refused.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::ApiError;

/// Extensions accepted, with the types their content must have (detected), or `None` for UTF-8 text.
const ALLOWED: &[(&str, Option<&str>)] = &[
    ("pdf", Some("application/pdf")),
    ("jpg", Some("image/jpeg")),
    ("jpeg", Some("image/jpeg")),
    ("png", Some("image/png")),
    ("gif", Some("image/gif")),
    ("webp", Some("image/webp")),
    ("mp4", Some("video/mp4")),
    ("mp3", Some("audio/mpeg")),
    ("zip", Some("application/zip")),
    ("docx", Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
    ("xlsx", Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")),
    ("pptx", Some("application/vnd.openxmlformats-officedocument.presentationml.presentation")),
    ("doc", Some("application/msword")),
    ("xls", Some("application/vnd.ms-excel")),
    ("ofd", Some("application/zip")),
    ("txt", None),
];

/// Check `bytes` against the name's extension; returns the detected MIME type.
pub fn check_type(file_name: &str, bytes: &[u8]) -> Result<String, ApiError> {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let Some((_, expected)) = ALLOWED.iter().find(|(e, _)| *e == ext) else {
        let list: Vec<&str> = ALLOWED.iter().map(|(e, _)| *e).collect();
        return Err(ApiError::field("file", format!("不支持的文件类型 .{ext}；可上传：{}", list.join("、"))));
    };
    let detected = infer::get(bytes).map(|t| t.mime_type().to_string());
    match (expected, detected) {
        (None, None) if std::str::from_utf8(bytes).is_ok() => Ok("text/plain; charset=utf-8".into()),
        (Some(want), Some(got)) if *want == got => Ok(got),
        // Office files in the old binary format are all detected as one OLE container type by some versions.
        (Some(want), Some(got)) if want.starts_with("application/ms") || want.starts_with("application/vnd.ms-") => {
            if got == "application/x-ole-storage" || got == "application/msword" || got == "application/vnd.ms-excel" {
                Ok(want.to_string())
            } else {
                Err(mismatch(&ext, Some(&got)))
            }
        }
        (_, got) => Err(mismatch(&ext, got.as_deref())),
    }
}

fn mismatch(ext: &str, got: Option<&str>) -> ApiError {
    ApiError::field("file", format!("文件内容与扩展名 .{ext} 不符（检测到：{}）", got.unwrap_or("未知格式")))
}

/// Content-addressed file storage.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    /// Files under `dir` (created when needed).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileStore { dir: dir.into() }
    }

    fn path_of(&self, sha: &str) -> Option<PathBuf> {
        if sha.len() != 64 || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        Some(self.dir.join(&sha[..2]).join(sha))
    }

    /// Store `bytes` (once per content) and return their SHA-256 (hex).
    pub fn put(&self, bytes: &[u8]) -> anyhow::Result<String> {
        let sha = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&sha).ok_or_else(|| anyhow::anyhow!("bad digest"))?;
        if path.exists() {
            return Ok(sha);
        }
        let parent = path.parent().ok_or_else(|| anyhow::anyhow!("no parent"))?;
        std::fs::create_dir_all(parent)?;
        let tmp = parent.join(format!(".{sha}.{}.tmp", std::process::id()));
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)?;
        sync_dir(parent);
        Ok(sha)
    }

    /// The bytes stored under `sha`.
    pub fn get(&self, sha: &str) -> anyhow::Result<Vec<u8>> {
        let path = self.path_of(sha).ok_or_else(|| anyhow::anyhow!("bad digest"))?;
        Ok(std::fs::read(path)?)
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A download: the stored type, `attachment` disposition with the UTF-8 name.
pub fn download_response(bytes: Vec<u8>, mime: &str, file_name: &str) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    use axum::response::IntoResponse;
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"file\"; filename*=UTF-8''{encoded}")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// Read the `file` part of a multipart upload with its name; bodies over `max` bytes get 413.
pub async fn read_upload(mp: axum::extract::Multipart, max: usize) -> Result<(String, Vec<u8>), ApiError> {
    let (name, bytes, _) = read_form(mp, max).await?;
    Ok((name, bytes.to_vec()))
}

/// Read a multipart upload: the `file` part (its name cleaned of folders and control characters) and the other
/// parts as text fields (each at most 10,000 bytes). A file over `max` bytes gets 413; a missing, empty or unnamed
/// file a field error.
pub async fn read_form(
    mut mp: axum::extract::Multipart,
    max: usize,
) -> Result<(String, bytes::Bytes, std::collections::HashMap<String, String>), ApiError> {
    let err = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::BadRequest(e.body_text())
        }
    };
    let mut file = None;
    let mut fields = std::collections::HashMap::new();
    while let Some(field) = mp.next_field().await.map_err(err)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let fname = field.file_name().map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_string());
            let bytes = field.bytes().await.map_err(err)?;
            if bytes.len() > max {
                return Err(ApiError::PayloadTooLarge);
            }
            let fname: String =
                fname.unwrap_or_default().trim().chars().filter(|c| !c.is_control()).take(200).collect();
            file = Some((fname, bytes));
        } else if !name.is_empty() {
            let text = field.text().await.map_err(err)?;
            if text.len() > 10_000 {
                return Err(ApiError::field(&name, "内容过长"));
            }
            fields.insert(name, text);
        }
    }
    let Some((fname, bytes)) = file else { return Err(ApiError::field("file", "请选择要上传的文件")) };
    if bytes.is_empty() {
        return Err(ApiError::field("file", "文件为空"));
    }
    if fname.is_empty() {
        return Err(ApiError::field("file", "缺少文件名"));
    }
    Ok((fname, bytes, fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_must_match_their_names() {
        let pdf = b"%PDF-1.7\n1 0 obj\n".to_vec();
        let png = [0x89u8, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
        assert_eq!(check_type("证据.pdf", &pdf).ok().as_deref(), Some("application/pdf"));
        assert_eq!(check_type("shot.PNG", &png).ok().as_deref(), Some("image/png"));
        assert!(check_type("fake.pdf", &png).is_err(), "a PNG named .pdf");
        assert!(check_type("notes.txt", "说明".as_bytes()).is_ok());
        assert!(check_type("notes.txt", &[0xff, 0xfe, 0x00]).is_err(), "not UTF-8 text");
        assert!(check_type("run.exe", b"MZ\x90\x00").is_err());
        assert!(check_type("noext", &pdf).is_err());
    }

    #[test]
    fn content_addressed_and_deduplicated() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fs = FileStore::new(dir.path());
        let a = fs.put(b"abc").unwrap_or_default();
        assert_eq!(
            a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "SHA-256 of 'abc' (FIPS 180-2 example)"
        );
        assert_eq!(fs.put(b"abc").unwrap_or_default(), a);
        assert_eq!(fs.get(&a).unwrap_or_default(), b"abc");
        assert!(fs.get("../../etc/passwd").is_err());
    }
}
