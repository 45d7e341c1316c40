package io.fluxtap.alerting.matchers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reads matchers in every syntax Alertmanager accepts, in its default "fallback" mode: first the UTF-8 parser
 * ({@code matchers/parse}: quoted or unquoted names and values, {@code {a="b", c=~"d",}} lists with optional braces),
 * and when that refuses the input, the classic parser ({@code pkg/labels/parse.go}: a Prometheus label name, the
 * value optionally quoted, OpenMetrics escapes). When both accept an input but disagree, the classic reading wins,
 * as Alertmanager does. When both refuse it, the classic parser's error is reported, as Alertmanager's
 * {@code compat.FallbackMatchersParser} does. A fallback or a disagreement is logged at WARNING with the input, as
 * Alertmanager logs it, so users can move their configuration to the UTF-8 syntax.
 *
 * <pre>{@code
 * MatcherParser.parseMatchers("{alertname=\"Watchdog\", severity=~\"warning|critical\"}");  // two matchers
 * MatcherParser.parseMatchers("env !~ preprod");                                           // one
 * MatcherParser.parseMatcher("foo=");                                                      // classic: foo=""
 * }</pre>
 */
public final class MatcherParser {

    private static final Logger LOG = Logger.getLogger(MatcherParser.class.getName());
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
            List<Matcher> classic = parseClassicMatchers(input);
            warnFallback(input, utf8Error, classic);
            return classic;
        }
        List<Matcher> classic;
        try {
            classic = parseClassicMatchers(input);
        } catch (IllegalArgumentException classicError) {
            return utf8;
        }
        if (!classic.equals(utf8)) {
            LOG.log(Level.WARNING, "Matchers input has disagreement, using the classic reading: {0}", input);
            return classic;
        }
        return utf8;
    }

    /**
     * Exactly one matcher, no braces (Alertmanager's {@code compat.Matcher}, used for silence and API filters).
     *
     * @throws IllegalArgumentException when the input is no single matcher in either syntax
     */
    public static Matcher parseMatcher(String input) {
        if (input.startsWith("{") || input.endsWith("}")) {
            throw new IllegalArgumentException("unexpected open or close brace: " + input);
        }
        Matcher utf8;
        try {
            utf8 = parseUtf8Matcher(input);
        } catch (IllegalArgumentException utf8Error) {
            Matcher classic = parseClassicMatcher(input);
            warnFallback(input, utf8Error, List.of(classic));
            return classic;
        }
        Matcher classic;
        try {
            classic = parseClassicMatcher(input);
        } catch (IllegalArgumentException classicError) {
            return utf8;
        }
        if (!classic.equals(utf8)) {
            LOG.log(Level.WARNING, "Matchers input has disagreement, using the classic reading: {0}", input);
            return classic;
        }
        return utf8;
    }

    /** Exactly one matcher in the UTF-8 syntax ({@code parse.Matcher}). */
    public static Matcher parseUtf8Matcher(String input) {
        List<Matcher> all = parseUtf8Matchers(input);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no matchers");
        }
        if (all.size() > 1) {
            throw new IllegalArgumentException("expected 1 matcher, found " + all.size());
        }
        return all.getFirst();
    }

    private static void warnFallback(String input, IllegalArgumentException utf8Error, List<Matcher> classic) {
        LOG.log(Level.WARNING, () -> "Input incompatible with the UTF-8 matchers parser, read with the classic "
                + "parser instead: " + input + " (" + utf8Error.getMessage() + "); to make it compatible, write "
                + classic.stream().map(Matcher::toString).collect(java.util.stream.Collectors.joining(",")));
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
            switch (c) {
                case ',' -> {
                    if (!inQuotes) {
                        tokens.add(token.toString());
                        token.setLength(0);
                        continue;
                    }
                }
                case '"' -> {
                    if (!escaped) {
                        inQuotes = !inQuotes;
                    } else {
                        escaped = false;
                    }
                }
                case '\\' -> escaped = !escaped;
                default -> escaped = false;
            }
            token.append(c);
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

    /** A token of the UTF-8 matchers grammar; columns count code points, the end exclusive. */
    private record Token(Kind kind, String text, int start, int end) {
        enum Kind { OPEN, CLOSE, COMMA, EQUAL, NOT_EQUAL, REGEX, NOT_REGEX, QUOTED, UNQUOTED, EOF }

        boolean is(Kind... kinds) {
            for (Kind k : kinds) {
                if (k == kind) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Alertmanager's UTF-8 matchers grammar ({@code matcher/parse}): an optional open brace, matchers separated by
     * commas (one trailing comma allowed), the matching close brace, and nothing after. Error texts follow its
     * wording: the cause ("end of input", "3:4: unexpected x", a lexer error) then what was expected.
     */
    private static final class Utf8Parser {
        private static final String RESERVED = "{}!=~,\\\"'`";
        private final int[] cps;
        private final String input;
        private int pos;
        private Token peeked;
        private IllegalArgumentException lexError;

        Utf8Parser(String input) {
            this.input = input;
            this.cps = input.codePoints().toArray();
        }

        List<Matcher> parseList() {
            List<Matcher> out = new ArrayList<>();
            Token first = peek();
            if (first.is(Token.Kind.EOF)) {
                expectEnd();
                return out;
            }
            boolean braces = first.is(Token.Kind.OPEN);
            if (braces) {
                next();
            }
            Token t = peek();
            if (!t.is(Token.Kind.EOF, Token.Kind.CLOSE)) {
                while (true) {
                    out.add(matcher());
                    Token end = peek();
                    if (end.is(Token.Kind.EOF) || end.is(Token.Kind.CLOSE)) {
                        break;
                    }
                    if (!end.is(Token.Kind.COMMA)) {
                        throw fail(cause(end), "expected a comma or close brace");
                    }
                    next();
                    Token after = peek();
                    if (after.is(Token.Kind.EOF) || after.is(Token.Kind.CLOSE)) {
                        break;
                    }
                    if (!after.is(Token.Kind.QUOTED, Token.Kind.UNQUOTED)) {
                        throw fail(cause(after), "expected a matcher or close brace after comma");
                    }
                }
            }
            Token close = peek();
            if (braces) {
                if (!close.is(Token.Kind.CLOSE)) {
                    throw fail("0:" + close.end() + ": " + cause(close), "expected close brace");
                }
                next();
            } else if (close.is(Token.Kind.CLOSE)) {
                throw fail("0:" + close.end() + ": }", "expected opening brace");
            }
            expectEnd();
            return out;
        }

        private void expectEnd() {
            Token t = next();
            if (!t.is(Token.Kind.EOF)) {
                throw fail(t.start() + ":" + t.end() + ": " + t.text(), "expected end of input");
            }
        }

        private Matcher matcher() {
            Token name = next();
            if (!name.is(Token.Kind.QUOTED, Token.Kind.UNQUOTED)) {
                throw fail(cause(name), "expected label name");
            }
            Token op = next();
            Matcher.Type type = switch (op.kind()) {
                case EQUAL -> Matcher.Type.EQUAL;
                case NOT_EQUAL -> Matcher.Type.NOT_EQUAL;
                case REGEX -> Matcher.Type.REGEX;
                case NOT_REGEX -> Matcher.Type.NOT_REGEX;
                default -> throw fail(cause(op), "expected an operator such as '=', '!=', '=~' or '!~'");
            };
            Token value = next();
            if (!value.is(Token.Kind.QUOTED, Token.Kind.UNQUOTED)) {
                throw fail(cause(value), "expected label value");
            }
            try {
                return new Matcher(type, unquote(name), unquote(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("failed to create matcher: " + e.getMessage(), e);
            }
        }

        private static String cause(Token t) {
            return t.is(Token.Kind.EOF) ? "end of input" : t.start() + ":" + t.end() + ": unexpected " + t.text();
        }

        private static IllegalArgumentException fail(String cause, String expected) {
            return new IllegalArgumentException(cause + ": " + expected);
        }

        private Token peek() {
            if (peeked == null) {
                peeked = scan();
            }
            return peeked;
        }

        private Token next() {
            Token t = peek();
            peeked = null;
            return t;
        }

        /** The lexer. Its errors are final: every later token repeats them, as upstream's lexer does. */
        private Token scan() {
            if (lexError != null) {
                throw lexError;
            }
            while (pos < cps.length && Character.isWhitespace(cps[pos])) {
                pos++;
            }
            if (pos >= cps.length) {
                return new Token(Token.Kind.EOF, "", pos, pos);
            }
            int start = pos;
            int c = cps[pos];
            switch (c) {
                case '{' -> {
                    pos++;
                    return token(Token.Kind.OPEN, start);
                }
                case '}' -> {
                    pos++;
                    return token(Token.Kind.CLOSE, start);
                }
                case ',' -> {
                    pos++;
                    return token(Token.Kind.COMMA, start);
                }
                case '!' -> {
                    pos++;
                    if (pos < cps.length && cps[pos] == '=') {
                        pos++;
                        return token(Token.Kind.NOT_EQUAL, start);
                    }
                    if (pos < cps.length && cps[pos] == '~') {
                        pos++;
                        return token(Token.Kind.NOT_REGEX, start);
                    }
                    throw lex(expected(start, "=~"));
                }
                case '=' -> {
                    pos++;
                    if (pos < cps.length && cps[pos] == '~') {
                        pos++;
                        return token(Token.Kind.REGEX, start);
                    }
                    return token(Token.Kind.EQUAL, start);
                }
                case '"' -> {
                    pos++;
                    boolean escaped = false;
                    while (pos < cps.length) {
                        int r = cps[pos];
                        if (escaped) {
                            escaped = false;
                        } else if (r == '\\') {
                            escaped = true;
                        } else if (r == '"') {
                            break;
                        }
                        pos++;
                    }
                    if (pos >= cps.length) {
                        throw lex(start + ":" + pos + ": " + text(start, pos) + ": missing end \"");
                    }
                    pos++;
                    return token(Token.Kind.QUOTED, start);
                }
                default -> {
                    if (RESERVED.indexOf(c) >= 0) {
                        pos++;
                        throw lex(start + ":" + pos + ": " + text(start, pos) + ": invalid input");
                    }
                    while (pos < cps.length && !Character.isWhitespace(cps[pos]) && RESERVED.indexOf(cps[pos]) < 0) {
                        pos++;
                    }
                    return token(Token.Kind.UNQUOTED, start);
                }
            }
        }

        private String expected(int start, String what) {
            if (pos >= cps.length) {
                return start + ":" + pos + ": unexpected end of input, expected one of '" + what + "'";
            }
            return start + ":" + pos + ": " + text(start, pos) + ": expected one of '" + what + "'";
        }

        private IllegalArgumentException lex(String message) {
            lexError = new IllegalArgumentException(message);
            return lexError;
        }

        private Token token(Token.Kind kind, int start) {
            return new Token(kind, text(start, pos), start, pos);
        }

        private String text(int start, int end) {
            return new String(cps, start, end - start);
        }

        /** An unquoted token as is; a quoted one as a Go string literal ({@code strconv.Unquote}). */
        private static String unquote(Token t) {
            if (t.is(Token.Kind.UNQUOTED)) {
                return t.text();
            }
            String s = t.text();
            StringBuilder out = new StringBuilder();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int i = 1;
            int last = s.length() - 1;
            while (i < last) {
                char c = s.charAt(i++);
                if (c == '\n') {
                    throw invalid(t);
                }
                if (c != '\\') {
                    flush(bytes, out);
                    out.append(c);
                    continue;
                }
                if (i >= last) {
                    throw invalid(t);
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'a' -> appendChar(bytes, out, 0x07);
                    case 'b' -> appendChar(bytes, out, '\b');
                    case 'f' -> appendChar(bytes, out, '\f');
                    case 'n' -> appendChar(bytes, out, '\n');
                    case 'r' -> appendChar(bytes, out, '\r');
                    case 't' -> appendChar(bytes, out, '\t');
                    case 'v' -> appendChar(bytes, out, 0x0b);
                    case '\\', '"' -> appendChar(bytes, out, e);
                    case 'x' -> {
                        bytes.write(digits(s, i, 2, 16, last, t));
                        i += 2;
                    }
                    case 'u', 'U' -> {
                        int n = e == 'u' ? 4 : 8;
                        int cp = digits(s, i, n, 16, last, t);
                        if (!Character.isValidCodePoint(cp) || cp >= 0xD800 && cp <= 0xDFFF) {
                            throw invalid(t);
                        }
                        i += n;
                        flush(bytes, out);
                        out.appendCodePoint(cp);
                    }
                    default -> {
                        if (e < '0' || e > '7') {
                            throw invalid(t);
                        }
                        int v = digits(s, i - 1, 3, 8, last, t);
                        if (v > 255) {
                            throw invalid(t);
                        }
                        i += 2;
                        bytes.write(v);
                    }
                }
            }
            flush(bytes, out);
            return out.toString();
        }

        private static void appendChar(java.io.ByteArrayOutputStream bytes, StringBuilder out, int c) {
            flush(bytes, out);
            out.append((char) c);
        }

        private static int digits(String s, int from, int n, int radix, int limit, Token t) {
            if (from + n > limit) {
                throw invalid(t);
            }
            try {
                return Integer.parseInt(s.substring(from, from + n), radix);
            } catch (NumberFormatException e) {
                throw invalid(t);
            }
        }

        private static IllegalArgumentException invalid(Token t) {
            return new IllegalArgumentException(t.start() + ":" + t.end() + ": " + t.text() + ": invalid input");
        }

        private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder out) {
            if (bytes.size() > 0) {
                out.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
                bytes.reset();
            }
        }
    }
}
