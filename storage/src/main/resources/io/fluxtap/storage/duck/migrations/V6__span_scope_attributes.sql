-- The instrumentation scope's own attributes (OTLP InstrumentationScope.attributes), beside its name and version.
ALTER TABLE active_spans ADD COLUMN scope_attributes JSON;
