-- Indexes for the case list at scale (newest first, received-date ranges) and for picking the least-loaded
-- officer (open matters only).
CREATE INDEX matters_created ON matters (created_at, id);
CREATE INDEX matters_officer_open ON matters (officer_id) WHERE closed_at IS NULL;
CREATE INDEX matters_received_id ON matters (received_on, id);
CREATE INDEX matters_type_state_received ON matters (matter_type, state, received_on, id);
