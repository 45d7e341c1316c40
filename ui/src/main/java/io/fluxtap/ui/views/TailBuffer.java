package io.fluxtap.ui.views;

import io.fluxtap.api.LogRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The records a live tail put above the page's first search, newest first, at most {@code keep}. It remembers the
 * newest timestamp shown and the records shown at it, because the next search starts at that timestamp
 * (inclusive: a record stored later may share it) and must not hand those records out twice.
 * Not thread-safe: the UI's session lock guards it.
 */
final class TailBuffer {

    private final int keep;
    private final List<LogRecord> records = new ArrayList<>();
    private Instant newest;
    private final List<LogRecord> atNewest = new ArrayList<>();

    /** @param shown what the page shows already, newest first (only its newest timestamp matters) */
    TailBuffer(int keep, List<LogRecord> shown) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be positive, was " + keep);
        }
        this.keep = keep;
        remember(shown);
    }

    /** Where the next search starts (inclusive), or null when nothing is shown yet. */
    Instant since() {
        return newest;
    }

    /** How many shown records sit at {@link #since()}: a search needs that many more rows to see past them. */
    int atSince() {
        return atNewest.size();
    }

    /** Of {@code found} (newest first, from {@link #since()} on), those not shown yet, newest first. */
    List<LogRecord> fresh(List<LogRecord> found) {
        List<LogRecord> seen = new ArrayList<>(atNewest);
        List<LogRecord> fresh = new ArrayList<>();
        for (LogRecord log : found) {
            if (newest != null && log.timestamp().isBefore(newest)) {
                continue;
            }
            // Each record shown at the boundary cancels one equal record found, so true duplicates survive.
            if (newest != null && log.timestamp().equals(newest) && seen.remove(log)) {
                continue;
            }
            fresh.add(log);
        }
        return fresh;
    }

    /** Whether {@code count} more records still fit under {@code keep}. */
    boolean fits(int count) {
        return records.size() + count <= keep;
    }

    /**
     * Puts {@code fresh} (newest first, from {@link #fresh}) on top.
     *
     * @throws IllegalStateException when they do not {@link #fits fit}: the caller starts over instead, as dropping
     *                               the oldest would open a gap above the page's first search
     */
    void add(List<LogRecord> fresh) {
        if (!fits(fresh.size())) {
            throw new IllegalStateException(fresh.size() + " records do not fit: " + records.size() + " of " + keep + " kept");
        }
        records.addAll(0, fresh);
        remember(fresh);
    }

    /** The tail's records, newest first. */
    List<LogRecord> records() {
        return List.copyOf(records);
    }

    int size() {
        return records.size();
    }

    private void remember(List<LogRecord> newestFirst) {
        if (newestFirst.isEmpty()) {
            return;
        }
        Instant top = newestFirst.getFirst().timestamp();
        if (newest == null || top.isAfter(newest)) {
            newest = top;
            atNewest.clear();
        }
        if (top.equals(newest)) {
            for (LogRecord log : newestFirst) {
                if (!log.timestamp().equals(newest)) {
                    break;
                }
                atNewest.add(log);
            }
        }
    }
}
