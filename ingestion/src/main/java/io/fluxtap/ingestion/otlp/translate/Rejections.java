package io.fluxtap.ingestion.otlp.translate;

import io.fluxtap.ingestion.metrics.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts the records one export refused, by cause, remembering where each cause first occurred. */
final class Rejections {

    private final String what;
    private final Map<String, String> firstByCause = new LinkedHashMap<>();
    private final Map<String, Integer> countByCause = new LinkedHashMap<>();
    private final Map<RejectReason, Long> countByReason = new EnumMap<>(RejectReason.class);
    private long count;

    /** @param what how the message names the refused items ("", "data points") */
    Rejections(String what) {
        this.what = what.isEmpty() ? "" : " " + what;
    }

    /** An invalid record ({@link RejectReason#INVALID_RECORD}); @return false, so a check can refuse it in one statement */
    boolean add(String cause, String detail) {
        return add(RejectReason.INVALID_RECORD, cause, detail);
    }

    /** @return false, so a check can refuse an item in one statement */
    boolean add(RejectReason reason, String cause, String detail) {
        count++;
        countByReason.merge(reason, 1L, Long::sum);
        countByCause.merge(cause, 1, Integer::sum);
        firstByCause.putIfAbsent(cause, detail);
        return false;
    }

    long count() {
        return count;
    }

    Map<RejectReason, Long> countByReason() {
        return countByReason;
    }

    /** The partial-success message, or null when nothing was refused. */
    String message() {
        if (count == 0) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        countByCause.forEach((cause, n) ->
                parts.add(n + what + " rejected: " + cause + " (first: " + firstByCause.get(cause) + ")"));
        return String.join("; ", parts);
    }
}
