package io.fluxtap.storage.promql.parse;

import java.util.ArrayList;
import java.util.List;

/** Splits a PromQL query into tokens; errors carry Prometheus' {@code line:col} position. */
final class Lexer {

    private final String input;
    private int pos;
    /** Inside [...] a ':' separates range and step, elsewhere it may be part of a metric name. */
    private int bracketDepth;

    private Lexer(String input) {
        this.input = input;
    }

    static List<Token> tokenize(String input) {
        Lexer lexer = new Lexer(input);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.kind() != Token.Kind.EOF);
        return tokens;
    }

    private Token next() {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == '#') {
                while (pos < input.length() && input.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
        if (pos >= input.length()) {
            return new Token(Token.Kind.EOF, "", pos);
        }
        int start = pos;
        char c = input.charAt(pos);
        if (Character.isDigit(c) || (c == '.' && pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1)))) {
            return number(start);
        }
        if (isIdentStart(c) && !(c == ':' && bracketDepth > 0)) {
            while (pos < input.length() && isIdentPart(input.charAt(pos))) {
                pos++;
            }
            return new Token(Token.Kind.IDENTIFIER, input.substring(start, pos), start);
        }
        if (c == '"' || c == '\'' || c == '`') {
            return string(start, c);
        }
        pos++;
        char n = pos < input.length() ? input.charAt(pos) : 0;
        return switch (c) {
            case '(' -> tok(Token.Kind.LEFT_PAREN, start);
            case ')' -> tok(Token.Kind.RIGHT_PAREN, start);
            case '{' -> tok(Token.Kind.LEFT_BRACE, start);
            case '}' -> tok(Token.Kind.RIGHT_BRACE, start);
            case '[' -> {
                bracketDepth++;
                yield tok(Token.Kind.LEFT_BRACKET, start);
            }
            case ']' -> {
                bracketDepth = Math.max(0, bracketDepth - 1);
                yield tok(Token.Kind.RIGHT_BRACKET, start);
            }
            case ',' -> tok(Token.Kind.COMMA, start);
            case ':' -> tok(Token.Kind.COLON, start);
            case '@' -> tok(Token.Kind.AT, start);
            case '+' -> tok(Token.Kind.ADD, start);
            case '-' -> tok(Token.Kind.SUB, start);
            case '*' -> tok(Token.Kind.MUL, start);
            case '/' -> tok(Token.Kind.DIV, start);
            case '%' -> tok(Token.Kind.MOD, start);
            case '^' -> tok(Token.Kind.POW, start);
            case '=' -> n == '=' ? two(Token.Kind.EQLC, start) : n == '~' ? two(Token.Kind.EQL_REGEX, start) : tok(Token.Kind.ASSIGN, start);
            case '!' -> {
                if (n != '=' && n != '~') {
                    throw ParseErrors.at(input, start, "unexpected character after '!': " + quoteChar(n));
                }
                yield two(n == '=' ? Token.Kind.NEQ : Token.Kind.NEQ_REGEX, start);
            }
            case '<' -> n == '=' ? two(Token.Kind.LTE, start) : tok(Token.Kind.LSS, start);
            case '>' -> n == '=' ? two(Token.Kind.GTE, start) : tok(Token.Kind.GTR, start);
            default -> throw ParseErrors.at(input, start, "unexpected character: " + quoteChar(c));
        };
    }

    private static String quoteChar(char c) {
        return c == 0 ? "end of input" : "'" + c + "'";
    }

    private Token tok(Token.Kind kind, int start) {
        return new Token(kind, input.substring(start, pos), start);
    }

    private Token two(Token.Kind kind, int start) {
        pos++;
        return tok(kind, start);
    }

    private Token number(int start) {
        // A duration is digits followed by unit letters, possibly repeated (1h30m); anything else is a float.
        int p = start;
        boolean duration = false;
        while (true) {
            int digits = p;
            while (p < input.length() && Character.isDigit(input.charAt(p))) {
                p++;
            }
            if (p == digits) {
                break;
            }
            int unit = unitLength(p);
            if (unit == 0) {
                break;
            }
            p += unit;
            duration = true;
        }
        if (duration && (p >= input.length() || !continuesNumber(input.charAt(p)))) {
            pos = p;
            return new Token(Token.Kind.DURATION, input.substring(start, pos), start);
        }
        p = start;
        if (input.startsWith("0x", p) || input.startsWith("0X", p)) {
            p += 2;
            while (p < input.length() && Character.digit(input.charAt(p), 16) >= 0) {
                p++;
            }
        } else {
            while (p < input.length() && (Character.isDigit(input.charAt(p)) || input.charAt(p) == '.')) {
                p++;
            }
            if (p < input.length() && (input.charAt(p) == 'e' || input.charAt(p) == 'E')) {
                int e = p + 1;
                if (e < input.length() && (input.charAt(e) == '+' || input.charAt(e) == '-')) {
                    e++;
                }
                if (e < input.length() && Character.isDigit(input.charAt(e))) {
                    p = e;
                    while (p < input.length() && Character.isDigit(input.charAt(p))) {
                        p++;
                    }
                }
            }
        }
        if (p < input.length() && continuesNumber(input.charAt(p))) {
            throw ParseErrors.at(input, start, "bad number or duration syntax: \"" + input.substring(start, p + 1) + "\"");
        }
        pos = p;
        return new Token(Token.Kind.NUMBER, input.substring(start, pos), start);
    }

    private int unitLength(int p) {
        if (p >= input.length()) {
            return 0;
        }
        if (input.startsWith("ms", p)) {
            return 2;
        }
        return "smhdwy".indexOf(input.charAt(p)) >= 0 ? 1 : 0;
    }

    private Token string(int start, char quote) {
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= input.length() || (quote != '`' && input.charAt(pos) == '\n')) {
                throw ParseErrors.at(input, start, "unterminated quoted string " + quote);
            }
            char c = input.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\\' && quote != '`') {
                out.append(escape(start));
            } else {
                out.append(c);
            }
        }
        return new Token(Token.Kind.STRING, out.toString(), start);
    }

    private String escape(int start) {
        if (pos >= input.length()) {
            throw ParseErrors.at(input, start, "unterminated quoted string");
        }
        char c = input.charAt(pos++);
        return switch (c) {
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'v' -> "\u000b";
            case '\\', '\'', '"' -> String.valueOf(c);
            case 'x' -> String.valueOf((char) hex(2, start));
            case 'u' -> new String(Character.toChars(hex(4, start)));
            case 'U' -> new String(Character.toChars(hex(8, start)));
            default -> {
                if (c >= '0' && c <= '7' && pos + 1 < input.length()) {
                    int v = Integer.parseInt(input.substring(pos - 1, pos + 2), 8);
                    pos += 2;
                    yield String.valueOf((char) v);
                }
                throw ParseErrors.at(input, pos - 2, "unknown escape sequence " + quoteChar(c));
            }
        };
    }

    private int hex(int digits, int start) {
        if (pos + digits > input.length()) {
            throw ParseErrors.at(input, start, "unterminated quoted string");
        }
        int v = Integer.parseInt(input.substring(pos, pos + digits), 16);
        pos += digits;
        return v;
    }

    /** A number or duration glued to one of these is malformed (':' may follow: {@code [5m:1m]}). */
    private static boolean continuesNumber(char c) {
        return c == '.' || c == '_' || Character.isLetterOrDigit(c);
    }

    static boolean isIdentStart(char c) {
        return Character.isLetter(c) && c < 128 || c == '_' || c == ':';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || Character.isDigit(c);
    }
}
