-- The manifest of the hourly Parquet warehouse (storage.warehouse): every file a query may read, one row each.
-- A file counts as part of the warehouse only once its row is committed here, in the same transaction that
-- deletes the exported rows from the active table and recreates the signal's view over the listed files;
-- a file on disk without a row is the leftover of an interrupted export or compaction and is removed at start-up.
--
-- path is relative to the data directory, with '/' separators (e.g. telemetry/logs/2026/11/22/10/logs_....parquet).
-- signal is logs, traces, metrics or messages; wire_id is set for messages only. hour is the UTC hour the
-- file's rows belong to (by ts); rows and bytes are the file's row count and size.
CREATE TABLE warehouse_files (
    path       VARCHAR PRIMARY KEY,
    signal     VARCHAR NOT NULL,
    wire_id    VARCHAR,
    hour       TIMESTAMPTZ NOT NULL,
    rows       BIGINT NOT NULL,
    bytes      BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
