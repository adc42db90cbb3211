-- Attachments of matters: files are stored content-addressed (by SHA-256) outside the database; a row links a
-- file to a matter with its name, detected type and uploader.
CREATE TABLE matter_attachments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_id   INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    sha256      TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    mime        TEXT    NOT NULL,
    size_bytes  INTEGER NOT NULL,
    public      BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_by INTEGER,
    uploader    TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX matter_attachments_matter ON matter_attachments (matter_id);
