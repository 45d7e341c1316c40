package io.fluxtap.tools.rules;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Go text forms promtool's messages are made of (values checked against Go's fmt and strconv). */
class GoFormatTest {

    @Test
    void samplesAreFormattedAsStrconvE() {
        assertEquals("1E+00", GoFormat.e(1));
        assertEquals("0E+00", GoFormat.e(0));
        assertEquals("2.9999999999999996E+00", GoFormat.e(2.9999999999999996));
        assertEquals("1.7040672E+09", GoFormat.e(1704067200));
        assertEquals("-1.5E-03", GoFormat.e(-0.0015));
        assertEquals("1E+100", GoFormat.e(1e100));
        assertEquals("NaN", GoFormat.e(Double.NaN));
        assertEquals("+Inf", GoFormat.e(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", GoFormat.e(Double.NEGATIVE_INFINITY));
    }

    @Test
    void histogramFieldsAreFormattedAsPercentG() {
        assertEquals("5.6", GoFormat.g(5.6));
        assertEquals("-0.3", GoFormat.g(-0.3));
        assertEquals("123456", GoFormat.g(123456));
        assertEquals("1e+06", GoFormat.g(1e6));
        assertEquals("1.234567e+06", GoFormat.g(1234567));
        assertEquals("0.0001", GoFormat.g(0.0001));
        assertEquals("1e-05", GoFormat.g(0.00001));
        assertEquals("0", GoFormat.g(0));
    }

    @Test
    void durationsAsPrometheusAndGoWriteThem() {
        assertEquals("0s", GoFormat.modelDuration(0));
        assertEquals("4m59s", GoFormat.modelDuration(299_000));
        assertEquals("2m59s999ms", GoFormat.modelDuration(179_999));
        assertEquals("1d", GoFormat.modelDuration(86_400_000));
        assertEquals("2w", GoFormat.modelDuration(14 * 86_400_000L));
        assertEquals("1y", GoFormat.modelDuration(365 * 86_400_000L));
        assertEquals("106700d", GoFormat.modelDuration(106_700 * 86_400_000L));
        assertEquals("0s", GoFormat.goDuration(0));
        assertEquals("1m0s", GoFormat.goDuration(60_000));
        assertEquals("1h0m0s", GoFormat.goDuration(3_600_000));
        assertEquals("1.5s", GoFormat.goDuration(1_500));
        assertEquals("500ms", GoFormat.goDuration(500));
        assertEquals("473352h0m0s", GoFormat.goDuration(1_704_067_200_000L));
    }

    @Test
    void labelsAndStringsAreQuotedAsGo() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("job", "a\"b\\c\n");
        labels.put("alertname", "X");
        labels.put("dotted.name", "ü");
        assertEquals("{alertname=\"X\", \"dotted.name\"=\"ü\", job=\"a\\\"b\\\\c\\n\"}", GoFormat.labels(labels));
        assertEquals("{}", GoFormat.labels(Map.of()));
        assertEquals("\"sum(x{a=\\\"1\\\"})\"", GoFormat.quote("sum(x{a=\"1\"})"));
    }
}
