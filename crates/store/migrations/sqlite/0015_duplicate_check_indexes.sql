-- The duplicate check (类案) of every filing, answered from indexes instead of table rows (docs/benchmarks.md, case
-- desk seventh pass; ADR 0011 amendment). At 1M matters each filing looked up every earlier matter sharing a key
-- (respondent, right number, URL): a read of the key's table row to learn its matter, then of the matter's row to
-- learn whether it is open — two random page reads per earlier matter, nine in ten of them closed. Now:
-- - the key indexes carry the matter id, so the key lookup is one index range;
-- - open matters have their own small index, so "is it open?" is a lookup in an index that stays cached;
-- - the per-matter indexes carry what the comparison reads (respondent names, right numbers, URLs).
-- Every query that used the old indexes uses these by their leading columns.
DROP INDEX matter_parties_name_key;
CREATE INDEX matter_parties_name_key ON matter_parties (role, name_key, matter_id);
DROP INDEX matter_rights_number;
CREATE INDEX matter_rights_number ON matter_rights (number, matter_id);
DROP INDEX matter_urls_normalized;
CREATE INDEX matter_urls_normalized ON matter_urls (normalized, matter_id);
CREATE INDEX matters_open ON matters (id) WHERE closed_at IS NULL;
DROP INDEX matter_parties_matter;
CREATE INDEX matter_parties_matter ON matter_parties (matter_id, role, name);
DROP INDEX matter_rights_matter;
CREATE INDEX matter_rights_matter ON matter_rights (matter_id, number);
DROP INDEX matter_urls_matter;
CREATE INDEX matter_urls_matter ON matter_urls (matter_id, url);
