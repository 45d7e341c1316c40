package io.fluxtap.storage.duck;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code series_id} of a metric series, as migration V4 defines it: the first 8 bytes (big-endian,
 * unsigned) of SHA-256 over the UTF-8 metric name, 0xFF, then each label in name order as
 * {@code name 0xFF value 0xFF}. The JDK's SHA-256 keeps the id stable across versions and writers without a
 * hashing dependency. Not thread-safe: one instance per writer or batch.
 */
public final class SeriesIds {

    private static final int SEPARATOR = 0xFF;

    private final MessageDigest sha256;

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
        sha256.reset();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) SEPARATOR);
        new TreeMap<>(labels).forEach((label, value) -> {
            sha256.update(label.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) SEPARATOR);
            sha256.update(value.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) SEPARATOR);
        });
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }
}
