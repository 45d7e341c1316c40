package io.fluxtap.ingestion.otlp.http;

import io.helidon.common.config.Config;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.spi.ContentEncodingProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Teaches the web server to read {@code Content-Encoding: gzip} request bodies, which OTLP/HTTP senders
 * may use. Helidon finds content encodings with the service loader; without one it answers 400 to any
 * request that carries a Content-Encoding header, before our handlers see it. (Helidon's own
 * helidon-http-encoding-gzip is not available to this build.)
 *
 * <p>Decoding only: responses stay uncompressed. The decoder streams, so the receiver's limit on the bytes
 * it reads is also the limit on the decompressed size.
 */
public final class GzipRequestDecoding implements ContentEncodingProvider, ContentEncoding {

    private static final String GZIP = "gzip";

    @Override
    public String configKey() {
        return GZIP;
    }

    @Override
    public ContentEncoding create(Config config, String name) {
        return this;
    }

    @Override
    public String name() {
        return GZIP;
    }

    @Override
    public String type() {
        return GZIP;
    }

    @Override
    public Set<String> ids() {
        return Set.of(GZIP, "x-gzip");
    }

    @Override
    public boolean supportsEncoding() {
        return false;
    }

    @Override
    public boolean supportsDecoding() {
        return true;
    }

    @Override
    public ContentDecoder decoder() {
        return network -> {
            try {
                return new GZIPInputStream(network);
            } catch (IOException e) {
                throw new UncheckedIOException("not gzip data: " + e.getMessage(), e);
            }
        };
    }

    @Override
    public ContentEncoder encoder() {
        return ContentEncoder.NO_OP;
    }
}
