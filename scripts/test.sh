#!/usr/bin/env bash
# The one command that runs every test of zhibao on a fresh Debian machine:
#   unit + store conformance + real-HTTP API tests on SQLite AND PostgreSQL, web unit tests, and browser tests
#   (playwright-core driving Debian Chromium with a CJK font).
# It installs or starts what is missing: Chromium and fonts-noto-cjk (apt), npm packages (npm install), and a
# throwaway PostgreSQL cluster when none answers on 127.0.0.1:5432 (set TEST_DATABASE_URL to use another server).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  if [ -z "${ZB_APT_UPDATED:-}" ]; then $SUDO apt-get update -qq; ZB_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

say "system packages"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v node >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then echo "installing: ${missing[*]}"; apt_install "${missing[@]}"; fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"; echo "node: $(node --version)"
# The working-day calendar is tested day by day against an independent source, PyPI chinese-calendar (MIT).
python3 -c "import chinese_calendar" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check chinese-calendar
echo "chinese-calendar: $(python3 -c 'import chinese_calendar; print(chinese_calendar.__version__)')"
# The evidence store's S3 path is tested against moto's S3-compatible server (PyPI moto[server], Apache-2.0).
command -v moto_server >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check 'moto[server]'
command -v moto_server >/dev/null 2>&1 || { echo "moto_server is not on PATH after installing moto[server]" >&2; exit 1; }

say "PostgreSQL"
PG_TMP=""
cleanup() {
  if [ -n "$PG_TMP" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
trap cleanup EXIT
# ZHIBAO_TEST_PG=throwaway forces the throwaway cluster even when a server answers (to test this script).
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if [ "${ZHIBAO_TEST_PG:-}" != throwaway ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"
    # The machine's server may lack the database `test`; create it when so.
    psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE test" || export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
  else
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
    if [ -z "$PG_BIN" ]; then apt_install postgresql; PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1); fi
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
    PG_TMP=$(mktemp -d /tmp/zhibao-pg.XXXXXX); chown postgres "$PG_TMP"
    PG_PORT=55432
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 >/dev/null
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -w -l "$PG_TMP/log" \
      -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    echo "started a throwaway cluster on port $PG_PORT"
  fi
fi
echo "TEST_DATABASE_URL=$TEST_DATABASE_URL"

say "web: install, type-check, build, unit tests"
# `npm install`, not `npm ci`: the registry this machine reaches serves only the linux-x64 builds of rollup's and
# esbuild's per-platform optional packages, so the lock file cannot list the others and `npm ci` would refuse it.
# The versions still come from package-lock.json.
cd "$ROOT/web"
npm install --no-audit --no-fund --loglevel=error
npm run build
npm test
cd "$ROOT"

say "rust: build and test (SQLite + PostgreSQL)"
cargo build --locked --bin zhibao
cargo test --locked --workspace

say "browser tests (playwright-core + Debian Chromium)"
cd "$ROOT/web"
ZHIBAO_BIN="$ROOT/target/debug/zhibao" npm run e2e
cd "$ROOT"

say "all tests passed"
