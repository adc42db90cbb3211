//! Patent search benchmark (issue 5): zhibao's tantivy + jieba index beside Lucene 8 (`bench/peers/lucene`,
//! Debian liblucene8-java under Java 17) and SQLite FTS5, in the same run, on the same synthetic corpus
//! (`zhibao_patents::gen`, same seed) and the same queries per class: term, boolean, phrase, field + range,
//! proximity, facets. Reports indexing docs/s and index size, query p50 / p99 per class and per query, and the RSS
//! of a fresh process with zhibao's index open after running every query once.
//!
//! Lucene runs twice: with smartcn on the raw text (the issue's named peer), and fed the tokens of our own
//! analyser (jieba words, sub-words at the same position), so that its latency can also be read at equal recall.
//!
//! Every engine does the same work per timed query run: parse the query text (with analysis; Lucene + jieba
//! tokens gets its query text segmented beforehand), count ALL hits exactly (Lucene: `totalHitsThreshold =
//! Integer.MAX_VALUE`, not its default 1000 that stops counting), find the top 10 by BM25 and read the stored id of
//! each (Lucene: the stored `id` field; zhibao: the stored `id` field, no JSON decoding of the stored document, no
//! snippets). Facets: counts of IPC symbols over all hits, top 20. Lucene's query cache is off (a repeated date
//! filter would otherwise be answered from a cached bit set). Every engine gets `--warmup` untimed passes first.
//!
//! ```text
//! cargo build --release -p zhibao-bench --bin patents
//! target/release/patents --count 100000 --repeats 20 --work /tmp/zb-pat100k
//! ```
//! Fields indexed by every engine: title, abstract, claims (text), publication date, IPC symbols, applicants.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Parser;
use zhibao_patents::gen::Generator;
use zhibao_patents::to_search_doc;
use zhibao_search::analyzer::{analyze, is_cjk, Mode, TokenKind};
use zhibao_search::{IndexOptions, PatentDoc, PatentIndex, SearchOptions};

#[derive(Parser)]
struct Args {
    /// Documents.
    #[arg(long, default_value_t = 50_000)]
    count: u64,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Timed runs per query.
    #[arg(long, default_value_t = 20)]
    repeats: usize,
    /// Untimed passes over all queries before the timed runs (every engine; JIT warm-up for Lucene).
    #[arg(long, default_value_t = 3)]
    warmup: usize,
    /// Indexing threads for tantivy and Lucene.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Work directory (default: a temporary one).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Skip both Lucene peers.
    #[arg(long)]
    no_lucene: bool,
    /// Skip the Lucene peer fed jieba tokens (keep Lucene + smartcn).
    #[arg(long)]
    no_lucene_jieba: bool,
    /// Skip SQLite FTS5.
    #[arg(long)]
    no_fts: bool,
    /// Reuse zhibao's index in WORK/tantivy when it holds COUNT documents (profiling runs).
    #[arg(long)]
    reuse: bool,
    /// Only these query classes (comma separated: term,boolean,phrase,field+range,proximity,facets).
    #[arg(long)]
    only: Option<String>,
    /// zhibao without the two-pass count + block-max WAND page (IndexOptions::prune_top_k = false).
    #[arg(long)]
    no_prune: bool,
    /// Internal: open the index in DIR, run the queries once, print VmRSS.
    #[arg(long, hide = true)]
    rss_probe: Option<PathBuf>,
}

/// Hits per page: every engine finds the top 10 by BM25 and reads their ids, and counts all hits exactly.
const PAGE: usize = 10;

/// One query in the dialects.
struct Q {
    class: &'static str,
    ours: &'static str,
    lucene: &'static str,
    fts: &'static str,
    /// Publication date range (yyyymmdd) for field + range.
    pd: Option<(u32, u32)>,
    facet: bool,
    /// Proximity as (n, in order, a, b): at most n words between a and b (Lucene + jieba tokens: SpanNearQuery,
    /// the same semantics as ours).
    prox: Option<(u32, bool, &'static str, &'static str)>,
}

const fn q(class: &'static str, ours: &'static str, lucene: &'static str, fts: &'static str) -> Q {
    Q { class, ours, lucene, fts, pd: None, facet: false, prox: None }
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
    ];
    for (ours, lucene, fts, prox) in [
        ("AB=(电池 5D 隔膜)", "ab:\"电池 隔膜\"~5", "ab:NEAR(电池 隔膜, 5)", (5, false, "电池", "隔膜")),
        (
            "AB=(lithium 3D cathode)",
            "ab:\"lithium cathode\"~3",
            "ab:NEAR(lithium cathode, 3)",
            (3, false, "lithium", "cathode"),
        ),
        ("AB=(数据 3D 处理器)", "ab:\"数据 处理器\"~3", "ab:NEAR(数据 处理器, 3)", (3, false, "数据", "处理器")),
        (
            "AB=(image 2D recognition)",
            "ab:\"image recognition\"~2",
            "ab:NEAR(image recognition, 2)",
            (2, false, "image", "recognition"),
        ),
    ] {
        v.push(Q { class: "proximity", ours, lucene, fts, pd: None, facet: false, prox: Some(prox) });
    }
    for (ours, lucene, fts) in [
        ("TI=电池", "ti:电池", "ti:电池"),
        ("TI=系统", "ti:系统", "ti:系统"),
        ("AB=network", "ab:network", "ab:network"),
        ("AB=(过滤 AND 分离)", "ab:(过滤 AND 分离)", "ab:(过滤 AND 分离)"),
    ] {
        v.push(Q { class: "field+range", ours, lucene, fts, pd: Some((20200101, 20261231)), facet: false, prox: None });
    }
    for (ours, lucene, fts) in
        [("AB=电池", "ab:电池", "ab:电池"), ("AB=数据", "ab:数据", "ab:数据"), ("AB=system", "ab:system", "ab:system")]
    {
        v.push(Q { class: "facets", ours, lucene, fts, pd: None, facet: true, prox: None });
    }
    v
}

/// The Lucene query text for the peer fed jieba tokens: every run of CJK characters replaced by its words (our
/// analyser, query mode), quoted as a phrase when it has several words outside quotes.
fn jieba_lucene_text(s: &str) -> String {
    let mut out = String::new();
    let mut in_quotes = false;
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String, in_quotes: bool| {
        if run.is_empty() {
            return;
        }
        let words: Vec<String> = analyze(run, Mode::Query).into_iter().map(|t| t.text).collect();
        if words.len() > 1 && !in_quotes {
            out.push('"');
            out.push_str(&words.join(" "));
            out.push('"');
        } else {
            out.push_str(&words.join(" "));
        }
        run.clear();
    };
    for c in s.chars() {
        if is_cjk(c) {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut out, in_quotes);
        if c == '"' {
            in_quotes = !in_quotes;
        }
        out.push(c);
    }
    flush(&mut run, &mut out, in_quotes);
    out
}

fn selected(args: &Args, q: &Q) -> bool {
    args.only.as_deref().is_none_or(|o| o.split(',').any(|c| c.trim() == q.class))
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

/// The tokens of our index for the Lucene peer fed jieba tokens: words space separated, a sub-word written `+w`
/// (it takes the previous word's position there too); the sentence / paragraph marks are left out (no S / P here).
fn index_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for t in analyze(text, Mode::Index) {
        let prefix = match t.kind {
            TokenKind::Word => "",
            TokenKind::SubWord => "+",
            TokenKind::SentenceMark | TokenKind::ParagraphMark => continue,
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(prefix);
        out.push_str(&t.text);
    }
    out
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

/// One run of a query on our index, the same work as the peers': parse and analyse the text, count every hit
/// exactly, find the top 10 by BM25 and read their ids (facets: IPC counts over all hits). Returns the total.
fn run_ours(index: &PatentIndex, text: &str, facet: bool) -> anyhow::Result<usize> {
    Ok(if facet {
        index.facet_counts(text, "ipc", 20)?.iter().map(|(_, n)| *n as usize).sum()
    } else {
        let r = index.search_ids(text, &SearchOptions { limit: PAGE, snippets: false, ..Default::default() })?;
        std::hint::black_box(&r.hits);
        r.total
    })
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(dir) = &args.rss_probe {
        let index = PatentIndex::open_or_create(dir)?;
        for q in queries() {
            run_ours(&index, &ours_text(&q), q.facet)?;
        }
        println!("{}", rss_kb());
        return Ok(());
    }
    let qs: Vec<Q> = queries().into_iter().filter(|q| selected(&args, q)).collect();
    let tmp = tempfile::tempdir()?;
    let work = args.work.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&work)?;
    let tdir = work.join("tantivy");
    let opts = IndexOptions {
        writer_threads: args.threads,
        writer_memory_bytes: 256 << 20,
        prune_top_k: !args.no_prune,
        ..Default::default()
    };
    let reuse =
        args.reuse && tdir.exists() && PatentIndex::open_or_create_with(&tdir, opts.clone())?.num_docs() == args.count;
    let need_docs = !reuse || !args.no_lucene || !args.no_fts;
    let docs: Vec<PatentDoc> = if need_docs {
        eprintln!("generating {} documents (seed {}) …", args.count, args.seed);
        let mut g = Generator::new(args.seed);
        (0..args.count).map(|_| bench_doc(&to_search_doc(&g.next_patent()))).collect()
    } else {
        Vec::new()
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "# patents benchmark: {} docs, seed {}, {} repeats after {} warm-up passes, {} indexing threads{}; machine: {} cores, loadavg {}",
        args.count,
        args.seed,
        args.repeats,
        args.warmup,
        args.threads,
        if args.no_prune { ", zhibao without two-pass pruning" } else { "" },
        cores,
        load.trim()
    );

    // --- zhibao (tantivy + jieba)
    let mut ours_index: Option<(f64, u64)> = None;
    if !reuse {
        let _ = std::fs::remove_dir_all(&tdir);
        let index = PatentIndex::open_or_create_with(&tdir, opts.clone())?;
        let t0 = Instant::now();
        {
            let mut w = index.writer()?;
            for d in &docs {
                w.upsert(d)?;
            }
            w.commit()?;
        }
        ours_index = Some((t0.elapsed().as_secs_f64(), dir_size(&tdir)));
    }
    let index = PatentIndex::open_or_create_with(&tdir, opts)?;
    for _ in 0..args.warmup {
        for q in &qs {
            run_ours(&index, &ours_text(q), q.facet)?;
        }
    }
    let mut ours: Lat = Vec::new();
    for q in &qs {
        let text = ours_text(q);
        let mut lat = Vec::with_capacity(args.repeats);
        let mut hits = 0;
        for _ in 0..args.repeats {
            let s = Instant::now();
            hits = run_ours(&index, &text, q.facet)?;
            lat.push(s.elapsed().as_secs_f64() * 1e3);
        }
        ours.push((q.class.to_string(), text, hits, lat));
    }

    // --- SQLite FTS5 (text pre-tokenized by our analyser; unicode61 tokenizer)
    let mut fts: Lat = Vec::new();
    let mut fts_index: Option<(f64, u64)> = None;
    if !args.no_fts {
        let fdir = work.join("fts5");
        let _ = std::fs::remove_dir_all(&fdir);
        std::fs::create_dir_all(&fdir)?;
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (secs, bytes, lat) = rt.block_on(fts5(&fdir, &docs, &qs, args.repeats, args.warmup))?;
        fts_index = Some((secs, bytes));
        fts = lat;
    }

    // --- Lucene: smartcn on the raw text, and (unless --no-lucene-jieba) our jieba tokens.
    let mut lucene: Lat = Vec::new();
    let mut lucene_index: Option<(f64, u64)> = None;
    let mut lucene_j: Lat = Vec::new();
    let mut lucene_j_index: Option<(f64, u64)> = None;
    if !args.no_lucene {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let write_docs = |path: &Path, tok: &dyn Fn(&str) -> String| -> anyhow::Result<()> {
            let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
            for d in &docs {
                writeln!(
                    f,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    d.id,
                    tok(&clean(&d.title)),
                    tok(&clean(&d.abstract_text)),
                    tok(&clean(&d.claims.join(" "))),
                    d.publication_date.map(|x| x.format("%Y%m%d").to_string()).unwrap_or_default(),
                    d.ipc.join(" "),
                    tok(&clean(&d.applicants.join(" ")))
                )?;
            }
            f.flush()?;
            Ok(())
        };
        let write_queries = |path: &Path, jieba: bool| -> anyhow::Result<()> {
            let mut f = std::fs::File::create(path)?;
            for q in &qs {
                let (a, b) = q.pd.map(|(a, b)| (a.to_string(), b.to_string())).unwrap_or_default();
                let text = if jieba { jieba_lucene_text(q.lucene) } else { q.lucene.to_string() };
                let prox = match (jieba, q.prox) {
                    (true, Some((n, ordered, x, y))) => format!("ab {n} {} {x} {y}", u8::from(ordered)),
                    _ => String::new(),
                };
                writeln!(f, "{}\t{}\t{}\t{}\t{}\t{}", q.class, text, a, b, u8::from(q.facet), prox)?;
            }
            Ok(())
        };
        let mut modes = vec!["smartcn"];
        if !args.no_lucene_jieba {
            modes.push("jieba");
        }
        for mode in modes {
            let jieba = mode == "jieba";
            let tsv = work.join(format!("docs-{mode}.tsv"));
            if jieba {
                write_docs(&tsv, &index_tokens)?;
            } else {
                write_docs(&tsv, &|s: &str| s.to_string())?;
            }
            let qf = work.join(format!("queries-{mode}.tsv"));
            write_queries(&qf, jieba)?;
            let ldir = work.join(format!("lucene-{mode}"));
            let _ = std::fs::remove_dir_all(&ldir);
            let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peers/lucene/run.sh");
            let out = std::process::Command::new(script)
                .arg(mode)
                .arg(&tsv)
                .arg(&qf)
                .arg(&ldir)
                .arg(args.repeats.to_string())
                .arg(args.threads.to_string())
                .arg(args.warmup.to_string())
                .output()?;
            if !out.status.success() {
                anyhow::bail!("lucene peer ({mode}) failed: {}", String::from_utf8_lossy(&out.stderr));
            }
            let (lat, idx) =
                if jieba { (&mut lucene_j, &mut lucene_j_index) } else { (&mut lucene, &mut lucene_index) };
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let v: serde_json::Value = serde_json::from_str(line)?;
                if let Some(secs) = v["index_secs"].as_f64() {
                    *idx = Some((secs, v["index_bytes"].as_u64().unwrap_or(0)));
                } else if let Some(c) = v["class"].as_str() {
                    let l: Vec<f64> = v["lat_ns"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|x| x.as_f64()).map(|x| x / 1e6).collect())
                        .unwrap_or_default();
                    lat.push((
                        c.to_string(),
                        v["query"].as_str().unwrap_or("").to_string(),
                        v["hits"].as_u64().unwrap_or(0) as usize,
                        l,
                    ));
                }
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
    let row = |name: &str, x: Option<(f64, u64)>| {
        if let Some((s, b)) = x {
            println!("| {name} | {:.0} | {:.1} |", n / s, b as f64 / 1e6);
        }
    };
    if reuse {
        println!("| zhibao (tantivy + jieba) | (index reused) | {:.1} |", dir_size(&tdir) as f64 / 1e6);
    }
    row("zhibao (tantivy + jieba)", ours_index);
    row("Lucene 8 + smartcn", lucene_index);
    row("Lucene 8 + jieba tokens (segmented beforehand, not timed)", lucene_j_index);
    row("SQLite FTS5 (jieba words, segmented in the timed loop)", fts_index);

    let engines: [(&str, &Lat); 4] =
        [("zhibao", &ours), ("Lucene+smartcn", &lucene), ("Lucene+jieba", &lucene_j), ("FTS5", &fts)];
    println!(
        "\n## query latency per class (ms, over all queries of the class × {} runs; exact totals + top {PAGE} ids)\n",
        args.repeats
    );
    print!("| class |");
    for (e, _) in &engines {
        print!(" {e} p50 | {e} p99 |");
    }
    println!("\n|---|{}", "---:|".repeat(2 * engines.len()));
    let classes = ["term", "boolean", "phrase", "field+range", "proximity", "facets"];
    let all = |l: &Lat, c: &str| -> Vec<f64> { l.iter().filter(|x| x.0 == c).flat_map(|x| x.3.clone()).collect() };
    let cell = |v: &mut Vec<f64>, p: f64| if v.is_empty() { "—".to_string() } else { format!("{:.3}", pct(v, p)) };
    for c in classes {
        if !qs.iter().any(|q| q.class == c) {
            continue;
        }
        print!("| {c} |");
        for (_, l) in &engines {
            let mut v = all(l, c);
            print!(" {} | {} |", cell(&mut v, 0.5), cell(&mut v, 0.99));
        }
        println!();
    }
    println!("\n## zhibao / Lucene latency ratios per class (goal: ≤ 0.8 against Lucene + smartcn)\n");
    println!("| class | p50 vs smartcn | p99 vs smartcn | p50 vs jieba tokens | p99 vs jieba tokens |\n|---|---:|---:|---:|---:|");
    for c in classes {
        if !qs.iter().any(|q| q.class == c) {
            continue;
        }
        let mut a = all(&ours, c);
        let ratio = |a: &mut Vec<f64>, l: &Lat, p: f64| {
            let mut b = all(l, c);
            if a.is_empty() || b.is_empty() {
                "—".to_string()
            } else {
                format!("{:.2}", pct(a, p) / pct(&mut b, p))
            }
        };
        println!(
            "| {c} | {} | {} | {} | {} |",
            ratio(&mut a, &lucene, 0.5),
            ratio(&mut a, &lucene, 0.99),
            ratio(&mut a, &lucene_j, 0.5),
            ratio(&mut a, &lucene_j, 0.99)
        );
    }
    println!("\n## per query: p50 ms and hits (zhibao / Lucene+smartcn / Lucene+jieba / FTS5; facets: sum of the top-20 IPC counts)\n");
    for (i, q) in ours.iter().enumerate() {
        let cellq = |l: &Lat| -> String {
            l.get(i).map_or("—".to_string(), |x| {
                let mut v = x.3.clone();
                format!("{} ({:.3})", x.2, if v.is_empty() { 0.0 } else { pct(&mut v, 0.5) })
            })
        };
        println!("- {} `{}`: {} / {} / {} / {}", q.0, q.1, cellq(&ours), cellq(&lucene), cellq(&lucene_j), cellq(&fts));
    }
    println!("\nRSS of a fresh process with the zhibao index open after one run of every query: {rss_mb:.0} MB");
    Ok(())
}

async fn fts5(
    dir: &Path,
    docs: &[PatentDoc],
    qs: &[Q],
    repeats: usize,
    warmup: usize,
) -> anyhow::Result<(f64, u64, Lat)> {
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
    for _ in 0..warmup {
        for q in qs {
            let _ = fts5_query(&mut c, q, 1).await;
        }
    }
    let mut out: Lat = Vec::new();
    for q in qs {
        match fts5_query(&mut c, q, repeats).await {
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
    for _ in 0..repeats {
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
                    "SELECT docs.rowid FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH $1 AND meta.pd BETWEEN $2 AND $3 ORDER BY rank LIMIT 10",
                )
                .bind(q.fts)
                .bind(a as i64)
                .bind(b as i64)
                .fetch_all(&mut *c)
                .await?;
            n as usize
        } else {
            // Total and the top 10 by BM25, like the other engines.
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM docs WHERE docs MATCH $1")
                .bind(q.fts)
                .fetch_one(&mut *c)
                .await?;
            let _top: Vec<(i64,)> = sqlx::query_as("SELECT rowid FROM docs WHERE docs MATCH $1 ORDER BY rank LIMIT 10")
                .bind(q.fts)
                .fetch_all(&mut *c)
                .await?;
            n as usize
        };
        lat.push(s.elapsed().as_secs_f64() * 1e3);
    }
    Ok((hits, lat))
}
