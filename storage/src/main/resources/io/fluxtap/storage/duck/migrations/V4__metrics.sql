-- Metric samples, shaped for PromQL (issue #6): a selector is answered by finding its series in the small
-- metric_series table (by metric name and label matchers), then reading their samples from active_metrics
-- by series_id and time range.
--
-- metric_series: one row per series (metric name + label set).
--   series_id is the first 8 bytes, big-endian and unsigned, of SHA-256 over the UTF-8 metric name, a 0xFF
--   byte, then every label sorted by name as name 0xFF value 0xFF (0xFF never occurs in UTF-8, so two series
--   never encode alike). SeriesIds computes it in Java, the same in every writer and every run, so it is a
--   stable key across this table, active_metrics and the Parquet warehouse.
--   The PRIMARY KEY makes the upsert (INSERT ... ON CONFLICT DO NOTHING) idempotent: a replayed or retried
--   batch adds no second row. Were two writers to insert the same new series at once, DuckDB fails the second
--   commit on the key; its lane retries the batch, which then finds the row. (Only lane P2 writes metrics.)
--   labels is a MAP, so a PromQL matcher becomes a typed lookup such as labels['job'] = 'api' (a missing
--   label reads NULL, which PromQL treats as ""). The row keeps the type, unit, help and correlation
--   columns of the sample that created it.
--
-- active_metrics: one row per sample, appended in arrival order with the Appender and no index (an index
--   would slow every append; samples arrive roughly in time order, so DuckDB's zone maps on ts already skip
--   row groups outside a query's range, and series_id IN (...) scans one narrow column). metric_name,
--   labels and metric_type repeat metric_series so the hybrid view and the hourly Parquet files stand alone;
--   dictionary compression keeps the repetition cheap.
--   The shared columns (DESIGN.md) mean what they mean for logs; level is always NULL, since a sample has
--   no severity; trace_id and span_id are those of the sample's first exemplar.
--   value keeps NaN payloads bit for bit, so Prometheus' stale marker (0x7ff0000000000002) survives.
--   exemplars is a JSON array of {"ts","value","trace_id","span_id","labels"}, NULL when there are none.
CREATE TABLE metric_series (
    series_id   UBIGINT PRIMARY KEY,
    metric_name VARCHAR NOT NULL,
    labels      MAP(VARCHAR, VARCHAR) NOT NULL,
    metric_type VARCHAR NOT NULL,
    unit        VARCHAR,
    help        VARCHAR,
    entity_name VARCHAR,
    machine_id  VARCHAR,
    gear_id     VARCHAR
);

CREATE TABLE active_metrics (
    ts          TIMESTAMPTZ NOT NULL,
    trace_id    VARCHAR,
    span_id     VARCHAR,
    flux_id     UBIGINT,
    machine_id  VARCHAR,
    entity_name VARCHAR,
    gear_id     VARCHAR,
    level       VARCHAR,
    series_id   UBIGINT NOT NULL,
    metric_name VARCHAR NOT NULL,
    labels      MAP(VARCHAR, VARCHAR) NOT NULL,
    metric_type VARCHAR NOT NULL,
    value       DOUBLE NOT NULL,
    exemplars   JSON
);
