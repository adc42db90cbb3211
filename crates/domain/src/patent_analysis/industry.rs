//! IPC → industry concordance tables (IPC与产业分类参照关系表) and counts by industry.
//!
//! Two kinds of table are used, in the same format:
//!
//! - **战略性新兴产业** (strategic emerging industries) — the official table is CNIPA's
//!   《战略性新兴产业分类与国际专利分类参照关系表（2021）（试行）》; it feeds the first high-value criterion
//!   ([`super::high_value`]).
//! - **专利密集型产业** (patent-intensive industries) — the official classification is
//!   《知识产权（专利）密集型产业统计分类（2019）》 (国家统计局令第25号), mapped to IPC by the user's own table.
//!
//! Neither official table ships with zhibao: the user imports the CSV they hold. [`DEMO_STRATEGIC_CSV`] and
//! [`DEMO_INTENSIVE_CSV`] are small demonstration tables written for this project — **not** the official ones —
//! and are labelled as such wherever they are shown.
//!
//! ## CSV format
//!
//! A header row, then one row per IPC range. Columns (Chinese or English header, any order, extra columns
//! ignored): `产业代码` / `industry_code` (required), `产业名称` / `industry_name` (required), `IPC` /
//! `国际专利分类` / `ipc` (required: one or more [`IpcPattern`]s separated by `;`, `；`, `、` or whitespace),
//! `说明` / `note` (optional). Rows are checked one by one; every problem is reported with its line number and
//! column, and a table with any problem is not stored (nothing half-stored).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::aggregate::Bucket;
use super::csv;
use super::ipc::IpcPattern;
use super::PatentFacts;

/// One row of a concordance table after parsing: an industry and an IPC range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcordanceRow {
    /// Line in the CSV.
    pub line: usize,
    /// Industry code (e.g. `1.1.1`).
    pub industry_code: String,
    /// Industry name.
    pub industry_name: String,
    /// IPC range.
    pub ipc: IpcPattern,
    /// Free note.
    pub note: String,
}

/// A problem with one row (or the header, line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// CSV line.
    pub line: usize,
    /// Column name as in the header (or the expected name when missing).
    pub column: String,
    /// What is wrong.
    pub message: String,
}

/// An IPC → industry table ready to classify patents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Concordance {
    /// Rows in file order.
    pub rows: Vec<ConcordanceRow>,
}

const CODE: [&str; 4] = ["产业代码", "industry_code", "代码", "code"];
const NAME: [&str; 4] = ["产业名称", "industry_name", "名称", "name"];
const IPC: [&str; 4] = ["ipc", "国际专利分类", "ipc分类号", "ipc_range"];
const NOTE: [&str; 3] = ["说明", "note", "备注"];

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| {
        let h = h.trim().to_lowercase();
        names.iter().any(|n| h == *n)
    })
}

/// Parse and check a concordance CSV. Returns the table when every row is good, else every problem found.
pub fn parse_concordance(text: &str) -> Result<Concordance, Vec<RowError>> {
    let records =
        csv::parse(text).map_err(|e| vec![RowError { line: e.line, column: String::new(), message: e.to_string() }])?;
    let Some((header, body)) = records.split_first() else {
        return Err(vec![RowError { line: 1, column: String::new(), message: "empty file".into() }]);
    };
    let mut errors = Vec::new();
    let col = |names: &[&str], errors: &mut Vec<RowError>| {
        let i = find(&header.fields, names);
        if i.is_none() {
            errors.push(RowError {
                line: header.line,
                column: names[0].into(),
                message: format!("missing column {} / {}", names[0], names[1]),
            });
        }
        i
    };
    let (code_i, name_i, ipc_i) = (col(&CODE, &mut errors), col(&NAME, &mut errors), col(&IPC, &mut errors));
    let note_i = find(&header.fields, &NOTE);
    let (Some(code_i), Some(name_i), Some(ipc_i)) = (code_i, name_i, ipc_i) else {
        return Err(errors);
    };
    let heading = |i: usize| header.fields[i].trim().to_string();
    let mut rows = Vec::new();
    let mut names: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut seen: BTreeMap<(String, IpcPattern), usize> = BTreeMap::new();
    for r in body {
        let cell = |i: usize| r.fields.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        let (code, name, ipc_cell) = (cell(code_i), cell(name_i), cell(ipc_i));
        let mut bad = |i: usize, message: String| {
            errors.push(RowError { line: r.line, column: heading(i), message });
        };
        if code.is_empty() {
            bad(code_i, "industry code is empty".into());
        }
        if name.is_empty() {
            bad(name_i, "industry name is empty".into());
        }
        if code.chars().count() > 32 {
            bad(code_i, "industry code is longer than 32 characters".into());
        }
        if name.chars().count() > 100 {
            bad(name_i, "industry name is longer than 100 characters".into());
        }
        if !code.is_empty() && !name.is_empty() {
            match names.get(&code) {
                Some((other, line)) if *other != name => {
                    bad(name_i, format!("industry {code} is named {other} on line {line}"));
                }
                Some(_) => {}
                None => {
                    names.insert(code.clone(), (name.clone(), r.line));
                }
            }
        }
        let symbols: Vec<&str> = ipc_cell
            .split(|c: char| c == ';' || c == '；' || c == '、' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .collect();
        // `H01M 10/0525` written with a space is one symbol, not two: rejoin a subclass followed by a group.
        let mut joined: Vec<String> = Vec::new();
        for s in symbols {
            match joined.last_mut() {
                Some(last) if last.len() == 4 && s.starts_with(|c: char| c.is_ascii_digit()) => last.push_str(s),
                _ => joined.push(s.to_string()),
            }
        }
        if joined.is_empty() {
            bad(ipc_i, "IPC is empty".into());
        }
        for s in joined {
            match IpcPattern::parse(&s) {
                Ok(p) => {
                    if let Some(first) = seen.get(&(code.clone(), p.clone())) {
                        bad(ipc_i, format!("{p} is already listed for {code} on line {first}"));
                        continue;
                    }
                    seen.insert((code.clone(), p.clone()), r.line);
                    rows.push(ConcordanceRow {
                        line: r.line,
                        industry_code: code.clone(),
                        industry_name: name.clone(),
                        ipc: p,
                        note: note_i.map(cell).unwrap_or_default(),
                    });
                }
                Err(e) => bad(ipc_i, e.to_string()),
            }
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(RowError { line: header.line + 1, column: String::new(), message: "no rows".into() });
    }
    if errors.is_empty() {
        Ok(Concordance { rows })
    } else {
        Err(errors)
    }
}

impl Concordance {
    /// Industries (code → name) in code order.
    pub fn industries(&self) -> BTreeMap<String, String> {
        self.rows.iter().map(|r| (r.industry_code.clone(), r.industry_name.clone())).collect()
    }

    /// The industries a patent belongs to: every industry one of whose ranges covers one of the patent's IPC
    /// symbols (only the main symbol with `main_only`). A patent may belong to several industries.
    pub fn classify(&self, ipc: &[String], main_only: bool) -> BTreeSet<String> {
        let symbols = if main_only { &ipc[..ipc.len().min(1)] } else { ipc };
        self.rows
            .iter()
            .filter(|r| symbols.iter().any(|s| r.ipc.covers_symbol(s)))
            .map(|r| r.industry_code.clone())
            .collect()
    }

    /// Patents per industry, most first; patents in no industry go to the unknown bucket (key empty).
    pub fn by_industry(&self, patents: &[PatentFacts], main_only: bool) -> Vec<Bucket> {
        let mut c = IndustryCounter::new(self.clone(), main_only);
        for p in patents {
            c.add(p);
        }
        c.finish()
    }
}

/// [`Concordance::by_industry`] one patent at a time (counts only; result sets of any size).
#[derive(Debug, Clone)]
pub struct IndustryCounter {
    table: Concordance,
    main_only: bool,
    counts: BTreeMap<String, u64>,
    none: u64,
    total: u64,
}

impl IndustryCounter {
    /// Zero counts for every industry of the table.
    pub fn new(table: Concordance, main_only: bool) -> Self {
        let counts = table.industries().into_keys().map(|k| (k, 0)).collect();
        Self { table, main_only, counts, none: 0, total: 0 }
    }

    /// Count one patent.
    pub fn add(&mut self, p: &PatentFacts) {
        self.total += 1;
        let set = self.table.classify(&p.ipc, self.main_only);
        if set.is_empty() {
            self.none += 1;
        }
        for code in set {
            *self.counts.entry(code).or_default() += 1;
        }
    }

    /// Patents counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Per industry, most first; the unknown bucket (no industry) last.
    pub fn finish(self) -> Vec<Bucket> {
        let names = self.table.industries();
        let mut out: Vec<Bucket> = self
            .counts
            .into_iter()
            .map(|(k, count)| Bucket { label: names.get(&k).cloned().unwrap_or_default(), key: k, count })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
        out.push(Bucket { key: String::new(), label: String::new(), count: self.none });
        out
    }
}

/// A small **demonstration** strategic-emerging-industry table written for this project (示例表，非官方).
/// Industry names follow the nine top-level categories of 战略性新兴产业分类（2018） (国家统计局令第23号); the IPC
/// ranges are illustrative picks, not CNIPA's 参照关系表. Import the official table for real figures.
pub const DEMO_STRATEGIC_CSV: &str = "\
产业代码,产业名称,IPC,说明
1,新一代信息技术产业,G06F;G06N;H04L;H04W;H01L,示例（非官方参照关系表）
2,高端装备制造产业,B25J;B64C;B64G;B61L,示例（非官方参照关系表）
3,新材料产业,C01B32/15*;C08L;C22C,示例（非官方参照关系表）
4,生物产业,A61K;C12N;A61P,示例（非官方参照关系表）
5,新能源汽车产业,B60L;H01M10/0525,示例（非官方参照关系表）
6,新能源产业,H02S;F03D;H01M8,示例（非官方参照关系表）
7,节能环保产业,B01D53;C02F;F23J15,示例（非官方参照关系表）
8,数字创意产业,G06T;H04N21,示例（非官方参照关系表）
";

/// A small **demonstration** patent-intensive-industry table written for this project (示例表，非官方). Industry
/// names follow the seven categories of 知识产权（专利）密集型产业统计分类（2019） as recalled — not checked against
/// the official text in this repository; the IPC ranges are illustrative.
pub const DEMO_INTENSIVE_CSV: &str = "\
产业代码,产业名称,IPC,说明
01,信息通信技术制造业,H01L;H04B;H04W;G06F3,示例（非官方）
02,信息通信技术服务业,G06F16;G06Q;H04L67,示例（非官方）
03,新装备制造业,B25J;B23K;G05B;B64C,示例（非官方）
04,新材料制造业,C08L;C22C;C01B,示例（非官方）
05,医药医疗产业,A61K;A61B;A61P;C12N,示例（非官方）
06,环保产业,B01D;C02F;B09B,示例（非官方）
07,研发、设计和技术服务业,G01N;G06N,示例（非官方）
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_tables_parse() {
        let s = parse_concordance(DEMO_STRATEGIC_CSV).expect("demo strategic");
        assert_eq!(s.industries().len(), 8);
        let i = parse_concordance(DEMO_INTENSIVE_CSV).expect("demo intensive");
        assert_eq!(i.industries().len(), 7);
    }

    #[test]
    fn english_headers_any_order_and_spaced_symbols() {
        let t = parse_concordance("note,ipc,industry_name,industry_code\n,H01M 10/0525；G06N,电池,B1\n").expect("ok");
        let shown: Vec<String> = t.rows.iter().map(|r| r.ipc.to_string()).collect();
        assert_eq!(shown, vec!["H01M10/0525", "G06N"]);
    }

    #[test]
    fn every_bad_row_is_reported_with_line_and_column() {
        let text = "产业代码,产业名称,IPC\n1,信息,G06F\n,无代码,G06N\n2,,H01M\n3,坏分类,Z99\n1,别名,H04L\n4,空,\n1,信息,G06F\n";
        let errors = parse_concordance(text).expect_err("bad rows");
        let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(got, vec![(3, "产业代码"), (4, "产业名称"), (5, "IPC"), (6, "产业名称"), (7, "IPC"), (8, "IPC")]);
        assert!(errors[3].message.contains("line 2"), "{}", errors[3].message);
    }

    #[test]
    fn missing_columns_and_empty_files() {
        let errors = parse_concordance("代码x,名称x\n1,a\n").expect_err("no columns");
        assert_eq!(errors.len(), 3);
        assert!(errors.iter().all(|e| e.line == 1));
        assert_eq!(parse_concordance("").expect_err("empty")[0].message, "empty file");
        assert_eq!(parse_concordance("产业代码,产业名称,IPC\n").expect_err("no rows")[0].message, "no rows");
        assert_eq!(parse_concordance("产业代码,产业名称,IPC\n1,\"a,G06F\n").expect_err("quote")[0].line, 2);
    }

    #[test]
    fn classify_and_count_by_industry() {
        let t = parse_concordance(DEMO_STRATEGIC_CSV).expect("demo");
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(t.classify(&v(&["H01M 10/0525"]), false), BTreeSet::from(["5".to_string()]));
        assert_eq!(t.classify(&v(&["H01M 10/0525", "G06N 3/08"]), false).len(), 2);
        assert_eq!(t.classify(&v(&["H01M 10/0525", "G06N 3/08"]), true).len(), 1);
        assert!(t.classify(&v(&["H01M 4/13"]), false).is_empty());
        assert_eq!(t.classify(&v(&["C01B 32/158"]), false), BTreeSet::from(["3".to_string()]));
        assert!(t.classify(&v(&["C01B 32/05"]), false).is_empty());

        let mut a = PatentFacts::blank(1, "a");
        a.ipc = v(&["G06N 3/08"]);
        let mut b = PatentFacts::blank(2, "b");
        b.ipc = v(&["G06F 3/01", "A61K 31/00"]);
        let c = PatentFacts::blank(3, "c");
        let got = t.by_industry(&[a, b, c], false);
        assert_eq!((got[0].key.as_str(), got[0].count), ("1", 2));
        assert_eq!((got[1].key.as_str(), got[1].count), ("4", 1));
        let last = got.last().expect("unknown bucket");
        assert_eq!((last.key.as_str(), last.count), ("", 1));
        assert_eq!(got.len(), 9, "every industry listed, zeros included, plus unknown");
    }
}
