-- zhibao foundation schema (SQLite). Times are TEXT in the fixed UTC form 'YYYY-MM-DDTHH:MM:SS.ffffffZ'
-- written by zhibao_store::Ts, so text order is time order.
CREATE TABLE instance_meta (
    meta_key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE depts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id  INTEGER NOT NULL DEFAULT 0,
    ancestors  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    code       TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL,
    leader     TEXT,
    phone      TEXT,
    sort       INTEGER NOT NULL DEFAULT 0,
    status     TEXT    NOT NULL DEFAULT 'active',
    created_at TEXT    NOT NULL,
    UNIQUE (parent_id, name)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    dept_id       INTEGER NOT NULL REFERENCES depts (id),
    phone         TEXT,
    email         TEXT,
    status        TEXT    NOT NULL DEFAULT 'active',
    totp_secret   TEXT,
    totp_enabled  BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,
    last_login_at TEXT,
    created_by    INTEGER,
    created_at    TEXT    NOT NULL
);
CREATE INDEX users_dept ON users (dept_id);

CREATE TABLE roles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    role_key     TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    data_scope   TEXT    NOT NULL,
    require_totp BOOLEAN NOT NULL DEFAULT FALSE,
    sort         INTEGER NOT NULL DEFAULT 0,
    status       TEXT    NOT NULL DEFAULT 'active',
    created_at   TEXT    NOT NULL
);

CREATE TABLE role_permissions (
    role_id    INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission TEXT    NOT NULL,
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE role_depts (
    role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    dept_id INTEGER NOT NULL REFERENCES depts (id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, dept_id)
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles (id),
    PRIMARY KEY (user_id, role_id)
);

CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT    NOT NULL,
    ip           TEXT,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    username   TEXT NOT NULL,
    user_id    INTEGER,
    dept_id    INTEGER,
    ip         TEXT,
    user_agent TEXT,
    result     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX login_log_created ON login_log (created_at);

CREATE TABLE op_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER,
    username    TEXT,
    dept_id     INTEGER,
    method      TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    module      TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target      TEXT,
    ip          TEXT,
    status_code INTEGER NOT NULL,
    result      TEXT    NOT NULL,
    duration_ms INTEGER NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX op_log_created ON op_log (created_at);

CREATE TABLE dict_types (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    type_key TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    remark   TEXT
);

CREATE TABLE dict_entries (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    type_id  INTEGER NOT NULL REFERENCES dict_types (id) ON DELETE CASCADE,
    value    TEXT    NOT NULL,
    label_zh TEXT    NOT NULL,
    label_en TEXT    NOT NULL,
    tag      TEXT    NOT NULL DEFAULT '',
    sort     INTEGER NOT NULL DEFAULT 0,
    status   TEXT    NOT NULL DEFAULT 'active',
    UNIQUE (type_id, value)
);

CREATE TABLE areas (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    code     TEXT    NOT NULL UNIQUE,
    name     TEXT    NOT NULL,
    kind     TEXT    NOT NULL,
    geometry TEXT    NOT NULL,
    demo     BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE cells (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    code     TEXT    NOT NULL UNIQUE,
    area_id  INTEGER NOT NULL REFERENCES areas (id) ON DELETE CASCADE,
    name     TEXT    NOT NULL,
    geometry TEXT    NOT NULL
);
CREATE INDEX cells_area ON cells (area_id);

CREATE TABLE stations (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    name    TEXT    NOT NULL UNIQUE,
    area_id INTEGER NOT NULL REFERENCES areas (id),
    dept_id INTEGER REFERENCES depts (id),
    lon     DOUBLE PRECISION NOT NULL,
    lat     DOUBLE PRECISION NOT NULL,
    address TEXT,
    staff   TEXT    NOT NULL DEFAULT '[]'
);
