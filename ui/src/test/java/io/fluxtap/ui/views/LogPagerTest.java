package io.fluxtap.ui.views;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogRecord;
import io.fluxtap.api.LogSearch;
import io.fluxtap.ui.testing.InMemoryLogQuery;
import io.fluxtap.ui.testing.TestLogs;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogPagerTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void pagesReachEveryRecordOnceEvenWhenTimestampsRepeatAcrossAPageBoundary() {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // Groups of 7 records share each second: page boundaries (200) fall inside groups.
            records.add(TestLogs.log(T.minusSeconds(i / 7), "api", "x", Level.INFO, "r" + i, null));
        }
        InMemoryLogQuery logs = new InMemoryLogQuery(records);
        LogPager pager = new LogPager(logs, new LogSearch(null, Set.of(), null, null, null, 1, null));

        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < 1100; offset += 50) {
            pager.slice(offset, 50).forEach(r -> seen.add(r.body()));
        }

        assertEquals(1000, seen.size());
        assertEquals(1000, Set.copyOf(seen).size(), "a record came twice");
        assertTrue(pager.exhausted());
        assertTrue(logs.searches().size() > 4, "it paged: " + logs.searches().size() + " searches");
    }

    @Test
    void theRangeBoundsEveryPage() {
        InMemoryLogQuery logs = new InMemoryLogQuery(List.of(
                TestLogs.log(T.minusSeconds(10), "api", "x", Level.INFO, "inside", null),
                TestLogs.log(T.minusSeconds(100), "api", "x", Level.INFO, "before", null)));
        LogPager pager = new LogPager(logs, new LogSearch(null, Set.of(), null, T.minusSeconds(50), T, 1, null));

        assertEquals(List.of("inside"), pager.slice(0, 50).stream().map(LogRecord::body).toList());
    }
}
