package io.fluxtap.ingestion.scrape.relabel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a Go (RE2) regular expression into a java.util.regex one that matches the same strings with the same
 * groups, refusing what Go refuses (with Go's wording) and what Java has no equivalent for. One pass, no
 * recursion: nesting depth is tracked on a bounded stack.
 */
final class GoRegexTranslator {

    /** Go's own limit on a repetition count. */
    private static final int MAX_REPEAT = 1000;
    private static final String SPACE = "\\t\\n\\f\\r ";
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\x00-\\x7F"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\p{Space}"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));
    private static final Map<String, String> POSIX_NEGATED = Map.ofEntries(
            Map.entry("alnum", "\\P{Alnum}"), Map.entry("alpha", "\\P{Alpha}"), Map.entry("ascii", "[^\\x00-\\x7F]"),
            Map.entry("blank", "\\P{Blank}"), Map.entry("cntrl", "\\P{Cntrl}"), Map.entry("digit", "\\P{Digit}"),
            Map.entry("graph", "\\P{Graph}"), Map.entry("lower", "\\P{Lower}"), Map.entry("print", "\\P{Print}"),
            Map.entry("punct", "\\P{Punct}"), Map.entry("space", "\\P{Space}"), Map.entry("upper", "\\P{Upper}"),
            Map.entry("word", "\\W"), Map.entry("xdigit", "\\P{XDigit}"));

    /** The Java expression and the name of each capturing group by index (group 0 first). */
    record Translation(String java, List<String> groupNames) {
    }

    private final String source;
    private final StringBuilder out = new StringBuilder();
    private final List<String> names = new ArrayList<>(List.of(""));
    private final Set<String> seenNames = new HashSet<>();
    /** Whether {@code m} (multi-line) is on, per open group; the top is the current group's. */
    private final Deque<Boolean> multiLine = new ArrayDeque<>();
    private int pos;
    /** Whether the last item can take a repetition operator. */
    private boolean operand;
    /** Whether the last item was a repetition (Go refuses a second one: {@code a**}, {@code a*+}). */
    private boolean repeated;
    /** The length of that repetition, for Go's message. */
    private int lastRepeatLength;

    private GoRegexTranslator(String source) {
        this.source = source;
    }

    /**
     * @throws IllegalArgumentException with Go's message ({@code error parsing regexp: ...}) or ours for constructs
     *                                  Java would read differently
     */
    static Translation translate(String goRegex) {
        GoRegexTranslator t = new GoRegexTranslator(goRegex);
        t.run();
        return new Translation(t.out.toString(), t.names);
    }

    private void run() {
        multiLine.push(false);
        while (pos < source.length()) {
            char c = source.charAt(pos);
            switch (c) {
                case '\\' -> escape();
                case '[' -> charClass();
                case '(' -> openGroup();
                case ')' -> closeGroup();
                case '|' -> {
                    out.append('|');
                    pos++;
                    item(false);
                }
                case '^' -> {
                    out.append(multiLine.peek() ? "(?:\\A|(?<=\\n))" : "\\A");
                    pos++;
                    item(true);
                }
                case '$' -> {
                    // Java's $ also matches before a final line terminator; Go's only at the end.
                    out.append(multiLine.peek() ? "(?:\\z|(?=\\n))" : "\\z");
                    pos++;
                    item(true);
                }
                case '*', '+', '?' -> repetition(String.valueOf(c), 1);
                case '{' -> brace();
                case '}', ']' -> {
                    out.append('\\').append(c);
                    pos++;
                    item(true);
                }
                default -> {
                    int cp = source.codePointAt(pos);
                    out.appendCodePoint(cp);
                    pos += Character.charCount(cp);
                    item(true);
                }
            }
        }
        if (multiLine.size() > 1) {
            throw error("missing closing )", source);
        }
    }

    private void item(boolean canRepeat) {
        operand = canRepeat;
        repeated = false;
    }

    private void repetition(String op, int length) {
        if (repeated) {
            throw error("invalid nested repetition operator", source.substring(pos - lastRepeatLength, pos + length));
        }
        if (!operand) {
            throw error("missing argument to repetition operator", op);
        }
        out.append(op);
        pos += length;
        int opLength = length;
        if (pos < source.length() && source.charAt(pos) == '?') {
            out.append('?');
            pos++;
            opLength++;
        }
        operand = false;
        repeated = true;
        lastRepeatLength = opLength;
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}} is a repetition; any other {@code {} is a literal in Go. */
    private void brace() {
        int close = source.indexOf('}', pos);
        String body = close < 0 ? null : source.substring(pos + 1, close);
        if (body == null || !body.matches("[0-9]+(,[0-9]*)?")) {
            out.append("\\{");
            pos++;
            item(true);
            return;
        }
        String text = source.substring(pos, close + 1);
        String[] parts = body.split(",", -1);
        long min = parse(parts[0]);
        long max = parts.length == 1 ? min : parts[1].isEmpty() ? -1 : parse(parts[1]);
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
            throw error("invalid repeat count", text);
        }
        repetition(text, text.length());
    }

    private static long parse(String digits) {
        return digits.length() > 6 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private void openGroup() {
        String rest = source.substring(pos);
        if (!rest.startsWith("(?")) {
            names.add("");
            out.append('(');
            pos++;
            multiLine.push(multiLine.peek());
            item(false);
            return;
        }
        if (rest.startsWith("(?P<") || rest.startsWith("(?<") && !rest.startsWith("(?<=") && !rest.startsWith("(?<!")) {
            int start = pos + (rest.startsWith("(?P<") ? 4 : 3);
            int end = source.indexOf('>', start);
            if (end < 0) {
                throw error("invalid named capture", source.substring(pos));
            }
            String name = source.substring(start, end);
            if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || Character.isLetterOrDigit(ch) && ch < 128)) {
                throw error("invalid named capture", source.substring(pos, end + 1));
            }
            if (!seenNames.add(name)) {
                throw error("duplicate capture group name", source.substring(pos, end + 1));
            }
            names.add(name);
            // A plain group: Java's group names cannot hold '_' or start with a digit; names are kept here instead.
            out.append('(');
            pos = end + 1;
            multiLine.push(multiLine.peek());
            item(false);
            return;
        }
        flags();
    }

    /** {@code (?flags)} or {@code (?flags:re)} with Go's flags i, m, s; U (ungreedy) has no Java equivalent. */
    private void flags() {
        StringBuilder on = new StringBuilder();
        StringBuilder off = new StringBuilder();
        boolean negated = false;
        boolean sawFlag = false;
        boolean multi = multiLine.peek();
        for (int i = pos + 2; i < source.length(); i++) {
            char c = source.charAt(i);
            switch (c) {
                case ':', ')' -> {
                    if (negated && !sawFlag) {
                        throw error("invalid or unsupported Perl syntax", source.substring(pos, i + 1));
                    }
                    String set = on + (off.isEmpty() ? "" : "-" + off);
                    if (c == ':') {
                        out.append("(?").append(set).append(':');
                        multiLine.push(multi);
                    } else {
                        if (!set.isEmpty()) {
                            out.append("(?").append(set).append(')');
                        }
                        multiLine.pop();
                        multiLine.push(multi);
                    }
                    pos = i + 1;
                    item(false);
                    return;
                }
                case '-' -> {
                    if (negated) {
                        throw error("invalid or unsupported Perl syntax", source.substring(pos, i + 1));
                    }
                    negated = true;
                    sawFlag = false;
                }
                case 'i', 's' -> {
                    (negated ? off : on).append(c);
                    sawFlag = true;
                }
                case 'm' -> {
                    // ^ and $ are translated here from the tracked state; Java's own m is never needed.
                    multi = !negated;
                    sawFlag = true;
                }
                case 'U' -> throw new IllegalArgumentException("the regexp flag U (ungreedy) in `"
                        + source.substring(pos, i + 1) + "` has no equivalent here: write lazy repetitions (*?) instead");
                default -> throw error("invalid or unsupported Perl syntax", source.substring(pos, i + 1));
            }
        }
        throw error("missing closing )", source);
    }

    private void closeGroup() {
        if (multiLine.size() <= 1) {
            throw error("unexpected )", source);
        }
        multiLine.pop();
        out.append(')');
        pos++;
        item(true);
    }

    private void escape() {
        if (pos + 1 >= source.length()) {
            throw error("trailing backslash at end of expression", "");
        }
        char c = source.charAt(pos + 1);
        if (c == 'Q') {
            int end = source.indexOf("\\E", pos + 2);
            String literal = source.substring(pos + 2, end < 0 ? source.length() : end);
            pos = end < 0 ? source.length() : end + 2;
            if (!literal.isEmpty()) {
                // Each character quoted on its own, so a repetition after \Q...\E takes the last one, as in Go.
                literal.codePoints().forEach(cp -> out.append(quote(cp)));
                item(true);
            }
            return;
        }
        switch (c) {
            case 'A', 'z', 'b', 'B' -> {
                out.append('\\').append(c);
                pos += 2;
                item(true);
            }
            default -> {
                out.append(classEscape(false));
                item(true);
            }
        }
    }

    /**
     * An escape that stands for characters (a literal or a class); advances past it. Inside brackets, the result
     * is something that can stand between {@code [ ]}.
     */
    private String classEscape(boolean inClass) {
        char c = source.charAt(pos + 1);
        int start = pos;
        pos += 2;
        switch (c) {
            case 'd', 'D', 'w', 'W', 'a', 'f', 't', 'n', 'r' -> {
                return "\\" + c;
            }
            case 'v' -> {
                // Java's \v is a class of vertical whitespace; Go's is the one character VT.
                return "\\x0B";
            }
            case 's' -> {
                // Java's \s also takes VT (\x0B); Go's does not.
                return inClass ? SPACE : "[" + SPACE + "]";
            }
            case 'S' -> {
                return "[^" + SPACE + "]";
            }
            case 'x' -> {
                return hex(start);
            }
            case 'p', 'P' -> {
                return unicodeClass(start, c == 'P');
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                return octal(start, c);
            }
            default -> {
                if (c < 128 && !Character.isLetterOrDigit(c)) {
                    return "\\" + c;
                }
                throw error("invalid escape sequence", source.substring(start, start + 2));
            }
        }
    }

    private String octal(int start, char first) {
        // Go: a single digit 1-7 is a back reference, which RE2 does not support.
        if (first != '0' && (pos >= source.length() || !isOctal(source.charAt(pos)))) {
            throw error("invalid escape sequence", source.substring(start, pos));
        }
        int value = first - '0';
        for (int k = 0; k < 2 && pos < source.length() && isOctal(source.charAt(pos)); k++) {
            value = value * 8 + source.charAt(pos++) - '0';
        }
        return quote(value);
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private String hex(int start) {
        if (pos < source.length() && source.charAt(pos) == '{') {
            int end = source.indexOf('}', pos);
            String digits = end < 0 ? "" : source.substring(pos + 1, end);
            if (digits.isEmpty() || digits.length() > 8 || !digits.chars().allMatch(GoRegexTranslator::isHex)
                    || Long.parseLong(digits, 16) > Character.MAX_CODE_POINT) {
                throw error("invalid escape sequence", source.substring(start, end < 0 ? source.length() : end + 1));
            }
            pos = end + 1;
            return quote((int) Long.parseLong(digits, 16));
        }
        if (pos + 2 > source.length() || !isHex(source.charAt(pos)) || !isHex(source.charAt(pos + 1))) {
            throw error("invalid escape sequence", source.substring(start, Math.min(source.length(), pos + 2)));
        }
        pos += 2;
        return quote(Integer.parseInt(source.substring(pos - 2, pos), 16));
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** {@code \pL}, {@code \p{Greek}}, {@code \p{^Greek}}: Go's general categories and scripts. */
    private String unicodeClass(int start, boolean negated) {
        String name;
        if (pos < source.length() && source.charAt(pos) == '{') {
            int end = source.indexOf('}', pos);
            if (end < 0) {
                throw error("invalid character class range", source.substring(start));
            }
            name = source.substring(pos + 1, end);
            pos = end + 1;
        } else if (pos < source.length()) {
            name = source.substring(pos, pos + 1);
            pos++;
        } else {
            throw error("invalid character class range", source.substring(start));
        }
        if (name.startsWith("^")) {
            negated = !negated;
            name = name.substring(1);
        }
        if (!name.matches("[A-Za-z_]+")) {
            throw error("invalid character class range", source.substring(start, pos));
        }
        String java;
        if (name.equals("Any")) {
            return negated ? "[^\\x{0}-\\x{10FFFF}]" : "[\\x{0}-\\x{10FFFF}]";
        } else if (name.length() <= 2) {
            java = name; // a general category: L, Lu, Nd, ...
        } else {
            java = "Is" + name; // a script: Greek, Latin, Han, ...
        }
        return (negated ? "\\P{" : "\\p{") + java + "}";
    }

    /**
     * A bracket expression. Go reads {@code [}, {@code &&} and a leading {@code ]} literally where Java nests,
     * intersects or fails, and has POSIX classes ({@code [:alpha:]}) Java spells {@code \p{Alpha}}.
     */
    private void charClass() {
        int start = pos;
        pos++;
        StringBuilder body = new StringBuilder("[");
        if (pos < source.length() && source.charAt(pos) == '^') {
            body.append('^');
            pos++;
        }
        boolean first = true;
        while (true) {
            if (pos >= source.length()) {
                throw error("missing closing ]", source.substring(start));
            }
            char c = source.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            if (c == '[' && source.startsWith("[:", pos)) {
                int end = source.indexOf(":]", pos + 2);
                if (end > 0) {
                    String name = source.substring(pos + 2, end);
                    boolean negated = name.startsWith("^");
                    String java = (negated ? POSIX_NEGATED : POSIX).get(negated ? name.substring(1) : name);
                    if (java == null) {
                        throw error("invalid character class range", source.substring(pos, end + 2));
                    }
                    body.append(java);
                    pos = end + 2;
                    continue;
                }
            }
            if (c == '\\') {
                if (pos + 1 >= source.length()) {
                    throw error("missing closing ]", source.substring(start));
                }
                body.append(classEscape(true));
                continue;
            }
            int cp = source.codePointAt(pos);
            pos += Character.charCount(cp);
            if (cp == '-') {
                body.append('-');
            } else {
                body.append(quote(cp));
            }
        }
        body.append(']');
        out.append(body);
        item(true);
    }

    /** One character as a Java literal that means itself anywhere, inside brackets too. */
    private static String quote(int cp) {
        if (cp < 128 && !Character.isLetterOrDigit(cp) && cp != ' ' && cp != '_') {
            return cp < 32 || cp == 127 ? String.format("\\x%02X", cp) : "\\" + (char) cp;
        }
        return new String(Character.toChars(cp));
    }

    private static IllegalArgumentException error(String code, String fragment) {
        return new IllegalArgumentException("error parsing regexp: " + code + ": `" + fragment + "`");
    }
}
