-- The hot window of logs. Column names are shared with the other signals and the Parquet
-- warehouse (DESIGN.md), so the seed queries run unchanged against active_logs.
--
-- ts and observed_ts are TIMESTAMPTZ because the seed queries compare ts with NOW(), which is a
-- TIMESTAMPTZ: a plain TIMESTAMP would be compared after a cast through the session time zone.
-- DuckDB keeps microseconds, so nanosecond parts of OTLP times are truncated on the way in.
--
-- flux_id is UBIGINT: a Sonyflake-style id uses all 64 bits unsigned.
-- level holds Level.label() ('error', 'info', ...); attributes and resource are JSON objects.
CREATE TABLE active_logs (
    ts              TIMESTAMPTZ NOT NULL,
    observed_ts     TIMESTAMPTZ,
    trace_id        VARCHAR,
    span_id         VARCHAR,
    flux_id         UBIGINT,
    machine_id      VARCHAR,
    entity_name     VARCHAR,
    gear_id         VARCHAR,
    level           VARCHAR NOT NULL,
    severity_number INTEGER,
    body            VARCHAR,
    attributes      JSON,
    resource        JSON
);
