// Lucene 8 peer of bench/src/bin/patents.rs: indexes the same corpus (TSV written by the Rust side) and runs the same
// query classes, printing one JSON object per line. Two analysers:
//
//   smartcn  SmartChineseAnalyzer on the raw text (the named peer);
//   jieba    the text already segmented by zhibao's analyser (jieba), one token per white-space separated word; a word
//            written "+w" is a sub-word and takes the position of the word before it (position increment 0), exactly
//            as in zhibao's index. The same hits as zhibao for the same words: latency at equal recall. Query text is
//            segmented by the Rust side before it gets here (that segmentation is not timed).
//
// Timed per query run, the same work as zhibao's side: parse the query text (analysis included), find the top 10
// by BM25 with the EXACT total number of hits (Lucene's default early-terminated top 10, then IndexSearcher.count
// when that total is only a lower bound — both engines' best plan for this), and read the stored id of each of the 10. Facets: counts of
// IPC symbols over all hits, top 20 (no top 10). The query cache is off.
//
// Usage: java -cp CLASSPATH PatentBench MODE DOCS.tsv QUERIES.tsv INDEX_DIR REPEATS THREADS WARMUP
//   MODE smartcn | jieba; WARMUP = untimed passes over all queries before the timed runs.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.search.spans.SpanNearQuery;
import org.apache.lucene.search.spans.SpanQuery;
import org.apache.lucene.search.spans.SpanTermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

public class PatentBench {
    static String esc(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\""); }

    /** White-space separated words; "+w" is the sub-word w at the previous word's position. */
    static final class PreTokenized extends Analyzer {
        @Override protected TokenStreamComponents createComponents(String field) {
            Tokenizer src = new WhitespaceTokenizer();
            TokenStream ts = new TokenFilter(src) {
                final CharTermAttribute term = addAttribute(CharTermAttribute.class);
                final PositionIncrementAttribute inc = addAttribute(PositionIncrementAttribute.class);
                @Override public boolean incrementToken() throws IOException {
                    if (!input.incrementToken()) return false;
                    if (term.length() > 1 && term.charAt(0) == '+') {
                        term.copyBuffer(term.buffer(), 1, term.length() - 1);
                        inc.setPositionIncrement(0);
                    }
                    return true;
                }
            };
            return new TokenStreamComponents(src, ts);
        }
    }

    /** One query of QUERIES.tsv: class, query text, pd from, pd to (yyyymmdd or empty), facet (0/1), proximity spec. */
    static final class Q {
        String cls, text, prox;
        long from, to;
        boolean range, facet;
    }

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        Path docs = Paths.get(a[1]), queries = Paths.get(a[2]), dir = Paths.get(a[3]);
        int repeats = Integer.parseInt(a[4]);
        int threads = Integer.parseInt(a[5]);
        int warmup = Integer.parseInt(a[6]);
        String engine = mode.equals("jieba") ? "lucene-jieba" : "lucene";
        Analyzer analyzer = mode.equals("jieba") ? new PreTokenized() : new SmartChineseAnalyzer();
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
        cfg.setRAMBufferSizeMB(128);
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        long t0 = System.nanoTime();
        long n = 0;
        try (FSDirectory fs = FSDirectory.open(dir); IndexWriter w = new IndexWriter(fs, cfg);
             BufferedReader r = Files.newBufferedReader(docs, StandardCharsets.UTF_8)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> pending = new ArrayList<>();
            List<String> batch = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                batch.add(line);
                n++;
                if (batch.size() == 1000) {
                    final List<String> b = batch;
                    pending.add(pool.submit(() -> { add(w, b); return null; }));
                    batch = new ArrayList<>();
                    if (pending.size() > threads * 2) { pending.remove(0).get(); }
                }
            }
            final List<String> b = batch;
            pending.add(pool.submit(() -> { add(w, b); return null; }));
            for (Future<?> f : pending) f.get();
            pool.shutdown();
            w.commit();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long bytes = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) { for (Path p : ds) bytes += Files.size(p); }
        System.out.println("{\"engine\":\"" + engine + "\",\"docs\":" + n + ",\"index_secs\":" + secs + ",\"index_bytes\":" + bytes + "}");

        List<Q> qs = new ArrayList<>();
        for (String line : Files.readAllLines(queries, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            Q q = new Q();
            q.cls = f[0];
            q.text = f[1];
            q.range = !f[2].isEmpty() || !f[3].isEmpty();
            q.from = f[2].isEmpty() ? Long.MIN_VALUE : Long.parseLong(f[2]);
            q.to = f[3].isEmpty() ? Long.MAX_VALUE : Long.parseLong(f[3]);
            q.facet = f[4].equals("1");
            q.prox = f.length > 5 ? f[5] : "";
            qs.add(q);
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            // No query cache: repeated runs of one query would otherwise reuse a cached bit set of its date filter
            // (zhibao caches nothing between queries).
            searcher.setQueryCache(null);
            for (int pass = 0; pass < warmup; pass++) {
                for (Q q : qs) run(searcher, analyzer, q);
            }
            for (Q q : qs) {
                long[] lat = new long[repeats];
                long hits = 0;
                for (int i = 0; i < repeats; i++) {
                    long s = System.nanoTime();
                    hits = run(searcher, analyzer, q);
                    lat[i] = System.nanoTime() - s;
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < repeats; i++) { if (i > 0) sb.append(','); sb.append(lat[i]); }
                System.out.println("{\"engine\":\"" + engine + "\",\"class\":\"" + q.cls + "\",\"query\":\"" + esc(q.text)
                    + "\",\"hits\":" + hits + ",\"lat_ns\":[" + sb + "]}");
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("{\"engine\":\"" + engine + "\",\"heap_used_bytes\":" + (rt.totalMemory() - rt.freeMemory()) + "}");
    }

    static long idSink = 0;

    /** One timed run: parse, search (exact total, top 10), read the stored ids; returns the total (facets: sum of counts). */
    static long run(IndexSearcher searcher, Analyzer analyzer, Q qq) throws Exception {
        Query q;
        if (!qq.prox.isEmpty()) {
            // "field n ordered a b": a and b at most n words apart (SpanNear slop = words between), in order or not.
            String[] p = qq.prox.split(" ");
            SpanQuery[] clauses = { new SpanTermQuery(new Term(p[0], p[3])), new SpanTermQuery(new Term(p[0], p[4])) };
            q = new SpanNearQuery(clauses, Integer.parseInt(p[1]), p[2].equals("1"));
        } else {
            QueryParser parser = new QueryParser("ab", analyzer);
            parser.setDefaultOperator(QueryParser.Operator.AND);
            q = parser.parse(qq.text);
        }
        if (qq.range) {
            q = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST)
                .add(LongPoint.newRangeQuery("pd", qq.from, qq.to), BooleanClause.Occur.FILTER).build();
        }
        if (qq.facet) {
            long sum = 0;
            for (Map.Entry<String, Integer> e : facetCounts(searcher, q)) sum += e.getValue();
            return sum;
        }
        // Lucene's own best way to an exact total with a top 10: the top 10 with its default early termination
        // (block-max WAND once 1,000 hits are counted), and when that total is only a lower bound,
        // IndexSearcher.count — which answers a single TermQuery from document frequencies and otherwise counts
        // without scoring. The same two-pass plan as zhibao's (an unscored count, then a pruned page).
        TopDocs td = searcher.search(q, 10);
        long total = td.totalHits.relation == TotalHits.Relation.EQUAL_TO ? td.totalHits.value : searcher.count(q);
        Set<String> idOnly = Collections.singleton("id");
        for (ScoreDoc sd : td.scoreDocs) {
            idSink += searcher.doc(sd.doc, idOnly).get("id").length();
        }
        return total;
    }

    // Counts of IPC symbols over all hits, the 20 largest (the facet class): counted per ordinal of each segment's
    // doc values, labels resolved once per segment (what Lucene's SortedSetDocValuesFacetCounts does).
    static final class FacetCollector extends SimpleCollector {
        final Map<String, Integer> counts = new HashMap<>();
        SortedSetDocValues dv;
        int[] perOrd;
        void flush() throws IOException {
            if (dv == null) return;
            for (int o = 0; o < perOrd.length; o++) {
                if (perOrd[o] > 0) counts.merge(dv.lookupOrd(o).utf8ToString(), perOrd[o], Integer::sum);
            }
            dv = null;
        }
        @Override protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
            flush();
            dv = DocValues.getSortedSet(ctx.reader(), "section");
            perOrd = new int[(int) dv.getValueCount()];
        }
        @Override public void collect(int doc) throws IOException {
            if (dv.advanceExact(doc)) {
                long ord;
                while ((ord = dv.nextOrd()) != SortedSetDocValues.NO_MORE_ORDS) perOrd[(int) ord]++;
            }
        }
        @Override public ScoreMode scoreMode() { return ScoreMode.COMPLETE_NO_SCORES; }
    }

    static List<Map.Entry<String, Integer>> facetCounts(IndexSearcher s, Query q) throws IOException {
        FacetCollector c = new FacetCollector();
        s.search(q, c);
        c.flush();
        List<Map.Entry<String, Integer>> top = new ArrayList<>(c.counts.entrySet());
        top.sort((x, y) -> y.getValue() - x.getValue());
        return top.subList(0, Math.min(20, top.size()));
    }

    // TSV: id, title, abstract, claims, pd (yyyymmdd), ipc sections (space separated), applicants
    static void add(IndexWriter w, List<String> lines) throws IOException {
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            Document d = new Document();
            d.add(new StringField("id", f[0], Field.Store.YES));
            d.add(new TextField("ti", f[1], Field.Store.NO));
            d.add(new TextField("ab", f[2], Field.Store.NO));
            d.add(new TextField("cl", f[3], Field.Store.NO));
            if (!f[4].isEmpty()) {
                long pd = Long.parseLong(f[4]);
                d.add(new LongPoint("pd", pd));
                d.add(new NumericDocValuesField("pd", pd));
            }
            for (String s : f[5].split(" ")) {
                if (!s.isEmpty()) d.add(new SortedSetDocValuesField("section", new BytesRef(s)));
            }
            d.add(new TextField("pa", f[6], Field.Store.NO));
            w.addDocument(d);
        }
    }
}
