-- Case desk (办案台): matters, their parties, rights, URLs, the immutable timeline, statutory clocks, receipt
-- sequences, dispatch rules, and year tables of the working-day calendar added by administrators.
-- Dates are TEXT 'YYYY-MM-DD' (sqlx's NaiveDate encoding, fixed width); instants as in 0001.

CREATE TABLE matters (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt_no    TEXT    NOT NULL UNIQUE,
    query_code    TEXT    NOT NULL,
    matter_type   TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    track         TEXT    NOT NULL,
    channel       TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    amount_cents  INTEGER,
    area_code     TEXT,
    cell_code     TEXT,
    dept_id       INTEGER NOT NULL REFERENCES depts (id),
    officer_id    INTEGER REFERENCES users (id),
    group_id      INTEGER,
    cross_region  BOOLEAN NOT NULL DEFAULT FALSE,
    foreign_party BOOLEAN NOT NULL DEFAULT FALSE,
    real_name     BOOLEAN NOT NULL DEFAULT TRUE,
    public_note   TEXT,
    outcome       TEXT,
    received_on   TEXT    NOT NULL,
    created_by    INTEGER,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    closed_at     TEXT
);
CREATE INDEX matters_dept ON matters (dept_id, created_at);
CREATE INDEX matters_officer ON matters (officer_id);
CREATE INDEX matters_type_state ON matters (matter_type, state);
CREATE INDEX matters_group ON matters (group_id);

CREATE TABLE matter_parties (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_id   INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    role        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    name_key    TEXT    NOT NULL,
    id_number   TEXT,
    credit_code TEXT,
    phone       TEXT,
    address     TEXT,
    area_code   TEXT
);
CREATE INDEX matter_parties_matter ON matter_parties (matter_id);
CREATE INDEX matter_parties_name_key ON matter_parties (role, name_key);

CREATE TABLE matter_rights (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_id INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL,
    number    TEXT,
    title     TEXT
);
CREATE INDEX matter_rights_matter ON matter_rights (matter_id);
CREATE INDEX matter_rights_number ON matter_rights (number);

CREATE TABLE matter_urls (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_id  INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    url        TEXT    NOT NULL,
    normalized TEXT    NOT NULL
);
CREATE INDEX matter_urls_matter ON matter_urls (matter_id);
CREATE INDEX matter_urls_normalized ON matter_urls (normalized);

-- The timeline: append-only (no UPDATE or DELETE is ever issued on it).
CREATE TABLE matter_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_id  INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    event      TEXT,
    from_state TEXT,
    to_state   TEXT,
    actor_id   INTEGER,
    actor_name TEXT,
    note       TEXT,
    public     BOOLEAN NOT NULL DEFAULT FALSE,
    detail     TEXT    NOT NULL DEFAULT '{}',
    created_at TEXT    NOT NULL
);
CREATE INDEX matter_events_matter ON matter_events (matter_id, id);

CREATE TABLE matter_clocks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_id  INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    clock_key  TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    due_on     TEXT,
    body       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    UNIQUE (matter_id, clock_key)
);
CREATE INDEX matter_clocks_due ON matter_clocks (state, due_on);

CREATE TABLE receipt_sequences (
    prefix TEXT    PRIMARY KEY,
    next   INTEGER NOT NULL
);

CREATE TABLE dispatch_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_type TEXT,
    right_kind  TEXT,
    area_prefix TEXT,
    dept_id     INTEGER NOT NULL REFERENCES depts (id),
    station_id  INTEGER REFERENCES stations (id),
    team        TEXT,
    priority    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    source     TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_by INTEGER,
    created_at TEXT    NOT NULL
);
