//! Search results to CSV / XLSX, with the same Chinese column names the table importer reads — an export can be
//! imported again. CSV is written row by row (stream it); XLSX is built in memory and capped at [`XLSX_MAX_ROWS`].

use std::io::Write;

use zhibao_search::PatentDoc;

/// Columns of an export.
pub const HEADER: [&str; 12] = [
    "公开(公告)号",
    "申请号",
    "标题",
    "摘要",
    "申请人",
    "发明人",
    "IPC分类号",
    "CPC分类号",
    "申请日",
    "公开日",
    "法律状态",
    "申请人地址",
];

/// Rows an XLSX export holds at most.
pub const XLSX_MAX_ROWS: usize = 50_000;

/// The cells of one document.
pub fn row(d: &PatentDoc) -> [String; 12] {
    let date = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    [
        d.publication_number.clone(),
        d.application_number.clone(),
        d.title.replace('\n', " / "),
        d.abstract_text.replace('\n', " / "),
        d.applicants.join("; "),
        d.inventors.join("; "),
        d.ipc.join("; "),
        d.cpc.join("; "),
        date(d.application_date),
        date(d.publication_date),
        d.legal_status.clone().unwrap_or_default(),
        d.applicant_address.clone(),
    ]
}

/// Cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection).
fn defuse(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A CSV writer: [`CsvExport::header`] once (with a UTF-8 BOM, so Excel reads Chinese correctly), then
/// [`CsvExport::write`] per document.
pub struct CsvExport<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> CsvExport<W> {
    /// Wrap a sink.
    pub fn new(mut sink: W) -> std::io::Result<Self> {
        sink.write_all("\u{feff}".as_bytes())?;
        Ok(CsvExport { w: csv::Writer::from_writer(sink) })
    }
    /// The header row.
    pub fn header(&mut self) -> std::io::Result<()> {
        self.w.write_record(HEADER).map_err(std::io::Error::other)
    }
    /// One document.
    pub fn write(&mut self, d: &PatentDoc) -> std::io::Result<()> {
        self.w.write_record(row(d).iter().map(|c| defuse(c))).map_err(std::io::Error::other)
    }
    /// Flush and return the sink.
    pub fn finish(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// An XLSX workbook of the documents (at most [`XLSX_MAX_ROWS`]).
pub fn xlsx<'a>(docs: impl IntoIterator<Item = &'a PatentDoc>) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let bold = Format::new().set_bold();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold).map_err(|e| e.to_string())?;
    }
    for (r, d) in docs.into_iter().take(XLSX_MAX_ROWS).enumerate() {
        for (c, v) in row(d).iter().enumerate() {
            ws.write_string((r + 1) as u32, c as u16, v).map_err(|e| e.to_string())?;
        }
    }
    ws.set_column_width(2, 40).map_err(|e| e.to_string())?;
    ws.set_column_width(3, 60).map_err(|e| e.to_string())?;
    wb.save_to_buffer().map_err(|e| e.to_string())
}
