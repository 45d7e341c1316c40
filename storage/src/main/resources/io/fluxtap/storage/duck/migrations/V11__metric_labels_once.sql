-- A sample's labels are stored once, with its series (issue #13): active_metrics loses its labels MAP column.
-- Writing a MAP per sample through the Appender was the largest single cost of storing scraped and remote_write
-- samples; the series_id already names the label set, which metric_series holds.
--
-- The metrics view (SQL users, the warehouse) still shows labels, joined from metric_series, so queries written
-- against it and the hourly Parquet files, which keep a labels column and stand alone, do not change. PromQL and
-- the head block read metric_samples, the same rows without the join.
--
-- Every series a hot sample names is in metric_series already (a batch adds its new series in the transaction
-- that appends its samples); the insert below makes sure of it for a file written before that held, so no sample
-- loses its labels with the column.
INSERT INTO metric_series
SELECT DISTINCT ON (series_id) series_id, metric_name, labels, metric_type, NULL, NULL, entity_name, machine_id,
       gear_id
FROM active_metrics
ON CONFLICT DO NOTHING;

DROP VIEW IF EXISTS metrics;
ALTER TABLE active_metrics DROP COLUMN labels;

CREATE VIEW metrics AS
SELECT m.ts, m.trace_id, m.span_id, m.flux_id, m.machine_id, m.entity_name, m.gear_id, m.level, m.series_id,
       m.metric_name, s.labels, m.metric_type, m.value, m.exemplars
FROM active_metrics m LEFT JOIN metric_series s USING (series_id);

CREATE VIEW metric_samples AS SELECT * FROM active_metrics;
