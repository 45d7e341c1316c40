package io.fluxtap.ingestion.wal;

import java.util.Map;
import java.util.TreeMap;

/**
 * LSNs that were handed out but must never be stored: frames cut after a failed fsync, and records of
 * requests that were refused after their append. Ranges are rare (one per fault), so a locked tree is
 * enough; {@link #any()} keeps the common case, no cut at all, to one volatile read.
 */
final class CutRanges {

    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private volatile boolean any;

    boolean any() {
        return any;
    }

    synchronized void add(long first, long last) {
        if (last < first) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(first);
        if (before != null && before.getValue() >= first - 1) {
            first = before.getKey();
            last = Math.max(last, before.getValue());
        }
        for (Map.Entry<Long, Long> next = ranges.ceilingEntry(first); next != null && next.getKey() <= last + 1;
             next = ranges.ceilingEntry(first)) {
            last = Math.max(last, next.getValue());
            ranges.remove(next.getKey());
        }
        ranges.put(first, last);
        any = true;
    }

    boolean contains(long lsn) {
        if (!any) {
            return false;
        }
        synchronized (this) {
            Map.Entry<Long, Long> range = ranges.floorEntry(lsn);
            return range != null && range.getValue() >= lsn;
        }
    }
}
