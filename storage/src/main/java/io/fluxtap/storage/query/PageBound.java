package io.fluxtap.storage.query;

import io.fluxtap.api.LogRecord;

import java.util.function.ToLongFunction;

/**
 * How many bytes one page of records may take: records are read until the next one would go past
 * {@code maxBytes} as {@code size} measures it (the first record always fits, so every page makes progress).
 * Bounding a page's bytes bounds the heap a request can take, whatever its {@code limit}.
 */
public record PageBound(long maxBytes, ToLongFunction<LogRecord> size) {

    public static final PageBound NONE = new PageBound(Long.MAX_VALUE, record -> 0);

    public PageBound {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("a page bound must be positive, was " + maxBytes);
        }
    }
}
