package io.fluxtap.alerting.matchers;

import io.fluxtap.api.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Matcher syntaxes of spec/configuration.md §matcher, in Alertmanager's fallback mode. */
class MatcherParserTest {

    private static Matcher m(Matcher.Type type, String name, String value) {
        return new Matcher(type, name, value);
    }

    @Test
    void theFourOperatorsQuotedAndUnquoted() {
        assertEquals(List.of(m(Matcher.Type.EQUAL, "foo", "bar")), MatcherParser.parseMatchers("foo=\"bar\""));
        assertEquals(List.of(m(Matcher.Type.EQUAL, "foo", "bar")), MatcherParser.parseMatchers("foo = bar"));
        assertEquals(List.of(m(Matcher.Type.NOT_EQUAL, "dings", "bums")), MatcherParser.parseMatchers("dings != bums"));
        assertEquals(List.of(m(Matcher.Type.REGEX, "env", "prod|staging")),
                MatcherParser.parseMatchers("env =~ \"prod|staging\""));
        assertEquals(List.of(m(Matcher.Type.NOT_REGEX, "env", "preprod")), MatcherParser.parseMatchers("env !~ preprod"));
        assertEquals(List.of(m(Matcher.Type.REGEX, "job", ".*")), MatcherParser.parseMatchers("job=~\".*\""));
    }

    @Test
    void listsWithBracesCommasTrailingCommaAndNewlines() {
        List<Matcher> expected = List.of(m(Matcher.Type.EQUAL, "alertname", "Watchdog"),
                m(Matcher.Type.REGEX, "severity", "warning|critical"));
        assertEquals(expected, MatcherParser.parseMatchers("{alertname=\"Watchdog\", severity=~\"warning|critical\"}"));
        assertEquals(expected, MatcherParser.parseMatchers("{alertname=\"Watchdog\", severity=~\"warning|critical\",}"));
        assertEquals(expected, MatcherParser.parseMatchers("alertname=\"Watchdog\", severity=~\"warning|critical\""));
        assertEquals(expected, MatcherParser.parseMatchers(
                "{\n   alertname = \"Watchdog\",\n   severity =~ \"warning|critical\",\n}"));
        assertEquals(List.of(), MatcherParser.parseMatchers("{}"));
    }

    @Test
    void quotedValuesKeepCommasAndEscapes() {
        assertEquals(List.of(m(Matcher.Type.EQUAL, "foo", "bar,baz")), MatcherParser.parseMatchers("foo = \"bar,baz\""));
        assertEquals(List.of(m(Matcher.Type.REGEX, "quote", "She said: \"Hi, all!( How're you…)?\"")),
                MatcherParser.parseMatchers("{quote=~\"She said: \\\"Hi, all!( How're you…)?\\\"\"}\n"));
        assertEquals(List.of(m(Matcher.Type.REGEX, "n", "\\d+")), MatcherParser.parseMatchers("n=~\"\\\\d+\""));
        // \xf0\x9f\x99\x82 is the UTF-8 of 🙂; both parsers read it, and they disagree, so the classic reading wins.
        assertEquals(List.of(m(Matcher.Type.EQUAL, "qux", "\\xf0\\x9f\\x99\\x82")),
                MatcherParser.parseMatchers("qux=\"\\xf0\\x9f\\x99\\x82\""));
        assertEquals(List.of(m(Matcher.Type.EQUAL, "qux", "🙂")),
                MatcherParser.parseUtf8Matchers("qux=\"\\xf0\\x9f\\x99\\x82\""));
    }

    @Test
    void utf8NamesQuotedOrUnquoted() {
        assertEquals(List.of(m(Matcher.Type.EQUAL, "Προμηθεύς", "x")), MatcherParser.parseMatchers("Προμηθεύς=x"));
        assertEquals(List.of(m(Matcher.Type.EQUAL, "service.name", "api")),
                MatcherParser.parseMatchers("\"service.name\"=\"api\""));
    }

    @Test
    void classicFallbackForInputTheUtf8ParserRefuses() {
        // "foo=" has no value for the UTF-8 parser; the classic one reads the empty string.
        assertEquals(List.of(m(Matcher.Type.EQUAL, "foo", "")), MatcherParser.parseMatchers("foo="));
        assertThrows(IllegalArgumentException.class, () -> MatcherParser.parseUtf8Matchers("foo="));
        assertEquals("end of input: expected label value",
                assertThrows(IllegalArgumentException.class, () -> MatcherParser.parseUtf8Matchers("foo=")).getMessage());
    }

    @Test
    void errorsCarryAlertmanagersMessages() {
        assertEquals("bad matcher format: foo",
                assertThrows(IllegalArgumentException.class, () -> MatcherParser.parseMatchers("foo")).getMessage());
        assertEquals("matcher value contains unescaped double quote: \"ba\"r\"",
                assertThrows(IllegalArgumentException.class,
                        () -> MatcherParser.parseClassicMatcher("foo=\"ba\"r\"")).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatcherParser.parseMatchers("a=~\"(\""));
        assertTrue(e.getMessage().startsWith("invalid regular expression"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MatcherParser.parseUtf8Matchers("{a=\"b\""));
        assertThrows(IllegalArgumentException.class, () -> MatcherParser.parseUtf8Matchers("a=\"b\"}"));
        assertThrows(IllegalArgumentException.class, () -> MatcherParser.parseUtf8Matchers("{{a=\"b\"}}"));
        // One matcher: the UTF-8 parser finds two, so the classic one reads a single value "b,c=d".
        assertEquals(new Matcher(Matcher.Type.EQUAL, "a", "b,c=d"), MatcherParser.parseMatcher("a=b,c=d"));
        assertEquals("expected 1 matcher, found 2", assertThrows(IllegalArgumentException.class,
                () -> MatcherParser.parseUtf8Matcher("a=b,c=d")).getMessage());
        assertEquals("unexpected open or close brace: {a=b}", assertThrows(IllegalArgumentException.class,
                () -> MatcherParser.parseMatcher("{a=b}")).getMessage());
        assertEquals("0:6: end of input: expected close brace", assertThrows(IllegalArgumentException.class,
                () -> MatcherParser.parseUtf8Matchers("{a=\"b\"")).getMessage());
        assertEquals("4:5: unexpected c: expected a comma or close brace", assertThrows(
                IllegalArgumentException.class, () -> MatcherParser.parseUtf8Matchers("a=b c=d")).getMessage());
    }

    @Test
    void oldMatchMapsAndAnchoredRegexes() {
        List<Matcher> match = MatcherParser.fromMatch(Map.of("b", "2", "a", "1"));
        assertEquals(List.of(m(Matcher.Type.EQUAL, "a", "1"), m(Matcher.Type.EQUAL, "b", "2")), match);
        List<Matcher> re = MatcherParser.fromMatchRe(Map.of("owner", "team-(B|C)"));
        assertEquals("owner=~\"^(?:team-(B|C))$\"", re.getFirst().toString());
        assertTrue(re.getFirst().matches(Labels.of("owner", "team-C")));
        assertFalse(re.getFirst().matches(Labels.of("owner", "xteam-C")));
        assertThrows(IllegalArgumentException.class, () -> MatcherParser.fromMatch(Map.of("-x", "1")));
    }

    @Test
    void matchersSortAndRenderAsRouteKeys() {
        Matchers ms = new Matchers(MatcherParser.parseMatchers("{owner=\"team-A\", level!=\"critical\"}"));
        assertEquals("{level!=\"critical\",owner=\"team-A\"}", ms.toString());
        assertTrue(ms.matches(Labels.of("owner", "team-A")), "a missing label matches != as the empty string");
        assertFalse(ms.matches(Labels.of("owner", "team-A", "level", "critical")));
        assertEquals("{}", Matchers.NONE.toString());
    }
}
