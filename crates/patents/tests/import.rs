//! Import of the fixtures and of hand-made tables: good documents land in the store and the index, broken files,
//! documents and rows are reported with name and position and skipped, re-import updates — on SQLite and
//! PostgreSQL.

use std::io::Cursor;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use zhibao_domain::patent::{LegalStatus, PatentType};
use zhibao_patents::import::{expand_paths, Importer};
use zhibao_patents::{FileReport, Format};
use zhibao_search::{PatentIndex, SearchOptions};
use zhibao_store::testing::TestDb;
use zhibao_store::{Backend, Store, Ts};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/uspto")
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn now() -> Ts {
    Ts::new(Utc::now())
}

fn by_name<'a>(files: &'a [FileReport], part: &str) -> &'a FileReport {
    files.iter().find(|f| f.name.contains(part)).unwrap_or_else(|| panic!("no report for {part}"))
}

async fn import_all(store: &Store, index: &PatentIndex, paths: &[PathBuf]) -> Vec<FileReport> {
    let mut imp = Importer::new(Some(store), Some(index), now()).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for p in expand_paths(paths) {
        out.push(imp.import_path(&p, &mut |_| {}).await);
    }
    out
}

fn hits(index: &PatentIndex, q: &str) -> Vec<String> {
    let r = index.search(q, &SearchOptions { limit: 100, ..Default::default() }).unwrap_or_else(|e| panic!("{q}: {e}"));
    let mut v: Vec<String> = r.hits.into_iter().map(|h| h.id).collect();
    v.sort();
    v
}

async fn uspto_fixtures(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let index = PatentIndex::create_in_ram().unwrap_or_else(|e| panic!("{e}"));
    let files = import_all(&store, &index, &[fixtures()]).await;
    assert_eq!(files.len(), 6, "5 XML files and the licence: {files:#?}");
    // The licence text is not a supported format: refused as a file.
    assert!(by_name(&files, "LICENSE").error.as_deref().unwrap_or("").contains("unsupported"));
    for good in ["US08613112-20131224", "US08927386-20150106"] {
        let f = by_name(&files, good);
        assert!(f.is_clean(), "{f:#?}");
        assert_eq!(f.imported, 1);
        assert_eq!(f.format, Some(Format::UsptoXml));
    }
    let lack = by_name(&files, "lackofnode");
    assert_eq!((lack.imported, lack.skipped), (0, 1));
    assert!(lack.problems[0].message.contains("<abstract>"), "{lack:#?}");
    assert!(lack.problems[0].location.starts_with("document 1 US08613112"), "{lack:#?}");
    let dtd = by_name(&files, "notSupportedDTD");
    assert_eq!(dtd.skipped, 1);
    assert!(dtd.problems[0].message.contains("unsupported DTD \"us-patent-grant-v44-2013-05-16test.dtd\""), "{dtd:#?}");
    let nodtd = by_name(&files, "noDTDFile");
    assert_eq!(nodtd.skipped, 1);
    assert!(nodtd.problems[0].message.contains("no DOCTYPE"), "{nodtd:#?}");

    // Every field of the good ones.
    let p = store.patent("US8927386B2").await.unwrap_or_else(|e| panic!("{e}")).patent;
    assert_eq!(p.application_number.as_ref().map(ToString::to_string).as_deref(), Some("US13878453"));
    assert_eq!(p.application_date, NaiveDate::from_ymd_opt(2012, 5, 31));
    assert_eq!(p.publication_date, NaiveDate::from_ymd_opt(2015, 1, 6));
    assert_eq!(p.title.en, "Method for manufacturing deep-trench super PN junctions");
    assert!(p.abstract_text.en.len() > 100);
    assert!(p.claims.en[0].starts_with("1. A method for forming a super PN junction"), "{}", p.claims.en[0]);
    assert!(p.description.en.lines().count() > 5);
    assert_eq!(p.applicants.len(), 4);
    assert_eq!(p.applicants[0].name, "Tzong Shiann Wu");
    assert_eq!(p.applicants[0].address.city, "Wuxi");
    assert_eq!(p.assignees[0].name, "CSMC Technologies FAB1 Co., Ltd.");
    assert_eq!(p.inventors.len(), 4);
    assert_eq!(p.ipc[0].to_string(), "H01L21/04");
    assert!(!p.cpc.is_empty());
    assert_eq!(p.priorities[0].country, "CN");
    assert_eq!(p.citations.len(), 5);
    assert_eq!(p.citations[0].number, "US5923073A");
    assert_eq!(p.patent_type, PatentType::Invention);
    assert_eq!(p.legal_status, LegalStatus::Granted);
    let q = store.patent("US8613112B2").await.unwrap_or_else(|e| panic!("{e}")).patent;
    assert!(!q.title.en.is_empty() && !q.claims.en.is_empty() && !q.abstract_text.en.is_empty());

    // Searchable by number, title words, field codes.
    assert_eq!(hits(&index, "PN=US8927386"), vec!["US8927386B2"]);
    assert_eq!(hits(&index, "TI=(super 1W junctions)"), vec!["US8927386B2"]);
    assert_eq!(hits(&index, "PA=CSMC AND IPC=H01L*"), vec!["US8927386B2"]);
    assert_eq!(hits(&index, "garment"), vec!["US8613112B2"]);

    // Re-import: updated, not duplicated.
    let again = import_all(&store, &index, &[fixtures().join("US08927386-20150106.XML")]).await;
    assert_eq!((again[0].created, again[0].updated), (0, 1));
    assert_eq!(store.patent_count().await.unwrap_or_default(), 2);
    assert_eq!(index.num_docs(), 2);
}

#[tokio::test]
async fn uspto_fixtures_sqlite() {
    uspto_fixtures(Backend::Sqlite).await;
}

#[tokio::test]
async fn uspto_fixtures_postgres() {
    uspto_fixtures(Backend::Postgres).await;
}

#[tokio::test]
async fn concatenated_weekly_file_with_a_broken_document_in_the_middle() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut text = String::new();
    for f in ["US08613112-20131224.XML", "US08613112-lackofnode.XML", "US08927386-20150106.XML"] {
        text.push_str(&std::fs::read_to_string(fixtures().join(f)).unwrap_or_else(|e| panic!("{e}")));
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    let path = dir.path().join("ipg150106.xml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let index = PatentIndex::create_in_ram().unwrap_or_else(|e| panic!("{e}"));
    let mut imp = Importer::new(None, Some(&index), now()).unwrap_or_else(|e| panic!("{e}"));
    let r = imp.import_path(&path, &mut |_| {}).await;
    assert_eq!((r.imported, r.skipped), (2, 1), "{r:#?}");
    assert!(r.problems[0].location.starts_with("document 2 US08613112"), "{r:#?}");
    assert_eq!(index.num_docs(), 2);
}

async fn tables(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let index = PatentIndex::create_in_ram().unwrap_or_else(|e| panic!("{e}"));
    let files = import_all(&store, &index, &[data("export.csv")]).await;
    let f = &files[0];
    assert_eq!(f.imported, 3, "{f:#?}");
    assert_eq!(f.skipped, 3, "{f:#?}");
    let locs: Vec<&str> = f.problems.iter().map(|p| p.location.as_str()).collect();
    assert_eq!(locs, vec!["row 4", "row 5", "row 6"]);
    assert!(f.problems[0].message.contains("校验位"), "{f:#?}");
    assert!(f.problems[1].message.contains("申请日"), "{f:#?}");
    assert!(f.problems[2].message.contains("公开(公告)号"), "{f:#?}");
    assert!(f.warnings[0].contains("备注"));

    let a = store.patent("CN111111111A").await.unwrap_or_else(|e| panic!("{e}")).patent;
    assert_eq!(a.application_number.as_ref().map(ToString::to_string).as_deref(), Some("CN202010123456.2"));
    assert_eq!(a.inventors, vec!["张三", "李四"]);
    assert_eq!(a.ipc.iter().map(ToString::to_string).collect::<Vec<_>>(), vec!["H01M50/409", "H01M10/0525"]);
    assert_eq!(a.legal_status, LegalStatus::Pending);
    assert_eq!(a.patent_type, PatentType::Invention);
    assert_eq!(a.publication_date, NaiveDate::from_ymd_opt(2020, 5, 6));
    assert_eq!(a.applicants[0].address.district, "滨海新区");
    let b = store.patent("CN212345678U").await.unwrap_or_else(|e| panic!("{e}")).patent;
    assert_eq!(b.applicants.len(), 2);
    assert_eq!(b.applicants[1].address.district, "南开区");
    assert_eq!(b.max_pledge_yuan(), Some(5_000_000));
    assert_eq!(b.awards[0].year, Some(2023));
    assert_eq!(b.patent_type, PatentType::UtilityModel);
    assert_eq!(b.legal_status, LegalStatus::Granted);
    let c = store.patent("CN115555555B").await.unwrap_or_else(|e| panic!("{e}")).patent;
    assert_eq!(c.title.en, "Lithium battery cooling plate");
    assert_eq!(c.language.as_deref(), Some("en"));

    assert_eq!(hits(&index, "TI=隔膜"), vec!["CN111111111A"]);
    assert_eq!(hits(&index, "ADDR=南开区"), vec!["CN212345678U"]);
    assert_eq!(hits(&index, "cooling 0W plate"), vec!["CN115555555B"]);

    // XLSX: the same rows through a workbook.
    let csv = std::fs::read_to_string(data("export.csv")).unwrap_or_default();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv.as_bytes());
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap_or_else(|e| panic!("{e}"));
        for (c, v) in rec.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
    // A real Excel date cell for the first data row's application date (2020-01-02 = serial 43832).
    ws.write_number(1, 7, 43832.0).unwrap_or_else(|e| panic!("{e}"));
    let bytes = wb.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let mut imp = Importer::new(Some(&store), Some(&index), now()).unwrap_or_else(|e| panic!("{e}"));
    let r = imp.import_reader("批量.xlsx", Cursor::new(bytes), &mut |_| {}).await;
    assert_eq!((r.imported, r.updated, r.skipped), (3, 3, 3), "{r:#?}");
    assert_eq!(r.problems.iter().map(|p| p.location.as_str()).collect::<Vec<_>>(), vec!["row 4", "row 5", "row 6"]);
    assert_eq!(store.patent_count().await.unwrap_or_default(), 3);
    let a2 = store.patent("CN111111111A").await.unwrap_or_else(|e| panic!("{e}")).patent;
    assert_eq!(a2.application_date, NaiveDate::from_ymd_opt(2020, 1, 2));

    // JSON Lines with a broken line.
    let good =
        serde_json::to_string(&a2).unwrap_or_default().replace("一种锂电池隔膜及其制备方法", "一种改进的锂电池隔膜");
    let jsonl = format!("{good}\n\n{{\"publication_number\":\"CN1\"\n{{\"publication_number\":\"CN116666666A\",\"title\":{{\"zh\":\"新的\"}}}}\n");
    let r = imp.import_reader("a.jsonl", Cursor::new(jsonl.into_bytes()), &mut |_| {}).await;
    assert_eq!((r.created, r.updated, r.skipped), (1, 1, 1), "{r:#?}");
    assert_eq!(r.problems[0].location, "line 3");
    assert_eq!(hits(&index, "TI=改进"), vec!["CN111111111A"]);

    // Not a table / not a workbook.
    let r = imp.import_reader("x.xlsx", Cursor::new(b"not a zip".to_vec()), &mut |_| {}).await;
    assert!(r.error.as_deref().unwrap_or("").contains("XLSX"), "{r:#?}");
    let r = imp.import_reader("x.csv", Cursor::new("a,b\n1,2\n".as_bytes().to_vec()), &mut |_| {}).await;
    assert!(r.error.as_deref().unwrap_or("").contains("公开(公告)号"), "{r:#?}");
    // GBK "公开" alone: read as GB18030, then refused for its missing columns (not for its encoding).
    let r = imp.import_reader("gbk.csv", Cursor::new(vec![0xb9, 0xab, 0xbf, 0xaa, b'\n']), &mut |_| {}).await;
    assert!(r.error.as_deref().unwrap_or("").contains("公开(公告)号"), "{r:#?}");
    let r = imp.import_reader("bad.csv", Cursor::new(vec![b'a', 0xff, b'\n']), &mut |_| {}).await;
    assert!(r.error.as_deref().unwrap_or("").contains("编码"), "{r:#?}");
}

/// A CSV saved by Excel / WPS on Chinese Windows (GBK), and one saved as "Unicode text" (UTF-16LE with BOM): the
/// same rows as the UTF-8 export, imported alike. The GBK bytes are made here from the UTF-8 fixture.
async fn gbk_and_utf16_tables(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    let index = PatentIndex::create_in_ram().unwrap_or_else(|e| panic!("{e}"));
    let utf8 = std::fs::read_to_string(data("export.csv")).unwrap_or_else(|e| panic!("{e}"));
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&utf8);
    assert!(!unmappable, "the fixture is GBK-encodable");
    assert!(std::str::from_utf8(&gbk).is_err(), "the GBK bytes are not UTF-8");
    let mut imp = Importer::new(Some(&store), Some(&index), now()).unwrap_or_else(|e| panic!("{e}"));
    let r = imp.import_reader("导出.csv", Cursor::new(gbk.into_owned()), &mut |_| {}).await;
    assert_eq!((r.imported, r.created, r.skipped), (3, 3, 3), "{r:#?}");
    assert!(r.warnings.iter().any(|w| w.contains("GB18030")), "{r:#?}");
    assert!(r.problems[0].message.contains("校验位"), "row errors still read in Chinese: {r:#?}");
    let a = store.patent("CN111111111A").await.unwrap_or_else(|e| panic!("{e}")).patent;
    assert_eq!(a.title.zh, "一种锂电池隔膜及其制备方法");
    assert_eq!(a.inventors, vec!["张三", "李四"]);
    assert_eq!(a.applicants[0].address.district, "滨海新区");
    assert_eq!(hits(&index, "TI=隔膜"), vec!["CN111111111A"]);

    let mut utf16 = vec![0xFF, 0xFE];
    for u in utf8.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let r = imp.import_reader("unicode.csv", Cursor::new(utf16), &mut |_| {}).await;
    assert_eq!((r.imported, r.updated, r.skipped), (3, 3, 3), "{r:#?}");
    assert!(r.warnings.iter().any(|w| w.contains("UTF-16LE")), "{r:#?}");
}

#[tokio::test]
async fn gbk_and_utf16_tables_sqlite() {
    gbk_and_utf16_tables(Backend::Sqlite).await;
}

#[tokio::test]
async fn gbk_and_utf16_tables_postgres() {
    gbk_and_utf16_tables(Backend::Postgres).await;
}

#[tokio::test]
async fn tables_sqlite() {
    tables(Backend::Sqlite).await;
}

#[tokio::test]
async fn tables_postgres() {
    tables(Backend::Postgres).await;
}
