-- Accord on PostgreSQL: Orleans cluster membership (the silos of one cluster and the table version
-- they agree on), read and written by Accord.Server.Storage.PostgresMembershipTable, which implements
-- Orleans' IMembershipTable contract: every row change also bumps the version row, both checked by ETag
-- in one transaction. Idempotent: `accord db init --postgres CONN` applies it any number of times.
CREATE TABLE IF NOT EXISTS accord_membership_version (
    cluster_id  text        NOT NULL PRIMARY KEY,
    version     integer     NOT NULL,
    etag        integer     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS accord_membership (
    cluster_id    text        NOT NULL REFERENCES accord_membership_version (cluster_id) ON DELETE CASCADE,
    silo_address  text        NOT NULL, -- ip:port@generation
    silo_name     text        NOT NULL,
    host_name     text        NOT NULL,
    role_name     text        NOT NULL,
    status        integer     NOT NULL, -- Orleans SiloStatus (3 = Active, 6 = Dead)
    proxy_port    integer     NOT NULL,
    update_zone   integer     NOT NULL,
    fault_zone    integer     NOT NULL,
    start_time    timestamptz NOT NULL,
    i_am_alive    timestamptz NOT NULL,
    suspect_times text        NOT NULL, -- "ip:port@generation,2026-01-01T00:00:00.0000000Z|..."
    etag          integer     NOT NULL,
    PRIMARY KEY (cluster_id, silo_address)
);
