package io.fluxtap.alerting.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Go standard-library behaviour the template functions of Prometheus and Alertmanager wrap. */
final class GoFunctions {

    private GoFunctions() {
    }

    /** strconv.ParseFloat(s, 64), with its error text. */
    static double parseFloat(String s) {
        String t = s.replace("_", "");
        String lower = t.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        // Java accepts more than Go (whitespace, a d/f suffix, "Infinity" in any sign form); refuse those.
        if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9' || ".eE+-xXpPabcdefABCDEF".indexOf(c) >= 0)
                && !lower.endsWith("d") && !lower.endsWith("f") || unsigned.startsWith("0x")) {
            try {
                if (unsigned.startsWith("0x")) {
                    double v = Double.parseDouble(unsigned.contains("p") ? unsigned : unsigned + "p0");
                    return negative ? -v : v;
                }
                if (!unsigned.contains("x")) {
                    return Double.parseDouble(t);
                }
            } catch (NumberFormatException e) {
                // fall through to Go's message
            }
        }
        throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
    }

    /** A number or numeric string as a float64, as Prometheus' convertToFloat. */
    static double toFloat(Object v) {
        return switch (v) {
            case Double d -> d;
            case Long l -> l;
            case Integer i -> i;
            case Float f -> f;
            case String s -> parseFloat(s);
            case GoDuration d -> d.seconds();
            case null -> throw new IllegalArgumentException("can't convert <nil> to float");
            default -> throw new IllegalArgumentException("can't convert " + GoFmt.typeName(v) + " to float");
        };
    }

    static String upper(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.toUpperCase(c)));
        return out.toString();
    }

    static String lower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.toLowerCase(c)));
        return out.toString();
    }

    /**
     * cases.Title(language.AmericanEnglish): the first letter of each word upper-cased, and with
     * {@code lowerRest} the others lower-cased (Alertmanager's title; Prometheus' passes cases.NoLower). Unlike
     * strings.Title, an apostrophe or underscore inside a word does not start a new one ("don't" stays "Don't").
     */
    static String casesTitle(String s, boolean lowerRest) {
        StringBuilder out = new StringBuilder(s.length());
        int[] cps = s.codePoints().toArray();
        boolean inWord = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean wordChar = Character.isLetterOrDigit(c) || c == '_' || Character.getType(c) == Character.NON_SPACING_MARK
                    || (c == '\'' || c == '’') && inWord && i + 1 < cps.length && Character.isLetter(cps[i + 1]);
            if (!inWord && Character.isLetter(c)) {
                out.appendCodePoint(Character.toTitleCase(c));
            } else {
                out.appendCodePoint(lowerRest ? Character.toLowerCase(c) : c);
            }
            inWord = wordChar;
        }
        return out.toString();
    }

    /** A Go (RE2) pattern for java.util.regex: the syntax both share, plus Go's (?P<name>...) groups. */
    static Pattern regexp(String pattern) {
        try {
            return Pattern.compile(pattern.replace("(?P<", "(?<"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + pattern + "`");
        }
    }

    /** regexp.MatchString: an unanchored match. */
    static boolean match(String pattern, String text) {
        return regexp(pattern).matcher(text).find();
    }

    /** Regexp.ReplaceAllString with Go's $1 / ${name} / $$ expansion (an unknown group expands to nothing). */
    static String replaceAll(String pattern, String replacement, String text) {
        Pattern re = regexp(pattern);
        Matcher m = re.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        List<String> names = new ArrayList<>(re.namedGroups().keySet());
        while (m.find()) {
            out.append(text, last, m.start());
            expand(out, replacement, m, names);
            last = m.end();
        }
        out.append(text.substring(Math.min(last, text.length())));
        return out.toString();
    }

    private static void expand(StringBuilder out, String template, Matcher m, List<String> names) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                end = i + 1;
                while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end))
                        || template.charAt(end) == '_')) {
                    end++;
                }
                name = template.substring(i + 1, end);
            }
            if (name.isEmpty()) {
                out.append(c);
                i++;
                continue;
            }
            String group = null;
            if (name.chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(name);
                if (n <= m.groupCount()) {
                    group = m.group(n);
                }
            } else if (names.contains(name)) {
                group = m.group(name);
            }
            if (group != null) {
                out.append(group);
            }
            i = end;
        }
    }

    /** net.SplitHostPort; null when Go reports an error. */
    static String[] splitHostPort(String hostPort) {
        int i = hostPort.lastIndexOf(':');
        if (i < 0) {
            return null;
        }
        String host;
        int j = 0;
        int k = 0;
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            if (end < 0 || end + 1 == hostPort.length() || end + 1 != i) {
                return null;
            }
            host = hostPort.substring(1, end);
            j = 1;
            k = end + 1;
        } else {
            host = hostPort.substring(0, i);
            if (host.indexOf(':') >= 0) {
                return null;
            }
        }
        if (hostPort.indexOf('[', j) >= 0 || hostPort.indexOf(']', k) >= 0) {
            return null;
        }
        return new String[] {host, hostPort.substring(i + 1)};
    }

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** net.ParseIP(s) != nil, without touching DNS. */
    static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        String text = s;
        int groups = 0;
        int lastColon = text.lastIndexOf(':');
        String tail = text.substring(lastColon + 1);
        if (tail.contains(".")) {
            if (!IPV4.matcher(tail).matches()) {
                return false;
            }
            text = text.substring(0, lastColon + 1) + "0:0";
        }
        int dbl = text.indexOf("::");
        if (dbl >= 0 && text.indexOf("::", dbl + 1) >= 0) {
            return false;
        }
        String[] halves = dbl >= 0 ? new String[] {text.substring(0, dbl), text.substring(dbl + 2)}
                : new String[] {text};
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (g.isEmpty() || g.length() > 4 || g.contains(".")) {
                    return false;
                }
                groups++;
            }
        }
        return dbl >= 0 ? groups < 8 : groups == 8;
    }

    /** url.QueryUnescape. */
    static String queryUnescape(String s) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    String bad = s.substring(i, Math.min(i + 3, s.length()));
                    throw new IllegalArgumentException("invalid URL escape " + GoStrings.quote(bad));
                }
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
