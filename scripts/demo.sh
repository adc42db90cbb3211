#!/usr/bin/env bash
# One command to see zhibao: build the web console (once), build the release binary, and start a demo instance
# with Binhai demo data. It prints the URL and the demo accounts. Extra arguments go to `zhibao demo`
# (e.g. --bind 0.0.0.0:8080, --reset). Data lives in ./data/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/package-lock.json -newer web/dist/index.html 2>/dev/null | head -n1)" ]; then
  echo "== building the web console"
  (cd web && npm install --no-audit --no-fund --loglevel=error && npm run build)
fi
echo "== building zhibao (release; the first build takes a few minutes)"
cargo build --release --locked --bin zhibao
exec target/release/zhibao --data-dir ./data/demo demo --bind 127.0.0.1:8080 "$@"
