package io.fluxtap.ingestion.policy.mask;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The two ways a card number (or a field) is replaced, and the card-number pass over text.
 * <ul>
 *   <li>{@code truncate}: a PAN keeps its first 6 and last 4 digits, the digits between become {@code *} and the
 *   separators stay where they were ({@code 4111 11** **** 1111}), so the text keeps its shape and the BIN and last
 *   four stay readable, as PCI DSS allows for display. Any other value keeps its first 6 and last 4 characters, the
 *   rest {@code *}; a value of 10 characters or fewer becomes all {@code *} (keeping 6 + 4 would keep it all).</li>
 *   <li>{@code token}: {@code tok_} + 16 hex of HMAC-SHA256 under the token key; of a PAN's digits only (so
 *   {@code 4111 1111 1111 1111} and {@code 4111111111111111} give one token, in a log body, a span attribute, a
 *   metric label or a business message alike), of any other value's UTF-8 text.</li>
 * </ul>
 */
public final class Replacements {

    private final PanMode panMode;
    private final Optional<TokenKey> key;

    public enum PanMode { TRUNCATE, TOKEN }

    /** @throws IllegalArgumentException when {@code token} is asked for without a key */
    public Replacements(PanMode panMode, Optional<TokenKey> key) {
        this.panMode = panMode;
        this.key = key;
        if (panMode == PanMode.TOKEN && key.isEmpty()) {
            throw new IllegalArgumentException(MaskSettings.PAN + "=token needs a key: set " + MaskSettings.TOKEN_KEY
                    + " or " + MaskSettings.TOKEN_KEY_FILE + " (at least " + TokenKey.MIN_BYTES + " bytes)");
        }
    }

    public boolean hasKey() {
        return key.isPresent();
    }

    /**
     * The text with every PAN replaced; the same instance when there is none (no allocation for clean text).
     *
     * @param found incremented once per PAN replaced
     */
    public String maskPans(String text, MaskCounts found, String rule) {
        if (text.length() < PanScanner.MIN_DIGITS || !PanScanner.mayContain(text)) {
            return text;
        }
        long match = PanScanner.find(text, 0);
        if (match < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        int copied = 0;
        while (match >= 0) {
            int start = PanScanner.start(match);
            int end = PanScanner.end(match);
            out.append(text, copied, start);
            replacePan(text, start, end, out);
            found.add(rule);
            copied = end;
            match = PanScanner.find(text, end);
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** A PAN held as an integer (an attribute or JSON number): its replacement text, or null when it is none. */
    public String maskPanNumber(long value) {
        if (value < 1_000_000_000_000L) {
            return null;
        }
        return maskPanDigits(Long.toString(value));
    }

    /**
     * A PAN held as a floating-point number (an OTLP {@code doubleValue}, a JSON {@code 4111111111111111.0}): a
     * double holds every integer up to 2^53 exactly, so a 16-digit Visa number survives the trip and is as readable
     * as the integer. Only whole values are card numbers; the replacement text, or null when it is none.
     */
    public String maskPanNumber(double value) {
        if (!(value >= 1e12 && value < 1e19) || value != Math.rint(value)) {
            return null;
        }
        return maskPanNumber(new BigDecimal(value));
    }

    /** A whole decimal number (as JSON reads one) that is a PAN: its replacement text, or null. */
    public String maskPanNumber(BigDecimal value) {
        if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(1_000_000_000_000L)) < 0
                || value.compareTo(BigDecimal.TEN.pow(PanScanner.MAX_DIGITS)) >= 0) {
            return null;
        }
        BigInteger whole;
        try {
            whole = value.toBigIntegerExact();
        } catch (ArithmeticException fraction) {
            return null;
        }
        return maskPanDigits(whole.toString());
    }

    private String maskPanDigits(String digits) {
        if (!PanScanner.isPan(digits)) {
            return null;
        }
        StringBuilder out = new StringBuilder(24);
        replacePan(digits, 0, digits.length(), out);
        return out.toString();
    }

    /** The token of a field's value (of its digits when the value is one PAN). */
    public String token(String value) {
        TokenKey k = key.orElseThrow(() -> new IllegalStateException("a token mask without " + MaskSettings.TOKEN_KEY
                + " passed the start-up checks"));
        if (PanScanner.isPan(value)) {
            return k.token(PanScanner.digitsOf(value, 0, value.length()));
        }
        return k.token(value);
    }

    /** A field's value truncated (as a PAN when it is one). */
    public static String truncate(String value) {
        if (PanScanner.isPan(value)) {
            StringBuilder out = new StringBuilder(value.length());
            truncatePan(value, 0, value.length(), out);
            return out.toString();
        }
        int n = value.length();
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(n > 10 && (i < 6 || i >= n - 4) ? value.charAt(i) : '*');
        }
        return out.toString();
    }

    private void replacePan(CharSequence text, int start, int end, StringBuilder out) {
        if (panMode == PanMode.TOKEN) {
            out.append(key.orElseThrow().token(PanScanner.digitsOf(text, start, end)));
        } else {
            truncatePan(text, start, end, out);
        }
    }

    private static void truncatePan(CharSequence text, int start, int end, StringBuilder out) {
        int digits = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        int seen = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(seen < 6 || seen >= digits - 4 ? c : '*');
                seen++;
            } else {
                out.append(c);
            }
        }
    }
}
