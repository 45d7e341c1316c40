/**
 * PromQL's in-memory head block, as Prometheus answers recent data from its head: the store's writers hand it every
 * committed batch of metric samples, it loads the last window from DuckDB at start, and {@link
 * io.fluxtap.storage.prometheus.head.HeadSeriesSource} answers a select from it when the select's whole time range
 * lies in what it covers, else from DuckDB. What it answers equals what DuckDB would (same series, same samples to
 * the bit, same order); {@code HeadAgreesWithDuckDbTest} holds it to that.
 */
package io.fluxtap.storage.prometheus.head;
