#!/bin/sh
# Lucene 8 (Debian's liblucene8-java 8.8.1-4 ships jars versioned 8.7.0) + smartcn peer for bench/src/bin/patents.rs (Debian liblucene8-java under Java 17).
# Usage: run.sh MODE DOCS.tsv QUERIES.tsv INDEX_DIR REPEATS THREADS WARMUP   (MODE smartcn or jieba; prints JSON lines)
set -e
here=$(cd "$(dirname "$0")" && pwd)
if ! ls /usr/share/java/lucene-core-8*.jar >/dev/null 2>&1; then
    echo "installing liblucene8-java (apt)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends liblucene8-java >&2
fi
cp=""
for j in core analyzers-common analyzers-smartcn queryparser; do
    f=$(ls /usr/share/java/lucene-$j-8*.jar 2>/dev/null | head -1)
    [ -n "$f" ] || { echo "missing lucene-$j-8 jar in /usr/share/java" >&2; exit 1; }
    cp="$cp:$f"
done
cp=${cp#:}
out=${TMPDIR:-/tmp}/zhibao-lucene-classes
mkdir -p "$out"
if [ ! -f "$out/PatentBench.class" ] || [ "$here/PatentBench.java" -nt "$out/PatentBench.class" ]; then
    javac -cp "$cp" -d "$out" "$here/PatentBench.java" >&2
fi
exec java -Xmx1g -cp "$out:$cp" PatentBench "$@"
