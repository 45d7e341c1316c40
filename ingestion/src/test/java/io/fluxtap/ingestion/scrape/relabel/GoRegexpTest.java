package io.fluxtap.ingestion.scrape.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go (RE2) regexes where java.util.regex alone would answer differently; expected results are Go's. */
class GoRegexpTest {

    @ParameterizedTest(name = "{0} on \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            a\\s         | ^a\u000B^   | false
            a\\s         | ^a\t^       | true
            a\\v         | ^a\u000B^   | true
            a\\v         | ^a\n^       | false
            a$\\n        | ^a\n^       | false
            (?m)a$\\n    | ^a\n^       | true
            (?m)a\\n^b   | ^a\nb^      | true
            (?-s)a.b     | ^a\nb^      | false
            (?-s)a.b     | ^a\rb^      | true
            a.b          | ^a\nb^      | true
            [[:alpha:]]+ | ^abc^       | true
            [[:^digit:]] | ^1^         | false
            [[:space:]]  | ^\u000B^    | true
            [a[]+        | ^a[[^       | true
            [a&&b]+      | ^a&&b^      | true
            []a]+        | ^]a]^       | true
            [^]a]        | ^]^         | false
            a{           | ^a{^        | true
            a{,2}        | ^a{,2}^     | true
            a{2}         | ^aa^        | true
            x{1,}y       | ^xxxy^      | true
            \\pL+        | ^żółw^      | true
            \\p{Greek}+  | ^αβγ^       | true
            \\p{^Greek}  | ^α^         | false
            \\QA.B\\E    | ^A.B^       | true
            \\QA.B\\E    | ^AxB^       | false
            \\x41\\x{42} | ^AB^        | true
            \\101        | ^A^         | true
            (?i)straße   | ^STRASSE^   | false
            (?i)ärger    | ^ÄRGER^     | true
            ^f|o^        | ^foo^       | false
            \\d+         | ^٣^         | false
            a\\.b        | ^a.b^       | true
            """)
    void matchesAsGo(String regex, String value, boolean matches) {
        assertEquals(matches, GoRegexp.compile(regex).matches(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
            (?P<first_name>\\w+) (?<last>\\w+) | ^Ada Lovelace^ | ${last}, $first_name | Lovelace, Ada
            ^(a)|(b)^                          | ^b^            | [$1][$2]             | [][b]
            (a)(?:x)(b)                        | ^axb^          | $2$1                 | ba
            (a*?)(a*)                          | ^aaa^          | ^$1-$2^              | -aaa
            """)
    void expandsGroupsAsGo(String regex, String value, String template, String expected) {
        GoRegexp compiled = GoRegexp.compile(regex);
        assertEquals(expected, compiled.expand(template, value, compiled.match(value)));
    }
}
