-- Patents core (专利信息, issue 5): one row per published document keyed by its canonical publication number
-- (re-importing the same number updates the row). The whole domain::patent::Patent is kept as JSON in `doc`; the
-- columns beside it are copies for filtering, sorting and analytics (written by the store on every upsert).
CREATE TABLE patents (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    publication_number  TEXT    NOT NULL UNIQUE,
    pn_base             TEXT    NOT NULL,
    application_number  TEXT,
    country             TEXT    NOT NULL,
    kind_code           TEXT,
    patent_type         TEXT    NOT NULL,
    application_date    TEXT,
    publication_date    TEXT,
    grant_date          TEXT,
    title               TEXT    NOT NULL,
    legal_status        TEXT    NOT NULL,
    family_id           TEXT,
    overseas_family     INTEGER NOT NULL DEFAULT 0,
    maintenance_years   INTEGER,
    max_pledge_yuan     INTEGER,
    award_count         INTEGER NOT NULL DEFAULT 0,
    main_ipc            TEXT,
    first_applicant     TEXT,
    province            TEXT,
    city                TEXT,
    district            TEXT,
    source              TEXT,
    doc                 TEXT    NOT NULL,
    created_at          TEXT     NOT NULL,
    updated_at          TEXT     NOT NULL
);
CREATE INDEX patents_pn_base ON patents (pn_base);
CREATE INDEX patents_application_number ON patents (application_number);
CREATE INDEX patents_application_date ON patents (application_date);
CREATE INDEX patents_publication_date ON patents (publication_date);
CREATE INDEX patents_family ON patents (family_id);
CREATE INDEX patents_region ON patents (province, city, district);

-- Applicants (role 'applicant') and assignees (role 'assignee') in document order.
CREATE TABLE patent_parties (
    patent_id  INTEGER NOT NULL REFERENCES patents (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    province   TEXT,
    city       TEXT,
    district   TEXT,
    address    TEXT,
    PRIMARY KEY (patent_id, role, seq)
);
CREATE INDEX patent_parties_name ON patent_parties (name);

-- IPC and CPC symbols (scheme 'ipc' / 'cpc') with their levels; seq 0 is the main classification.
CREATE TABLE patent_classes (
    patent_id  INTEGER NOT NULL REFERENCES patents (id) ON DELETE CASCADE,
    scheme     TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    symbol     TEXT    NOT NULL,
    section    TEXT    NOT NULL,
    class      TEXT    NOT NULL,
    subclass   TEXT    NOT NULL,
    main_group TEXT    NOT NULL,
    PRIMARY KEY (patent_id, scheme, seq)
);
CREATE INDEX patent_classes_subclass ON patent_classes (scheme, subclass);
CREATE INDEX patent_classes_symbol ON patent_classes (scheme, symbol);

CREATE TABLE patent_inventors (
    patent_id  INTEGER NOT NULL REFERENCES patents (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    PRIMARY KEY (patent_id, seq)
);
CREATE INDEX patent_inventors_name ON patent_inventors (name);
