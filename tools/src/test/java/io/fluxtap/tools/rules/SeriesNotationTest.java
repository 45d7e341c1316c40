package io.fluxtap.tools.rules;

import io.fluxtap.tools.rules.SeriesNotation.FloatValue;
import io.fluxtap.tools.rules.SeriesNotation.HistogramValue;
import io.fluxtap.tools.rules.SeriesNotation.Omitted;
import io.fluxtap.tools.rules.SeriesNotation.Value;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expanding notation of input_series values, with the examples of unit_testing_rules.md and the parser's forms. */
class SeriesNotationTest {

    /** The values as text: numbers as Java prints them, {@code _} for omitted, {@code stale}, histograms' expressions. */
    private static String expand(String text) {
        List<String> out = new ArrayList<>();
        for (Value v : SeriesNotation.parse(text)) {
            out.add(switch (v) {
                case Omitted o -> "_";
                case FloatValue f -> Double.doubleToRawLongBits(f.value())
                        == Double.doubleToRawLongBits(SeriesNotation.STALE) ? "stale" : GoFormat.g(f.value());
                case HistogramValue h -> h.histogram().testExpression();
            });
        }
        return String.join(" ", out);
    }

    @Test
    void theDocumentedExamplesExpandAsDocumented() {
        assertEquals("-2 2 6 10", expand("-2+4x3"));
        assertEquals("1 -1 -3 -5 -7", expand(" 1-2x4"));
        assertEquals("1 1 1 1 1", expand(" 1x4"));
        assertEquals("1 _ _ _ stale", expand(" 1 _x3 stale"));
        assertEquals("10 20 30 30 50 70 90 110 130", expand("10+10x2 30+20x5"));
        assertEquals("1 1 1 1 1 1 1 0 0 0 0 0 0 0 0", expand("1+0x6 0 0 0 0 0 0 0 0"));
    }

    @Test
    void blanksAndStaleMarkersRepeatWithoutTheExtraSample() {
        assertEquals("_", expand("_"));
        assertEquals("_ _", expand("_x2"));
        assertEquals("stale stale stale", expand("stalex2"));
        assertEquals("0 stale", expand("0 stale"));
        assertEquals("", expand("   "));
    }

    @Test
    void numbersInEveryFormThePromqlLexerReads() {
        assertEquals("NaN +Inf -Inf 1500 0.5 -0.25 2", expand("NaN Inf -Inf 1.5e3 .5 -0.25 +2"));
        assertEquals("1e+06 1.0000005e+06", expand("1e6 1000000.5"));
    }

    @Test
    void incrementsAreAddedRepeatedlyAsPrometheusDoes() {
        // 0.1 added nine times is not 1.0 in binary floating point; promtool's expected values depend on that.
        List<Value> values = SeriesNotation.parse("0.1+0.1x9");
        assertEquals(10, values.size());
        assertEquals(0.9999999999999999, ((FloatValue) values.get(9)).value());
    }

    @Test
    void malformedItemsAreRefusedNamingTheItem() {
        for (String bad : List.of("1x", "abc", "1+", "1+2", "stale+1x2", "_+1x2", "1x2x3", "0x10x", "{{sum:1}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parse(bad),
                    bad);
            assertTrue(e.getMessage().startsWith("parse error: "), e.getMessage());
        }
    }

    @Test
    void histogramsAreReadWithEveryProperty() {
        NativeHistogram h = ((HistogramValue) SeriesNotation.parse("{{schema:1 sum:-0.3 count:32.1 z_bucket:7.1 "
                + "z_bucket_w:0.05 buckets:[5.1 10 7] offset:-3 n_buckets:[4.1 5] n_offset:-5 counter_reset_hint:gauge}}")
                .get(0)).histogram();
        assertEquals(1, h.schema());
        assertEquals(-0.3, h.sum());
        assertEquals(32.1, h.count());
        assertEquals(7.1, h.zeroCount());
        assertEquals(0.05, h.zeroThreshold());
        assertEquals(List.of(5.1, 10.0, 7.0), h.buckets());
        assertEquals(-3, h.offset());
        assertEquals(List.of(4.1, 5.0), h.nBuckets());
        assertEquals(-5, h.nOffset());
        assertEquals(NativeHistogram.Hint.GAUGE, h.hint());
        assertTrue(h.hintSet());
        assertEquals("{{schema:1 count:32.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 counter_reset_hint:gauge offset:-3 "
                + "buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}", h.testExpression());
    }

    @Test
    void histogramsRepeatAndIncreaseLikeFloats() {
        assertEquals("{{count:2 sum:3 buckets:[2]}} {{count:2 sum:3 buckets:[2]}} {{count:2 sum:3 buckets:[2]}}",
                expand("{{sum:3 count:2 buckets:[2]}}x2"));
        assertEquals("{{count:2 sum:3 buckets:[2]}} {{count:3 sum:4.3 buckets:[3]}} {{count:4 sum:5.6 buckets:[4]}}",
                expand("{{sum:3 count:2 buckets:[2]}}+{{sum:1.3 count:1 buckets:[1]}}x2"));
        assertEquals("{{count:4 sum:5 buckets:[4]}} {{count:3 sum:4 buckets:[3]}}",
                expand("{{sum:5 count:4 buckets:[4]}}-{{sum:1 count:1 buckets:[1]}}x1"));
        assertEquals("{{}} {{}}", expand("{{}} {{ }}"));
    }

    @Test
    void increasesAlignBucketsOfDifferentOffsets() {
        assertEquals("{{offset:1 buckets:[1]}} {{buckets:[1 2]}}",
                expand("{{buckets:[1] offset:1}}+{{buckets:[1 1] offset:0}}x1"));
    }

    @Test
    void theTestExpressionCompactsEmptyEdgeBuckets() {
        assertEquals("{{offset:2 buckets:[1 0 3]}}", expand("{{buckets:[0 0 1 0 3 0]}}"));
    }

    @Test
    void badHistogramsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parse("{{sum:1 sum:2}}"));
        assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parse("{{schema:9}}"));
        assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parse("{{colour:1}}"));
        assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parse("{{count:x}}"));
        assertThrows(IllegalArgumentException.class, () -> SeriesNotation.parse("{{counter_reset_hint:maybe}}"));
        assertThrows(IllegalArgumentException.class,
                () -> SeriesNotation.parse("{{schema:1 count:1}}+{{schema:2 count:1}}x2"));
    }
}
