package io.fluxtap.ui.alerts;

import io.fluxtap.api.alerts.SilenceMatcher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatcherLinesTest {

    @Test
    void readsEveryOperatorQuotedOrNotAndSkipsBlankLines() {
        List<SilenceMatcher> parsed = MatcherLines.parse("alertname=\"High Latency\"\n\n job != web \nenv=~\"prod|stage\"\nx!~\"a\\\"b\"");
        assertEquals(List.of(new SilenceMatcher("alertname", "=", "High Latency"), new SilenceMatcher("job", "!=", "web"),
                new SilenceMatcher("env", "=~", "prod|stage"), new SilenceMatcher("x", "!~", "a\"b")), parsed);
    }

    @Test
    void formatsWhatItReads() {
        List<SilenceMatcher> matchers = List.of(new SilenceMatcher("a", "=", "q\"uote\\d"), new SilenceMatcher("b", "=~", "x.*"));
        assertEquals(matchers, MatcherLines.parse(MatcherLines.format(matchers)));
    }

    @Test
    void aLineThatIsNoMatcherIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatcherLines.parse("job=\"api\"\nnot a matcher"));
        assertTrue(e.getMessage().startsWith("line 2 is not name="), e.getMessage());
    }
}
