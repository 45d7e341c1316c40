package io.fluxtap.ui.shell;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the shell's search box goes: a W3C trace id (32 hex digits) opens that trace;
 * a flux id (the business message key, an unsigned 64-bit number) opens the traces that carried it.
 */
public final class JumpTarget {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern FLUX_ID = Pattern.compile("[0-9]{1,20}");

    private JumpTarget() {
    }

    /** The route and query to navigate to, or empty when the text is neither id. */
    public static Optional<String> of(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (TRACE_ID.matcher(lower).matches()) {
            return Optional.of("traces/" + lower);
        }
        if (FLUX_ID.matcher(value).matches()) {
            return Optional.of("traces?flux=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }
}
