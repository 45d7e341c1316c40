package io.fluxtap.ingestion.otlp.http;

import com.google.protobuf.Message;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.ingestion.budget.BudgetedBody;
import io.fluxtap.ingestion.budget.InflightBytes;
import io.fluxtap.ingestion.budget.OverBudget;
import com.google.rpc.Status;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.otlp.OtlpEncoding;
import io.fluxtap.ingestion.otlp.OtlpExports;
import io.fluxtap.ingestion.otlp.OtlpSignal;
import io.fluxtap.ingestion.otlp.OtlpSignals;
import io.fluxtap.ingestion.otlp.RequestRejected;
import io.fluxtap.ingestion.sanitize.AttributeLimits;
import io.fluxtap.ingestion.sanitize.AttributeSanitizer;
import io.helidon.http.HeaderNames;
import io.helidon.microprofile.server.RoutingName;
import io.helidon.microprofile.server.RoutingPath;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * The OTLP/HTTP receiver: {@code POST /v1/logs} (and the other signals' paths) on the {@code otlp} socket (port 4318), binary protobuf
 * or JSON, optionally gzip-compressed (the web server decompresses through {@link GzipRequestDecoding} as we
 * read; we bound what we read).
 *
 * <p>Helidon MP registers CDI beans of type {@link HttpService} on the routing named by {@link RoutingName},
 * under the path of {@link RoutingPath}; {@code required = true} makes startup fail loudly when the
 * {@code otlp} socket is not configured instead of silently serving OTLP on the main port.
 *
 * <p>Handlers run on virtual threads, so reading the body with blocking I/O is fine.
 */
@ApplicationScoped
@RoutingName(value = "otlp", required = true)
@RoutingPath("/v1")
public class OtlpHttpService implements HttpService {

    private static final Logger LOG = System.getLogger(OtlpHttpService.class.getName());
    /** Seconds a sender should wait after a 503; the ring frees up as fast as the store writes. */
    private static final int RETRY_AFTER_SECONDS = 2;
    private static final int INTERNAL = 13;
    private static final AttributeLimits DEFAULT_LIMITS = new AttributeLimits(128, 8192);

    private final OtlpExports exports;
    private final IngestMetrics metrics;
    private final OtlpSignals signals;
    private final long maxRequestBytes;
    private final InflightBytes inflight;

    @Inject
    public OtlpHttpService(LaneRouter lanes,
                           IngestMetrics metrics,
                           OtlpSignals signals,
                           AttributeSanitizer sanitizer,
                           @ConfigProperty(name = "fluxtap.otlp.max-request-bytes", defaultValue = "16777216")
                           long maxRequestBytes,
                           InflightBytes inflight) {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException(
                    "fluxtap.otlp.max-request-bytes must be positive, was " + maxRequestBytes);
        }
        this.exports = new OtlpExports(lanes, metrics, sanitizer);
        this.metrics = metrics;
        this.maxRequestBytes = maxRequestBytes;
        this.signals = signals;
        this.inflight = inflight;
    }

    /** For tests: its own signal handlers, with {@code clock} standing in for "now", and no in-flight bound. */
    public OtlpHttpService(LaneRouter lanes, IngestMetrics metrics, long maxRequestBytes, Clock clock) {
        this(lanes, metrics, new OtlpSignals(clock), new AttributeSanitizer(DEFAULT_LIMITS, metrics), maxRequestBytes,
                InflightBytes.unbounded());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/logs", (request, response) -> export(signals.logs(), request, response));
        rules.post("/traces", (request, response) -> export(signals.traces(), request, response));
        rules.post("/metrics", (request, response) -> export(signals.metrics(), request, response));
    }

    private <Q extends Message, R extends Message, T extends IngestRecord> void export(
            OtlpSignal<Q, R, T> signal, ServerRequest request, ServerResponse response) {
        // Until the request names its encoding, errors are answered in binary protobuf, OTLP's default.
        OtlpEncoding replyEncoding = OtlpEncoding.PROTOBUF;
        // Held until the records are in the lanes: the body and its parsed form are on the heap until then.
        try (InflightBytes.Lease lease = inflight.open()) {
            OtlpEncoding.Selected encoding =
                    OtlpEncoding.select(request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null));
            replyEncoding = encoding.encoding();
            byte[] body = readBody(request, lease);
            Q export = encoding.parse(body, signal.emptyRequest());
            send(response, 200, replyEncoding, exports.export(signal, export));
        } catch (RequestRejected rejected) {
            metrics.rejected(signal.signal(), rejected.reason(), rejected.records());
            if (rejected.retryable()) {
                response.header(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            }
            send(response, rejected.httpStatus(), replyEncoding,
                    Status.newBuilder().setCode(rejected.rpcCode()).setMessage(rejected.getMessage()).build());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "OTLP " + signal.signal().label() + " export failed unexpectedly", e);
            send(response, 500, replyEncoding,
                    Status.newBuilder().setCode(INTERNAL).setMessage("internal error; see the Fluxtap log").build());
        }
    }

    /**
     * Reads the body, never buffering more than the limit plus one byte: Content-Length (the size as
     * received, compressed or not) is checked before reading, the decompressed size while reading, so
     * neither a huge upload nor a small gzip bomb can exhaust memory.
     */
    private byte[] readBody(ServerRequest request, InflightBytes.Lease lease) throws RequestRejected {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxRequestBytes) {
            throw RequestRejected.tooLarge("request body of " + declared.getAsLong()
                    + " bytes is over the limit of " + maxRequestBytes + " bytes");
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        int readLimit = (int) Math.min(maxRequestBytes + 1, Integer.MAX_VALUE - 8);
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = BudgetedBody.read(in, declared.orElse(-1), readLimit, lease);
        } catch (OverBudget e) {
            throw RequestRejected.throttled(e.getMessage(), 1);
        } catch (IOException | UncheckedIOException e) {
            throw RequestRejected.malformed("request body could not be read"
                    + (isGzip(request) ? " as gzip" : "") + ": " + e.getMessage());
        }
        if (body.length > maxRequestBytes) {
            throw RequestRejected.tooLarge("request body is over the limit of " + maxRequestBytes
                    + " bytes" + (isGzip(request) ? " after decompression" : ""));
        }
        return body;
    }

    private static boolean isGzip(ServerRequest request) {
        return request.headers().first(HeaderNames.CONTENT_ENCODING).map(e -> e.strip().equalsIgnoreCase("gzip"))
                .orElse(false);
    }

    private static void send(ServerResponse response, int status, OtlpEncoding encoding, Message body) {
        response.status(io.helidon.http.Status.create(status));
        response.header(HeaderNames.CONTENT_TYPE, encoding.mediaType());
        response.send(encoding.write(body));
    }
}
