// Lucene 8.8 peer of bench/src/bin/patents.rs: indexes the same corpus (TSV written by the Rust side) with the
// smartcn analyzer and runs the same query classes, printing one JSON object per line.
// Usage: java -cp CLASSPATH PatentBench DOCS.tsv QUERIES.tsv INDEX_DIR REPEATS THREADS
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

public class PatentBench {
    static String esc(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\""); }

    public static void main(String[] a) throws Exception {
        Path docs = Paths.get(a[0]), queries = Paths.get(a[1]), dir = Paths.get(a[2]);
        int repeats = Integer.parseInt(a[3]);
        int threads = Integer.parseInt(a[4]);
        SmartChineseAnalyzer analyzer = new SmartChineseAnalyzer();
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
        System.out.println("{\"engine\":\"lucene\",\"docs\":" + n + ",\"index_secs\":" + secs + ",\"index_bytes\":" + bytes + "}");

        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir));
             BufferedReader qr = Files.newBufferedReader(queries, StandardCharsets.UTF_8)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            String line;
            while ((line = qr.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                String cls = f[0], qs = f[1];
                long from = f[2].isEmpty() ? Long.MIN_VALUE : Long.parseLong(f[2]);
                long to = f[3].isEmpty() ? Long.MAX_VALUE : Long.parseLong(f[3]);
                boolean facet = f[4].equals("1");
                QueryParser p = new QueryParser("ab", analyzer);
                p.setDefaultOperator(QueryParser.Operator.AND);
                Query q = p.parse(qs);
                if (!f[2].isEmpty() || !f[3].isEmpty()) {
                    q = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST)
                        .add(LongPoint.newRangeQuery("pd", from, to), BooleanClause.Occur.FILTER).build();
                }
                long[] lat = new long[repeats];
                long hits = 0;
                for (int i = -1; i < repeats; i++) {
                    long s = System.nanoTime();
                    if (facet) {
                        Map<String, Integer> counts = facetCounts(searcher, q);
                        hits = counts.values().stream().mapToLong(Integer::longValue).sum();
                    } else {
                        TopDocs td = searcher.search(q, 20);
                        hits = td.totalHits.value;
                    }
                    if (i >= 0) lat[i] = System.nanoTime() - s;
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < repeats; i++) { if (i > 0) sb.append(','); sb.append(lat[i]); }
                System.out.println("{\"engine\":\"lucene\",\"class\":\"" + cls + "\",\"query\":\"" + esc(qs) + "\",\"hits\":" + hits + ",\"lat_ns\":[" + sb + "]}");
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("{\"engine\":\"lucene\",\"heap_used_bytes\":" + (rt.totalMemory() - rt.freeMemory()) + "}");
    }

    // Counts of IPC sections over all hits (the facet class).
    static Map<String, Integer> facetCounts(IndexSearcher s, Query q) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        s.search(q, new SimpleCollector() {
            SortedSetDocValues dv;
            @Override protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
                dv = DocValues.getSortedSet(ctx.reader(), "section");
            }
            @Override public void collect(int doc) throws IOException {
                if (dv.advanceExact(doc)) {
                    long ord;
                    while ((ord = dv.nextOrd()) != SortedSetDocValues.NO_MORE_ORDS) {
                        counts.merge(dv.lookupOrd(ord).utf8ToString(), 1, Integer::sum);
                    }
                }
            }
            @Override public ScoreMode scoreMode() { return ScoreMode.COMPLETE_NO_SCORES; }
        });
        return counts;
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
