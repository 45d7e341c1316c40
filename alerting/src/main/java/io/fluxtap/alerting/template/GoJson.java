package io.fluxtap.alerting.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * JSON text exactly as Go's {@code encoding/json} Encoder writes it, so a receiver sees Alertmanager's bytes:
 * {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as backslash-u003c..., control characters as
 * backslash-u00XX (besides backslash n, r, t), maps ({@link #goMap}) with keys in byte order, floats in Go's
 * shortest form, and a final newline as {@code Encoder.Encode} adds.
 *
 * <p>Values: {@code null}, {@link String}, {@link Boolean}, integral {@link Number}s, {@link Double}/{@link Float},
 * {@link List}, and {@link Map}: a struct is a {@code LinkedHashMap} in field order (the caller leaves out
 * {@code omitempty} fields), a Go map a {@link #goMap}.
 */
public final class GoJson {

    /** Go sorts map keys by their UTF-8 bytes: the same as comparing code points. */
    public static final Comparator<String> GO_KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private GoJson() {
    }

    /** A Go map: written with its keys sorted as Go sorts them. */
    public static <V> SortedMap<String, V> goMap(Map<String, ? extends V> entries) {
        SortedMap<String, V> map = new TreeMap<>(GO_KEY_ORDER);
        map.putAll(entries);
        return map;
    }

    /** {@code json.NewEncoder(w).Encode(value)}: the JSON text and a newline. */
    public static String encode(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Double d -> out.append(goFloat(d));
            case Float f -> out.append(goFloat(f.doubleValue()));
            case BigDecimal d -> out.append(goFloat(d.doubleValue()));
            case Number n -> out.append(n instanceof BigInteger big ? big.toString() : Long.toString(n.longValue()));
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, list.get(i));
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, String.valueOf(e.getKey()));
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            default -> string(out, value.toString());
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicode(out, c);
                default -> {
                    if (c < 0x20) {
                        unicode(out, c);
                    } else if (Character.isSurrogate(c)) {
                        // Go writes invalid UTF-8 (a lone surrogate here) as the replacement character.
                        if (Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            unicode(out, '\ufffd');
                        }
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }

    /** Go's float64 JSON form: shortest digits, plain unless below 1e-6 or from 1e21 on (then {@code 1e+21}). */
    static String goFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("json: unsupported value: " + d);
        }
        if (d == 0) {
            return (1 / d) < 0 ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        StringBuilder out = new StringBuilder();
        if (d < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        return out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent)).toString();
    }
}
