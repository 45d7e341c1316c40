-- The hot window of spans. The columns every signal shares come first, named and typed as in
-- active_logs (DESIGN.md), so correlation queries join and union across signals unchanged:
-- ts is the span's start; level is 'error' for a span whose status is ERROR, else 'info'.
--
-- ts and end_ts keep microseconds, like every TIMESTAMPTZ in DuckDB; duration_ns is computed from the
-- nanosecond times before they are truncated, so latencies stay exact.
-- kind and status_code hold the lowercase enum names ('server', 'error', ...). flags and the dropped
-- counts are OTLP's unsigned 32-bit fields. attributes and resource are JSON objects; events and links are
-- JSON arrays of objects (event: time, name, attributes, dropped_attributes_count; link: trace_id, span_id,
-- trace_state, flags, attributes, dropped_attributes_count), event times as RFC 3339 text with nanoseconds.
CREATE TABLE active_spans (
    ts                       TIMESTAMPTZ NOT NULL,
    trace_id                 VARCHAR NOT NULL,
    span_id                  VARCHAR NOT NULL,
    flux_id                  UBIGINT,
    machine_id               VARCHAR,
    entity_name              VARCHAR,
    gear_id                  VARCHAR,
    level                    VARCHAR NOT NULL,
    end_ts                   TIMESTAMPTZ NOT NULL,
    duration_ns              BIGINT NOT NULL,
    parent_span_id           VARCHAR,
    trace_state              VARCHAR,
    flags                    UINTEGER NOT NULL,
    name                     VARCHAR NOT NULL,
    kind                     VARCHAR NOT NULL,
    status_code              VARCHAR NOT NULL,
    status_message           VARCHAR,
    scope_name               VARCHAR,
    scope_version            VARCHAR,
    attributes               JSON,
    resource                 JSON,
    events                   JSON,
    links                    JSON,
    dropped_attributes_count UINTEGER NOT NULL,
    dropped_events_count     UINTEGER NOT NULL,
    dropped_links_count      UINTEGER NOT NULL
);
