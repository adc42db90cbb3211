use std::time::Instant;
use zhibao_search::{PatentDoc, PatentIndex, SearchOptions};
const VOCAB: &[&str] = &["电池", "隔膜", "锂离子", "正极", "负极", "电解液", "涂层", "陶瓷", "聚乙烯", "方法", "装置", "系统", "battery", "separator", "lithium", "cathode", "anode", "coating", "the", "of", "a", "and"];
fn main() {
    let mut s: u64 = 42;
    let mut next = |n: u64| { s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); (s >> 33) % n };
    let dir = std::env::temp_dir().join("zz_perf_idx");
    let _ = std::fs::remove_dir_all(&dir);
    let ix = PatentIndex::open_or_create(&dir).unwrap();
    let n = 100_000;
    let t = Instant::now();
    let mut w = ix.writer().unwrap();
    for i in 0..n {
        let mut text = String::new();
        for k in 0..120 { if k > 0 { text.push_str(if next(12) == 0 { "。" } else if next(40)==0 {"\n"} else { " " }); } text.push_str(VOCAB[next(VOCAB.len() as u64) as usize]); }
        w.upsert(&PatentDoc { id: format!("D{i}"), abstract_text: text, ..Default::default() }).unwrap();
    }
    w.commit().unwrap();
    println!("indexed {n} docs in {:?}", t.elapsed());
    let opts = SearchOptions { limit: 20, snippets: true, ..Default::default() };
    for q in ["AB=电池", "AB=(电池 AND 隔膜)", "AB=\"电池 隔膜\"", "AB=(电池 W 隔膜)", "AB=(电池 3W 隔膜)", "AB=(电池 5D 隔膜)", "AB=(电池 S 隔膜)", "AB=(电池 P 隔膜)", "AB=(batter* 3W separat*)", "AB=((电池 OR battery) S (隔膜 OR separator))", "AB=(lithium S cathode S coating)"] {
        let t = Instant::now();
        let mut total = 0;
        for _ in 0..5 { total = ix.search(q, &opts).unwrap().total; }
        println!("{q:50} total={total:7} {:?}/query", t.elapsed() / 5);
    }
}
