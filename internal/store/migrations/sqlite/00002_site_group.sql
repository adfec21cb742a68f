-- Granska monitoring schema, version 2 (SQLite). The Postgres file of the
-- same number makes the same change.
-- A site's group: the public body (or any other organisation) it belongs
-- to, within the tenant organisation that monitors it. The export of a
-- group over a period (/orgs/{group}/export) reads the sites by it.

-- +goose Up
ALTER TABLE sites ADD COLUMN site_group TEXT NOT NULL DEFAULT '';
CREATE INDEX sites_group ON sites(org_id, site_group);

-- +goose Down
DROP INDEX sites_group;
ALTER TABLE sites DROP COLUMN site_group;
