package io.fluxtap.storage.promql.series;

import java.util.SortedMap;

/**
 * The samples of one series inside a requested time range, in time order.
 *
 * @param labels       the full label set, {@code __name__} included, sorted by name
 * @param timestampsMs sample times in milliseconds since the epoch, ascending
 * @param values       sample values; Prometheus' stale marker (NaN with bits 0x7ff0000000000002) is kept as is
 */
public record StoredSeries(SortedMap<String, String> labels, long[] timestampsMs, double[] values) {

    public StoredSeries {
        if (timestampsMs.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }
}
