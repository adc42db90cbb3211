-- Evidence vault and tamper-evident ledger (电子存证账本). See docs/adr/0004-evidence-ledger.md and docs/ledger.md.

-- Evidence items: the file itself is stored content-addressed (SHA-256) in the object store; the row holds its
-- metadata and the RFC 3161 token over the file's SHA-256.
CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_id    INTEGER REFERENCES matters (id),
    dept_id      INTEGER,
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    sm3          TEXT    NOT NULL,
    source_url   TEXT,
    captured_at  TEXT,
    description  TEXT,
    uploader_id  INTEGER,
    uploader     TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    tsa_token    BLOB,
    tsa_time     TEXT,
    ledger_idx   INTEGER
);
CREATE INDEX evidence_matter ON evidence (matter_id, id);
CREATE INDEX evidence_unsequenced ON evidence (id) WHERE ledger_idx IS NULL;

-- Outbox markers: a source row is sequenced into the log when ledger_idx is set (in the same transaction as the leaf).
ALTER TABLE matter_events ADD COLUMN ledger_idx INTEGER;
CREATE INDEX matter_events_unsequenced ON matter_events (id) WHERE ledger_idx IS NULL;
ALTER TABLE op_log ADD COLUMN ledger_idx INTEGER;
CREATE INDEX op_log_unsequenced ON op_log (id) WHERE ledger_idx IS NULL;

-- The log: leaf i (0-based) with the row it was derived from and its RFC 9162 leaf hash.
CREATE TABLE ledger_leaves (
    idx         INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    ref_id      INTEGER NOT NULL,
    leaf_hash   BLOB    NOT NULL,
    appended_at TEXT    NOT NULL,
    UNIQUE (kind, ref_id)
);
-- Perfect-subtree nodes of level >= 1: hash of leaves [idx * 2^level, (idx + 1) * 2^level), written once complete.
CREATE TABLE ledger_nodes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB    NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
-- Signed checkpoints (C2SP tlog-checkpoint in a signed note).
CREATE TABLE ledger_checkpoints (
    size       INTEGER PRIMARY KEY,
    root       BLOB    NOT NULL,
    note       TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
-- Runs of `ledger verify`.
CREATE TABLE ledger_verifications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at     TEXT    NOT NULL,
    finished_at    TEXT    NOT NULL,
    ok             BOOLEAN NOT NULL,
    checked_leaves INTEGER NOT NULL,
    problems       TEXT    NOT NULL
);
-- Peer regions whose evidence packages we accept (证据互认).
CREATE TABLE ledger_peers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE,
    vkeys      TEXT    NOT NULL,
    tsa_ca_pem TEXT,
    created_at TEXT    NOT NULL
);
