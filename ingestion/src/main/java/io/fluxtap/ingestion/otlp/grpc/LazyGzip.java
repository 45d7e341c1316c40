package io.fluxtap.ingestion.otlp.grpc;

import io.grpc.Decompressor;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * grpc-java's gzip, with the gzip header read on the first read rather than when the stream is made: grpc-java
 * 1.65 makes it inside its deframer, where a bad header becomes UNKNOWN; read by the OTLP services' marshaller,
 * it is answered INTERNAL, as the gRPC specification names a message that cannot be decompressed.
 */
final class LazyGzip implements Decompressor {

    @Override
    public String getMessageEncoding() {
        return "gzip";
    }

    @Override
    public InputStream decompress(InputStream compressed) {
        return new InputStream() {
            private InputStream inflating;

            private InputStream inflating() throws IOException {
                if (inflating == null) {
                    inflating = new GZIPInputStream(compressed);
                }
                return inflating;
            }

            @Override
            public int read() throws IOException {
                return inflating().read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return inflating().read(buffer, offset, length);
            }

            @Override
            public void close() throws IOException {
                if (inflating != null) {
                    inflating.close();
                } else {
                    compressed.close();
                }
            }
        };
    }
}
