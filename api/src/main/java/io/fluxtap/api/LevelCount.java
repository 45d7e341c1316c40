package io.fluxtap.api;

import java.time.Instant;
import java.util.Objects;

/**
 * How many records of one level a search matched within one time bucket.
 *
 * @param level  the records' level
 * @param bucket the bucket's start, a whole multiple of the step since the epoch
 * @param count  at least 1: buckets without records are left out
 */
public record LevelCount(Level level, Instant bucket, long count) {

    public LevelCount {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(bucket, "bucket");
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, was " + count);
        }
    }
}
