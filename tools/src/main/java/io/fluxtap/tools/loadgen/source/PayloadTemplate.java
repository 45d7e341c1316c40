package io.fluxtap.tools.loadgen.source;

import java.util.Arrays;

/** An encoded request whose record times are filled in at send time (see {@link TimeField}). */
final class PayloadTemplate {

    private final byte[] body;
    private final int[] timeOffsets;
    private final TimeField timeField;
    private final String contentType;

    PayloadTemplate(byte[] body, int records, TimeField timeField, String contentType) {
        this.body = body;
        this.timeField = timeField;
        this.contentType = contentType;
        this.timeOffsets = find(body, timeField.pattern(), timeField.valueOffset());
        if (timeOffsets.length != records) {
            // The sentinel was chosen so that this cannot happen; if it ever does, stamping would corrupt data.
            throw new IllegalStateException("found " + timeOffsets.length + " time fields in a request of "
                    + records + " records");
        }
    }

    int records() {
        return timeOffsets.length;
    }

    /** A copy of the body with the records stamped {@code firstUnixNanos}, +1 ns, +2 ns, ... in body order. */
    Payload stamp(long firstUnixNanos) {
        byte[] copy = body.clone();
        for (int i = 0; i < timeOffsets.length; i++) {
            timeField.write(copy, timeOffsets[i], firstUnixNanos + i);
        }
        return new Payload(copy, contentType, timeOffsets.length);
    }

    private static int[] find(byte[] body, byte[] pattern, int valueOffset) {
        int[] found = new int[16];
        int count = 0;
        int last = body.length - pattern.length;
        for (int i = 0; i <= last; i++) {
            if (body[i] == pattern[0] && Arrays.equals(body, i, i + pattern.length, pattern, 0, pattern.length)) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2);
                }
                found[count++] = i + valueOffset;
                i += pattern.length - 1;
            }
        }
        return Arrays.copyOf(found, count);
    }
}
