package io.fluxtap.ingestion.otlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts the records one export refused, by cause, remembering where each cause first occurred. */
final class Rejections {

    private final String what;
    private final Map<String, String> firstByCause = new LinkedHashMap<>();
    private final Map<String, Integer> countByCause = new LinkedHashMap<>();
    private long count;

    /** @param what how the message names the refused items ("", "data points") */
    Rejections(String what) {
        this.what = what.isEmpty() ? "" : " " + what;
    }

    /** @return false, so a check can refuse an item in one statement */
    boolean add(String cause, String detail) {
        count++;
        countByCause.merge(cause, 1, Integer::sum);
        firstByCause.putIfAbsent(cause, detail);
        return false;
    }

    long count() {
        return count;
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
