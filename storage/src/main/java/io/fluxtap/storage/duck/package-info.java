/**
 * Stage "store": the DuckDB hot window. {@link io.fluxtap.storage.duck.DuckDbDatabase} owns the file
 * {@code <fluxtap.data.dir>/fluxtap.duckdb} and its versioned schema ({@code schema_migrations});
 * {@link io.fluxtap.storage.duck.DuckDbRecordSink} is where the ingestion lanes hand their batches,
 * each lane writer appending on its own connection, one transaction per batch.
 */
package io.fluxtap.storage.duck;
