-- Case-list indexes measured at 1M matters (docs/benchmarks.md):
-- * open matters of a type and state, newest first: a partial index the page and its capped count both read without
--   touching the table;
-- * received-date ranges under a department scope: the scope columns ride along, so the capped count reads the index
--   only (it replaces matters_received_id).
CREATE INDEX matters_open_type_state_received ON matters (matter_type, state, received_on, id) WHERE closed_at IS NULL;
CREATE INDEX matters_received_scope ON matters (received_on, id, dept_id, officer_id);
DROP INDEX matters_received_id;
