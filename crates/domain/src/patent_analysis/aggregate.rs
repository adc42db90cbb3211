//! Counts over a result set (统计分析): filings by year, by applicant (normalised), by IPC level, by region, by
//! legal status; an applicant × IPC matrix; top inventors.
//!
//! Every count is of patents, not of names: a patent with two applicants counts once for each of them, but a
//! patent listing the same applicant twice (in two spellings) counts once; a patent with IPC `H01M 10/0525` and
//! `H01M 4/13` counts once for subclass `H01M`. A patent with no value for the dimension counts in the bucket with
//! the empty key (shown as 未知 / unknown), which is always last.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::ipc::{key_at, IpcLevel};
use super::normalize::{applicant_key, Grouper};
use super::PatentFacts;

/// One bar of a chart: a grouping key, the label to show and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// Grouping key (empty for "unknown").
    pub key: String,
    /// Label to show.
    pub label: String,
    /// Number of patents.
    pub count: u64,
}

/// Which date a by-year count uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum YearBasis {
    /// 申请年.
    #[default]
    Application,
    /// 授权年.
    Grant,
}

/// Which part of the address a by-region count uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// 省.
    Province,
    /// 市 (shown as `省 / 市`).
    #[default]
    City,
    /// 区/县 (shown as `省 / 市 / 区`).
    District,
}

/// Sort buckets by count (descending), then key; the unknown bucket last.
fn rank(mut buckets: Vec<Bucket>, top: Option<usize>) -> Vec<Bucket> {
    let unknown = buckets.iter().position(|b| b.key.is_empty()).map(|i| buckets.remove(i));
    buckets.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    if let Some(n) = top {
        buckets.truncate(n);
    }
    buckets.extend(unknown);
    buckets
}

fn count_sets<'a>(
    patents: impl IntoIterator<Item = &'a PatentFacts>,
    keys_of: impl Fn(&PatentFacts) -> BTreeSet<String>,
) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for p in patents {
        let keys = keys_of(p);
        if keys.is_empty() {
            *counts.entry(String::new()).or_default() += 1;
        }
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    counts
}

/// Filings per year, oldest first, with every year between the first and the last present (zero when none).
/// Patents without the date go to the unknown bucket at the end.
pub fn by_year(patents: &[PatentFacts], basis: YearBasis) -> Vec<Bucket> {
    year_buckets(count_sets(patents, |p| year_keys(p, basis)))
}

fn year_keys(p: &PatentFacts, basis: YearBasis) -> BTreeSet<String> {
    let date = match basis {
        YearBasis::Application => p.application_date,
        YearBasis::Grant => p.grant_date,
    };
    date.map(|d| d.year().to_string()).into_iter().collect()
}

fn year_buckets(counts: BTreeMap<String, u64>) -> Vec<Bucket> {
    let years: Vec<i32> = counts.keys().filter_map(|k| k.parse().ok()).collect();
    let mut out = Vec::new();
    if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
        for y in *first..=*last {
            let key = y.to_string();
            let count = counts.get(&key).copied().unwrap_or(0);
            out.push(Bucket { label: key.clone(), key, count });
        }
    }
    if let Some(n) = counts.get("") {
        out.push(Bucket { key: String::new(), label: String::new(), count: *n });
    }
    out
}

fn applicant_keys(p: &PatentFacts) -> BTreeSet<String> {
    p.applicants.iter().map(|a| applicant_key(a)).filter(|k| !k.is_empty()).collect()
}

/// Filings per applicant after name normalisation, most first; each group is labelled with its most frequent
/// spelling.
pub fn by_applicant(patents: &[PatentFacts], top: Option<usize>) -> Vec<Bucket> {
    let mut grouper = Grouper::new();
    for p in patents {
        for a in &p.applicants {
            grouper.add(a);
        }
    }
    named_buckets(count_sets(patents, applicant_keys), &grouper, top)
}

fn named_buckets(counts: BTreeMap<String, u64>, grouper: &Grouper, top: Option<usize>) -> Vec<Bucket> {
    rank(
        counts
            .into_iter()
            .map(|(key, count)| Bucket { label: grouper.display(&key).unwrap_or_default(), key, count })
            .collect(),
        top,
    )
}

fn ipc_keys(p: &PatentFacts, level: IpcLevel, main_only: bool) -> BTreeSet<String> {
    let symbols = if main_only { &p.ipc[..p.ipc.len().min(1)] } else { &p.ipc[..] };
    symbols.iter().filter_map(|s| key_at(s, level)).collect()
}

/// Filings per IPC symbol cut to `level`; with `main_only` only the first (main) classification counts.
/// Symbols that do not parse are ignored; a patent with none that parse is unknown.
pub fn by_ipc(patents: &[PatentFacts], level: IpcLevel, main_only: bool, top: Option<usize>) -> Vec<Bucket> {
    key_buckets(count_sets(patents, |p| ipc_keys(p, level, main_only)), top)
}

/// Buckets labelled by their keys, ranked.
fn key_buckets(counts: BTreeMap<String, u64>, top: Option<usize>) -> Vec<Bucket> {
    rank(counts.into_iter().map(|(key, count)| Bucket { label: key.clone(), key, count }).collect(), top)
}

fn region_key(p: &PatentFacts, level: RegionLevel) -> Option<String> {
    let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let province = clean(&p.province)?;
    let parts = match level {
        RegionLevel::Province => vec![province],
        RegionLevel::City => vec![province, clean(&p.city)?],
        RegionLevel::District => vec![province, clean(&p.city)?, clean(&p.district)?],
    };
    Some(parts.join(" / "))
}

/// Filings per region of the first applicant's address. A patent whose address stops above the level asked
/// (a city but no district) is unknown at that level.
pub fn by_region(patents: &[PatentFacts], level: RegionLevel, top: Option<usize>) -> Vec<Bucket> {
    key_buckets(count_sets(patents, |p| region_key(p, level).into_iter().collect()), top)
}

fn status_keys(p: &PatentFacts) -> BTreeSet<String> {
    let s = p.legal_status.trim().to_lowercase();
    if s.is_empty() {
        BTreeSet::new()
    } else {
        BTreeSet::from([s])
    }
}

/// Filings per legal-status category.
pub fn by_legal_status(patents: &[PatentFacts]) -> Vec<Bucket> {
    key_buckets(count_sets(patents, status_keys), None)
}

fn inventor_keys(p: &PatentFacts) -> BTreeSet<String> {
    p.inventors.iter().map(|a| applicant_key(a)).filter(|k| !k.is_empty()).collect()
}

/// Top inventors by number of patents (names folded like applicants).
pub fn top_inventors(patents: &[PatentFacts], top: usize) -> Vec<Bucket> {
    let mut grouper = Grouper::new();
    for p in patents {
        for a in &p.inventors {
            grouper.add(a);
        }
    }
    inventor_buckets(count_sets(patents, inventor_keys), &grouper, top)
}

fn inventor_buckets(counts: BTreeMap<String, u64>, grouper: &Grouper, top: usize) -> Vec<Bucket> {
    let mut out = named_buckets(counts, grouper, Some(top));
    out.retain(|b| !b.key.is_empty());
    out
}

/// An applicant × IPC matrix (申请人-技术构成矩阵): the top applicants as rows, the top IPC symbols at a level as
/// columns, and in each cell the number of patents of that applicant with that symbol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    /// Row headings (applicants).
    pub rows: Vec<Bucket>,
    /// Column headings (IPC symbols).
    pub columns: Vec<Bucket>,
    /// `cells[r][c]`.
    pub cells: Vec<Vec<u64>>,
}

/// Build the applicant × IPC matrix over the top `rows` applicants and top `columns` IPC symbols at `level`.
pub fn applicant_ipc_matrix(patents: &[PatentFacts], level: IpcLevel, rows: usize, columns: usize) -> Matrix {
    let mut m =
        MatrixBuilder::new(by_applicant(patents, Some(rows)), by_ipc(patents, level, false, Some(columns)), level);
    for p in patents {
        m.add(p);
    }
    m.finish()
}

/// The cells of an applicant × IPC matrix whose headings are known, filled one patent at a time (the second pass
/// of [`OverviewBuilder`]).
#[derive(Debug, Clone)]
pub struct MatrixBuilder {
    level: IpcLevel,
    row_index: BTreeMap<String, usize>,
    col_index: BTreeMap<String, usize>,
    matrix: Matrix,
}

impl MatrixBuilder {
    /// A matrix over these headings (unknown buckets are dropped).
    pub fn new(mut rows: Vec<Bucket>, mut columns: Vec<Bucket>, level: IpcLevel) -> Self {
        rows.retain(|b| !b.key.is_empty());
        columns.retain(|b| !b.key.is_empty());
        let row_index = rows.iter().enumerate().map(|(i, b)| (b.key.clone(), i)).collect();
        let col_index = columns.iter().enumerate().map(|(i, b)| (b.key.clone(), i)).collect();
        let cells = vec![vec![0u64; columns.len()]; rows.len()];
        Self { level, row_index, col_index, matrix: Matrix { rows, columns, cells } }
    }

    /// True when there is no cell to fill (no second pass needed).
    pub fn is_empty(&self) -> bool {
        self.row_index.is_empty() || self.col_index.is_empty()
    }

    /// Count one patent.
    pub fn add(&mut self, p: &PatentFacts) {
        if self.is_empty() {
            return;
        }
        let ipcs = ipc_keys(p, self.level, false);
        for a in applicant_keys(p) {
            let Some(&r) = self.row_index.get(a.as_str()) else { continue };
            for k in &ipcs {
                if let Some(&c) = self.col_index.get(k.as_str()) {
                    self.matrix.cells[r][c] += 1;
                }
            }
        }
    }

    /// The matrix.
    pub fn finish(self) -> Matrix {
        self.matrix
    }
}

/// What to compute for an overview (all charts of the 专利分析 page at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewOptions {
    /// Year basis.
    pub year_basis: YearBasis,
    /// IPC level for the IPC chart and the matrix.
    pub ipc_level: IpcLevel,
    /// Region level.
    pub region_level: RegionLevel,
    /// How many bars in ranked charts.
    pub top: usize,
    /// Matrix size (rows and columns).
    pub matrix: usize,
}

impl Default for OverviewOptions {
    fn default() -> Self {
        Self {
            year_basis: YearBasis::Application,
            ipc_level: IpcLevel::Subclass,
            region_level: RegionLevel::District,
            top: 20,
            matrix: 10,
        }
    }
}

/// Every chart of the analysis page over one result set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Number of patents analysed.
    pub total: u64,
    /// By year.
    pub by_year: Vec<Bucket>,
    /// By applicant.
    pub by_applicant: Vec<Bucket>,
    /// By IPC.
    pub by_ipc: Vec<Bucket>,
    /// By region.
    pub by_region: Vec<Bucket>,
    /// By legal status.
    pub by_legal_status: Vec<Bucket>,
    /// Applicant × IPC.
    pub matrix: Matrix,
    /// Top inventors.
    pub top_inventors: Vec<Bucket>,
}

/// Compute the overview.
pub fn overview(patents: &[PatentFacts], o: &OverviewOptions) -> Overview {
    let mut b = OverviewBuilder::new(*o);
    for p in patents {
        b.add(p);
    }
    let (mut out, mut m) = b.finish();
    if !m.is_empty() {
        for p in patents {
            m.add(p);
        }
    }
    out.matrix = m.finish();
    out
}

fn count_into(counts: &mut BTreeMap<String, u64>, keys: BTreeSet<String>) {
    if keys.is_empty() {
        *counts.entry(String::new()).or_default() += 1;
    }
    for k in keys {
        *counts.entry(k).or_default() += 1;
    }
}

/// The overview over a result set read once, one patent at a time, keeping counts only (never the patents): what
/// runs over the search index's stored facts, whatever the size of the result set. [`OverviewBuilder::finish`]
/// gives every chart and the matrix's headings; the matrix cells are a second pass over the same patents with the
/// returned [`MatrixBuilder`] (skip it when [`MatrixBuilder::is_empty`]). The figures are those of [`overview`].
#[derive(Debug, Clone)]
pub struct OverviewBuilder {
    o: OverviewOptions,
    total: u64,
    years: BTreeMap<String, u64>,
    applicants: BTreeMap<String, u64>,
    applicant_names: Grouper,
    ipc: BTreeMap<String, u64>,
    regions: BTreeMap<String, u64>,
    statuses: BTreeMap<String, u64>,
    inventors: BTreeMap<String, u64>,
    inventor_names: Grouper,
}

impl OverviewBuilder {
    /// An empty overview with these options.
    pub fn new(o: OverviewOptions) -> Self {
        Self {
            o,
            total: 0,
            years: BTreeMap::new(),
            applicants: BTreeMap::new(),
            applicant_names: Grouper::new(),
            ipc: BTreeMap::new(),
            regions: BTreeMap::new(),
            statuses: BTreeMap::new(),
            inventors: BTreeMap::new(),
            inventor_names: Grouper::new(),
        }
    }

    /// Count one patent.
    pub fn add(&mut self, p: &PatentFacts) {
        self.total += 1;
        count_into(&mut self.years, year_keys(p, self.o.year_basis));
        for a in &p.applicants {
            self.applicant_names.add(a);
        }
        count_into(&mut self.applicants, applicant_keys(p));
        count_into(&mut self.ipc, ipc_keys(p, self.o.ipc_level, false));
        count_into(&mut self.regions, region_key(p, self.o.region_level).into_iter().collect());
        count_into(&mut self.statuses, status_keys(p));
        for a in &p.inventors {
            self.inventor_names.add(a);
        }
        count_into(&mut self.inventors, inventor_keys(p));
    }

    /// Patents counted so far.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Every chart (the matrix with its headings and zero cells) and the builder of the matrix cells.
    pub fn finish(self) -> (Overview, MatrixBuilder) {
        let o = self.o;
        let rows = named_buckets(self.applicants.clone(), &self.applicant_names, Some(o.matrix));
        let columns = key_buckets(self.ipc.clone(), Some(o.matrix));
        let m = MatrixBuilder::new(rows, columns, o.ipc_level);
        let overview = Overview {
            total: self.total,
            by_year: year_buckets(self.years),
            by_applicant: named_buckets(self.applicants, &self.applicant_names, Some(o.top)),
            by_ipc: key_buckets(self.ipc, Some(o.top)),
            by_region: key_buckets(self.regions, Some(o.top)),
            by_legal_status: key_buckets(self.statuses, None),
            matrix: m.matrix.clone(),
            top_inventors: inventor_buckets(self.inventors, &self.inventor_names, o.top),
        };
        (overview, m)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn p(
        id: i64,
        year: i32,
        applicants: &[&str],
        ipc: &[&str],
        region: (&str, &str, &str),
        status: &str,
    ) -> PatentFacts {
        let mut f = PatentFacts::blank(id, "t");
        f.application_date = NaiveDate::from_ymd_opt(year, 3, 1);
        f.applicants = applicants.iter().map(|s| s.to_string()).collect();
        f.ipc = ipc.iter().map(|s| s.to_string()).collect();
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        f.province = opt(region.0);
        f.city = opt(region.1);
        f.district = opt(region.2);
        f.legal_status = status.into();
        f
    }

    fn set() -> Vec<PatentFacts> {
        let bh = ("天津市", "天津市", "滨海新区");
        let np = ("天津市", "天津市", "南开区");
        vec![
            p(1, 2019, &["天津某某科技有限公司"], &["H01M 10/0525", "H01M 4/13"], bh, "granted"),
            p(2, 2019, &["天津某某科技有限责任公司", "天津大学"], &["H01M 10/0525"], bh, "granted"),
            p(3, 2021, &["天津大学"], &["G06N 3/08"], np, "pending"),
            p(4, 2021, &["ＴＣＬ科技集团（天津）有限公司", "TCL科技集团(天津)有限公司"], &["G06F 3/01"], bh, "lapsed"),
            p(5, 2022, &[], &["bad symbol"], ("天津市", "", ""), ""),
        ]
    }

    fn pairs(b: &[Bucket]) -> Vec<(&str, u64)> {
        b.iter().map(|b| (b.label.as_str(), b.count)).collect()
    }

    #[test]
    fn by_year_fills_gaps() {
        let mut s = set();
        s[4].application_date = None;
        assert_eq!(pairs(&by_year(&s, YearBasis::Application)), vec![("2019", 2), ("2020", 0), ("2021", 2), ("", 1)]);
        assert_eq!(pairs(&by_year(&s, YearBasis::Grant)), vec![("", 5)]);
        assert!(by_year(&[], YearBasis::Application).is_empty());
    }

    #[test]
    fn by_applicant_merges_spellings_and_counts_patents_once() {
        let got = by_applicant(&set(), None);
        assert_eq!(
            pairs(&got),
            vec![("天津大学", 2), ("天津某某科技有限公司", 2), ("TCL科技集团(天津)有限公司", 1), ("", 1)]
        );
        assert_eq!(by_applicant(&set(), Some(1)).len(), 2, "top 1 plus unknown");
    }

    #[test]
    fn by_ipc_at_each_level() {
        let s = set();
        assert_eq!(pairs(&by_ipc(&s, IpcLevel::Section, false, None)), vec![("G", 2), ("H", 2), ("", 1)]);
        assert_eq!(
            pairs(&by_ipc(&s, IpcLevel::Subclass, false, None)),
            vec![("H01M", 2), ("G06F", 1), ("G06N", 1), ("", 1)]
        );
        assert_eq!(
            pairs(&by_ipc(&s, IpcLevel::MainGroup, false, None)),
            vec![("H01M10/00", 2), ("G06F3/00", 1), ("G06N3/00", 1), ("H01M4/00", 1), ("", 1)]
        );
        assert_eq!(
            pairs(&by_ipc(&s, IpcLevel::MainGroup, true, None)),
            vec![("H01M10/00", 2), ("G06F3/00", 1), ("G06N3/00", 1), ("", 1)]
        );
        assert_eq!(
            pairs(&by_ipc(&s, IpcLevel::Class, false, None)),
            vec![("G06", 2), ("H01", 2), ("", 1)],
            "ties by key"
        );
    }

    #[test]
    fn by_region_and_status() {
        let s = set();
        assert_eq!(pairs(&by_region(&s, RegionLevel::Province, None)), vec![("天津市", 5)]);
        assert_eq!(
            pairs(&by_region(&s, RegionLevel::District, None)),
            vec![("天津市 / 天津市 / 滨海新区", 3), ("天津市 / 天津市 / 南开区", 1), ("", 1)]
        );
        assert_eq!(pairs(&by_legal_status(&s)), vec![("granted", 2), ("lapsed", 1), ("pending", 1), ("", 1)]);
    }

    #[test]
    fn matrix_counts_applicant_by_ipc() {
        let m = applicant_ipc_matrix(&set(), IpcLevel::Subclass, 2, 2);
        assert_eq!(pairs(&m.rows), vec![("天津大学", 2), ("天津某某科技有限公司", 2)]);
        assert_eq!(pairs(&m.columns), vec![("H01M", 2), ("G06F", 1)]);
        assert_eq!(m.cells, vec![vec![1, 0], vec![2, 0]]);
    }

    #[test]
    fn inventors_are_folded() {
        let mut s = set();
        s[0].inventors = vec!["张三".into(), "李四".into()];
        s[1].inventors = vec!["张 三".into()];
        s[2].inventors = vec!["王五".into()];
        s[3].inventors = vec!["张三".into()];
        assert_eq!(pairs(&top_inventors(&s, 2)), vec![("张三", 3), ("李四", 1)]);
    }

    #[test]
    fn builder_matches_the_slice_functions() {
        let mut s = set();
        s[0].inventors = vec!["张三".into(), "李四".into()];
        s[3].inventors = vec!["张 三".into()];
        for o in [
            OverviewOptions::default(),
            OverviewOptions {
                year_basis: YearBasis::Grant,
                ipc_level: IpcLevel::MainGroup,
                region_level: RegionLevel::Province,
                top: 1,
                matrix: 1,
            },
        ] {
            let got = overview(&s, &o);
            assert_eq!(got.total, 5);
            assert_eq!(got.by_year, by_year(&s, o.year_basis));
            assert_eq!(got.by_applicant, by_applicant(&s, Some(o.top)));
            assert_eq!(got.by_ipc, by_ipc(&s, o.ipc_level, false, Some(o.top)));
            assert_eq!(got.by_region, by_region(&s, o.region_level, Some(o.top)));
            assert_eq!(got.by_legal_status, by_legal_status(&s));
            assert_eq!(got.top_inventors, top_inventors(&s, o.top));
            let m = applicant_ipc_matrix(&s, o.ipc_level, o.matrix, o.matrix);
            assert_eq!(got.matrix, m);
            assert!(m.cells.iter().flatten().any(|c| *c > 0), "the second pass filled cells");
        }
    }

    #[test]
    fn overview_has_everything() {
        let o = overview(&set(), &OverviewOptions::default());
        assert_eq!(o.total, 5);
        assert_eq!(o.by_year.len(), 4);
        assert_eq!(o.matrix.rows.len(), 3);
    }
}
