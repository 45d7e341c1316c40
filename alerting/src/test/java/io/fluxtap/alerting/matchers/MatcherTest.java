package io.fluxtap.alerting.matchers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Matcher's string form, as Alertmanager's labels.Matcher.String renders it into route keys and the API. */
class MatcherTest {

    @Test
    void valuesAreOpenMetricsEscaped() {
        assertEquals("a=\"x\\ny\"", new Matcher(Matcher.Type.EQUAL, "a", "x\ny").toString());
        assertEquals("a=~\"\\\\d+\\\"\"", new Matcher(Matcher.Type.REGEX, "a", "\\d+\"").toString());
    }

    @Test
    void namesWithReservedCharactersAreQuoted() {
        assertEquals("\"service name\"=\"api\"", new Matcher(Matcher.Type.EQUAL, "service name", "api").toString());
        assertEquals("\"a,b\"!~\"x\\ny\"", new Matcher(Matcher.Type.NOT_REGEX, "a,b", "x\ny").toString());
        assertEquals("service.name=\"api\"", new Matcher(Matcher.Type.EQUAL, "service.name", "api").toString());
    }

    @Test
    void sortedByNameThenValueThenOperator() {
        Matchers ms = new Matchers(List.of(new Matcher(Matcher.Type.NOT_REGEX, "a", "1"),
                new Matcher(Matcher.Type.NOT_EQUAL, "a", "1"), new Matcher(Matcher.Type.EQUAL, "a", "0")));
        assertEquals("{a=\"0\",a!=\"1\",a!~\"1\"}", ms.toString());
    }
}
