-- What OTLP sends that the first tables lost (issue #10): a log record's severity text and its instrumentation
-- scope (name, version, attributes, as spans have had since V6), and every OTLP time as sent, in nanoseconds,
-- beside the TIMESTAMPTZ columns that keep microseconds only.
--
-- time_unix_nano, observed_time_unix_nano, start_time_unix_nano and end_time_unix_nano are OTLP's fixed64 fields
-- exactly as sent (UBIGINT: unsigned nanoseconds since the epoch); for logs 0 means the sender left the time
-- unset and ts holds the observed time or the time of arrival instead. ts, observed_ts and end_ts stay what
-- queries, the seed queries and the warehouse partitions use; the nanosecond columns only make the read-back
-- exact. Rows written before this migration have NULL here and read back with microseconds.
-- New columns go at the end: the Appender writes columns by position.
ALTER TABLE active_logs ADD COLUMN severity_text VARCHAR;
ALTER TABLE active_logs ADD COLUMN scope_name VARCHAR;
ALTER TABLE active_logs ADD COLUMN scope_version VARCHAR;
ALTER TABLE active_logs ADD COLUMN scope_attributes JSON;
ALTER TABLE active_logs ADD COLUMN time_unix_nano UBIGINT;
ALTER TABLE active_logs ADD COLUMN observed_time_unix_nano UBIGINT;
ALTER TABLE active_spans ADD COLUMN start_time_unix_nano UBIGINT;
ALTER TABLE active_spans ADD COLUMN end_time_unix_nano UBIGINT;
