package io.fluxtap.alerting.template;

/** Go string literals: the escapes of the language spec and {@code strconv.Quote}. */
final class GoStrings {

    private GoStrings() {
    }

    /** The value of a Go interpreted literal's body (between the quotes). */
    static String unescape(String body, char quote) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw new IllegalArgumentException("trailing backslash");
            }
            char e = body.charAt(i);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '"', '\'' -> {
                    if (e != quote) {
                        throw new IllegalArgumentException("unknown escape");
                    }
                    out.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    int cp = Integer.parseUnsignedInt(body.substring(i + 1, i + 1 + len), 16);
                    out.appendCodePoint(cp);
                    i += len;
                }
                default -> {
                    if (e >= '0' && e <= '7' && i + 2 < body.length()) {
                        out.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("unknown escape");
                    }
                }
            }
        }
        return out.toString();
    }

    /** strconv.Quote: a double-quoted Go literal, printable runes as they are. */
    static String quote(String s) {
        return quote(s, '"');
    }

    static String quote(String s, char q) {
        StringBuilder out = new StringBuilder(s.length() + 2).append(q);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\u0007' -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u000b' -> out.append("\\v");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c == q) {
                        out.append('\\').appendCodePoint(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c) || !Character.isDefined(c)) {
                        out.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append(q).toString();
    }
}
