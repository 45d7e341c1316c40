package io.fluxtap.dist.e2e;

import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gRPC call written frame by frame on a plain socket, for the edge cases no gRPC library lets a client
 * send (a length prefix of 0xffffffff, an encoding it does not know, reserved flag bits). The header block uses
 * only literal fields with literal names (RFC 7541 §6.2.2, no Huffman coding), as the gRPC C-core sends
 * {@code :path} and {@code :authority}. The response's header blocks are decoded with Netty's HPACK decoder.
 */
final class RawGrpcCall {

    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int GOAWAY = 0x7;
    private static final int CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int ACK = 0x1;
    private static final int MAX_FRAME = 16_384;
    private static final int STREAM = 1;

    /** How the server ended the call: its headers and trailers, or an RST_STREAM or GOAWAY error code. */
    record Answer(Map<String, String> headers, Long resetCode, Long goAwayCode) {
        String grpcStatus() {
            return headers.get("grpc-status");
        }
    }

    private RawGrpcCall() {
    }

    /** A gRPC message: the compressed flag, the 4-byte length, the bytes. */
    static byte[] message(boolean compressed, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) (compressed ? 1 : 0)).putInt(body.length).put(body)
                .array();
    }

    /**
     * Sends {@code body} (gRPC-framed already) on one stream and reads until the call ends; fails if the server
     * has not ended it within {@code wait}.
     */
    static Answer call(String host, int port, String path, Map<String, String> metadata, byte[] body, Duration wait) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) wait.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(out, SETTINGS, 0, 0, new byte[0]);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(":method", "POST");
            headers.put(":scheme", "http");
            headers.put(":path", path);
            headers.put(":authority", host + ":" + port);
            headers.put("content-type", "application/grpc");
            headers.put("te", "trailers");
            headers.putAll(metadata);
            frame(out, HEADERS, END_HEADERS, STREAM, literalHeaderBlock(headers));
            // Within the default 64 KiB flow-control window: the edge cases are small.
            for (int at = 0; at < body.length || at == 0; at += MAX_FRAME) {
                int end = Math.min(body.length, at + MAX_FRAME);
                byte[] chunk = java.util.Arrays.copyOfRange(body, at, end);
                frame(out, DATA, end == body.length ? END_STREAM : 0, STREAM, chunk);
                if (end == body.length) {
                    break;
                }
            }
            out.flush();
            return read(new DataInputStream(socket.getInputStream()), out);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not end the call within " + wait + " (it hangs)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a stream with an even id, which only a server may do (RFC 9113 §5.1.1): a connection error the
     * server must answer with GOAWAY(PROTOCOL_ERROR).
     */
    static Answer evenStreamId(String host, int port, Duration wait) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) wait.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(out, SETTINGS, 0, 0, new byte[0]);
            frame(out, HEADERS, END_HEADERS | END_STREAM, 2, literalHeaderBlock(Map.of(":method", "POST")));
            out.flush();
            // Nothing more is written: the server answers with GOAWAY and closes, and a frame of ours arriving
            // after its close would be answered with a reset that can take the unread GOAWAY with it.
            return read(new DataInputStream(socket.getInputStream()), null);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not end the connection within " + wait, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param out where SETTINGS and PING are acknowledged; null to write nothing more */
    private static Answer read(DataInputStream in, OutputStream out) throws IOException {
        DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
        Map<String, String> received = new LinkedHashMap<>();
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        while (true) {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                throw new IOException("connection closed inside a frame");
            }
            switch (type) {
                case SETTINGS -> {
                    if ((flags & ACK) == 0 && out != null) {
                        acknowledge(out);
                    }
                }
                case PING -> {
                    if ((flags & ACK) == 0 && out != null) {
                        frame(out, PING, ACK, 0, payload);
                    }
                }
                case HEADERS, CONTINUATION -> {
                    if (stream != STREAM) {
                        continue;
                    }
                    block.write(headerFragment(type, flags, payload));
                    if ((flags & END_HEADERS) != 0) {
                        decode(decoder, block.toByteArray(), received);
                        block.reset();
                        if ((flags & END_STREAM) != 0) {
                            return new Answer(received, null, null);
                        }
                    }
                }
                case RST_STREAM -> {
                    if (stream == STREAM) {
                        return new Answer(received, ByteBuffer.wrap(payload).getInt() & 0xffffffffL, null);
                    }
                }
                case GOAWAY -> {
                    return new Answer(received, null, ByteBuffer.wrap(payload, 4, 4).getInt() & 0xffffffffL);
                }
                default -> {
                    // DATA (a response message), WINDOW_UPDATE: nothing to answer.
                }
            }
            if (out != null) {
                out.flush();
            }
        }
    }

    private static byte[] headerFragment(int type, int flags, byte[] payload) {
        int from = 0;
        int to = payload.length;
        if (type == HEADERS && (flags & 0x8) != 0) {
            from = 1;
            to -= payload[0] & 0xff;
        }
        if (type == HEADERS && (flags & 0x20) != 0) {
            from += 5;
        }
        return java.util.Arrays.copyOfRange(payload, from, to);
    }

    private static void decode(DefaultHttp2HeadersDecoder decoder, byte[] block, Map<String, String> into) {
        try {
            Http2Headers headers = decoder.decodeHeaders(STREAM, Unpooled.wrappedBuffer(block));
            headers.forEach(e -> into.put(e.getKey().toString(), e.getValue().toString()));
        } catch (Http2Exception e) {
            throw new AssertionError("the server sent a header block Netty cannot decode", e);
        }
    }

    /** Literal header fields without indexing, with literal names (first byte 0x00), no Huffman coding. */
    private static byte[] literalHeaderBlock(Map<String, String> headers) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            block.write(0x00);
            string(block, name.getBytes(StandardCharsets.US_ASCII));
            string(block, value.getBytes(StandardCharsets.US_ASCII));
        });
        return block.toByteArray();
    }

    private static void string(ByteArrayOutputStream block, byte[] bytes) {
        int length = bytes.length;
        if (length < 127) {
            block.write(length);
        } else {
            block.write(127);
            length -= 127;
            while (length >= 128) {
                block.write(length % 128 + 128);
                length /= 128;
            }
            block.write(length);
        }
        block.writeBytes(bytes);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags});
        out.write(ByteBuffer.allocate(4).putInt(stream).array());
        out.write(payload);
    }

    /**
     * Acknowledges the server's SETTINGS. A server that ends the connection at once (a GOAWAY after our first frames)
     * may have closed it already: the write then fails with a broken pipe, but what it sent is still there to read.
     */
    private static void acknowledge(OutputStream out) {
        try {
            frame(out, SETTINGS, ACK, 0, new byte[0]);
        } catch (IOException closedAlready) {
            // read on: the GOAWAY (or the end of the stream) follows
        }
    }
}
