package io.fluxtap.storage.promql.parse;

/** Prometheus duration syntax ({@code 1h30m}, {@code 10s53ms}) to milliseconds. */
public final class Durations {

    private Durations() {
    }

    public static long parse(String text) {
        if (text.equals("0")) {
            return 0;
        }
        long total = 0;
        int i = 0;
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
            }
            long n = Long.parseLong(text.substring(start, i));
            long unit;
            if (text.startsWith("ms", i)) {
                unit = 1;
                i += 2;
            } else if (i < text.length()) {
                unit = switch (text.charAt(i)) {
                    case 's' -> 1000L;
                    case 'm' -> 60_000L;
                    case 'h' -> 3_600_000L;
                    case 'd' -> 86_400_000L;
                    case 'w' -> 7 * 86_400_000L;
                    case 'y' -> 365 * 86_400_000L;
                    default -> throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
                };
                i++;
            } else {
                throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
            }
            total += n * unit;
        }
        return total;
    }
}
