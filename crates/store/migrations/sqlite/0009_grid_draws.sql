-- Grid supervision, part B (issue 6 items 3, 4, 6, 7): 双随机一公开 draws, inspection tasks, the GB/T 30428 closed
-- loop of grid events, joint enforcement actions. See docs/draw.md.

-- 检查事项清单: the inspection-item list; checklist = JSON array of points (检查要点).
CREATE TABLE inspection_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    code       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    citation   TEXT    NOT NULL,
    checklist  TEXT    NOT NULL DEFAULT '[]',
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- 执法检查人员名录库: staff with an enforcement certificate and declared conflicts / relations (their own cells are
-- the registry's cell_inspectors, migration 0008).
CREATE TABLE grid_inspectors (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    certified  BOOLEAN NOT NULL DEFAULT FALSE,
    cert_no    TEXT,
    conflicts  TEXT    NOT NULL DEFAULT '[]',
    relations  TEXT    NOT NULL DEFAULT '[]',
    updated_at TEXT    NOT NULL
);

-- A draw plan and its lifecycle: planned → committed (commitment and pools public, seed secret) → drawn (seed
-- revealed, record) → published (results published). params = domain DrawParams (JSON).
CREATE TABLE draw_plans (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    draw_no       TEXT    NOT NULL UNIQUE,
    year          INTEGER NOT NULL,
    dept_id       INTEGER NOT NULL REFERENCES depts (id),
    item_id       INTEGER NOT NULL REFERENCES inspection_items (id),
    params        TEXT    NOT NULL,
    inspector_ids TEXT    NOT NULL DEFAULT '[]',
    state         TEXT    NOT NULL,
    seed          TEXT,
    commitment    TEXT,
    pools         TEXT,
    record        TEXT,
    entity_count  INTEGER NOT NULL DEFAULT 0,
    created_by    INTEGER,
    created_at    TEXT    NOT NULL,
    committed_at  TEXT,
    drawn_at      TEXT,
    published_at  TEXT,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX draw_plans_year ON draw_plans (year, state);

-- Inspection tasks: one per drawn entity, or ad hoc (draw_plan_id NULL).
CREATE TABLE inspection_tasks (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    draw_plan_id   INTEGER REFERENCES draw_plans (id),
    item_id        INTEGER NOT NULL REFERENCES inspection_items (id),
    entity_id      INTEGER NOT NULL REFERENCES market_entities (id),
    entity_name    TEXT    NOT NULL,
    credit_code    TEXT    NOT NULL,
    cell_code      TEXT,
    dept_id        INTEGER NOT NULL REFERENCES depts (id),
    state          TEXT    NOT NULL,
    answers        TEXT    NOT NULL DEFAULT '[]',
    notes          TEXT,
    outcome        TEXT,
    follow_up      TEXT,
    ended_on       TEXT,
    publish_due_on TEXT,
    published_at   TEXT,
    matter_id      INTEGER REFERENCES matters (id),
    created_by     INTEGER,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);
CREATE INDEX inspection_tasks_plan ON inspection_tasks (draw_plan_id);
CREATE INDEX inspection_tasks_matter ON inspection_tasks (matter_id);
CREATE TABLE inspection_task_inspectors (
    task_id  INTEGER NOT NULL REFERENCES inspection_tasks (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (task_id, user_id)
);
CREATE INDEX inspection_task_inspectors_user ON inspection_task_inspectors (user_id);
CREATE TABLE inspection_task_photos (
    task_id     INTEGER NOT NULL REFERENCES inspection_tasks (id) ON DELETE CASCADE,
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    PRIMARY KEY (task_id, evidence_id)
);

-- Grid events and their closed loop (GB/T 30428): stage = domain grid::event::Stage code.
CREATE TABLE grid_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    event_no       TEXT    NOT NULL UNIQUE,
    source         TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    address        TEXT,
    lon            DOUBLE PRECISION,
    lat            DOUBLE PRECISION,
    area_code      TEXT    NOT NULL,
    cell_code      TEXT,
    reporter_name  TEXT,
    reporter_phone TEXT,
    reporter_id    INTEGER,
    dept_id        INTEGER NOT NULL REFERENCES depts (id),
    handler_dept   INTEGER REFERENCES depts (id),
    stage          TEXT    NOT NULL,
    due_on         TEXT,
    reworks        INTEGER NOT NULL DEFAULT 0,
    handled_on_time BOOLEAN,
    score          INTEGER,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);
CREATE INDEX grid_events_stage ON grid_events (stage, id);
CREATE TABLE grid_event_steps (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   INTEGER NOT NULL REFERENCES grid_events (id) ON DELETE CASCADE,
    step       TEXT    NOT NULL,
    from_stage TEXT    NOT NULL,
    to_stage   TEXT    NOT NULL,
    post       TEXT    NOT NULL,
    actor_id   INTEGER,
    actor_name TEXT    NOT NULL,
    note       TEXT,
    on_time    BOOLEAN,
    created_at TEXT    NOT NULL
);
CREATE INDEX grid_event_steps_event ON grid_event_steps (event_id, id);

-- Joint enforcement actions (联合执法).
CREATE TABLE joint_actions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    year       INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    plan       TEXT    NOT NULL,
    depts      TEXT    NOT NULL DEFAULT '[]',
    cells      TEXT    NOT NULL DEFAULT '[]',
    start_on   TEXT    NOT NULL,
    end_on     TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    results    TEXT,
    dept_id    INTEGER NOT NULL REFERENCES depts (id),
    created_by INTEGER,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX joint_actions_year ON joint_actions (year);
