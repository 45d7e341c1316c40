package io.fluxtap.tools.loadgen.source;

import java.nio.charset.StandardCharsets;

/**
 * How a record's time_unix_nano looks inside an encoded request. Records are encoded once with a sentinel
 * time whose bytes cannot occur anywhere else in the request; its positions are remembered and the real
 * time is written over it at every send, so a pre-built body still carries a fresh timestamp.
 */
enum TimeField {

    /** Field 1 of LogRecord, fixed64: tag byte 0x09, then eight little-endian bytes. */
    PROTOBUF_FIXED64(0xFEFF_FEFF_FEFF_FEFFL) {
        @Override
        byte[] pattern() {
            byte[] pattern = new byte[9];
            pattern[0] = 0x09;
            writeLittleEndian(pattern, 1, sentinel());
            return pattern;
        }

        @Override
        int valueOffset() {
            return 1;
        }

        @Override
        void write(byte[] body, int offset, long unixNanos) {
            writeLittleEndian(body, offset, unixNanos);
        }
    },

    /**
     * OTLP/JSON writes the fixed64 as a decimal string. Nanoseconds since 1970 have 19 digits from 2001
     * until 2286, so the sentinel has 19 digits too and the time fits in its place.
     */
    JSON_DECIMAL(Long.parseUnsignedLong("9999999999999999999")) {
        private static final String KEY = "\"timeUnixNano\":\"";

        @Override
        byte[] pattern() {
            return (KEY + Long.toUnsignedString(sentinel()) + "\"").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        int valueOffset() {
            return KEY.length();
        }

        @Override
        void write(byte[] body, int offset, long unixNanos) {
            String digits = Long.toString(unixNanos);
            if (digits.length() != 19) {
                throw new IllegalStateException("time " + unixNanos + " ns is outside the years 2001-2286");
            }
            for (int i = 0; i < 19; i++) {
                body[offset + i] = (byte) digits.charAt(i);
            }
        }
    };

    private final long sentinel;

    TimeField(long sentinel) {
        this.sentinel = sentinel;
    }

    /** The time to encode records with, so that {@link #pattern()} finds them. */
    long sentinel() {
        return sentinel;
    }

    /** The bytes an encoded sentinel time appears as. */
    abstract byte[] pattern();

    /** Where the value starts inside {@link #pattern()}. */
    abstract int valueOffset();

    abstract void write(byte[] body, int offset, long unixNanos);

    static TimeField of(Encoding encoding) {
        return switch (encoding) {
            case PROTOBUF -> PROTOBUF_FIXED64;
            case JSON -> JSON_DECIMAL;
        };
    }

    private static void writeLittleEndian(byte[] target, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            target[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
