//! The import driver: files or folders → sources (by extension) → batches → store (upsert by publication number)
//! and search index. A file that cannot be read, or a document / row that cannot be parsed, is reported with its
//! name and row / line / document number and skipped; everything else goes on.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use serde::Serialize;
use zhibao_domain::encoding::{decode_text, TextEncoding};
use zhibao_domain::patent::Patent;
use zhibao_search::{PatentIndex, PatentWriter};
use zhibao_store::{Store, Ts};

use crate::table::Layout;
use crate::{to_row_doc, to_search_doc, uspto};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// USPTO grant full-text XML (one or concatenated documents).
    UsptoXml,
    /// CSV with the Chinese export columns.
    Csv,
    /// XLSX with the Chinese export columns (first sheet).
    Xlsx,
    /// JSON Lines, one [`Patent`] per line.
    Jsonl,
}

impl Format {
    /// By file name extension (case-insensitive): `.xml`, `.csv`, `.xlsx`, `.jsonl` / `.ndjson`.
    pub fn of_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        Some(match ext.as_str() {
            "xml" => Format::UsptoXml,
            "csv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            "jsonl" | "ndjson" => Format::Jsonl,
            _ => return None,
        })
    }
}

/// One refused document or row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// Where: `row 12` (tables, counting the header as row 1), `line 7` (JSON Lines), `document 3 (line 120)` (XML).
    pub location: String,
    /// What is wrong.
    pub message: String,
}

/// What happened to one file.
#[derive(Debug, Clone, Serialize, Default)]
pub struct FileReport {
    /// File name (as given / uploaded).
    pub name: String,
    /// Detected format.
    pub format: Option<Format>,
    /// Documents written (created + updated).
    pub imported: u64,
    /// New publication numbers.
    pub created: u64,
    /// Existing publication numbers updated.
    pub updated: u64,
    /// Documents / rows refused.
    pub skipped: u64,
    /// The refused ones (the first [`MAX_PROBLEMS`]).
    pub problems: Vec<Problem>,
    /// Notes that did not stop anything (unrecognised columns).
    pub warnings: Vec<String>,
    /// Why the whole file was refused, if it was.
    pub error: Option<String>,
}

/// Problems kept per file (all are counted in `skipped`).
pub const MAX_PROBLEMS: usize = 1000;

impl FileReport {
    fn problem(&mut self, location: String, message: String) {
        self.skipped += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { location, message });
        }
    }
    /// True when nothing was refused.
    pub fn is_clean(&self) -> bool {
        self.error.is_none() && self.skipped == 0
    }
}

/// The whole import.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportReport {
    /// Per file, in the order read.
    pub files: Vec<FileReport>,
}

impl ImportReport {
    /// Documents written.
    pub fn imported(&self) -> u64 {
        self.files.iter().map(|f| f.imported).sum()
    }
    /// Documents / rows refused plus files refused.
    pub fn failures(&self) -> u64 {
        self.files.iter().map(|f| f.skipped + u64::from(f.error.is_some())).sum()
    }
    /// Publication numbers written (for watch lists and the like).
    pub fn new_or_updated(&self) -> u64 {
        self.imported()
    }
}

/// An item of a source: a document, or a problem at a location.
pub type Item = Result<Patent, Problem>;

/// Expand files and folders (recursively, sorted by name) into the files to import.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> =
                std::fs::read_dir(p).map(|rd| rd.flatten().map(|e| e.path()).collect()).unwrap_or_default();
            entries.sort();
            out.extend(expand_paths(&entries));
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Where documents go.
pub struct Importer<'a> {
    store: Option<&'a Store>,
    writer: Option<PatentWriter<'a>>,
    batch: Vec<Patent>,
    batch_size: usize,
    now: Ts,
    /// Publication numbers written during this import (kept when `track_numbers`).
    pub written: Vec<String>,
    track_numbers: bool,
}

impl<'a> Importer<'a> {
    /// An importer writing to the store and / or the index. `now` stamps created / updated rows.
    pub fn new(store: Option<&'a Store>, index: Option<&'a PatentIndex>, now: Ts) -> Result<Self, String> {
        let writer = match index {
            Some(i) => Some(i.writer().map_err(|e| format!("search index: {e}"))?),
            None => None,
        };
        Ok(Importer {
            store,
            writer,
            batch: Vec::new(),
            batch_size: 500,
            now,
            written: Vec::new(),
            track_numbers: false,
        })
    }

    /// Remember the publication numbers written (in [`Importer::written`]).
    pub fn track_numbers(mut self, yes: bool) -> Self {
        self.track_numbers = yes;
        self
    }

    /// Documents per store transaction.
    pub fn batch_size(mut self, n: usize) -> Self {
        self.batch_size = n.max(1);
        self
    }

    async fn flush(&mut self, report: &mut FileReport) -> Result<(), String> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        // Row ids of the batch, when it goes to the store: the index documents carry them and the analysis payload.
        let mut rows: Vec<Option<i64>> = vec![None; batch.len()];
        if let Some(store) = self.store {
            let out = store
                .upsert_patents_from(&batch, self.now, Some(&report.name))
                .await
                .map_err(|e| format!("database: {e}"))?;
            for (i, o) in out.iter().enumerate() {
                if o.created {
                    report.created += 1;
                } else {
                    report.updated += 1;
                }
                if let Some(r) = rows.get_mut(i) {
                    *r = Some(o.id);
                }
            }
        } else {
            report.created += batch.len() as u64;
        }
        if let Some(w) = self.writer.as_mut() {
            for (p, row) in batch.iter().zip(&rows) {
                let doc = match row {
                    Some(id) => to_row_doc(*id, p),
                    None => to_search_doc(p),
                };
                w.upsert(&doc).map_err(|e| format!("search index: {e}"))?;
            }
        }
        report.imported += batch.len() as u64;
        if self.track_numbers {
            self.written.extend(batch.iter().map(Patent::key));
        }
        Ok(())
    }

    /// Consume a source into `report`; `progress` is called with the number of items read so far.
    pub async fn run(
        &mut self,
        items: impl Iterator<Item = Item>,
        report: &mut FileReport,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(), String> {
        let mut n = 0u64;
        for item in items {
            n += 1;
            match item {
                Ok(p) => {
                    self.batch.push(p);
                    if self.batch.len() >= self.batch_size {
                        self.flush(report).await?;
                    }
                }
                Err(pr) => report.problem(pr.location, pr.message),
            }
            if n % 100 == 0 {
                progress(n);
            }
        }
        self.flush(report).await?;
        progress(n);
        if let Some(w) = self.writer.as_mut() {
            w.commit().map_err(|e| format!("search index: {e}"))?;
        }
        Ok(())
    }

    /// Import one file from a path (the report names it by `name`).
    pub async fn import_path(&mut self, path: &Path, progress: &mut dyn FnMut(u64)) -> FileReport {
        let name = path.display().to_string();
        match File::open(path) {
            Ok(f) => self.import_reader(&name, f, progress).await,
            Err(e) => FileReport { name, error: Some(format!("cannot open: {e}")), ..Default::default() },
        }
    }

    /// Import one file from any reader (uploads); the format comes from `name`'s extension.
    pub async fn import_reader<R: Read + Seek + Send + 'static>(
        &mut self,
        name: &str,
        reader: R,
        progress: &mut dyn FnMut(u64),
    ) -> FileReport {
        let mut report = FileReport { name: name.to_string(), ..Default::default() };
        let Some(format) = Format::of_name(name) else {
            report.error = Some("不支持的文件类型（支持 .xml .csv .xlsx .jsonl）/ unsupported file type".into());
            return report;
        };
        report.format = Some(format);
        let result = match format {
            Format::UsptoXml => {
                let src = uspto_items(BufReader::new(reader));
                self.run(src, &mut report, progress).await
            }
            Format::Jsonl => {
                let src = jsonl_items(BufReader::new(reader));
                self.run(src, &mut report, progress).await
            }
            Format::Csv => match csv_items(reader, "csv") {
                Ok((src, warnings)) => {
                    report.warnings = warnings;
                    self.run(src, &mut report, progress).await
                }
                Err(e) => Err(e),
            },
            Format::Xlsx => match xlsx_items(reader) {
                Ok((src, warnings)) => {
                    report.warnings = warnings;
                    self.run(src, &mut report, progress).await
                }
                Err(e) => Err(e),
            },
        };
        if let Err(e) = result {
            report.error = Some(e);
        }
        report
    }
}

/// Documents of a USPTO file.
pub fn uspto_items<R: BufRead>(reader: R) -> impl Iterator<Item = Item> {
    uspto::Documents::new(reader).map(|d| match d {
        Err(e) => Err(Problem { location: "file".into(), message: format!("read error: {e}") }),
        Ok(d) => uspto::parse_grant(&d.text).map_err(|message| {
            let id = d
                .text
                .split("<doc-number>")
                .nth(1)
                .and_then(|s| s.split('<').next())
                .map(|s| format!(" US{s}"))
                .unwrap_or_default();
            Problem { location: format!("document {}{id} (line {})", d.index, d.line), message }
        }),
    })
}

/// Lines of a JSON Lines file (blank lines skipped).
pub fn jsonl_items<R: BufRead>(reader: R) -> impl Iterator<Item = Item> {
    reader.lines().enumerate().filter_map(|(i, l)| {
        let location = format!("line {}", i + 1);
        match l {
            Err(e) => Some(Err(Problem { location, message: format!("read error: {e}") })),
            Ok(l) if l.trim().is_empty() => None,
            Ok(l) => Some(
                serde_json::from_str::<Patent>(l.trim_start_matches('\u{feff}'))
                    .map(|mut p| {
                        p.source.get_or_insert_with(|| "jsonl".into());
                        p.derive_overseas_family();
                        p
                    })
                    .map_err(|e| Problem { location, message: e.to_string() }),
            ),
        }
    })
}

/// Rows of a CSV file (the header row is row 1). The encoding is detected ([`decode_text`]): a byte-order mark
/// (UTF-8, UTF-16), else UTF-8, else GB18030 / GBK — what Excel and WPS save as "CSV" on Chinese Windows. The file
/// is read into memory whole to decide.
pub fn csv_items<R: Read + 'static>(
    mut reader: R,
    source: &'static str,
) -> Result<(Box<dyn Iterator<Item = Item>>, Vec<String>), String> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| format!("read error: {e}"))?;
    let (text, encoding) = decode_text(&bytes).map_err(|e| e.to_string())?;
    let text = text.into_owned();
    drop(bytes);
    let mut warnings = Vec::new();
    if !matches!(encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom) {
        warnings.push(format!("按 {0} 编码读取 / read as {0}", encoding.name()));
    }
    let rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(Cursor::new(text.into_bytes()));
    let mut records = rdr.into_records();
    let header = match records.next() {
        None => return Err("空文件 / empty file".into()),
        Some(Err(e)) => return Err(csv_error(e)),
        Some(Ok(h)) => h.iter().map(str::to_string).collect::<Vec<_>>(),
    };
    let layout = Layout::from_header(&header)?;
    if !layout.unknown.is_empty() {
        warnings.push(format!("未识别的列（已忽略）/ columns ignored: {}", layout.unknown.join(", ")));
    }
    let it = records.enumerate().filter_map(move |(i, r)| {
        let location = format!("row {}", i + 2);
        match r {
            Err(e) => Some(Err(Problem { location, message: csv_error(e) })),
            Ok(rec) => {
                let cells: Vec<String> = rec.iter().map(str::to_string).collect();
                match layout.row(&cells, source) {
                    Ok(Some(p)) => Some(Ok(p)),
                    Ok(None) => None,
                    Err(message) => Some(Err(Problem { location, message })),
                }
            }
        }
    });
    Ok((Box::new(it), warnings))
}

fn csv_error(e: csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "文本编码错误 / not valid text".into(),
        _ => e.to_string(),
    }
}

enum XlsxMsg {
    Ready(Vec<String>),
    Fatal(String),
    Item(Item),
}

/// Rows of the first sheet of an XLSX workbook, read cell by cell on a helper thread and handed over through a
/// bounded channel, so neither the sheet nor its documents are ever held as a whole.
pub fn xlsx_items<R: Read + Seek + Send + 'static>(
    reader: R,
) -> Result<(Box<dyn Iterator<Item = Item>>, Vec<String>), String> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<XlsxMsg>(256);
    std::thread::spawn(move || {
        if let Err(e) = xlsx_read(reader, &tx) {
            let _ = tx.send(XlsxMsg::Fatal(e));
        }
    });
    let mut rx = rx.into_iter();
    match rx.next() {
        Some(XlsxMsg::Ready(w)) => {
            let it = rx.map(|m| match m {
                XlsxMsg::Item(i) => i,
                XlsxMsg::Fatal(e) => Err(Problem { location: "file".into(), message: e }),
                XlsxMsg::Ready(_) => Err(Problem { location: "file".into(), message: "internal: header twice".into() }),
            });
            Ok((Box::new(it), w))
        }
        Some(XlsxMsg::Fatal(e)) => Err(e),
        Some(XlsxMsg::Item(_)) | None => Err("空工作表 / empty worksheet".into()),
    }
}

fn xlsx_read<R: Read + Seek>(reader: R, tx: &std::sync::mpsc::SyncSender<XlsxMsg>) -> Result<(), String> {
    use calamine::{DataRef, Reader, Xlsx};
    let mut wb: Xlsx<R> =
        Xlsx::new(reader).map_err(|e| format!("不是有效的 XLSX 文件 / not a valid XLSX file: {e}"))?;
    let sheet = wb.sheet_names().first().cloned().ok_or("工作簿没有工作表 / no worksheet")?;
    let mut cells = wb.worksheet_cells_reader(&sheet).map_err(|e| format!("worksheet {sheet}: {e}"))?;
    let mut layout: Option<Layout> = None;
    let mut current: Vec<String> = Vec::new();
    let mut current_row: Option<u32> = None;
    // Returns false when the receiver is gone.
    let finish = |row: u32, cells: &mut Vec<String>, layout: &mut Option<Layout>| -> Result<bool, String> {
        let cells = std::mem::take(cells);
        let msg = match layout {
            None => {
                let l = Layout::from_header(&cells)?;
                let w = if l.unknown.is_empty() {
                    Vec::new()
                } else {
                    vec![format!("未识别的列（已忽略）/ columns ignored: {}", l.unknown.join(", "))]
                };
                *layout = Some(l);
                XlsxMsg::Ready(w)
            }
            Some(l) => match l.row(&cells, "xlsx") {
                Ok(Some(p)) => XlsxMsg::Item(Ok(p)),
                Ok(None) => return Ok(true),
                Err(message) => XlsxMsg::Item(Err(Problem { location: format!("row {}", row + 1), message })),
            },
        };
        Ok(tx.send(msg).is_ok())
    };
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(format!("XLSX read error: {e}")),
        };
        let (r, c) = cell.get_position();
        if current_row != Some(r) {
            if let Some(prev) = current_row {
                if !finish(prev, &mut current, &mut layout)? {
                    return Ok(());
                }
            }
            current_row = Some(r);
        }
        let v = match cell.get_value() {
            DataRef::String(s) => s.clone(),
            DataRef::SharedString(s) => s.to_string(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    f.to_string()
                }
            }
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(d) => format!("{}", d.as_f64().trunc() as i64),
            DataRef::DateTimeIso(s) => s.clone(),
            DataRef::DurationIso(s) => s.clone(),
            DataRef::Error(e) => format!("#{e:?}"),
            DataRef::Empty => String::new(),
        };
        let c = c as usize;
        if current.len() <= c {
            current.resize(c + 1, String::new());
        }
        current[c] = v;
    }
    if let Some(prev) = current_row {
        finish(prev, &mut current, &mut layout)?;
    }
    if layout.is_none() {
        return Err("空工作表 / empty worksheet".into());
    }
    Ok(())
}
