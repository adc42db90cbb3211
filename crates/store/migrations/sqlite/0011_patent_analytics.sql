-- Patent analytics (专利分析), the high-value indicator (高价值发明专利), industry concordance tables (产业参照关系表)
-- and watch lists with their alerts (专利预警). Instants as in 0001 (fixed-width UTC text).
-- patent_id columns refer to patents (0010) by id; no FOREIGN KEY so that this migration does not depend on the
-- column layout of 0010. Alerts of a deleted patent are removed by store::patent_analysis.

-- IPC → industry tables: kind 'strategic' (战略性新兴产业, feeds the high-value indicator) or 'intensive'
-- (专利密集型产业). is_demo marks the demonstration tables zhibao writes itself (not official).
CREATE TABLE patent_concordances (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind IN ('strategic', 'intensive')),
    name        TEXT    NOT NULL,
    source      TEXT    NOT NULL DEFAULT '',
    is_demo     BOOLEAN NOT NULL DEFAULT FALSE,
    active      BOOLEAN NOT NULL DEFAULT FALSE,
    row_count   INTEGER NOT NULL DEFAULT 0,
    imported_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    imported_at TEXT    NOT NULL
);
CREATE INDEX patent_concordances_kind ON patent_concordances (kind, active);

CREATE TABLE patent_concordance_rows (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    concordance_id INTEGER NOT NULL REFERENCES patent_concordances (id) ON DELETE CASCADE,
    line          INTEGER NOT NULL,
    industry_code TEXT    NOT NULL,
    industry_name TEXT    NOT NULL,
    ipc           TEXT    NOT NULL,
    note          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX patent_concordance_rows_table ON patent_concordance_rows (concordance_id, line);

-- Settings of the high-value indicator: one row (id = 1). criteria: comma-separated criterion codes switched on.
CREATE TABLE patent_high_value_settings (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    criteria         TEXT    NOT NULL,
    maintained_years INTEGER NOT NULL DEFAULT 10,
    pledge_min_yuan  INTEGER NOT NULL DEFAULT 10000000,
    require_in_force BOOLEAN NOT NULL DEFAULT TRUE,
    updated_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at       TEXT    NOT NULL
);

-- Population per area (区域常住人口) for the per-10,000 figures. city / district '' = the whole province / city.
CREATE TABLE patent_area_populations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    province   TEXT    NOT NULL,
    city       TEXT    NOT NULL DEFAULT '',
    district   TEXT    NOT NULL DEFAULT '',
    population INTEGER NOT NULL CHECK (population > 0),
    year       INTEGER NOT NULL,
    source     TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL,
    UNIQUE (province, city, district, year)
);

-- Watch lists: owned by exactly one user or one department. conditions: JSON of the domain's WatchDraft
-- conditions (applicants, ipc, keywords, province, city, district, kinds).
CREATE TABLE patent_watch_lists (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL,
    owner_user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    owner_dept_id INTEGER REFERENCES depts (id) ON DELETE CASCADE,
    query         TEXT    NOT NULL DEFAULT '',
    conditions    TEXT    NOT NULL DEFAULT '{}',
    webhook_url   TEXT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CHECK ((owner_user_id IS NULL) <> (owner_dept_id IS NULL))
);
CREATE INDEX patent_watch_lists_user ON patent_watch_lists (owner_user_id);
CREATE INDEX patent_watch_lists_dept ON patent_watch_lists (owner_dept_id);

-- Alert history: one row per watch list and patent, ever (the unique key makes re-imports quiet).
CREATE TABLE patent_alerts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    watch_id   INTEGER NOT NULL REFERENCES patent_watch_lists (id) ON DELETE CASCADE,
    patent_id  INTEGER NOT NULL,
    reasons    TEXT    NOT NULL,
    batch      TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    UNIQUE (watch_id, patent_id)
);
CREATE INDEX patent_alerts_watch ON patent_alerts (watch_id, id);
CREATE INDEX patent_alerts_patent ON patent_alerts (patent_id);

-- In-app delivery (站内提醒) of alerts: one row per recipient and alert, with its read state.
CREATE TABLE patent_alert_notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id   INTEGER NOT NULL REFERENCES patent_alerts (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    read_at    TEXT,
    UNIQUE (alert_id, user_id)
);
CREATE INDEX patent_alert_notices_user ON patent_alert_notices (user_id, id);

-- Webhook deliveries: one POST per watch list per import batch; status pending / delivered / failed.
CREATE TABLE patent_webhook_deliveries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    watch_id     INTEGER NOT NULL REFERENCES patent_watch_lists (id) ON DELETE CASCADE,
    url          TEXT    NOT NULL,
    alert_count  INTEGER NOT NULL,
    payload      TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    http_status  INTEGER,
    error        TEXT,
    created_at   TEXT    NOT NULL,
    attempted_at TEXT
);
CREATE INDEX patent_webhook_deliveries_watch ON patent_webhook_deliveries (watch_id, id);
