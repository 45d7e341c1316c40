package io.fluxtap.ui.views;

import io.fluxtap.api.LogQuery;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages through a newest-first search with a time cursor, since {@link LogQuery} has no offset: the next page
 * asks for records up to (inclusive) the oldest timestamp seen and skips the ones with that timestamp it already
 * has, so records sharing a timestamp across a page boundary are neither lost nor repeated.
 * One pager per grid refresh; not thread-safe (the UI's session lock guards it).
 */
final class LogPager {

    static final int PAGE = 200;
    private static final long MICRO_NANOS = 1_000;

    private final LogQuery logs;
    private final LogSearch search;
    private final List<LogRecord> loaded = new ArrayList<>();
    private boolean exhausted;

    /** @param search the filter and range; its limit is ignored */
    LogPager(LogQuery logs, LogSearch search) {
        this.logs = logs;
        this.search = search;
    }

    /** Records {@code offset} to {@code offset + limit} (fewer at the end), fetching pages as needed. */
    List<LogRecord> slice(int offset, int limit) {
        ensure(offset + limit);
        return offset >= loaded.size() ? List.of() : List.copyOf(loaded.subList(offset, Math.min(loaded.size(), offset + limit)));
    }

    int loadedCount() {
        return loaded.size();
    }

    boolean exhausted() {
        return exhausted;
    }

    private void ensure(int wanted) {
        while (loaded.size() < wanted && !exhausted) {
            Instant to = search.to();
            int skip = 0;
            if (!loaded.isEmpty()) {
                Instant oldest = loaded.getLast().timestamp();
                // The store keeps microseconds: one more includes the records at the oldest timestamp.
                to = oldest.plusNanos(MICRO_NANOS);
                for (int i = loaded.size() - 1; i >= 0 && loaded.get(i).timestamp().equals(oldest); i--) {
                    skip++;
                }
            }
            int limit = Math.min(LogSearch.MAX_LIMIT, Math.max(PAGE, wanted - loaded.size()) + skip);
            List<LogRecord> page = logs.search(new LogSearch(search.entityName(), search.levels(), search.contains(),
                    search.from(), to, limit, search.query()));
            if (page.size() < limit) {
                exhausted = true;
            }
            List<LogRecord> fresh = page.subList(Math.min(skip, page.size()), page.size());
            if (fresh.isEmpty()) {
                // More records share one timestamp than a page holds: nothing new can be reached this way.
                exhausted = true;
            }
            loaded.addAll(fresh);
        }
    }
}
