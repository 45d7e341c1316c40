package io.fluxtap.ingestion.scrape.exposition;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Byte-level pieces both parsers share: names, numbers with Go's grammar, escaped strings, UTF-8. */
final class Lexing {

    private Lexing() {
    }

    static boolean isMetricNameStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    static boolean isMetricNameChar(int c) {
        return isMetricNameStart(c) || (c >= '0' && c <= '9');
    }

    static boolean isLabelNameStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isLabelNameChar(int c) {
        return isLabelNameStart(c) || (c >= '0' && c <= '9');
    }

    /** The end of the metric name starting at {@code from}, or {@code from} when none starts there. */
    static int metricNameEnd(byte[] b, int from, int to) {
        if (from >= to || !isMetricNameStart(b[from])) {
            return from;
        }
        int i = from + 1;
        while (i < to && isMetricNameChar(b[i])) {
            i++;
        }
        return i;
    }

    /** The end of the label name starting at {@code from}, or {@code from} when none starts there. */
    static int labelNameEnd(byte[] b, int from, int to) {
        if (from >= to || !isLabelNameStart(b[from])) {
            return from;
        }
        int i = from + 1;
        while (i < to && isLabelNameChar(b[i])) {
            i++;
        }
        return i;
    }

    /** 2^53: every long below it is a double exactly. */
    private static final long EXACT_LIMIT = 1L << 53;
    /** 10^0 .. 10^22, each a double exactly. */
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * A float as Go's {@code strconv.ParseFloat} reads it (what both Prometheus parsers use), minus what the
     * formats exclude and Go 1.13 added: no hex floats, no {@code 0b}/{@code 0o} literals, no underscores. Java's
     * own {@link Double#parseDouble} is stricter in some places and looser in others ({@code 1d}, hex), so the
     * grammar is checked here first.
     *
     * @return the value, or null when the bytes are not a number
     */
    static Double parseFloat(byte[] b, int from, int to) {
        if (from >= to) {
            return null;
        }
        int i = from;
        boolean negative = false;
        if (b[i] == '+' || b[i] == '-') {
            negative = b[i] == '-';
            i++;
        }
        if (i < to && isLetter(b[i])) {
            String word = ascii(b, i, to);
            if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (word.equalsIgnoreCase("nan") && i == from) {
                return Double.NaN;
            }
            return null;
        }
        int digitsStart = i;
        long mantissa = 0;
        int digits = 0;
        while (i < to && isDigit(b[i])) {
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
            }
            if (digits > 0 || b[i] != '0') {
                digits++;
            }
            i++;
        }
        int intDigits = i - digitsStart;
        if (i == to && intDigits > 0 && digits <= 15) {
            // The common case, a plain integer that a double holds exactly.
            return negative ? -(double) mantissa : (double) mantissa;
        }
        int fracDigits = 0;
        boolean exact = digits <= 15;
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && isDigit(b[i])) {
                if (exact) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    exact = mantissa < EXACT_LIMIT;
                }
                i++;
                fracDigits++;
            }
        }
        if (intDigits + fracDigits == 0) {
            return null;
        }
        if (i == to && exact && fracDigits <= 22) {
            // Clinger's fast path: both operands are exact doubles, and IEEE division rounds the quotient
            // correctly, so this is the double nearest the decimal, as parseDouble gives, without a String.
            double value = mantissa / POWERS_OF_TEN[fracDigits];
            return negative ? -value : value;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int expStart = i;
            while (i < to && isDigit(b[i])) {
                i++;
            }
            if (i == expStart) {
                return null;
            }
        }
        if (i != to) {
            return null;
        }
        return Double.parseDouble(ascii(b, from, to));
    }

    /** Whether the bytes are a decimal integer, optionally signed, as Go's {@code strconv.ParseInt} reads it. */
    static boolean isInteger(byte[] b, int from, int to) {
        int i = from;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        if (i == to) {
            return false;
        }
        for (; i < to; i++) {
            if (!isDigit(b[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * Decodes UTF-8 bytes, refusing invalid sequences (Prometheus checks {@code utf8.Valid} on label values and
     * help).
     *
     * @return the text, or null when the bytes are not valid UTF-8
     */
    static String utf8(byte[] b, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return ascii(b, from, to);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Unescapes {@code \\}, {@code \"} and {@code \n} (and {@code \"} only when {@code quote} is set); with
     * {@code strict} any other escape is refused (returns null), otherwise it is kept as written, as Prometheus'
     * replacer keeps it.
     */
    static byte[] unescape(byte[] b, int from, int to, boolean quote, boolean strict) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < to) {
                byte next = b[i + 1];
                if (next == '\\' || next == 'n' || (quote && next == '"')) {
                    out[n++] = next == 'n' ? (byte) '\n' : next;
                    i++;
                    continue;
                }
                if (strict) {
                    return null;
                }
            } else if (c == '\\' && strict) {
                return null;
            }
            out[n++] = c;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
