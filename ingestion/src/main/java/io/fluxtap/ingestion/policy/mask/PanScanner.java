package io.fluxtap.ingestion.policy.mask;

/**
 * Finds payment card numbers (PANs) in text without regular expressions: one pass over the characters, and work
 * only where at least 13 digits stand close together, so a log body without such a run costs a digit count.
 * <p>
 * What counts as a PAN:
 * <ul>
 *   <li>13 to 19 ASCII digits, passing the Luhn check, the first digit 2 to 6 (Mastercard's 2-series, Amex, Diners,
 *   JCB, Visa, Mastercard, Discover, UnionPay, Maestro). Numbers starting with 1 (UATP) or 7 to 9 are left alone on
 *   purpose: epoch timestamps in milliseconds, microseconds and nanoseconds start with 1 until 2033 and would
 *   otherwise pass the Luhn check one time in ten.</li>
 *   <li>A <em>group</em> is a maximal run of digits; it is never cut, so a PAN is never found inside a longer digit
 *   run. Groups joined by single dashes form a <em>token</em> ({@code 4111-1111-1111-1111}), which is taken whole
 *   too: a UUID made of digits ({@code 12345678-1234-...}) or a date ({@code 2026-12-02}) is one token of the wrong
 *   length. Tokens separated by single spaces form a chain, and a PAN is any run of whole tokens of the chain
 *   ({@code 4111 1111 1111 1111}, or {@code 4111111111111111} in {@code "retry 2 4111111111111111"}); at each start
 *   the longest run that passes is taken.</li>
 *   <li>A token touching a letter or {@code _} (hex ids, trace ids, {@code x4111...}, UUIDs with letters) or a
 *   decimal point between digits ({@code 0.4111...}) is part of a word or a number, not a PAN, and breaks the
 *   chain.</li>
 * </ul>
 * Stateless and safe for concurrent use.
 */
public final class PanScanner {

    public static final int MIN_DIGITS = 13;
    public static final int MAX_DIGITS = 19;

    private PanScanner() {
    }

    /** Whether the text has at least {@value #MIN_DIGITS} digits at all: the quick test before any scan. */
    public static boolean mayContain(CharSequence text) {
        int digits = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++digits >= MIN_DIGITS) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next PAN at or after {@code from}.
     *
     * @return {@code start << 32 | end} (end exclusive; see {@link #start(long)}, {@link #end(long)}), or -1
     */
    public static long find(CharSequence text, int from) {
        int n = text.length();
        int i = from;
        while (i < n) {
            if (!isDigit(text.charAt(i)) || (i > 0 && isDigit(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            // A chain of clean tokens starting at i: measure it first, allocate only for one with enough digits.
            int chainStart = -1;
            int chainEnd = i;
            int tokens = 0;
            int digits = 0;
            int pos = i;
            while (true) {
                int tokenEnd = tokenEnd(text, pos);
                boolean clean = cleanLeft(text, pos) && cleanRight(text, tokenEnd);
                if (!clean) {
                    break;
                }
                if (chainStart < 0) {
                    chainStart = pos;
                }
                tokens++;
                digits += digitsIn(text, pos, tokenEnd);
                chainEnd = tokenEnd;
                if (tokenEnd + 1 < n && text.charAt(tokenEnd) == ' ' && isDigit(text.charAt(tokenEnd + 1))) {
                    pos = tokenEnd + 1;
                } else {
                    break;
                }
            }
            if (chainStart < 0) {
                // an unclean token: skip it whole, its groups may not start a PAN either
                i = Math.max(tokenEnd(text, i), i + 1);
                continue;
            }
            if (digits >= MIN_DIGITS) {
                long found = bestIn(text, chainStart, tokens);
                if (found >= 0) {
                    return found;
                }
            }
            i = Math.max(chainEnd, i + 1);
        }
        return -1;
    }

    public static int start(long found) {
        return (int) (found >>> 32);
    }

    public static int end(long found) {
        return (int) found;
    }

    /** Whether the whole text is one PAN (as a field holding only a card number, separators allowed). */
    public static boolean isPan(CharSequence text) {
        long found = find(text, 0);
        return found >= 0 && start(found) == 0 && end(found) == text.length();
    }

    /** The digits of {@code text[start, end)}, separators left out. */
    public static String digitsOf(CharSequence text, int start, int end) {
        StringBuilder digits = new StringBuilder(MAX_DIGITS);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    /** Luhn over the digits of {@code text[start, end)}, separators skipped. */
    static boolean luhn(CharSequence text, int start, int end) {
        int sum = 0;
        boolean twice = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static long bestIn(CharSequence text, int chainStart, int count) {
        int[] starts = new int[count];
        int[] ends = new int[count];
        int[] digits = new int[count];
        int pos = chainStart;
        for (int t = 0; t < count; t++) {
            starts[t] = pos;
            ends[t] = tokenEnd(text, pos);
            digits[t] = digitsIn(text, pos, ends[t]);
            pos = ends[t] + 1;
        }
        for (int a = 0; a < count; a++) {
            char first = text.charAt(starts[a]);
            if (first < '2' || first > '6') {
                continue;
            }
            int sum = 0;
            int best = -1;
            for (int b = a; b < count; b++) {
                sum += digits[b];
                if (sum > MAX_DIGITS) {
                    break;
                }
                if (sum >= MIN_DIGITS && luhn(text, starts[a], ends[b])) {
                    best = b;
                }
            }
            if (best >= 0) {
                return (long) starts[a] << 32 | ends[best];
            }
        }
        return -1;
    }

    /** The end of the dash-joined token whose first group starts at {@code start}. */
    private static int tokenEnd(CharSequence text, int start) {
        int n = text.length();
        int pos = start;
        while (true) {
            while (pos < n && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos + 1 < n && text.charAt(pos) == '-' && isDigit(text.charAt(pos + 1))) {
                pos++;
            } else {
                return pos;
            }
        }
    }

    private static int digitsIn(CharSequence text, int start, int end) {
        int digits = 0;
        for (int i = start; i < end; i++) {
            if (isDigit(text.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static boolean cleanLeft(CharSequence text, int start) {
        if (start == 0) {
            return true;
        }
        char before = text.charAt(start - 1);
        if (isWordChar(before)) {
            return false;
        }
        // "_-" then digits is an identifier holding a negative number, as HDFS block ids (blk_-1608999687919862906):
        // about one in ten of those passes Luhn, and masking them spoiled real log lines.
        if (before == '-' && start >= 2 && text.charAt(start - 2) == '_') {
            return false;
        }
        return !(before == '.' && start >= 2 && isDigit(text.charAt(start - 2)));
    }

    private static boolean cleanRight(CharSequence text, int end) {
        if (end >= text.length()) {
            return true;
        }
        char after = text.charAt(end);
        if (isWordChar(after)) {
            return false;
        }
        return !(after == '.' && end + 1 < text.length() && isDigit(text.charAt(end + 1)));
    }

    private static boolean isWordChar(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
