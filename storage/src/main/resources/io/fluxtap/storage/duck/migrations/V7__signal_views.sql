-- The names queries use for a whole signal (DESIGN.md): logs, spans, metrics, messages. Until the warehouse
-- holds files they are the active tables alone; the warehouse replaces each with active table UNION ALL BY NAME
-- its Parquet files as soon as there is one, so queries written against these names never change.
CREATE VIEW logs AS SELECT * FROM active_logs;
CREATE VIEW spans AS SELECT * FROM active_spans;
CREATE VIEW metrics AS SELECT * FROM active_metrics;
CREATE VIEW messages AS SELECT * FROM active_messages;
