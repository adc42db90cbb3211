-- In-app notifications (站内提醒): clock reminders N working days before a due date and 督办 escalations of missed
-- clocks. One row per recipient, kind, clock and due date, so a sweep that runs again never repeats a notification.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    matter_id  INTEGER NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    clock_key  TEXT    NOT NULL,
    due_on     TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    read_at    TEXT,
    UNIQUE (user_id, kind, matter_id, clock_key, due_on)
);
CREATE INDEX notifications_user ON notifications (user_id, id);
