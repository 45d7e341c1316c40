package io.fluxtap.storage.duck;

import io.fluxtap.api.LabelMap;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The {@code series_id} of a metric series, as migration V4 defines it: the first 8 bytes (big-endian,
 * unsigned) of SHA-256 over the UTF-8 metric name, 0xFF, then each label in name order as
 * {@code name 0xFF value 0xFF}. The JDK's SHA-256 keeps the id stable across versions and writers without a
 * hashing dependency. Not thread-safe: one instance per writer or batch.
 */
public final class SeriesIds {

    private static final int SEPARATOR = 0xFF;

    private final MessageDigest sha256;
    private final byte[] ascii = new byte[256];
    private final byte[] digest = new byte[32];

    public SeriesIds() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** @param labels the series labels without {@code __name__}, in any order */
    public long of(String name, Map<String, String> labels) {
        return LabelMap.copyOf(labels).seriesId(name, this::compute);
    }

    private long compute(String name, LabelMap labels) {
        sha256.reset();
        update(name);
        sha256.update((byte) SEPARATOR);
        labels.forEach((label, value) -> {
            update(label);
            sha256.update((byte) SEPARATOR);
            update(value);
            sha256.update((byte) SEPARATOR);
        });
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 did not fit its 32 bytes", e);
        }
        long id = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            id = (id << 8) | (digest[i] & 0xFF);
        }
        return id;
    }

    /** The UTF-8 bytes of {@code text}; ASCII (nearly every label) through a reused buffer, not a new array. */
    private void update(String text) {
        int length = text.length();
        if (length > ascii.length) {
            sha256.update(text.getBytes(StandardCharsets.UTF_8));
            return;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                sha256.update(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            ascii[i] = (byte) c;
        }
        sha256.update(ascii, 0, length);
    }
}
