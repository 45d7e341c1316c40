package io.fluxtap.ingestion.otlp.grpc;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelOutboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelPromise;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Error;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Watches the HTTP/2 frames the server writes on one connection, between the HTTP/2 codec and the socket, and
 * reports a GOAWAY with an error code: the only trace of a connection the codec refused (a protocol error in
 * the client's frames or header block, a flood of control frames), which grpc-java logs at FINE level only.
 *
 * <p>The server's side of an HTTP/2 connection is a plain sequence of frames (9-byte header, then the payload
 * its length names), so counting bytes is enough to find each frame's type, however writes split them.
 */
final class GoAwayWatcher extends ChannelOutboundHandlerAdapter {

    private static final int HEADER = 9;
    private static final int GOAWAY = 0x7;
    /** Last-stream-id, error code and up to this much of the debug data. */
    private static final int KEPT = 8 + 256;

    private final GrpcRefusals refusals;
    private final byte[] header = new byte[HEADER];
    private final byte[] payload = new byte[KEPT];
    private int headerRead;
    private int length;
    private int payloadRead;

    GoAwayWatcher(GrpcRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ByteBuf buffer) {
            scan(buffer, ctx);
        }
        super.write(ctx, msg, promise);
    }

    private void scan(ByteBuf buffer, ChannelHandlerContext ctx) {
        int at = buffer.readerIndex();
        int end = buffer.writerIndex();
        while (at < end) {
            if (headerRead < HEADER) {
                header[headerRead++] = buffer.getByte(at++);
                if (headerRead == HEADER) {
                    length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
                    payloadRead = 0;
                    if (length == 0) {
                        frameWritten(ctx);
                    }
                }
                continue;
            }
            int take = Math.min(length - payloadRead, end - at);
            if (header[3] == GOAWAY && payloadRead < KEPT) {
                buffer.getBytes(at, payload, payloadRead, Math.min(take, KEPT - payloadRead));
            }
            payloadRead += take;
            at += take;
            if (payloadRead == length) {
                frameWritten(ctx);
            }
        }
    }

    private void frameWritten(ChannelHandlerContext ctx) {
        headerRead = 0;
        if (header[3] != GOAWAY || length < 8) {
            return;
        }
        long code = (payload[4] & 0xffL) << 24 | (payload[5] & 0xff) << 16 | (payload[6] & 0xff) << 8 | payload[7] & 0xff;
        if (code == Http2Error.NO_ERROR.code()) {
            return;
        }
        Http2Error error = Http2Error.valueOf(code);
        String reason = "goaway_" + (error == null ? Long.toString(code) : error.name().toLowerCase(Locale.ROOT));
        String debug = new String(payload, 8, Math.min(length, KEPT) - 8, StandardCharsets.UTF_8);
        refusals.connectionRefused(reason, String.valueOf(ctx.channel().remoteAddress()), debug);
    }
}
