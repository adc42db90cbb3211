-- Grid registry (网格化监管, issue 6 items 1, 2, 5): market entities (市场主体) with their tags and their placement in
-- a grid cell, grid inspectors (网格员) assigned to cells, and the H3 index of generated cells.
-- Coordinates are WGS84 longitude/latitude. An entity whose point lies in no cell keeps cell_id NULL and is listed
-- as unplaced; deleting a cell unplaces its entities (they are re-placed, never dropped).

ALTER TABLE cells ADD COLUMN h3_index TEXT;

CREATE TABLE market_entities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    credit_code TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    legal_rep   TEXT,
    address     TEXT,
    lon         DOUBLE PRECISION,
    lat         DOUBLE PRECISION,
    industry    TEXT    NOT NULL,
    rights      TEXT    NOT NULL DEFAULT '[]',
    risk_level  TEXT    NOT NULL DEFAULT 'low',
    area_id     INTEGER REFERENCES areas (id) ON DELETE SET NULL,
    cell_id     INTEGER REFERENCES cells (id) ON DELETE SET NULL,
    dept_id     INTEGER NOT NULL REFERENCES depts (id),
    status      TEXT    NOT NULL DEFAULT 'active',
    created_by  INTEGER,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
-- Cell first, with the heat map's period and scope columns: the per-cell count reads this index only, also under a
-- department scope (a separate dept_id index would lure SQLite into row lookups for a scoped count).
CREATE INDEX market_entities_cell ON market_entities (cell_id, created_at, dept_id);
CREATE INDEX market_entities_area ON market_entities (area_id);
CREATE INDEX market_entities_industry ON market_entities (industry);
CREATE INDEX market_entities_risk ON market_entities (risk_level);
CREATE INDEX market_entities_name ON market_entities (name);

CREATE TABLE market_entity_tags (
    entity_id INTEGER NOT NULL REFERENCES market_entities (id) ON DELETE CASCADE,
    tag       TEXT    NOT NULL,
    PRIMARY KEY (entity_id, tag)
);
CREATE INDEX market_entity_tags_tag ON market_entity_tags (tag, entity_id);

CREATE TABLE cell_inspectors (
    cell_id     INTEGER NOT NULL REFERENCES cells (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assigned_at TEXT    NOT NULL,
    PRIMARY KEY (cell_id, user_id)
);
CREATE INDEX cell_inspectors_user ON cell_inspectors (user_id);
