//! `zhibao patents …`: import files or folders into the database and the search index (with a progress bar),
//! generate the synthetic corpus, search the index, export results, rebuild the index (`docs/patents.md`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use zhibao_patents::export::CsvExport;
use zhibao_patents::gen::Generator;
use zhibao_patents::import::{expand_paths, Importer};
use zhibao_patents::ImportReport;
use zhibao_search::query::ast::DateField;
use zhibao_search::{PatentIndex, SearchError, SearchOptions, SortBy};
use zhibao_store::{Store, Ts};

/// Patent commands.
#[derive(Subcommand)]
pub enum PatentsCommand {
    /// Import USPTO grant XML, CSV / XLSX (Chinese export columns) or JSON Lines files, or folders of them.
    Import {
        /// Files or folders (folders are read recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Database URL (default: SQLite in the data dir).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Generate a synthetic corpus as JSON Lines.
    Gen {
        /// Number of documents.
        #[arg(long)]
        count: u64,
        /// Random seed (the same seed gives the same corpus).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (.jsonl).
        #[arg(long)]
        out: PathBuf,
    },
    /// Search the index with the examiner query language (docs/search.md).
    Search {
        /// The query, e.g. 'TI=(锂电池 AND 隔膜) AND PD>=2021'.
        query: String,
        /// One-box mode: plain words, no operators.
        #[arg(long)]
        simple: bool,
        /// Print results as JSON.
        #[arg(long)]
        json: bool,
        /// Hits to show.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Hits to skip.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// relevance, pd, pd-asc, ad, ad-asc.
        #[arg(long, default_value = "relevance")]
        sort: String,
    },
    /// Export all hits of a query to CSV or XLSX (by the extension of --out).
    Export {
        /// The query.
        query: String,
        /// Output file (.csv or .xlsx).
        #[arg(long)]
        out: PathBuf,
    },
    /// Rebuild the search index from the database.
    Reindex {
        /// Database URL (default: SQLite in the data dir).
        #[arg(long)]
        database_url: Option<String>,
    },
}

/// The index folder: `patents.index_dir`, else `<data-dir>/patents-index`.
pub fn index_dir(configured: &str, data_dir: &Path) -> PathBuf {
    if configured.trim().is_empty() {
        data_dir.join("patents-index")
    } else {
        PathBuf::from(configured)
    }
}

/// Opens the index; one with an older schema is moved aside (and the user told to reindex — `reindex` and the demo
/// do so anyway).
fn open_index(dir: &Path) -> anyhow::Result<PatentIndex> {
    let (index, aside) = zhibao_patents::open_index(dir)
        .map_err(|e| anyhow::anyhow!(e))
        .with_context(|| format!("opening the patent index in {}", dir.display()))?;
    if let Some(old) = aside {
        eprintln!(
            "note: the index in {} had an older schema; it was moved to {} — run `zhibao patents reindex`",
            dir.display(),
            old.display()
        );
    }
    Ok(index)
}

fn sort_of(s: &str) -> anyhow::Result<SortBy> {
    Ok(match s {
        "relevance" => SortBy::Relevance,
        "pd" => SortBy::Date { field: DateField::Pd, descending: true },
        "pd-asc" => SortBy::Date { field: DateField::Pd, descending: false },
        "ad" => SortBy::Date { field: DateField::Ad, descending: true },
        "ad-asc" => SortBy::Date { field: DateField::Ad, descending: false },
        other => anyhow::bail!("--sort {other}: expected relevance, pd, pd-asc, ad or ad-asc"),
    })
}

/// Print a query error with its caret line; returns exit code 2.
fn query_error(query: &str, e: SearchError) -> anyhow::Result<i32> {
    match e {
        SearchError::Query(q) => {
            eprintln!("{}\n{q}", q.caret(query));
            Ok(2)
        }
        other => Err(other.into()),
    }
}

/// Run a command that needs no database; `None` when it needs one.
pub fn run_offline(cmd: &PatentsCommand, index: &Path) -> anyhow::Result<Option<i32>> {
    match cmd {
        PatentsCommand::Gen { count, seed, out } => {
            let f = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
            let mut w = std::io::BufWriter::new(f);
            let bar = ProgressBar::new(*count);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} docs  {per_sec}  eta {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let mut g = Generator::new(*seed);
            g.write_jsonl(*count, &mut w, &mut |n| bar.set_position(n))?;
            bar.finish_and_clear();
            eprintln!(
                "wrote {count} documents to {} (seed {seed}, vocabulary {} words)",
                out.display(),
                g.vocabulary_size()
            );
            Ok(Some(0))
        }
        PatentsCommand::Search { query, simple, json, limit, offset, sort } => {
            let index = open_index(index)?;
            let opts = SearchOptions { offset: *offset, limit: *limit, sort: sort_of(sort)?, ..Default::default() };
            let res = if *simple { index.search_simple(query, &opts) } else { index.search(query, &opts) };
            let res = match res {
                Ok(r) => r,
                Err(e) => return query_error(query, e).map(Some),
            };
            if *json {
                println!("{}", serde_json::to_string_pretty(&res)?);
            } else {
                println!("{} hits", res.total);
                for (i, h) in res.hits.iter().enumerate() {
                    let d = &h.doc;
                    let date = d.publication_date.map(|d| d.to_string()).unwrap_or_default();
                    println!(
                        "{:>4}. {}  {}  {}  {}",
                        offset + i + 1,
                        d.publication_number,
                        date,
                        d.title.lines().next().unwrap_or(""),
                        d.applicants.first().map(String::as_str).unwrap_or("")
                    );
                }
            }
            Ok(Some(0))
        }
        PatentsCommand::Export { query, out } => {
            let index = open_index(index)?;
            let total = match index.count(query) {
                Ok(n) => n,
                Err(e) => return query_error(query, e).map(Some),
            };
            let xlsx = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            let mut docs = Vec::new();
            let f = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
            let mut csv = if xlsx { None } else { Some(CsvExport::new(std::io::BufWriter::new(f.try_clone()?))?) };
            if let Some(c) = csv.as_mut() {
                c.header()?;
            }
            let page = 1000;
            let mut offset = 0;
            let cap = if xlsx { zhibao_patents::export::XLSX_MAX_ROWS } else { usize::MAX };
            while offset < total.min(cap) {
                let opts = SearchOptions { offset, limit: page, snippets: false, ..Default::default() };
                let res = index.search(query, &opts)?;
                if res.hits.is_empty() {
                    break;
                }
                offset += res.hits.len();
                for h in res.hits {
                    match csv.as_mut() {
                        Some(c) => c.write(&h.doc)?,
                        None => docs.push(h.doc),
                    }
                }
            }
            match csv {
                Some(c) => {
                    c.finish()?.flush()?;
                }
                None => {
                    let bytes = zhibao_patents::export::xlsx(docs.iter()).map_err(|e| anyhow::anyhow!(e))?;
                    std::fs::write(out, bytes)?;
                }
            }
            eprintln!("exported {} of {total} hits to {}", offset.min(total), out.display());
            Ok(Some(0))
        }
        _ => Ok(None),
    }
}

/// Run a command that needs the database.
pub async fn run(cmd: &PatentsCommand, store: &Store, index_dir: &Path) -> anyhow::Result<i32> {
    match cmd {
        PatentsCommand::Import { paths, json, .. } => {
            let index = open_index(index_dir)?;
            let files = expand_paths(paths);
            let now = Ts::new(chrono::Utc::now());
            let mut imp = Importer::new(Some(store), Some(&index), now).map_err(|e| anyhow::anyhow!(e))?.track_numbers(true);
            let bar = ProgressBar::new(files.len() as u64);
            bar.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let mut report = ImportReport::default();
            for f in &files {
                let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let r = imp.import_path(f, &mut |n| bar.set_message(format!("{name}: {n} documents read"))).await;
                bar.inc(1);
                report.files.push(r);
            }
            bar.finish_and_clear();
            // Watch lists (专利预警): the new matches of this import raise alerts; reported on stderr.
            let batch = format!("cli-import:{}", now.to_text());
            match zhibao_server::patent_watch::after_import_numbers(store, &imp.written, &batch).await {
                Ok(w) if w.alerts > 0 => eprintln!("watch lists: {} new alerts, {} webhook posts", w.alerts, w.webhooks),
                Ok(_) => {}
                Err(e) => eprintln!("watch lists: sweep failed: {e}"),
            }
            if *json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                for f in &report.files {
                    println!(
                        "{}: {} imported ({} new, {} updated), {} skipped",
                        f.name, f.imported, f.created, f.updated, f.skipped
                    );
                    if let Some(e) = &f.error {
                        println!("  file refused: {e}");
                    }
                    for w in &f.warnings {
                        println!("  note: {w}");
                    }
                    for p in &f.problems {
                        println!("  {}: {}", p.location, p.message);
                    }
                }
                println!(
                    "total: {} imported, {} refused; index now holds {} documents",
                    report.imported(),
                    report.failures(),
                    index.num_docs()
                );
            }
            Ok(if report.failures() > 0 { 1 } else { 0 })
        }
        PatentsCommand::Reindex { .. } => {
            let index = open_index(index_dir)?;
            let total = store.patent_count().await?;
            let bar = ProgressBar::new(total as u64);
            let n = zhibao_patents::reindex(store, &index, &mut |n| bar.set_position(n))
                .await
                .map_err(|e| anyhow::anyhow!(e))?;
            bar.finish_and_clear();
            println!("indexed {n} documents into {}", index_dir.display());
            Ok(0)
        }
        _ => anyhow::bail!("internal: command needs no database"),
    }
}

/// The database URL option of a command, if it has one.
pub fn database_url(cmd: &PatentsCommand) -> Option<&str> {
    match cmd {
        PatentsCommand::Import { database_url, .. } | PatentsCommand::Reindex { database_url } => {
            database_url.as_deref()
        }
        _ => None,
    }
}

/// Demo data, once per instance (metadata `demo_patents`): a synthetic corpus of `count` documents (seed 2026) and —
/// when `count` > 0 and the shared fixtures are next to the working directory — the USPTO fixtures (broken ones are
/// reported and skipped), into the database and the index; then every stored patent is indexed, so the analytics
/// demo's patents (written by `seed::demo`, which has no index) are searchable too.
pub async fn seed_demo(store: &Store, index_dir: &Path, count: usize) -> anyhow::Result<()> {
    if store.meta("demo_patents").await?.is_some() {
        return Ok(());
    }
    let index = open_index(index_dir)?;
    let mut n = 0;
    if count > 0 {
        let now = Ts::new(chrono::Utc::now());
        let mut imp = Importer::new(Some(store), Some(&index), now).map_err(|e| anyhow::anyhow!(e))?;
        let mut g = Generator::new(2026);
        let docs: Vec<_> = (0..count).map(|_| Ok(g.next_patent())).collect();
        let mut report = zhibao_patents::FileReport { name: "demo corpus".into(), ..Default::default() };
        imp.run(docs.into_iter(), &mut report, &mut |_| {}).await.map_err(|e| anyhow::anyhow!(e))?;
        let fixtures = PathBuf::from("../shared/testdata/patents/uspto");
        n = report.imported;
        if fixtures.is_dir() {
            for f in expand_paths(&[fixtures]) {
                n += imp.import_path(&f, &mut |_| {}).await.imported;
            }
        }
    }
    let indexed = zhibao_patents::reindex(store, &index, &mut |_| {}).await.map_err(|e| anyhow::anyhow!(e))?;
    store.set_meta("demo_patents", "true").await?;
    eprintln!("demo patents: {n} documents imported, {indexed} indexed");
    Ok(())
}
