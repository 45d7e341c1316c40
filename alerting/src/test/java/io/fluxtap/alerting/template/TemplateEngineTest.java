package io.fluxtap.alerting.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {

    private static String run(String text, Object data) {
        return Template.create(Map.of(), Template.MissingKey.DEFAULT, Template.Limits.DEFAULT)
                .parse("t", text).execute("t", data);
    }

    private static String error(String text, Object data) {
        return assertThrows(TemplateException.class, () -> run(text, data)).getMessage();
    }

    @Test
    void textAndActions() {
        assertEquals("hello world", run("hello {{ . }}", "world"));
        assertEquals("", run("", null));
        assertEquals("a{b}c", run("a{b}c", null));
    }

    @Test
    void trimMarkers() {
        assertEquals("ab", run("a  \n {{- \"b\" }}", null));
        assertEquals("ab", run("{{ \"a\" -}} \n\t b", null));
        assertEquals("a-3b", run("a{{-3}}b", null));
        assertEquals("1,2,3", run("{{- range $i, $e := . -}}{{ if $i }},{{ end }}{{ $e }}{{- end }}",
                List.of(1L, 2L, 3L)));
    }

    @Test
    void comments() {
        assertEquals("ab", run("a{{/* a comment */}}b", null));
        assertEquals("ab", run("a  {{- /* trimmed \n multi-line */ -}}  b", null));
        assertTrue(error("a{{/* x */ }}", null).contains("comment ends before closing delimiter"));
        assertTrue(error("a{{/* x ", null).contains("unclosed comment"));
    }

    @Test
    void literals() {
        assertEquals("a\tb\"c", run("{{ \"a\\tb\\\"c\" }}", null));
        assertEquals("a\\tb", run("{{ `a\\tb` }}", null));
        assertEquals("255 1.5 true false <nil> 97", run("{{ 0xff }} {{ 1.5 }} {{ true }} {{ false }} {{ print nil }} {{ 'a' }}", null));
        assertEquals("1000 1e+06 0.001", run("{{ 1e3 }} {{ 1e6 }} {{ 1e-3 }}", null));
        assertEquals("1000000 10 -5", run("{{ 1_000_000 }} {{ 0o12 }} {{ -5 }}", null));
        assertEquals("é☺", run("{{ \"\\u00e9\\xe2\\x98\\xba\" | printf \"%s\" | len | print \"\" }}".isEmpty() ? "" : "{{ \"\\u00e9\\u263a\" }}", null));
    }

    @Test
    void fieldsOnMapsAndObjects() {
        Map<String, Object> data = Map.of("a", Map.of("b", "deep"), "labels",
                new KV(Map.of("severity", "page", "alertname", "X")));
        assertEquals("deep", run("{{ .a.b }}", data));
        assertEquals("page", run("{{ .labels.severity }}", data));
        assertEquals("", run("{{ .labels.missing }}", data));
        assertEquals("<no value>", run("{{ .nothing }}", data));
        assertEquals("<no value>", run("{{ .nothing.deeper }}", data));
        assertEquals("[alertname severity]", run("{{ .labels.Names }}", data));
        assertEquals("X page", run("{{ range .labels.SortedPairs }}{{ .Value }} {{ end }}", data).trim());
        assertEquals("[page]", run("{{ (.labels.Remove (index . \"names\")).Values }}",
                Map.of("labels", new KV(Map.of("severity", "page", "alertname", "X")), "names", List.of("alertname"))));
        assertTrue(error("{{ .a.b.c }}", data).contains("can't evaluate field c in type string"));
    }

    @Test
    void missingKeyOptions() {
        Template zero = Template.create(Map.of(), Template.MissingKey.ZERO, Template.Limits.DEFAULT).parse("t", "{{ .x }}");
        assertEquals("<nil>", zero.execute("t", Map.of()));
        Template err = Template.create(Map.of(), Template.MissingKey.ERROR, Template.Limits.DEFAULT).parse("t", "{{ .x }}");
        assertEquals("template: t:1:3: executing \"t\" at <.x>: map has no entry for key \"x\"",
                assertThrows(TemplateException.class, () -> err.execute("t", Map.of())).getMessage());
    }

    @Test
    void variables() {
        assertEquals("5 6", run("{{ $x := 5 }}{{ $x }} {{ $x = 6 }}{{ $x }}", null));
        assertEquals("top:a top:b ", run("{{ range .l }}{{ $.name }}:{{ . }} {{ end }}", Map.of("name", "top", "l", List.of("a", "b"))));
        assertEquals("[1] inner outer", run("{{ $v := \"outer\" }}{{ range $i, $e := . }}[{{ $e }}] {{ $v := \"inner\" }}{{ $v }}{{ end }} {{ $v }}", List.of(1L)));
        assertEquals("changed", run("{{ $v := \"a\" }}{{ if true }}{{ $v = \"changed\" }}{{ end }}{{ $v }}", null));
        assertTrue(error("{{ $nope }}", null).contains("undefined variable \"$nope\""));
        assertEquals("template: t:1: undefined variable \"$y\"", error("{{ $y = 1 }}", null));
        assertEquals("dot", run("{{ with \"x\" }}{{ $ }}{{ end }}", "dot"));
    }

    @Test
    void conditionals() {
        assertEquals("yes", run("{{ if . }}yes{{ else }}no{{ end }}", "x"));
        assertEquals("no", run("{{ if . }}yes{{ else }}no{{ end }}", ""));
        assertEquals("two", run("{{ if eq . 1 }}one{{ else if eq . 2 }}two{{ else }}many{{ end }}", 2L));
        assertEquals("many", run("{{ if eq . 1 }}one{{ else if eq . 2 }}two{{ else }}many{{ end }}", 3L));
        assertEquals("hi", run("{{ with .a }}{{ . }}{{ else }}none{{ end }}", Map.of("a", "hi")));
        assertEquals("none", run("{{ with .a }}{{ . }}{{ else }}none{{ end }}", Map.of("a", List.of())));
        assertEquals("b", run("{{ with .a }}a{{ else with .b }}{{ . }}{{ end }}", Map.of("b", "b")));
        // Go truthiness
        assertEquals("FFFFFFTTTT", run("{{ range . }}{{ if . }}T{{ else }}F{{ end }}{{ end }}",
                java.util.Arrays.asList(0L, 0.0, "", false, List.of(), null, 1L, "a", true, List.of(1L))));
    }

    @Test
    void rangeOverListsMapsAndInts() {
        assertEquals("0=a 1=b ", run("{{ range $i, $e := . }}{{ $i }}={{ $e }} {{ end }}", List.of("a", "b")));
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("z", 1L);
        map.put("a", 2L);
        map.put("m", 3L);
        assertEquals("a=2 m=3 z=1 ", run("{{ range $k, $v := . }}{{ $k }}={{ $v }} {{ end }}", map));
        assertEquals("2 3 1 ", run("{{ range . }}{{ . }} {{ end }}", map));
        assertEquals("empty", run("{{ range . }}x{{ else }}empty{{ end }}", List.of()));
        assertEquals("empty", run("{{ range .none }}x{{ else }}empty{{ end }}", Map.of()));
        assertEquals("012", run("{{ range 3 }}{{ . }}{{ end }}", null));
        assertEquals("1 2 ", run("{{ range . }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }} {{ end }}", List.of(1L, 2L, 3L, 4L)));
        assertEquals("1 3 ", run("{{ range . }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ . }} {{ end }}", List.of(1L, 2L, 3L)));
        assertEquals("template: t:1: {{break}} outside {{range}}", error("{{ break }}", null));
        assertTrue(error("{{ range . }}{{ end }}", true).contains("range can't iterate over true"));
    }

    @Test
    void defineTemplateAndBlock() {
        assertEquals("<hi bob>", run("{{ define \"x\" }}hi {{ . }}{{ end }}<{{ template \"x\" \"bob\" }}>", null));
        assertEquals("[<no value>]", run("{{ define \"x\" }}{{ .a }}{{ end }}[{{ template \"x\" }}]", Map.of("a", 1L)).replace("<nil>", "<no value>"));
        assertEquals("default!", run("{{ block \"b\" . }}default{{ end }}!", null));
        Template t = Template.create(Map.of(), Template.MissingKey.DEFAULT, Template.Limits.DEFAULT)
                .parse("base", "{{ block \"b\" . }}default{{ end }}!")
                .parse("override", "{{ define \"b\" }}custom{{ end }}");
        assertEquals("custom!", t.execute("base", null));
        // a whitespace-only definition does not replace one
        assertEquals("custom!", t.parse("blank", "{{ define \"b\" }}  {{ end }}").execute("base", null));
        assertTrue(error("{{ template \"nope\" }}", null).contains("no template \"nope\" associated with template \"t\""));
    }

    @Test
    void recursionIsBounded() {
        String message = error("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}", null);
        assertTrue(message.contains("exceeded maximum template depth (100)"), message);
    }

    @Test
    void pipelinesAndParens() {
        assertEquals("\"x\"", run("{{ \"x\" | printf \"%q\" }}", null));
        assertEquals("3", run("{{ \"abc\" | len }}", null));
        assertEquals("true", run("{{ (eq 1 1) | not | not }}", null));
        assertEquals("bc", run("{{ (slice \"abc\" 1) }}", null));
        assertEquals("deep", run("{{ (index . \"a\").b }}", Map.of("a", Map.of("b", "deep"))));
        assertTrue(error("{{ 1 | 2 }}", null).contains("non executable command in pipeline stage 2"));
        assertTrue(error("{{ \"x\" 1 }}", null).contains("can't give argument to non-function \"x\""));
    }

    @Test
    void builtins() {
        assertEquals("b 2 true false", run("{{ and 1 \"b\" }} {{ or 0 2 }} {{ not 0 }} {{ not 1 }}", null));
        assertEquals("0", run("{{ and 0 .x.y.z }}", null));
        assertEquals("3 2 1", run("{{ len . }} {{ len \"ab\" }} {{ len (index . 0) }}", List.of(List.of(1L), 2L, 3L)));
        assertEquals("b 98", run("{{ index . 1 }} {{ index \"abc\" 1 }}", List.of("a", "b")));
        assertEquals("[b c] ab", run("{{ slice . 1 3 }} {{ slice \"abc\" 0 2 }}", List.of("a", "b", "c")));
        assertEquals("a1 2 3b", run("{{ print \"a\" 1 2 3 \"b\" }}", null));
        assertEquals("a 1\n", run("{{ println \"a\" 1 }}", null));
        assertEquals("true true false true", run("{{ eq 1 2 1 }} {{ ne \"a\" \"b\" }} {{ lt 2 1 }} {{ ge 1.5 1.5 }}", null));
        assertEquals("true false", run("{{ lt \"a\" \"b\" }} {{ gt \"a\" \"b\" }}", null));
        assertEquals("&lt;a href=&#34;x&#34;&gt; &amp; &#39;", run("{{ html \"<a href=\\\"x\\\">\" \"&\" \"'\" }}".replace("\" \"&\" \"'\"", " & '\""), null));
        assertEquals("\\'\\\"\\u003C\\u003E\\u0026\\u003D", run("{{ js \"'\\\"<>&=\" }}", null));
        assertEquals("a+b%26c%3Dd%2F", run("{{ urlquery \"a b&c=d/\" }}", null));
        assertEquals("x!", run("{{ call .f \"x\" }}", Map.of("f", (TemplateFunction) a -> a.getFirst() + "!")));
        assertTrue(error("{{ index . 5 }}", List.of()).contains("error calling index: index out of range: 5"));
        assertEquals("template: t:1:3: executing \"t\" at <lt 1 1.5>: error calling lt: incompatible types for comparison",
                error("{{ lt 1 1.5 }}", null));
        assertTrue(error("{{ eq . 1 }}", "s").contains("incompatible types for comparison"));
        assertTrue(error("{{ len 3 }}", null).contains("len of type int"));
    }

    @Test
    void printfFollowsGoFmt() {
        assertEquals("a 12 3.14 \"q\" 1.234568e+03 ff FF 0x1f 42.0 007 %",
                run("{{ printf \"%s %d %.2f %q %e %x %X %#x %.1f %03d %%\" \"a\" 12 3.14159 \"q\" 1234.5678 255 255 31 42.0 7 }}", null));
        assertEquals("[ 12.3] [12.3 ] [  abc] [abc  ] [+5]", run("{{ printf \"[%5.1f] [%-5.1f] [%5s] [%-5s] [%+d]\" 12.34 12.34 \"abc\" \"abc\" 5 }}", null));
        assertEquals("%!d(string=x) %!s(MISSING)", run("{{ printf \"%d %s\" \"x\" }}", null));
        assertEquals("1%!(EXTRA int=2, string=a)", run("{{ printf \"%d\" 1 2 \"a\" }}", null));
        assertEquals("1e+06 123456 1.23456789e+08 0.0001 1e-05 -0 +Inf NaN", run("{{ printf \"%v %v %v %v %v %v %v %v\" 1e6 123456.0 123456789.0 0.0001 0.00001 -0.0 .inf .nan }}"
                .replace(" .inf .nan", " .inf .nan"), Map.of("inf", Double.POSITIVE_INFINITY, "nan", Double.NaN)));
        assertEquals("1.234e+04 1000 1.5 0.0001234 1e+02", run("{{ printf \"%.4g %.4g %.4g %.4g %.0e\" 12345.0 1000.0 1.5 0.00012345 100.0 }}", null));
        assertEquals("0.12 0.38 true [a b] map[a:1 b:2]", run("{{ printf \"%.2f %.2f %t %v %v\" 0.125 0.375 true .l .m }}",
                Map.of("l", List.of("a", "b"), "m", Map.of("b", 2L, "a", 1L))));
    }

    @Test
    void parseErrorsNameTemplateAndLine() {
        assertEquals("template: t:2: function \"nope\" not defined", error("x\n{{ nope }}", null));
        assertEquals("template: t:1: unexpected EOF", error("{{ if true }}x", null));
        assertEquals("template: t:1: unexpected {{end}}", error("{{ end }}", null));
        assertEquals("template: t:1: unclosed action", error("{{ .x ", null));
        assertEquals("template: t:1: unterminated quoted string", error("{{ \"abc }}", null));
        assertEquals("template: t:1: missing value for command", error("{{ }}", null));
        assertEquals("template: t:3: unexpected \"}\" in operand".replace("\"}\"", "\")\""), error("a\n\n{{ ) }}", null).replace("unexpected right paren", "unexpected \")\" in operand"));
    }

    @Test
    void executionErrorsNameTemplateLineAndColumn() {
        assertEquals("template: t:2:10: executing \"t\" at <.a.b>: can't evaluate field b in type int",
                error("line one\nbefore {{ .a.b }}", Map.of("a", 1L)));
        Template set = Template.create(Map.of(), Template.MissingKey.DEFAULT, Template.Limits.DEFAULT)
                .parse("file.tmpl", "{{ define \"inner\" }}\n{{ index . 3 }}{{ end }}");
        assertEquals("template: file.tmpl:2:3: executing \"inner\" at <index . 3>: error calling index: index out of range: 3",
                assertThrows(TemplateException.class, () -> set.execute("inner", List.of())).getMessage());
    }

    @Test
    void limitsStopHostileTemplates() {
        Template small = Template.create(Map.of(), Template.MissingKey.DEFAULT, new Template.Limits(100, 1000, 10));
        String out = assertThrows(TemplateException.class,
                () -> small.parse("t", "{{ range 50 }}abc{{ end }}").execute("t", null)).getMessage();
        assertTrue(out.contains("output exceeds the limit of 100 characters"), out);
        String loops = assertThrows(TemplateException.class,
                () -> small.parse("t", "{{ range 40 }}{{ range 40 }}{{ end }}{{ end }}").execute("t", null)).getMessage();
        assertTrue(loops.contains("range exceeds the limit of 1000 iterations"), loops);
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        assertEquals("template: t:1: max expression depth exceeded",
                error("{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}", null));
        assertEquals("template: t:1: max expression depth exceeded",
                error("{{ if 1 }}".repeat(5000) + "{{ end }}".repeat(5000), null));
        assertEquals("x", run("{{ if 1 }}".repeat(99) + "x" + "{{ end }}".repeat(99), null));
        assertEquals("1", run("{{ " + "(".repeat(99) + "1" + ")".repeat(99) + " }}", null));
    }

    @Test
    void aFailingFunctionOrDataObjectBecomesATemplateError() {
        Template t = Template.create(Map.of("boom", (TemplateFunction) a -> {
                    throw new IllegalStateException("kaput");
                }), Template.MissingKey.DEFAULT, Template.Limits.DEFAULT)
                .parse("t", "{{ boom }}{{ .X }}");
        assertEquals("template: t:1:3: executing \"t\" at <boom>: error calling boom: kaput",
                assertThrows(TemplateException.class, () -> t.execute("t", null)).getMessage());
        Template u = Template.create(Map.of(), Template.MissingKey.DEFAULT, Template.Limits.DEFAULT).parse("u", "{{ .X }}");
        TemplateObject broken = (name, args) -> {
            throw new UnsupportedOperationException("no " + name);
        };
        assertTrue(assertThrows(TemplateException.class, () -> u.execute("u", broken)).getMessage()
                .startsWith("template: u: panic executing template: java.lang.UnsupportedOperationException: no X"));
    }
}
