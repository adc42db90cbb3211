//! Excel (XLSX) export and import: writing with `rust_xlsxwriter`, reading with `calamine`.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};
use serde::Serialize;
use std::io::Cursor;
use utoipa::ToSchema;

use crate::error::ApiError;

/// A sheet of text cells with a bold header row.
pub fn write_sheet(sheet: &str, headers: &[&str], rows: &[Vec<String>]) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold().set_background_color(rust_xlsxwriter::Color::RGB(0xDDEBF7));
    for (c, h) in headers.iter().enumerate() {
        let c = u16::try_from(c)?;
        ws.write_string_with_format(0, c, *h, &bold)?;
        ws.set_column_width(c, 18)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1)?;
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r, u16::try_from(c)?, v)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(wb.save_to_buffer()?)
}

/// The rows of the first sheet as trimmed text (the header row included), or a message when the file is not a
/// readable XLSX workbook.
pub fn read_sheet(bytes: &[u8]) -> Result<Vec<Vec<String>>, ApiError> {
    let bad = |e: String| ApiError::field("file", format!("不是有效的 XLSX 文件：{e}"));
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let range = wb.worksheet_range_at(0).ok_or_else(|| bad("没有工作表".into()))?.map_err(|e| bad(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                    other => other.to_string().trim().to_string(),
                })
                .collect()
        })
        .collect())
}

/// A download response for an XLSX file.
pub fn xlsx_response(bytes: Vec<u8>, filename: &str) -> Response {
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"export.xlsx\"; filename*=UTF-8''{encoded}");
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// One rejected row of an import.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowError {
    /// Row number as Excel shows it (the header is row 1).
    pub row: usize,
    /// Column / field.
    pub field: String,
    /// Why.
    pub message: String,
}

/// The outcome of an import. Nothing is stored when `errors` is non-empty.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    /// Rows stored.
    pub inserted: usize,
    /// Rows updated (imports create only, so 0 for now).
    pub updated: usize,
    /// Errors by row.
    pub errors: Vec<RowError>,
}

impl ImportReport {
    /// The report of an import that was refused before anything was stored.
    pub fn refused(errors: Vec<RowError>) -> Self {
        ImportReport { inserted: 0, updated: 0, errors }
    }

    /// The report of an all-or-nothing batch write; `row_of` maps the index of the failing item to its row.
    pub fn from_batch(
        result: Result<usize, (usize, zhibao_store::StoreError)>,
        row_of: impl Fn(usize) -> usize,
    ) -> Self {
        match result {
            Ok(n) => ImportReport { inserted: n, updated: 0, errors: Vec::new() },
            Err((i, e)) => {
                let message = match &e {
                    zhibao_store::StoreError::Conflict { constraint } => format!("与已有记录重复（{constraint}）"),
                    zhibao_store::StoreError::Reference(r) => format!("引用的记录不存在（{r}）"),
                    zhibao_store::StoreError::Rule(m) => m.clone(),
                    other => {
                        tracing::error!(error = %other, "import failed");
                        "数据库错误".to_string()
                    }
                };
                ImportReport::refused(vec![RowError {
                    row: row_of(i),
                    field: "-".into(),
                    message: format!("保存失败：{message}"),
                }])
            }
        }
    }
}

/// Read the `file` part of a multipart upload.
pub async fn upload_bytes(mut mp: axum::extract::Multipart) -> Result<Vec<u8>, ApiError> {
    while let Some(field) = mp.next_field().await.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::BadRequest(e.body_text())
        }
    })? {
        if field.name() == Some("file") {
            let b = field.bytes().await.map_err(|e| {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::BadRequest(e.body_text())
                }
            })?;
            return Ok(b.to_vec());
        }
    }
    Err(ApiError::field("file", "请选择要导入的文件"))
}

/// Map a header row to column indexes of the expected headers (a trailing `*` marks required columns and is
/// ignored when matching). Missing headers are reported as one error on row 1.
pub fn header_index(header: &[String], expected: &[&str]) -> Result<Vec<usize>, ApiError> {
    let norm = |s: &str| s.trim().trim_end_matches('*').trim().to_string();
    let mut idx = Vec::new();
    let mut missing = Vec::new();
    for e in expected {
        match header.iter().position(|h| norm(h) == norm(e)) {
            Some(i) => idx.push(i),
            None => missing.push(norm(e)),
        }
    }
    if missing.is_empty() {
        Ok(idx)
    } else {
        Err(ApiError::field("file", format!("表头缺少列：{}（请使用下载的模板）", missing.join("、"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let bytes = write_sheet("用户", &["用户名*", "姓名*"], &[vec!["a1".into(), "甲".into()]]).unwrap_or_default();
        let rows = read_sheet(&bytes).ok().unwrap_or_default();
        assert_eq!(rows, vec![vec!["用户名*".to_string(), "姓名*".into()], vec!["a1".into(), "甲".into()]]);
        assert_eq!(header_index(&rows[0], &["姓名", "用户名"]).ok(), Some(vec![1, 0]));
        assert!(header_index(&rows[0], &["部门"]).is_err());
        assert!(read_sheet(b"not a zip").is_err());
    }
}
