-- Accord on PostgreSQL: the transparency log (RFC 9162 entries with their leaf hashes, and every C2SP
-- checkpoint the log signed), read and written by Accord.Server.Storage.PostgresLogStore. A batch of
-- entries and the checkpoint covering it are one transaction. The primary key on idx means two writers
-- can never fork the log: the second insert of an index fails, and that writer stops. Idempotent.
CREATE TABLE IF NOT EXISTS accord_log_entries (
    idx        bigint NOT NULL PRIMARY KEY,
    leaf_hash  bytea  NOT NULL,
    entry      bytea  NOT NULL
);

CREATE INDEX IF NOT EXISTS accord_log_entries_by_leaf ON accord_log_entries (leaf_hash);

CREATE TABLE IF NOT EXISTS accord_log_checkpoints (
    tree_size   bigint      NOT NULL PRIMARY KEY,
    note        text        NOT NULL,
    created_at  timestamptz NOT NULL
);
