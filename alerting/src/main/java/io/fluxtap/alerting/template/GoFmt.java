package io.fluxtap.alerting.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code fmt} for the values templates hold: Sprint, Sprintln and Sprintf with the verbs, flags, width and
 * precision of Go (including its {@code %!v(MISSING)}-style error text), and strconv's float formatting
 * ({@code %v} shortest, {@code %.4g}, {@code %.2f}, {@code %e}).
 */
final class GoFmt {

    private GoFmt() {
    }

    /** fmt.Sprint: spaces between operands when neither side is a string. */
    static String sprint(List<?> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) {
                out.append(' ');
            }
            out.append(value(a));
        }
        return out.toString();
    }

    /** fmt.Sprintln: always spaces, then a newline. */
    static String sprintln(List<?> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(value(args.get(i)));
        }
        return out.append('\n').toString();
    }

    /** A value as {@code %v} prints it. */
    static String value(Object v) {
        return format(v, 'v', new Spec());
    }

    /** Go's name for the type of a template value, for messages such as {@code %!d(string=x)}. */
    static String typeName(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof GoTyped t) {
            return t.goType();
        }
        return switch (v) {
            case String s -> "string";
            case Long l -> "int";
            case Integer i -> "int";
            case Double d -> "float64";
            case Float f -> "float32";
            case Boolean b -> "bool";
            case Map<?, ?> m -> "map[string]interface {}";
            case Collection<?> c -> "[]interface {}";
            default -> v.getClass().getSimpleName();
        };
    }

    /** Values that know the Go type they stand for. */
    interface GoTyped {
        String goType();
    }

    private static final class Spec {
        boolean minus;
        boolean plus;
        boolean sharp;
        boolean space;
        boolean zero;
        int width = -1;
        int prec = -1;
    }

    static String sprintf(String format, List<?> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        int n = format.length();
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            Spec spec = new Spec();
            flags:
            while (i < n) {
                switch (format.charAt(i)) {
                    case '-' -> { spec.minus = true; spec.zero = false; }
                    case '+' -> spec.plus = true;
                    case '#' -> spec.sharp = true;
                    case ' ' -> spec.space = true;
                    case '0' -> spec.zero = !spec.minus;
                    default -> { break flags; }
                }
                i++;
            }
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (argi < args.size() && args.get(argi) instanceof Number w) {
                    spec.width = w.intValue();
                    if (spec.width < 0) {
                        spec.minus = true;
                        spec.zero = false;
                        spec.width = -spec.width;
                    }
                } else {
                    out.append("%!(BADWIDTH)");
                }
                argi++;
            } else {
                int start = i;
                while (i < n && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    spec.width = Integer.parseInt(format.substring(start, i));
                }
            }
            if (i < n && format.charAt(i) == '.') {
                i++;
                if (i < n && format.charAt(i) == '*') {
                    i++;
                    if (argi < args.size() && args.get(argi) instanceof Number p) {
                        spec.prec = Math.max(p.intValue(), -1);
                    } else {
                        out.append("%!(BADPREC)");
                    }
                    argi++;
                } else {
                    int start = i;
                    while (i < n && Character.isDigit(format.charAt(i))) {
                        i++;
                    }
                    spec.prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
                }
            }
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            out.append(format(args.get(argi++), verb, spec));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                if (k > argi) {
                    out.append(", ");
                }
                Object a = args.get(k);
                out.append(typeName(a)).append('=').append(value(a));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String bad(int verb, Object v) {
        StringBuilder b = new StringBuilder("%!").appendCodePoint(verb).append('(');
        if (v == null) {
            return b.append("<nil>)").toString();
        }
        return b.append(typeName(v)).append('=').append(value(v)).append(')').toString();
    }

    private static String format(Object v, int verb, Spec spec) {
        if (v == Exec.NO_VALUE) {
            return pad("<no value>", spec);
        }
        if (v == null) {
            return verb == 'v' ? pad("<nil>", spec) : bad(verb, null);
        }
        if (v instanceof Integer i) {
            v = i.longValue();
        }
        if (v instanceof Float f) {
            v = f.doubleValue();
        }
        if (v instanceof GoTime || v instanceof GoDuration) {
            if (v instanceof GoDuration d && verb == 'd') {
                return formatInt(d.nanos(), verb, spec);
            }
            if (verb == 'v' || verb == 's') {
                return pad(v.toString(), spec);
            }
            if (verb == 'q') {
                return pad(GoStrings.quote(v.toString()), spec);
            }
            return bad(verb, v);
        }
        return switch (v) {
            case String s -> formatString(s, verb, spec);
            case Long l -> formatInt(l, verb, spec);
            case Double d -> formatFloat(d, verb, spec);
            case Boolean b -> verb == 't' || verb == 'v' ? pad(b.toString(), spec) : bad(verb, v);
            case Map<?, ?> m -> {
                StringBuilder out = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : Exec.sortedEntries(m)) {
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    out.append(format(e.getKey(), verb, spec)).append(':').append(format(e.getValue(), verb, spec));
                }
                yield out.append(']').toString();
            }
            case Collection<?> c -> {
                StringBuilder out = new StringBuilder("[");
                boolean first = true;
                for (Object e : c) {
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    out.append(format(e, verb, spec));
                }
                yield out.append(']').toString();
            }
            default -> verb == 'v' || verb == 's' ? pad(v.toString(), spec) : bad(verb, v);
        };
    }

    private static String pad(String s, Spec spec) {
        int len = s.codePointCount(0, s.length());
        if (spec.width <= len) {
            return s;
        }
        String fill = " ".repeat(spec.width - len);
        return spec.minus ? s + fill : fill + s;
    }

    /** Padding for numbers: zeros go after the sign. */
    private static String padNumber(String s, Spec spec) {
        if (!spec.zero || spec.minus || spec.width <= s.length()) {
            return pad(s, spec);
        }
        int signLen = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+' || s.charAt(0) == ' ') ? 1 : 0;
        return s.substring(0, signLen) + "0".repeat(spec.width - s.length()) + s.substring(signLen);
    }

    private static String formatString(String s, int verb, Spec spec) {
        switch (verb) {
            case 'v', 's' -> {
                if (spec.prec >= 0 && s.codePointCount(0, s.length()) > spec.prec) {
                    s = s.substring(0, s.offsetByCodePoints(0, spec.prec));
                }
                return pad(s, spec);
            }
            case 'q' -> {
                return pad(spec.sharp && !s.contains("`") ? "`" + s + "`" : GoStrings.quote(s), spec);
            }
            case 'x', 'X' -> {
                StringBuilder out = new StringBuilder();
                for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append(String.format(verb == 'x' ? "%02x" : "%02X", b & 0xff));
                }
                return pad(out.toString(), spec);
            }
            default -> {
                return bad(verb, s);
            }
        }
    }

    private static String formatInt(long l, int verb, Spec spec) {
        String digits;
        switch (verb) {
            case 'v', 'd' -> digits = l == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(l));
            case 'x' -> digits = BigInteger.valueOf(l).abs().toString(16);
            case 'X' -> digits = BigInteger.valueOf(l).abs().toString(16).toUpperCase();
            case 'o', 'O' -> digits = BigInteger.valueOf(l).abs().toString(8);
            case 'b' -> digits = BigInteger.valueOf(l).abs().toString(2);
            case 'c' -> {
                return pad(new String(Character.toChars((int) l)), spec);
            }
            case 'q' -> {
                return pad(GoStrings.quote(new String(Character.toChars((int) l)), '\''), spec);
            }
            case 'U' -> {
                return pad(String.format("U+%04X", l), spec);
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                return bad(verb, l);
            }
            default -> {
                return bad(verb, l);
            }
        }
        if (spec.prec >= 0) {
            if (spec.prec == 0 && l == 0) {
                digits = "";
            }
            if (digits.length() < spec.prec) {
                digits = "0".repeat(spec.prec - digits.length()) + digits;
            }
        }
        String prefix = "";
        if (spec.sharp) {
            prefix = switch (verb) {
                case 'x' -> "0x";
                case 'X' -> "0X";
                case 'o' -> digits.startsWith("0") ? "" : "0";
                case 'b' -> "0b";
                default -> "";
            };
        }
        if (verb == 'O') {
            prefix = "0o";
        }
        String sign = l < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        if (spec.zero && !spec.minus && spec.prec < 0 && spec.width > 0) {
            int fill = spec.width - sign.length() - prefix.length() - digits.length();
            if (fill > 0) {
                digits = "0".repeat(fill) + digits;
            }
        }
        return pad(sign + prefix + digits, spec);
    }

    /** Decimal digits d (no leading or trailing zeros) with the point at dp: value = 0.d × 10^dp. */
    private record Digits(String d, int dp) {
        static Digits of(BigDecimal value) {
            if (value.signum() == 0) {
                return new Digits("", 0);
            }
            BigDecimal stripped = value.stripTrailingZeros();
            String unscaled = stripped.unscaledValue().toString();
            return new Digits(unscaled, unscaled.length() - stripped.scale());
        }
    }

    private static Digits shortest(double abs) {
        return Digits.of(new BigDecimal(Double.toString(abs)));
    }

    static String formatFloat(double d, int verb, Spec spec) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            if ("eEfFgGv".indexOf(verb) < 0) {
                return bad(verb, d);
            }
            String s = Double.isNaN(d) ? (spec.plus ? "+NaN" : spec.space ? " NaN" : "NaN")
                    : d > 0 ? (spec.space && !spec.plus ? " Inf" : "+Inf") : "-Inf";
            boolean zero = spec.zero;
            spec.zero = false;
            String out = pad(s, spec);
            spec.zero = zero;
            return out;
        }
        boolean neg = d < 0 || d == 0 && 1 / d < 0;
        double abs = Math.abs(d);
        String body;
        switch (verb) {
            case 'v', 'g', 'G' -> body = formatG(abs, spec.prec, verb == 'G', spec.sharp);
            case 'e', 'E' -> body = formatE(abs, spec.prec < 0 ? 6 : spec.prec, verb == 'E');
            case 'f', 'F' -> body = formatF(abs, spec.prec < 0 ? 6 : spec.prec);
            default -> {
                return bad(verb, d);
            }
        }
        String sign = neg ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        return padNumber(sign + body, spec);
    }

    static String formatF(double abs, int prec) {
        return new BigDecimal(abs).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String formatE(double abs, int prec, boolean upper) {
        Digits digits = abs == 0 ? new Digits("", 0)
                : Digits.of(new BigDecimal(abs).round(new MathContext(prec + 1, RoundingMode.HALF_EVEN)));
        return fmtE(digits, prec, upper);
    }

    private static String fmtE(Digits digs, int prec, boolean upper) {
        StringBuilder out = new StringBuilder();
        String d = digs.d();
        out.append(d.isEmpty() ? '0' : d.charAt(0));
        if (prec > 0) {
            out.append('.');
            for (int i = 1; i <= prec; i++) {
                out.append(i < d.length() ? d.charAt(i) : '0');
            }
        }
        int exp = d.isEmpty() ? 0 : digs.dp() - 1;
        out.append(upper ? 'E' : 'e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        out.append(e < 10 ? "0" + e : Integer.toString(e));
        return out.toString();
    }

    private static String fmtF(Digits digs, int prec) {
        StringBuilder out = new StringBuilder();
        String d = digs.d();
        if (digs.dp() > 0) {
            for (int i = 0; i < digs.dp(); i++) {
                out.append(i < d.length() ? d.charAt(i) : '0');
            }
        } else {
            out.append('0');
        }
        if (prec > 0) {
            out.append('.');
            for (int i = 0; i < prec; i++) {
                int j = digs.dp() + i;
                out.append(j >= 0 && j < d.length() ? d.charAt(j) : '0');
            }
        }
        return out.toString();
    }

    /** strconv.FormatFloat(abs, 'g', prec, 64); prec -1 is the shortest representation. */
    static String formatG(double abs, int prec, boolean upper, boolean sharp) {
        boolean shortest = prec < 0;
        Digits digs;
        if (abs == 0) {
            digs = new Digits("", 0);
        } else if (shortest) {
            digs = shortest(abs);
        } else {
            digs = Digits.of(new BigDecimal(abs).round(new MathContext(prec == 0 ? 1 : prec,
                    RoundingMode.HALF_EVEN)));
        }
        if (shortest) {
            prec = digs.d().length();
        } else if (prec == 0) {
            prec = 1;
        }
        int eprec = prec;
        if (eprec > digs.d().length() && digs.d().length() >= digs.dp()) {
            eprec = digs.d().length();
        }
        if (shortest) {
            eprec = 6;
        }
        if (sharp) {
            eprec = prec;
        }
        int exp = digs.dp() - 1;
        if (exp < -4 || exp >= eprec) {
            int p = prec;
            if (!sharp && p > digs.d().length()) {
                p = digs.d().length();
            }
            return fmtE(digs, Math.max(p - 1, 0), upper);
        }
        int p = prec;
        if (!sharp && p > digs.dp()) {
            p = digs.d().length();
        }
        return fmtF(digs, Math.max(p - digs.dp(), 0));
    }
}
