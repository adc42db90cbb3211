-- Legal-status history (法律状态变更记录): every change of a patent's legal status seen when its publication number
-- is imported again — when it was seen, old → new (LegalStatus keys), and the file it came from.
CREATE TABLE patent_legal_status_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    patent_id   INTEGER NOT NULL REFERENCES patents (id) ON DELETE CASCADE,
    seen_at     TEXT    NOT NULL,
    old_status  TEXT    NOT NULL,
    new_status  TEXT    NOT NULL,
    source_file TEXT
);
CREATE INDEX patent_legal_status_history_patent ON patent_legal_status_history (patent_id, id);
