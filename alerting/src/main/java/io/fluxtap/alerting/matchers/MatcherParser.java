package io.fluxtap.alerting.matchers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads matchers in every syntax Alertmanager accepts, in its default "fallback" mode: first the UTF-8 parser
 * ({@code matchers/parse}: quoted or unquoted names and values, {@code {a="b", c=~"d",}} lists with optional braces),
 * and when that refuses the input, the classic parser ({@code pkg/labels/parse.go}: a Prometheus label name, the
 * value optionally quoted, OpenMetrics escapes). When both accept an input but disagree, the classic reading wins,
 * as Alertmanager does. When both refuse it, the classic parser's error is reported, as Alertmanager's
 * {@code compat.FallbackMatchersParser} does.
 *
 * <pre>{@code
 * MatcherParser.parseMatchers("{alertname=\"Watchdog\", severity=~\"warning|critical\"}");  // two matchers
 * MatcherParser.parseMatchers("env !~ preprod");                                           // one
 * MatcherParser.parseMatcher("foo=");                                                      // classic: foo=""
 * }</pre>
 */
public final class MatcherParser {

    private static final Pattern CLASSIC = Pattern.compile(
            "^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(=~|=|!=|!~)\\s*((?s).*?)\\s*$");

    private MatcherParser() {
    }

    /** A list of matchers, braces optional. An empty input or {@code {}} gives an empty list. */
    public static List<Matcher> parseMatchers(String input) {
        List<Matcher> utf8;
        try {
            utf8 = new Utf8Parser(input).parseList();
        } catch (IllegalArgumentException utf8Error) {
            return parseClassicMatchers(input);
        }
        try {
            List<Matcher> classic = parseClassicMatchers(input);
            return classic.equals(utf8) ? utf8 : classic;
        } catch (IllegalArgumentException classicError) {
            return utf8;
        }
    }

    /**
     * Exactly one matcher.
     *
     * @throws IllegalArgumentException when the input is no matcher or holds more than one
     */
    public static Matcher parseMatcher(String input) {
        List<Matcher> all = parseMatchers(input);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected 1 matcher, found " + all.size() + ": " + input);
        }
        return all.getFirst();
    }

    /** Only the UTF-8 parser, as Alertmanager's utf8-strict-mode. */
    public static List<Matcher> parseUtf8Matchers(String input) {
        return new Utf8Parser(input).parseList();
    }

    /** Only the classic parser ({@code labels.ParseMatchers}), as Alertmanager's classic-mode. */
    public static List<Matcher> parseClassicMatchers(String input) {
        String s = input;
        if (s.startsWith("{")) {
            s = s.substring(1);
        }
        if (s.endsWith("}")) {
            s = s.substring(0, s.length() - 1);
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inQuotes = false;
        boolean escaped = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!inQuotes && c == ',') {
                tokens.add(token.toString());
                token.setLength(0);
                continue;
            }
            token.append(c);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            }
        }
        if (!token.toString().isBlank()) {
            tokens.add(token.toString().strip());
        }
        List<Matcher> matchers = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            matchers.add(parseClassicMatcher(t));
        }
        return matchers;
    }

    /** One classic matcher ({@code labels.ParseMatcher}). */
    public static Matcher parseClassicMatcher(String input) {
        java.util.regex.Matcher m = CLASSIC.matcher(input);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad matcher format: " + input);
        }
        String raw = m.group(3);
        boolean expectTrailingQuote = false;
        if (raw.startsWith("\"")) {
            raw = raw.substring(1);
            expectTrailingQuote = true;
        }
        StringBuilder value = new StringBuilder(raw.length());
        boolean escaped = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (escaped) {
                escaped = false;
                switch (c) {
                    case 'n' -> value.append('\n');
                    case '"', '\\' -> value.append(c);
                    default -> value.append('\\').append(c);
                }
                continue;
            }
            switch (c) {
                case '\\' -> {
                    if (i < raw.length() - 1) {
                        escaped = true;
                    } else {
                        value.append('\\');
                    }
                }
                case '"' -> {
                    if (!expectTrailingQuote || i < raw.length() - 1) {
                        throw new IllegalArgumentException(
                                "matcher value contains unescaped double quote: " + m.group(3));
                    }
                    expectTrailingQuote = false;
                }
                default -> value.append(c);
            }
        }
        if (expectTrailingQuote) {
            throw new IllegalArgumentException("matcher value contains unescaped double quote: " + m.group(3));
        }
        return new Matcher(type(m.group(2)), m.group(1), value.toString());
    }

    /**
     * The deprecated {@code match:} map: one equality matcher per entry, sorted by name.
     *
     * @throws IllegalArgumentException for an invalid label name
     */
    public static List<Matcher> fromMatch(Map<String, String> match) {
        List<Matcher> out = new ArrayList<>();
        new TreeMap<>(match).forEach((name, value) -> {
            checkLabelName(name);
            out.add(new Matcher(Matcher.Type.EQUAL, name, value));
        });
        return out;
    }

    /**
     * The deprecated {@code match_re:} map. Alertmanager anchors these as {@code ^(?:re)$}, and that anchored text
     * is the matcher's value (it shows in route keys).
     *
     * @throws IllegalArgumentException for an invalid label name or regular expression
     */
    public static List<Matcher> fromMatchRe(Map<String, String> matchRe) {
        List<Matcher> out = new ArrayList<>();
        new TreeMap<>(matchRe).forEach((name, regex) -> {
            checkLabelName(name);
            out.add(new Matcher(Matcher.Type.REGEX, name, "^(?:" + regex + ")$"));
        });
        return out;
    }

    /** Whether a label name is valid in Prometheus' classic rule. */
    public static boolean isClassicLabelName(String name) {
        return name.matches("[a-zA-Z_][a-zA-Z0-9_]*");
    }

    private static void checkLabelName(String name) {
        if (!isClassicLabelName(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid label name");
        }
    }

    private static Matcher.Type type(String operator) {
        return switch (operator) {
            case "=" -> Matcher.Type.EQUAL;
            case "!=" -> Matcher.Type.NOT_EQUAL;
            case "=~" -> Matcher.Type.REGEX;
            case "!~" -> Matcher.Type.NOT_REGEX;
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }

    /** Alertmanager's UTF-8 matchers grammar, a hand-written scanner over code points. */
    private static final class Utf8Parser {
        private static final String RESERVED = "{}!=~,\\\"'`";
        private final String input;
        private int pos;

        Utf8Parser(String input) {
            this.input = input;
        }

        List<Matcher> parseList() {
            skipSpace();
            boolean braces = peek() == '{';
            if (braces) {
                pos++;
            }
            List<Matcher> out = new ArrayList<>();
            while (true) {
                skipSpace();
                if (atEnd()) {
                    if (braces) {
                        throw error("end of input: expected close brace");
                    }
                    return out;
                }
                if (peek() == '}') {
                    if (!braces) {
                        throw error(at() + ": }: expected opening brace");
                    }
                    pos++;
                    skipSpace();
                    if (!atEnd()) {
                        throw error(at() + ": " + input.substring(pos) + ": expected end of input");
                    }
                    return out;
                }
                out.add(matcher());
                skipSpace();
                if (atEnd()) {
                    continue;
                }
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c != '}') {
                    throw error(at() + ": " + c + ": expected a comma or close brace");
                }
            }
        }

        private Matcher matcher() {
            String name = operand("label name");
            skipSpace();
            Matcher.Type type = operator();
            skipSpace();
            String value = operand("label value");
            try {
                return new Matcher(type, name, value);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private Matcher.Type operator() {
            if (atEnd()) {
                throw error("end of input: expected an operator such as '=', '!=', '=~' or '!~'");
            }
            String rest = input.substring(pos);
            for (String op : List.of("=~", "!=", "!~", "=")) {
                if (rest.startsWith(op)) {
                    pos += op.length();
                    return type(op);
                }
            }
            throw error(at() + ": " + rest.charAt(0) + ": expected an operator such as '=', '!=', '=~' or '!~'");
        }

        private String operand(String what) {
            if (atEnd()) {
                throw error("end of input: expected " + what);
            }
            if (peek() == '"') {
                return quoted();
            }
            int start = pos;
            while (!atEnd()) {
                int cp = input.codePointAt(pos);
                if (Character.isWhitespace(cp) || RESERVED.indexOf(cp) >= 0) {
                    break;
                }
                pos += Character.charCount(cp);
            }
            if (pos == start) {
                throw error(at() + ": " + input.charAt(pos) + ": expected " + what);
            }
            return input.substring(start, pos);
        }

        /** A Go string literal: backslash escapes, no raw newline. */
        private String quoted() {
            int start = pos;
            pos++;
            StringBuilder out = new StringBuilder();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            while (true) {
                if (atEnd()) {
                    throw error(start + ":" + pos + ": " + input.substring(start) + ": missing end \"");
                }
                char c = input.charAt(pos++);
                if (c == '"') {
                    flush(bytes, out);
                    return out.toString();
                }
                if (c == '\n') {
                    throw error(start + ":" + pos + ": " + input.substring(start, pos) + ": missing end \"");
                }
                if (c != '\\') {
                    flush(bytes, out);
                    out.append(c);
                    continue;
                }
                if (atEnd()) {
                    throw error("end of input: invalid escape in quoted string");
                }
                char e = input.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000b');
                    case '\\', '"' -> {
                        flush(bytes, out);
                        out.append(e);
                    }
                    case 'x' -> bytes.write(hex(2));
                    case 'u' -> {
                        flush(bytes, out);
                        out.appendCodePoint(hex(4));
                    }
                    case 'U' -> {
                        flush(bytes, out);
                        out.appendCodePoint(hex(8));
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            pos--;
                            bytes.write(octal());
                        } else {
                            throw error(start + ":" + pos + ": " + input.substring(start, pos)
                                    + ": invalid escape \\" + e);
                        }
                    }
                }
            }
        }

        private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder out) {
            if (bytes.size() > 0) {
                out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
                bytes.reset();
            }
        }

        private int hex(int digits) {
            if (pos + digits > input.length()) {
                throw error("end of input: invalid escape in quoted string");
            }
            try {
                int v = Integer.parseInt(input.substring(pos, pos + digits), 16);
                pos += digits;
                return v;
            } catch (NumberFormatException e) {
                throw error(at() + ": invalid escape in quoted string");
            }
        }

        private int octal() {
            if (pos + 3 > input.length()) {
                throw error("end of input: invalid escape in quoted string");
            }
            try {
                int v = Integer.parseInt(input.substring(pos, pos + 3), 8);
                pos += 3;
                return v;
            } catch (NumberFormatException e) {
                throw error(at() + ": invalid escape in quoted string");
            }
        }

        private void skipSpace() {
            while (!atEnd() && Character.isWhitespace(input.charAt(pos))) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= input.length();
        }

        private char peek() {
            return atEnd() ? '\0' : input.charAt(pos);
        }

        private String at() {
            return pos + ":" + (pos + 1);
        }

        private static IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message);
        }
    }
}
