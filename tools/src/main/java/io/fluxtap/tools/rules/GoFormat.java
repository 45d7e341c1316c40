package io.fluxtap.tools.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Go's and Prometheus' text forms that promtool's unit-test messages are made of: {@code %q} strings,
 * {@code strconv.FormatFloat} ({@code 'E'} and {@code %g}), {@code time.Duration} and {@code model.Duration}, and
 * {@code labels.Labels.String()}.
 */
final class GoFormat {

    private static final Pattern LEGACY_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private GoFormat() {
    }

    /** Go's {@code strconv.Quote} for the characters label values and expressions hold. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case 0x0b -> b.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c) || !Character.isDefined(c)) {
                        b.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    /** Prometheus' {@code labels.Labels.String()}: sorted, values quoted, names quoted only when not classic. */
    static String labels(Map<String, String> labels) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(labels.entrySet());
        sorted.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        List<String> parts = new ArrayList<>(sorted.size());
        for (Map.Entry<String, String> e : sorted) {
            String name = LEGACY_NAME.matcher(e.getKey()).matches() ? e.getKey() : quote(e.getKey());
            parts.add(name + "=" + quote(e.getValue()));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** The shortest decimal digits of {@code v} and its decimal exponent: {@code d.ddd × 10^exp}. */
    private record Digits(String digits, int exp) {
        static Digits of(double v) {
            BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
            String digits = d.unscaledValue().toString();
            return new Digits(digits, digits.length() - d.scale() - 1);
        }
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return null;
    }

    private static String exponent(char e, int exp) {
        String digits = Integer.toString(Math.abs(exp));
        return e + (exp < 0 ? "-" : "+") + (digits.length() < 2 ? "0" + digits : digits);
    }

    private static String mantissa(String digits) {
        return digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    }

    /** {@code strconv.FormatFloat(v, 'E', -1, 64)}: {@code 1E+00}, {@code 1.7040672E+09}. */
    static String e(double v) {
        String s = special(v);
        if (s != null) {
            return s;
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0E+00";
        }
        Digits d = Digits.of(v);
        return (v < 0 ? "-" : "") + mantissa(d.digits) + exponent('E', d.exp);
    }

    /** Go's {@code %g}: shortest digits, exponent form below 1e-4 and from 1e6 on (strconv's shortest 'g'). */
    static String g(double v) {
        String s = special(v);
        if (s != null) {
            return s;
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        Digits d = Digits.of(v);
        String sign = v < 0 ? "-" : "";
        if (d.exp < -4 || d.exp >= 6) {
            return sign + mantissa(d.digits) + exponent('e', d.exp);
        }
        return sign + new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros().toPlainString();
    }

    /** Prometheus' {@code model.Duration.String()}: {@code 0s}, {@code 5m}, {@code 1d}, {@code 2m59s999ms}. */
    static String modelDuration(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long rest = ms;
        long[] mult = {365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1};
        String[] unit = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < mult.length; i++) {
            // Years and weeks only when nothing remains, as Prometheus writes 90d rather than 12w6d.
            if (i < 2 && rest % mult[i] != 0) {
                continue;
            }
            long n = rest / mult[i];
            if (n > 0) {
                b.append(n).append(unit[i]);
                rest -= n * mult[i];
            }
        }
        return b.toString();
    }

    /** Go's {@code time.Duration.String()} of whole milliseconds: {@code 0s}, {@code 1m0s}, {@code 1h2m3.5s}. */
    static String goDuration(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        if (ms < 0) {
            b.append('-');
        }
        long abs = Math.abs(ms);
        if (abs < 1000) {
            return b.append(abs).append("ms").toString();
        }
        long hours = abs / 3600_000;
        long minutes = abs / 60_000 % 60;
        long millis = abs % 60_000;
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        b.append(millis / 1000);
        if (millis % 1000 != 0) {
            String frac = String.format("%03d", millis % 1000).replaceAll("0+$", "");
            b.append('.').append(frac);
        }
        return b.append('s').toString();
    }
}
