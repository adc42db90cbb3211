-- Indexes for the case list at scale (newest first, received-date ranges) and for picking the least-loaded
-- officer (open matters only).
CREATE INDEX matters_created ON matters (created_at, id);
CREATE INDEX matters_officer_open ON matters (officer_id) WHERE closed_at IS NULL;
CREATE INDEX matters_received_id ON matters (received_on, id);
CREATE INDEX matters_type_state_received ON matters (matter_type, state, received_on, id);
-- Receipt numbers are ASCII identifiers: compare them bytewise (as SQLite's BINARY collation does), so prefix
-- searches are index ranges whatever the database's locale.
ALTER TABLE matters ALTER COLUMN receipt_no TYPE TEXT COLLATE "C";
