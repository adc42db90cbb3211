//! Patent search benchmark (issue 5): zhibao's tantivy + jieba index beside Lucene 8 + smartcn
//! (`bench/peers/lucene`, Debian liblucene8-java under Java 17) and SQLite FTS5, in the same run, on the same
//! synthetic corpus (`zhibao_patents::gen`, same seed) and the same queries per class: term, boolean, phrase,
//! field + range, proximity, facets. Reports indexing docs/s and index size, query p50 / p99 per class, and the RSS
//! of a fresh process with zhibao's index open after running every query once.
//!
//! ```text
//! cargo run --release -p zhibao-bench --bin patents -- --count 100000 --repeats 30
//! ```
//! Fields indexed by every engine: title, abstract, claims (text), publication date, IPC symbols, applicants.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Parser;
use zhibao_patents::gen::Generator;
use zhibao_patents::to_search_doc;
use zhibao_search::analyzer::{analyze, Mode};
use zhibao_search::{IndexOptions, PatentDoc, PatentIndex, SearchOptions};

#[derive(Parser)]
struct Args {
    /// Documents.
    #[arg(long, default_value_t = 50_000)]
    count: u64,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Timed runs per query (after one warm-up run).
    #[arg(long, default_value_t = 20)]
    repeats: usize,
    /// Indexing threads for tantivy and Lucene.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Work directory (default: a temporary one).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Skip the Lucene peer.
    #[arg(long)]
    no_lucene: bool,
    /// Internal: open the index in DIR, run the queries once, print VmRSS.
    #[arg(long, hide = true)]
    rss_probe: Option<PathBuf>,
}

/// One query in the three dialects.
struct Q {
    class: &'static str,
    ours: &'static str,
    lucene: &'static str,
    fts: &'static str,
    /// Publication date range (yyyymmdd) for field + range.
    pd: Option<(u32, u32)>,
    facet: bool,
}

const fn q(class: &'static str, ours: &'static str, lucene: &'static str, fts: &'static str) -> Q {
    Q { class, ours, lucene, fts, pd: None, facet: false }
}

fn queries() -> Vec<Q> {
    let mut v = vec![
        q("term", "AB=电池", "ab:电池", "ab:电池"),
        q("term", "AB=催化剂", "ab:催化剂", "ab:催化剂"),
        q("term", "AB=battery", "ab:battery", "ab:battery"),
        q("term", "AB=membrane", "ab:membrane", "ab:membrane"),
        q("boolean", "AB=(电池 AND 隔膜)", "ab:(电池 AND 隔膜)", "ab:(电池 AND 隔膜)"),
        q("boolean", "AB=((数据 OR 图像) AND 识别)", "ab:((数据 OR 图像) AND 识别)", "ab:((数据 OR 图像) AND 识别)"),
        q(
            "boolean",
            "AB=((battery OR cathode) NOT anode)",
            "ab:((battery OR cathode) AND NOT anode)",
            "ab:((battery OR cathode) NOT anode)",
        ),
        q(
            "boolean",
            "AB=(network AND (training OR model))",
            "ab:(network AND (training OR model))",
            "ab:(network AND (training OR model))",
        ),
        q("phrase", "AB=\"公开了一种\"", "ab:\"公开了一种\"", "ab:\"公开 了 一种\""),
        q("phrase", "AB=\"水处理\"", "ab:\"水处理\"", "ab:\"水处理\""),
        q("phrase", "AB=\"the battery\"", "ab:\"the battery\"", "ab:\"the battery\""),
        q("phrase", "AB=\"control unit\"", "ab:\"control unit\"", "ab:\"control unit\""),
        q("proximity", "AB=(电池 5D 隔膜)", "ab:\"电池 隔膜\"~5", "ab:NEAR(电池 隔膜, 5)"),
        q("proximity", "AB=(lithium 3D cathode)", "ab:\"lithium cathode\"~3", "ab:NEAR(lithium cathode, 3)"),
        q("proximity", "AB=(数据 3D 处理器)", "ab:\"数据 处理器\"~3", "ab:NEAR(数据 处理器, 3)"),
        q("proximity", "AB=(image 2D recognition)", "ab:\"image recognition\"~2", "ab:NEAR(image recognition, 2)"),
    ];
    for (ours, lucene, fts) in [
        ("TI=电池", "ti:电池", "ti:电池"),
        ("TI=系统", "ti:系统", "ti:系统"),
        ("AB=network", "ab:network", "ab:network"),
        ("AB=(过滤 AND 分离)", "ab:(过滤 AND 分离)", "ab:(过滤 AND 分离)"),
    ] {
        v.push(Q { class: "field+range", ours, lucene, fts, pd: Some((20200101, 20261231)), facet: false });
    }
    for (ours, lucene, fts) in
        [("AB=电池", "ab:电池", "ab:电池"), ("AB=数据", "ab:数据", "ab:数据"), ("AB=system", "ab:system", "ab:system")]
    {
        v.push(Q { class: "facets", ours, lucene, fts, pd: None, facet: true });
    }
    v
}

fn ours_text(q: &Q) -> String {
    match q.pd {
        Some((a, b)) => format!("{} AND PD=[{} TO {}]", q.ours, ymd(a), ymd(b)),
        None => q.ours.to_string(),
    }
}

fn ymd(n: u32) -> String {
    format!("{:04}-{:02}-{:02}", n / 10000, n / 100 % 100, n % 100)
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(
                    |e| {
                        if e.path().is_dir() {
                            dir_size(&e.path())
                        } else {
                            e.metadata().map(|m| m.len()).unwrap_or(0)
                        }
                    },
                )
                .sum()
        })
        .unwrap_or(0)
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return 0.0;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

/// Words of a text as our analyser sees them, space separated (what FTS5's unicode61 tokenizer gets).
fn pretokenize(text: &str) -> String {
    analyze(text, Mode::Query).into_iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

fn bench_doc(d: &PatentDoc) -> PatentDoc {
    // The fields every engine gets.
    PatentDoc {
        id: d.id.clone(),
        publication_number: d.publication_number.clone(),
        title: d.title.clone(),
        abstract_text: d.abstract_text.clone(),
        claims: d.claims.clone(),
        applicants: d.applicants.clone(),
        ipc: d.ipc.clone(),
        publication_date: d.publication_date,
        ..Default::default()
    }
}

type Lat = Vec<(String, String, usize, Vec<f64>)>; // class, query, hits, latencies in ms

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(dir) = &args.rss_probe {
        let index = PatentIndex::open_or_create(dir)?;
        for q in queries() {
            if q.facet {
                index.facet_counts(&ours_text(&q), "ipc", 20)?;
            } else {
                index.search(&ours_text(&q), &SearchOptions { limit: 20, ..Default::default() })?;
            }
        }
        println!("{}", rss_kb());
        return Ok(());
    }
    let tmp = tempfile::tempdir()?;
    let work = args.work.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&work)?;
    eprintln!("generating {} documents (seed {}) …", args.count, args.seed);
    let mut g = Generator::new(args.seed);
    let docs: Vec<PatentDoc> = (0..args.count).map(|_| bench_doc(&to_search_doc(&g.next_patent()))).collect();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "# patents benchmark: {} docs, seed {}, {} repeats, {} indexing threads; machine: {} cores, loadavg {}",
        args.count,
        args.seed,
        args.repeats,
        args.threads,
        cores,
        load.trim()
    );

    // --- zhibao (tantivy + jieba)
    let tdir = work.join("tantivy");
    let _ = std::fs::remove_dir_all(&tdir);
    let opts = IndexOptions { writer_threads: args.threads, writer_memory_bytes: 256 << 20, ..Default::default() };
    let index = PatentIndex::open_or_create_with(&tdir, opts)?;
    let t0 = Instant::now();
    {
        let mut w = index.writer()?;
        for d in &docs {
            w.upsert(d)?;
        }
        w.commit()?;
    }
    let ours_secs = t0.elapsed().as_secs_f64();
    let ours_bytes = dir_size(&tdir);
    let mut ours: Lat = Vec::new();
    for q in queries() {
        let text = ours_text(&q);
        let mut lat = Vec::new();
        let mut hits = 0;
        for i in 0..=args.repeats {
            let s = Instant::now();
            if q.facet {
                let f = index.facet_counts(&text, "ipc", 20)?;
                hits = f.iter().map(|(_, n)| *n as usize).sum();
            } else {
                hits = index.search(&text, &SearchOptions { limit: 20, ..Default::default() })?.total;
            }
            if i > 0 {
                lat.push(s.elapsed().as_secs_f64() * 1e3);
            }
        }
        ours.push((q.class.to_string(), text, hits, lat));
    }

    // --- SQLite FTS5 (text pre-tokenized by our analyser; unicode61 tokenizer)
    let fdir = work.join("fts5");
    let _ = std::fs::remove_dir_all(&fdir);
    std::fs::create_dir_all(&fdir)?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (fts_secs, fts_bytes, fts) = rt.block_on(fts5(&fdir, &docs, args.repeats))?;

    // --- Lucene
    let mut lucene: Lat = Vec::new();
    let mut lucene_index: Option<(f64, u64)> = None;
    if !args.no_lucene {
        let tsv = work.join("docs.tsv");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&tsv)?);
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        for d in &docs {
            writeln!(
                f,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                d.id,
                clean(&d.title),
                clean(&d.abstract_text),
                clean(&d.claims.join(" ")),
                d.publication_date.map(|x| x.format("%Y%m%d").to_string()).unwrap_or_default(),
                d.ipc.join(" "),
                clean(&d.applicants.join(" "))
            )?;
        }
        f.flush()?;
        let qf = work.join("queries.tsv");
        let mut f = std::fs::File::create(&qf)?;
        for q in queries() {
            let (a, b) = q.pd.map(|(a, b)| (a.to_string(), b.to_string())).unwrap_or_default();
            writeln!(f, "{}\t{}\t{}\t{}\t{}", q.class, q.lucene, a, b, if q.facet { 1 } else { 0 })?;
        }
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peers/lucene/run.sh");
        let out = std::process::Command::new(script)
            .arg(&tsv)
            .arg(&qf)
            .arg(work.join("lucene"))
            .arg(args.repeats.to_string())
            .arg(args.threads.to_string())
            .output()?;
        if !out.status.success() {
            anyhow::bail!("lucene peer failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let v: serde_json::Value = serde_json::from_str(line)?;
            if let Some(secs) = v["index_secs"].as_f64() {
                lucene_index = Some((secs, v["index_bytes"].as_u64().unwrap_or(0)));
            } else if let Some(c) = v["class"].as_str() {
                let lat: Vec<f64> = v["lat_ns"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_f64()).map(|x| x / 1e6).collect())
                    .unwrap_or_default();
                lucene.push((
                    c.to_string(),
                    v["query"].as_str().unwrap_or("").to_string(),
                    v["hits"].as_u64().unwrap_or(0) as usize,
                    lat,
                ));
            }
        }
    }

    // --- RSS of a fresh process with our index open.
    let exe = std::env::current_exe()?;
    let out = std::process::Command::new(exe).arg("--rss-probe").arg(&tdir).output()?;
    let rss_mb = String::from_utf8_lossy(&out.stdout).trim().parse::<f64>().unwrap_or(0.0) / 1024.0;

    // --- Report.
    let n = args.count as f64;
    println!("\n## indexing ({} docs)\n", args.count);
    println!("| engine | docs/s | index size (MB) |\n|---|---:|---:|");
    println!("| zhibao (tantivy + jieba) | {:.0} | {:.1} |", n / ours_secs, ours_bytes as f64 / 1e6);
    if let Some((s, b)) = lucene_index {
        println!("| Lucene 8 + smartcn | {:.0} | {:.1} |", n / s, b as f64 / 1e6);
    }
    println!("| SQLite FTS5 | {:.0} | {:.1} |", n / fts_secs, fts_bytes as f64 / 1e6);
    println!("\n## query latency per class (ms, over all queries of the class × {} runs)\n", args.repeats);
    println!("| class | zhibao p50 | zhibao p99 | Lucene p50 | Lucene p99 | FTS5 p50 | FTS5 p99 |\n|---|---:|---:|---:|---:|---:|---:|");
    let classes = ["term", "boolean", "phrase", "field+range", "proximity", "facets"];
    for c in classes {
        let all = |l: &Lat| -> Vec<f64> { l.iter().filter(|x| x.0 == c).flat_map(|x| x.3.clone()).collect() };
        let (mut a, mut b, mut f) = (all(&ours), all(&lucene), all(&fts));
        let cell =
            |v: &mut Vec<f64>, p: f64| if v.is_empty() { "—".to_string() } else { format!("{:.3}", pct(v, p)) };
        println!(
            "| {c} | {} | {} | {} | {} | {} | {} |",
            cell(&mut a, 0.5),
            cell(&mut a, 0.99),
            cell(&mut b, 0.5),
            cell(&mut b, 0.99),
            cell(&mut f, 0.5),
            cell(&mut f, 0.99)
        );
    }
    println!("\n## hits per query (zhibao / Lucene / FTS5; facets: sum of IPC counts)\n");
    for (i, q) in ours.iter().enumerate() {
        let l = lucene.get(i).map(|x| x.2.to_string()).unwrap_or_else(|| "—".into());
        let f = fts.get(i).map(|x| x.2.to_string()).unwrap_or_else(|| "—".into());
        println!("- {} `{}`: {} / {} / {}", q.0, q.1, q.2, l, f);
    }
    println!("\nRSS of a fresh process with the zhibao index open after one run of every query: {rss_mb:.0} MB");
    Ok(())
}

async fn fts5(dir: &Path, docs: &[PatentDoc], repeats: usize) -> anyhow::Result<(f64, u64, Lat)> {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};
    let path = dir.join("fts.db");
    let mut c = SqliteConnectOptions::new().filename(&path).create_if_missing(true).connect().await?;
    sqlx::query("PRAGMA journal_mode=WAL").execute(&mut c).await?;
    sqlx::query("PRAGMA synchronous=OFF").execute(&mut c).await?;
    sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(ti, ab, cl, tokenize='unicode61')").execute(&mut c).await?;
    sqlx::query("CREATE TABLE meta (rowid INTEGER PRIMARY KEY, pd INTEGER)").execute(&mut c).await?;
    sqlx::query("CREATE TABLE ipc (rowid INTEGER, symbol TEXT)").execute(&mut c).await?;
    let t0 = Instant::now();
    let mut tx = c.begin().await?;
    for (i, d) in docs.iter().enumerate() {
        let id = i as i64 + 1;
        sqlx::query("INSERT INTO docs (rowid, ti, ab, cl) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(pretokenize(&d.title))
            .bind(pretokenize(&d.abstract_text))
            .bind(pretokenize(&d.claims.join("\n")))
            .execute(&mut *tx)
            .await?;
        let pd = d.publication_date.map(|x| x.format("%Y%m%d").to_string().parse::<i64>().unwrap_or(0));
        sqlx::query("INSERT INTO meta (rowid, pd) VALUES ($1, $2)").bind(id).bind(pd).execute(&mut *tx).await?;
        for s in &d.ipc {
            sqlx::query("INSERT INTO ipc (rowid, symbol) VALUES ($1, $2)").bind(id).bind(s).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    sqlx::query("CREATE INDEX ipc_rowid ON ipc (rowid)").execute(&mut c).await?;
    sqlx::query("CREATE INDEX meta_pd ON meta (pd)").execute(&mut c).await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut c).await?;
    let secs = t0.elapsed().as_secs_f64();
    let bytes = dir_size(dir);
    let mut out: Lat = Vec::new();
    for q in queries() {
        match fts5_query(&mut c, &q, repeats).await {
            Ok((hits, lat)) => out.push((q.class.to_string(), q.fts.to_string(), hits, lat)),
            Err(e) => {
                eprintln!("FTS5 cannot run {:?}: {e}", q.fts);
                out.push((q.class.to_string(), q.fts.to_string(), 0, Vec::new()));
            }
        }
    }
    Ok((secs, bytes, out))
}

async fn fts5_query(c: &mut sqlx::SqliteConnection, q: &Q, repeats: usize) -> anyhow::Result<(usize, Vec<f64>)> {
    let mut lat = Vec::new();
    let mut hits = 0usize;
    for i in 0..=repeats {
        let s = Instant::now();
        hits = if q.facet {
            let rows: Vec<(String, i64)> = sqlx::query_as(
                "SELECT symbol, COUNT(*) FROM ipc WHERE rowid IN (SELECT rowid FROM docs WHERE docs MATCH $1) \
                     GROUP BY symbol ORDER BY 2 DESC LIMIT 20",
            )
            .bind(q.fts)
            .fetch_all(&mut *c)
            .await?;
            rows.iter().map(|r| r.1 as usize).sum()
        } else if let Some((a, b)) = q.pd {
            let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH $1 AND meta.pd BETWEEN $2 AND $3",
                )
                .bind(q.fts)
                .bind(a as i64)
                .bind(b as i64)
                .fetch_one(&mut *c)
                .await?;
            let _top: Vec<(i64,)> = sqlx::query_as(
                    "SELECT docs.rowid FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH $1 AND meta.pd BETWEEN $2 AND $3 ORDER BY rank LIMIT 20",
                )
                .bind(q.fts)
                .bind(a as i64)
                .bind(b as i64)
                .fetch_all(&mut *c)
                .await?;
            n as usize
        } else {
            // Total and the top 20 by BM25, like the other engines.
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM docs WHERE docs MATCH $1")
                .bind(q.fts)
                .fetch_one(&mut *c)
                .await?;
            let _top: Vec<(i64,)> = sqlx::query_as("SELECT rowid FROM docs WHERE docs MATCH $1 ORDER BY rank LIMIT 20")
                .bind(q.fts)
                .fetch_all(&mut *c)
                .await?;
            n as usize
        };
        if i > 0 {
            lat.push(s.elapsed().as_secs_f64() * 1e3);
        }
    }
    Ok((hits, lat))
}
