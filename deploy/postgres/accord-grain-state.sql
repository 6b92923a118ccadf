-- Accord on PostgreSQL: grain state (parties, commitments, agreements, devices, ...), read and written by
-- Accord.Server.Storage.PostgresGrainStorage as the Orleans storage provider "accord". The payload is
-- the Orleans binary serialization of the state record, as in the SQLite store; an integer ETag per
-- row gives optimistic concurrency. Idempotent.
CREATE TABLE IF NOT EXISTS accord_grain_state (
    provider    text        NOT NULL,
    state_name  text        NOT NULL,
    grain_id    text        NOT NULL,
    etag        bigint      NOT NULL,
    payload     bytea       NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (provider, state_name, grain_id)
);
