package io.fluxtap.alerting.template;

/** A Go {@code time.Duration} in a template: prints as Go does ({@code 1h2m3.5s}, {@code 1.5ms}, {@code 0s}). */
public record GoDuration(long nanos) implements GoFmt.GoTyped {

    @Override
    public String goType() {
        return "time.Duration";
    }

    public double seconds() {
        return nanos / 1e9;
    }

    @Override
    public String toString() {
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        // Long.MIN_VALUE has no positive twin; Go prints it from the unsigned value, so do the same.
        String abs = Long.toUnsignedString(neg ? -nanos : nanos);
        long u = Long.parseUnsignedLong(abs);
        StringBuilder out = new StringBuilder(neg ? "-" : "");
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            String unit;
            long div;
            if (u < 1_000L) {
                return out.append(u).append("ns").toString();
            } else if (u < 1_000_000L) {
                unit = "µs";
                div = 1_000L;
            } else {
                unit = "ms";
                div = 1_000_000L;
            }
            return out.append(fraction(u / div, u % div, Long.toString(div).length() - 1)).append(unit).toString();
        }
        long secs = Long.divideUnsigned(u, 1_000_000_000L);
        long frac = Long.remainderUnsigned(u, 1_000_000_000L);
        long hours = secs / 3600;
        long minutes = secs / 60 % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(fraction(secs % 60, frac, 9)).append('s').toString();
    }

    private static String fraction(long whole, long frac, int digits) {
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
        return whole + "." + f;
    }
}
