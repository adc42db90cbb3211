-- Each officer's number of open matters (承办量), kept by a trigger so that dispatch's "least-loaded officer" is one
-- index lookup per candidate officer instead of counting that officer's open matters at every filing (which made
-- intake slow down as matters accumulated; docs/benchmarks.md, ADR 0011).
CREATE TABLE officer_load (
    user_id    BIGINT PRIMARY KEY,
    open_count BIGINT NOT NULL DEFAULT 0
);

INSERT INTO officer_load (user_id, open_count)
SELECT officer_id, COUNT(*) FROM matters WHERE officer_id IS NOT NULL AND closed_at IS NULL GROUP BY officer_id;

CREATE FUNCTION matters_officer_load() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.officer_id IS NOT NULL AND OLD.closed_at IS NULL THEN
        UPDATE officer_load SET open_count = open_count - 1 WHERE user_id = OLD.officer_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.officer_id IS NOT NULL AND NEW.closed_at IS NULL THEN
        INSERT INTO officer_load (user_id, open_count) VALUES (NEW.officer_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET open_count = officer_load.open_count + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER matters_load_insert AFTER INSERT ON matters
FOR EACH ROW EXECUTE FUNCTION matters_officer_load();

CREATE TRIGGER matters_load_update AFTER UPDATE OF officer_id, closed_at ON matters
FOR EACH ROW WHEN ((OLD.officer_id IS DISTINCT FROM NEW.officer_id) OR ((OLD.closed_at IS NULL) <> (NEW.closed_at IS NULL)))
EXECUTE FUNCTION matters_officer_load();

CREATE TRIGGER matters_load_delete AFTER DELETE ON matters
FOR EACH ROW EXECUTE FUNCTION matters_officer_load();
