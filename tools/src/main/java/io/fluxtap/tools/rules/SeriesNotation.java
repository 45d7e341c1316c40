package io.fluxtap.tools.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a series description in Prometheus' expanding notation (promql/parser's {@code series_values}),
 * as unit-test files write them: {@code 1+1x3} (1 2 3 4), {@code 5-2x2}, {@code 7x2} (7 7 7), {@code _} and
 * {@code _x3} (missing samples, three of them: no extra one), {@code stale} (and {@code stalex2}), and native
 * histograms {@code {{schema:1 sum:3 count:2 buckets:[2]}}} with the same {@code xN}, {@code +…xN} and {@code -…xN}.
 */
final class SeriesNotation {

    /** One slot of a series. */
    sealed interface Value permits Omitted, FloatValue, HistogramValue {
    }

    /** {@code _}: no sample in this slot. */
    record Omitted() implements Value {
    }

    /** A float sample; {@link #STALE} for {@code stale}. */
    record FloatValue(double value) implements Value {
    }

    record HistogramValue(NativeHistogram histogram) implements Value {
    }

    /** Prometheus' stale marker NaN ({@code value.StaleNaN}), what the engine treats as the end of a series. */
    static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

    private static final String UNSIGNED = "(?:[0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?"
            + "|[iI][nN][fF]|[nN][aA][nN])";
    private static final Pattern NUMBER = Pattern.compile("[+-]?" + UNSIGNED);
    private static final Pattern FLOAT_ITEM =
            Pattern.compile("([+-]?" + UNSIGNED + "|stale)(?:([+-]" + UNSIGNED + "))?(?:x([0-9]+))?");
    private static final Pattern TIMES = Pattern.compile("x([0-9]+)");

    private SeriesNotation() {
    }

    /**
     * @throws IllegalArgumentException worded after Prometheus' parser ({@code unexpected "1x" in series values})
     */
    static List<Value> parse(String text) {
        List<Value> out = new ArrayList<>();
        for (String token : tokens(text)) {
            if (token.startsWith("{{")) {
                histogramItem(token, out);
            } else {
                floatItem(token, out);
            }
        }
        return out;
    }

    /** Splits at spaces outside {@code {{…}}}. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean inHistogram = false;
            while (i < text.length() && (inHistogram || !Character.isWhitespace(text.charAt(i)))) {
                if (text.startsWith("{{", i)) {
                    inHistogram = true;
                    i += 2;
                } else if (inHistogram && text.startsWith("}}", i)) {
                    inHistogram = false;
                    i += 2;
                } else {
                    i++;
                }
            }
            if (inHistogram) {
                throw new IllegalArgumentException("parse error: unclosed native histogram \"" + text.substring(start)
                        + "\" in series values");
            }
            tokens.add(text.substring(start, i));
        }
        return tokens;
    }

    private static void floatItem(String token, List<Value> out) {
        if (token.equals("_")) {
            out.add(new Omitted());
            return;
        }
        if (token.startsWith("_x")) {
            int n = times(token.substring(1), token);
            for (int k = 0; k < n; k++) {
                out.add(new Omitted());
            }
            return;
        }
        Matcher m = FLOAT_ITEM.matcher(token);
        if (!m.matches()) {
            throw unexpected(token);
        }
        boolean stale = m.group(1).equals("stale");
        if (stale && m.group(2) != null) {
            throw unexpected(token);
        }
        double value = stale ? STALE : number(m.group(1));
        double delta = m.group(2) == null ? 0 : number(m.group(2));
        if (m.group(3) == null) {
            if (m.group(2) != null) {
                throw unexpected(token);
            }
            out.add(new FloatValue(value));
            return;
        }
        int n = times("x" + m.group(3), token);
        // Repeated addition, as Prometheus expands, so rounding matches its values (0.1+0.1x9 ends at 0.9999999999999999);
        // without an increment nothing is added (stale + 0 would lose the stale marker's bits).
        for (int k = 0; k <= n; k++) {
            out.add(new FloatValue(value));
            if (m.group(2) != null) {
                value += delta;
            }
        }
    }

    private static void histogramItem(String token, List<Value> out) {
        int end = token.indexOf("}}");
        NativeHistogram base = histogram(token.substring(2, end));
        String rest = token.substring(end + 2);
        if (rest.isEmpty()) {
            out.add(new HistogramValue(base));
            return;
        }
        if (TIMES.matcher(rest).matches()) {
            int n = times(rest, token);
            for (int k = 0; k <= n; k++) {
                out.add(new HistogramValue(base));
            }
            return;
        }
        if ((rest.startsWith("+{{") || rest.startsWith("-{{")) && rest.indexOf("}}") > 0) {
            int incEnd = rest.indexOf("}}");
            NativeHistogram inc = histogram(rest.substring(3, incEnd));
            int n = times(rest.substring(incEnd + 2), token);
            NativeHistogram current = base;
            // The base hint is the increment's: Prometheus keeps whether the last histogram set one.
            boolean hintSet = inc.hintSet();
            for (int k = 0; k <= n; k++) {
                out.add(new HistogramValue(current.withHint(current.hint(), hintSet)));
                if (k < n) {
                    current = current.combine(inc, rest.charAt(0) == '-');
                }
            }
            return;
        }
        throw unexpected(token);
    }

    /** The body of {@code {{…}}}: {@code key:value} pairs, lists in brackets. */
    static NativeHistogram histogram(String body) {
        int schema = 0;
        double count = 0;
        double sum = 0;
        double zeroCount = 0;
        double zeroThreshold = 0;
        int offset = 0;
        int nOffset = 0;
        List<Double> buckets = List.of();
        List<Double> nBuckets = List.of();
        List<Double> custom = List.of();
        NativeHistogram.Hint hint = NativeHistogram.Hint.UNKNOWN;
        boolean hintSet = false;
        java.util.Set<String> seen = new java.util.HashSet<>();
        Matcher m = Pattern.compile("\\s*([a-z_]+):(\\[[^\\]]*\\]|[^\\s\\[\\]]+)\\s*").matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                if (body.substring(at).isBlank()) {
                    break;
                }
                throw new IllegalArgumentException("parse error: unexpected \"" + body.substring(at).strip()
                        + "\" in native histogram");
            }
            at = m.end();
            String key = m.group(1);
            String value = m.group(2);
            if (!seen.add(key)) {
                throw new IllegalArgumentException("parse error: duplicate key \"" + key + "\" in histogram");
            }
            switch (key) {
                case "schema" -> schema = integer(key, value);
                case "sum" -> sum = number(key, value);
                case "count" -> count = number(key, value);
                case "z_bucket" -> zeroCount = number(key, value);
                case "z_bucket_w" -> zeroThreshold = number(key, value);
                case "buckets" -> buckets = list(key, value);
                case "offset" -> offset = integer(key, value);
                case "n_buckets" -> nBuckets = list(key, value);
                case "n_offset" -> nOffset = integer(key, value);
                case "custom_values" -> custom = list(key, value);
                case "counter_reset_hint" -> {
                    hint = NativeHistogram.Hint.of(value);
                    hintSet = true;
                }
                default -> throw new IllegalArgumentException("parse error: unknown histogram key \"" + key + "\"");
            }
        }
        return new NativeHistogram(schema, count, sum, zeroCount, zeroThreshold, offset, buckets, nOffset, nBuckets,
                hint, hintSet, custom);
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parse error: error parsing " + key + " number: " + value);
        }
    }

    private static double number(String key, String value) {
        if (!NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("parse error: error parsing " + key + " number: " + value);
        }
        return number(value);
    }

    private static List<Double> list(String key, String value) {
        String inner = value.substring(1, value.length() - 1).strip();
        List<Double> out = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String part : inner.split("\\s+")) {
                out.add(number(key, part));
            }
        }
        return out;
    }

    private static int times(String xn, String token) {
        Matcher m = TIMES.matcher(xn);
        if (!m.matches()) {
            throw unexpected(token);
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parse error: repetition count out of range in \"" + token + "\"");
        }
    }

    private static IllegalArgumentException unexpected(String token) {
        return new IllegalArgumentException("parse error: unexpected \"" + token + "\" in series values");
    }

    static double number(String s) {
        String t = s.startsWith("+") ? s.substring(1) : s;
        boolean negative = t.startsWith("-");
        String abs = negative ? t.substring(1) : t;
        double v;
        if (abs.equalsIgnoreCase("inf")) {
            v = Double.POSITIVE_INFINITY;
        } else if (abs.equalsIgnoreCase("nan")) {
            v = Double.NaN;
        } else {
            v = Double.parseDouble(abs);
        }
        return negative ? -v : v;
    }
}
