package io.fluxtap.alerting.template;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Go {@code time.Time} in a template: prints as Go does ({@code 2006-01-02 15:04:05.999999999 -0700 MST}),
 * formats with Go layouts ({@code .Format "2006-01-02"}, the {@code date} function).
 */
public record GoTime(Instant instant, ZoneId zone) implements TemplateObject, GoFmt.GoTyped {

    /** Go's zero time, what an unset {@code EndsAt} holds. */
    public static final GoTime ZERO = new GoTime(Instant.parse("0001-01-01T00:00:00Z"), ZoneOffset.UTC);

    public GoTime {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(zone, "zone");
    }

    /** The instant in UTC, as Alertmanager and Prometheus hold their times. */
    public static GoTime utc(Instant instant) {
        return new GoTime(instant, ZoneOffset.UTC);
    }

    public boolean isZero() {
        return instant.equals(ZERO.instant);
    }

    @Override
    public String goType() {
        return "time.Time";
    }

    @Override
    public String toString() {
        return format("2006-01-02 15:04:05.999999999 -0700 MST");
    }

    @Override
    public Object field(String name, List<Object> args) {
        return switch (name) {
            case "Format" -> {
                if (args.size() != 1 || !(args.getFirst() instanceof String layout)) {
                    throw new IllegalArgumentException("wrong number of args for Format: want 1 got " + args.size());
                }
                yield format(layout);
            }
            case "UTC" -> new GoTime(instant, ZoneOffset.UTC);
            case "Unix" -> instant.getEpochSecond();
            case "UnixMilli" -> instant.toEpochMilli();
            case "IsZero" -> isZero();
            case "Year" -> (long) zoned().getYear();
            default -> NO_FIELD;
        };
    }

    private ZonedDateTime zoned() {
        return instant.atZone(zone);
    }

    private String abbreviation(ZonedDateTime t) {
        if (zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") || zone.getId().equals("Z")) {
            return "UTC";
        }
        String name = DateTimeFormatter.ofPattern("zzz", Locale.US).format(t);
        if (name.startsWith("GMT") && name.length() > 3 || name.startsWith("UTC") && name.length() > 3) {
            // Go prints an offset such as "+03" where the zone has no abbreviation.
            int secs = t.getOffset().getTotalSeconds();
            int h = Math.abs(secs) / 3600;
            int m = Math.abs(secs) / 60 % 60;
            return (secs < 0 ? "-" : "+") + String.format("%02d", h) + (m != 0 ? String.format("%02d", m) : "");
        }
        return name;
    }

    /** time.Time.Format with a Go layout (reference time Mon Jan 2 15:04:05 MST 2006). */
    public String format(String layout) {
        ZonedDateTime t = zoned();
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = layout.length();
        while (i < n) {
            char c = layout.charAt(i);
            String rest = layout.substring(i);
            int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
            if (rest.startsWith("January")) {
                out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                i += 7;
            } else if (rest.startsWith("Jan")) {
                out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                i += 3;
            } else if (rest.startsWith("Monday")) {
                out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                i += 6;
            } else if (rest.startsWith("Mon")) {
                out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                i += 3;
            } else if (rest.startsWith("MST")) {
                out.append(abbreviation(t));
                i += 3;
            } else if (rest.startsWith("2006")) {
                out.append(String.format("%04d", t.getYear()));
                i += 4;
            } else if (rest.startsWith("002")) {
                out.append(String.format("%03d", t.getDayOfYear()));
                i += 3;
            } else if (rest.startsWith("__2")) {
                out.append(String.format("%3d", t.getDayOfYear()));
                i += 3;
            } else if (rest.startsWith("_2") && !rest.startsWith("_2006")) {
                out.append(String.format("%2d", t.getDayOfMonth()));
                i += 2;
            } else if (c == '0' && i + 1 < n && layout.charAt(i + 1) >= '1' && layout.charAt(i + 1) <= '6') {
                int v = switch (layout.charAt(i + 1)) {
                    case '1' -> t.getMonthValue();
                    case '2' -> t.getDayOfMonth();
                    case '3' -> hour12;
                    case '4' -> t.getMinute();
                    case '5' -> t.getSecond();
                    default -> t.getYear() % 100;
                };
                out.append(String.format("%02d", v));
                i += 2;
            } else if (rest.startsWith("15")) {
                out.append(String.format("%02d", t.getHour()));
                i += 2;
            } else if (c == '1') {
                out.append(t.getMonthValue());
                i++;
            } else if (c == '2') {
                out.append(t.getDayOfMonth());
                i++;
            } else if (c == '3') {
                out.append(hour12);
                i++;
            } else if (c == '4') {
                out.append(t.getMinute());
                i++;
            } else if (c == '5') {
                out.append(t.getSecond());
                i++;
            } else if (rest.startsWith("PM")) {
                out.append(t.getHour() >= 12 ? "PM" : "AM");
                i += 2;
            } else if (rest.startsWith("pm")) {
                out.append(t.getHour() >= 12 ? "pm" : "am");
                i += 2;
            } else if (c == '-' || c == 'Z') {
                String[] zones = {"070000", "07:00:00", "0700", "07:00", "07"};
                String match = null;
                for (String z : zones) {
                    if (rest.startsWith(z, 1)) {
                        match = z;
                        break;
                    }
                }
                if (match == null) {
                    out.append(c);
                    i++;
                    continue;
                }
                int secs = t.getOffset().getTotalSeconds();
                if (c == 'Z' && secs == 0) {
                    out.append('Z');
                } else {
                    int abs = Math.abs(secs);
                    out.append(secs < 0 ? '-' : '+').append(String.format("%02d", abs / 3600));
                    boolean colon = match.contains(":");
                    if (match.length() > 2) {
                        out.append(colon ? ":" : "").append(String.format("%02d", abs / 60 % 60));
                    }
                    if (match.equals("070000") || match.equals("07:00:00")) {
                        out.append(colon ? ":" : "").append(String.format("%02d", abs % 60));
                    }
                }
                i += 1 + match.length();
            } else if ((c == '.' || c == ',') && i + 1 < n
                    && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
                char digit = layout.charAt(i + 1);
                int j = i + 1;
                while (j < n && layout.charAt(j) == digit) {
                    j++;
                }
                if (j < n && Character.isDigit(layout.charAt(j))) {
                    out.append(c);
                    i++;
                    continue;
                }
                int count = Math.min(j - i - 1, 9);
                String frac = String.format("%09d", t.getNano()).substring(0, count);
                if (digit == '9') {
                    frac = frac.replaceAll("0+$", "");
                    if (!frac.isEmpty()) {
                        out.append(c).append(frac);
                    }
                } else {
                    out.append(c).append(frac);
                }
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
