//! Extractors that turn every malformed request into an [`ApiError`] with the usual body: JSON bodies (unknown
//! fields refused), query strings, and the client's address.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use std::net::{IpAddr, SocketAddr};

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON body; rejections become 400 / 413 / 422 with field names.
pub struct ApiJson<T>(pub T);

/// Map serde's messages to a field error when they name a field.
fn data_error(text: &str) -> ApiError {
    let text = text.trim_start_matches("Failed to deserialize the JSON body into the target type: ");
    let between = |s: &str, pre: &str| -> Option<String> {
        let start = s.find(pre)? + pre.len();
        let rest = &s[start..];
        Some(rest[..rest.find('`')?].to_string())
    };
    if let Some(f) = between(text, "unknown field `") {
        return ApiError::field(&f, "不允许的字段");
    }
    if let Some(f) = between(text, "missing field `") {
        return ApiError::field(&f, "不能为空");
    }
    if let Some((path, msg)) = text.split_once(": ") {
        if !path.contains(' ') {
            return ApiError::field(path, format!("类型不正确（{msg}）"));
        }
    }
    ApiError::BadRequest(format!("请求体格式不正确：{text}"))
}

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(json_rejection(rej)),
        }
    }
}

fn json_rejection(rej: JsonRejection) -> ApiError {
    if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::PayloadTooLarge;
    }
    match rej {
        JsonRejection::JsonDataError(e) => data_error(&e.body_text()),
        JsonRejection::JsonSyntaxError(e) => ApiError::BadRequest(format!("JSON 语法错误：{}", e.body_text())),
        JsonRejection::MissingJsonContentType(_) => ApiError::BadRequest("Content-Type 必须为 application/json".into()),
        other => ApiError::BadRequest(other.body_text()),
    }
}

/// A query string; rejections become 422 with the field.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(ApiQuery(q.0)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                let text = e.body_text();
                let text = text.trim_start_matches("Failed to deserialize query string: ");
                Err(data_error(text))
            }
            Err(e) => Err(ApiError::BadRequest(e.body_text())),
        }
    }
}

/// The client's address: the socket peer, or `X-Forwarded-For`'s first entry when `trust_proxy` is set.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S> FromRequestParts<S> for ClientIp
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(&parts.headers, &parts.extensions, &AppState::from_ref(state))))
    }
}

/// See [`ClientIp`].
pub fn client_ip(headers: &HeaderMap, extensions: &Extensions, state: &AppState) -> IpAddr {
    if state.settings.server.trust_proxy {
        if let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok())
        {
            return ip;
        }
    }
    extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_name_fields() {
        let e = data_error("Failed to deserialize the JSON body into the target type: unknown field `admin`, expected one of `a`, `b` at line 1 column 9");
        assert!(matches!(e, ApiError::Validation(f) if f.iter().any(|(k, _)| k == "admin")));
        let e = data_error("missing field `name` at line 1 column 2");
        assert!(matches!(e, ApiError::Validation(f) if f.iter().any(|(k, _)| k == "name")));
        let e = data_error("sort: invalid type: string \"x\", expected i64 at line 1 column 10");
        assert!(matches!(e, ApiError::Validation(f) if f.iter().any(|(k, _)| k == "sort")));
    }
}
