package io.fluxtap.tools.promqltest;

import io.fluxtap.storage.promql.parse.Parser;
import io.fluxtap.storage.promql.series.LabelMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One series of the test-file notation: {@code name{l="v"} 1+2x3 _ stale NaN}. {@code values} holds one entry per
 * slot, null for a missing sample ({@code _}); {@code histogram} when the line has native-histogram samples
 * ({@code {{...}}}), which take slots but carry no float value.
 */
record SeriesLine(SortedMap<String, String> labels, List<Double> values, boolean histogram) {

    static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

    private static final String UNSIGNED = "(?:[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\\.|Inf|inf|NaN|nan)";
    private static final Pattern EXPANSION =
            Pattern.compile("([+-]?" + UNSIGNED + ")(?:([+-])(" + UNSIGNED + "))?x([0-9]+)");

    static SeriesLine parse(String line) {
        int split = selectorEnd(line);
        String selector = line.substring(0, split).trim();
        SortedMap<String, String> labels = new TreeMap<>();
        if (!selector.equals("{}")) {
            for (LabelMatcher m : Parser.parseSeriesSelector(selector)) {
                labels.put(m.name(), m.value());
            }
        }
        List<Double> values = new ArrayList<>();
        boolean histogram = parseValues(line.substring(split).trim(), values);
        return new SeriesLine(labels, values, histogram);
    }

    /** Where the selector ends: after its closing brace, or after the metric name. */
    static int selectorEnd(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i < line.length() && line.charAt(i) == '{') {
            char quote = 0;
            for (; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'' || c == '`') {
                    quote = c;
                } else if (c == '}') {
                    return i + 1;
                }
            }
        }
        return i;
    }

    /** Returns whether any native-histogram sample was seen. */
    static boolean parseValues(String text, List<Double> out) {
        boolean histogram = false;
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int depth = 0;
            while (i < text.length() && (depth > 0 || !Character.isWhitespace(text.charAt(i)))) {
                if (text.startsWith("{{", i)) {
                    depth++;
                    i += 2;
                } else if (text.startsWith("}}", i) && depth > 0) {
                    depth--;
                    i += 2;
                } else {
                    i++;
                }
            }
            String token = text.substring(start, i);
            if (token.contains("{{")) {
                histogram = true;
                Matcher times = Pattern.compile("x([0-9]+)$").matcher(token);
                int slots = times.find() ? Integer.parseInt(times.group(1)) + 1 : 1;
                for (int k = 0; k < slots; k++) {
                    out.add(null);
                }
            } else {
                expand(token, out);
            }
        }
        return histogram;
    }

    private static void expand(String token, List<Double> out) {
        if (token.equals("_")) {
            out.add(null);
            return;
        }
        if (token.startsWith("_x")) {
            int n = Integer.parseInt(token.substring(2));
            for (int k = 0; k < n; k++) {
                out.add(null);
            }
            return;
        }
        if (token.equals("stale")) {
            out.add(STALE);
            return;
        }
        Matcher m = EXPANSION.matcher(token);
        if (m.matches()) {
            double value = number(m.group(1));
            double delta = m.group(2) == null ? 0 : number(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
            int times = Integer.parseInt(m.group(4));
            // Repeated addition, as Prometheus expands, so rounding matches its expected values.
            for (int k = 0; k <= times; k++) {
                out.add(value);
                value += delta;
            }
            return;
        }
        out.add(number(token));
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
        } else if (abs.startsWith("0x") || abs.startsWith("0X")) {
            v = Long.parseLong(abs.substring(2), 16);
        } else {
            v = Double.parseDouble(abs);
        }
        return negative ? -v : v;
    }
}
