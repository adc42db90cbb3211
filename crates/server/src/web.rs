//! The web console and portal (Vue, built by Vite into `web/dist`), embedded into the binary with rust-embed.
//! In debug builds rust-embed reads the files from disk, so a rebuilt front end shows without recompiling;
//! `server.web_dir` serves another folder. Unknown non-API paths get `index.html` (history-mode routing).

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;
use std::path::PathBuf;

use crate::error::ApiError;

#[derive(Embed)]
#[folder = "../../web/dist"]
#[allow_missing = true]
struct Assets;

const CSP: &str = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; \
                   connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const NOT_BUILT: &str = "<!doctype html><meta charset=utf-8><title>zhibao</title><p>知保 zhibao：前端尚未构建。\
    Web console not built: run <code>npm --prefix web install &amp;&amp; npm --prefix web run build</code>, then restart.</p>";

fn file(path: &str, web_dir: Option<&PathBuf>) -> Option<(Vec<u8>, String)> {
    let mime = mime_guess::from_path(path).first_or_octet_stream().to_string();
    match web_dir {
        Some(dir) => {
            let p = dir.join(path);
            // Refuse anything that escapes the folder.
            if path.split('/').any(|s| s == "..") {
                return None;
            }
            std::fs::read(p).ok().map(|b| (b, mime))
        }
        None => Assets::get(path).map(|f| (f.data.into_owned(), mime)),
    }
}

/// Serve an asset, or the SPA's `index.html`.
pub async fn serve(uri: Uri, web_dir: Option<PathBuf>) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return ApiError::NotFound.into_response();
    }
    let (bytes, mime, cache) = match file(path, web_dir.as_ref()).filter(|_| !path.is_empty()) {
        Some((b, m)) => {
            let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
            (b, m, cache)
        }
        None => match file("index.html", web_dir.as_ref()) {
            Some((b, m)) => (b, m, "no-cache"),
            None => (NOT_BUILT.as_bytes().to_vec(), "text/html; charset=utf-8".into(), "no-cache"),
        },
    };
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = StatusCode::OK;
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    resp
}
