package io.fluxtap.ui.query;

import io.fluxtap.api.Level;
import io.fluxtap.api.LogSearch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFilterTest {

    @Test
    void anEmptyFilterSearchesTheNewestFiveHundredOfEverything() {
        LogSearch search = LogFilter.none().toSearch();

        assertEquals(new LogSearch(null, Set.of(), null, null, null, 500, null), search);
    }

    @Test
    void everyChosenCriterionReachesTheSearch() {
        LogSearch search = new LogFilter("checkout", Set.of(Level.ERROR, Level.FATAL), "timeout",
                "attributes.http.status_code >= 500").toSearch();

        assertEquals("checkout", search.entityName());
        assertEquals(Set.of(Level.ERROR, Level.FATAL), search.levels());
        assertEquals("timeout", search.contains());
        assertEquals("attributes.http.status_code >= 500", search.query());
        assertEquals(LogFilter.LIMIT, search.limit());
        assertNull(search.from());
        assertNull(search.to());
    }

    @Test
    void blankFieldsMeanAnyAndTypedTextIsTrimmed() {
        LogSearch search = new LogFilter("  ", null, "  disk full \t", " \t").toSearch();

        assertNull(search.entityName());
        assertTrue(search.levels().isEmpty());
        assertEquals("disk full", search.contains());
        assertNull(search.query());
        assertNull(new LogFilter(null, Set.of(), " ", null).toSearch().contains());
    }

    @Test
    void aQueryIsKeptAsTypedSoErrorPositionsPointIntoTheField() {
        String typed = "  level = 'error' ";

        assertEquals(typed, new LogFilter(null, Set.of(), null, typed).toSearch().query());
    }

    @Test
    void queryParametersRoundTrip() {
        LogFilter filter = new LogFilter("billing", Set.of(Level.WARN, Level.ERROR), "ledger refused",
                "body CONTAINS 'it''s' & attributes.peer = \"a=b\"");

        Map<String, List<String>> parameters = filter.toQueryParameters();

        assertEquals(Map.of("service", List.of("billing"), "level", List.of("warn", "error"),
                "q", List.of("ledger refused"), "query", List.of("body CONTAINS 'it''s' & attributes.peer = \"a=b\"")),
                parameters);
        assertEquals(filter, LogFilter.fromQueryParameters(parameters));
    }

    @Test
    void unsetCriteriaStayOutOfTheAddress() {
        assertEquals(Map.of(), LogFilter.none().toQueryParameters());
        assertEquals(LogFilter.none(), LogFilter.fromQueryParameters(Map.of()));
    }

    @Test
    void levelNamesAreReadAsLoggingFrameworksWriteThemAndUnknownOnesAreIgnored() {
        LogFilter filter = LogFilter.fromQueryParameters(Map.of("level", List.of("WARNING", "err", "loud")));

        assertEquals(Set.of(Level.WARN, Level.ERROR), filter.levels());
    }
}
