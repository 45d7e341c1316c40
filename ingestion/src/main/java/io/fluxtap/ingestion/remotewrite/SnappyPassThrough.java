package io.fluxtap.ingestion.remotewrite;

import io.helidon.common.config.Config;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.spi.ContentEncodingProvider;
import java.util.Set;

/**
 * Lets {@code Content-Encoding: snappy} requests (every remote_write request) through the web server, which
 * refuses a request whose content encoding it does not know before any resource sees it. The body is passed on
 * still compressed: remote_write uses snappy's block format, which cannot be decoded as a stream, so
 * {@link RemoteWriteResource} reads the block, bounded, and decodes it whole.
 */
public final class SnappyPassThrough implements ContentEncodingProvider, ContentEncoding {

    static final String SNAPPY = "snappy";

    @Override
    public String configKey() {
        return SNAPPY;
    }

    @Override
    public ContentEncoding create(Config config, String name) {
        return this;
    }

    @Override
    public String name() {
        return SNAPPY;
    }

    @Override
    public String type() {
        return SNAPPY;
    }

    @Override
    public Set<String> ids() {
        return Set.of(SNAPPY);
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
        return ContentDecoder.NO_OP;
    }

    @Override
    public ContentEncoder encoder() {
        return ContentEncoder.NO_OP;
    }
}
