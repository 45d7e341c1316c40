package io.fluxtap.ingestion.remotewrite;

import io.fluxtap.api.MetricSample;
import io.fluxtap.api.Signal;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.lane.PublishResult;
import io.fluxtap.ingestion.metrics.IngestMetrics;
import io.fluxtap.ingestion.metrics.RejectReason;
import io.fluxtap.ingestion.sanitize.AttributeSanitizer;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import io.fluxtap.ingestion.budget.BudgetedBody;
import io.fluxtap.ingestion.budget.InflightBytes;
import io.fluxtap.ingestion.budget.OverBudget;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/v1/write}: Prometheus remote_write 1.0 ({@code X-Prometheus-Remote-Write-Version: 0.1.0}).
 * The body is a snappy block of a protobuf {@code prometheus.WriteRequest}; its float samples go to lane P2
 * with their labels, typed by the metadata the sender sent (see {@link MetadataCatalog}).
 *
 * <p>Answers as Prometheus' own receiver does, since its senders retry 5xx and drop a batch on 4xx: 204 when
 * stored; 400 (plain text) for a body that is not snappy or not the protobuf, a series without
 * {@code __name__} or with an invalid name or label name, for out-of-order or duplicate samples (see
 * {@link SeriesTracker}) and for a sample dated outside {@link TimestampBounds}, storing nothing of such a request; 413 over {@code fluxtap.remote-write.max-request-bytes}
 * (compressed or not); 415 for a Content-Type other than {@code application/x-protobuf} (a missing one is
 * taken, as Prometheus takes it) or a Content-Encoding other than snappy, a missing one included; 503 with Retry-After when the lane
 * is shutting down or its ring was full. Samples of a request refused with 503 that were taken are remembered,
 * so the sender's retry stores only the rest. Native histogram samples are skipped and counted as rejected:
 * refusing them would make Prometheus drop the float samples sent with them.
 */
@Path("/api/v1/write")
@ApplicationScoped
public class RemoteWriteResource {

    private static final Logger LOG = System.getLogger(RemoteWriteResource.class.getName());
    private static final int RETRY_AFTER_SECONDS = 2;
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String WRITE_REQUEST_V1 = "prometheus.WriteRequest";

    private final LaneRouter lanes;
    private final IngestMetrics metrics;
    private final AttributeSanitizer sanitizer;
    private final WriteRequestDecoder decoder;
    private final SampleMapper mapper;
    private final SeriesTracker tracker;
    private final long maxRequestBytes;
    private final InflightBytes inflight;
    /** Admission, publishing and remembering what was taken must not interleave between requests. */
    private final ReentrantLock appending = new ReentrantLock();
    private final AtomicBoolean histogramsLogged = new AtomicBoolean();

    @Inject
    public RemoteWriteResource(LaneRouter lanes, IngestMetrics metrics, AttributeSanitizer sanitizer,
                               @ConfigProperty(name = "fluxtap.remote-write.max-request-bytes", defaultValue = "16777216")
                               long maxRequestBytes,
                               @ConfigProperty(name = "fluxtap.remote-write.max-tracked-series", defaultValue = "100000")
                               int maxTrackedSeries,
                               TimestampBounds bounds,
                               InflightBytes inflight) {
        if (maxRequestBytes < 1 || maxRequestBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("fluxtap.remote-write.max-request-bytes must be between 1 and "
                    + (Integer.MAX_VALUE - 8) + ", was " + maxRequestBytes);
        }
        if (maxTrackedSeries < 1) {
            throw new IllegalArgumentException(
                    "fluxtap.remote-write.max-tracked-series must be positive, was " + maxTrackedSeries);
        }
        this.lanes = lanes;
        this.metrics = metrics;
        this.sanitizer = sanitizer;
        this.maxRequestBytes = maxRequestBytes;
        this.decoder = new WriteRequestDecoder(maxRequestBytes);
        this.mapper = new SampleMapper(new MetadataCatalog(maxTrackedSeries), bounds);
        this.tracker = new SeriesTracker(maxTrackedSeries);
        this.inflight = inflight;
    }

    /** For tests: no in-flight bound. */
    public RemoteWriteResource(LaneRouter lanes, IngestMetrics metrics, AttributeSanitizer sanitizer,
                               long maxRequestBytes, int maxTrackedSeries, TimestampBounds bounds) {
        this(lanes, metrics, sanitizer, maxRequestBytes, maxTrackedSeries, bounds, InflightBytes.unbounded());
    }

    @POST
    public Response write(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                          @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
                          @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                          InputStream body) {
        // Held until the samples are in the lane: the body, its decompressed form and the samples are on the heap.
        try (InflightBytes.Lease lease = inflight.open()) {
            requireProtobuf(contentType);
            requireSnappy(contentEncoding);
            SampleMapper.Mapped mapped = mapper.map(decoder.decode(readBody(contentLength, body, lease), lease));
            skippedHistograms(mapped.histograms());
            return store(sanitizer.apply(mapped.samples()));
        } catch (RemoteWriteRejected rejected) {
            metrics.rejected(Signal.METRICS, rejected.reason(), 1);
            if (rejected.status() == 503) {
                return retryLater(rejected.getMessage());
            }
            return text(rejected.status(), rejected.getMessage()).build();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "remote write failed unexpectedly", e);
            return text(500, "internal error; see the Fluxtap log").build();
        }
    }

    private Response store(List<MetricSample> samples) throws RemoteWriteRejected {
        appending.lock();
        try {
            List<MetricSample> fresh = tracker.admit(samples).fresh();
            if (fresh.isEmpty()) {
                return Response.noContent().build();
            }
            IngestOutcome outcome = lanes.publishMetrics(fresh);
            if (outcome.result() != PublishResult.ACCEPTED) {
                metrics.rejected(Signal.METRICS, RejectReason.OVERLOADED, fresh.size());
                return retryLater("the server is shutting down; nothing was stored; retry later");
            }
            // The lane takes a prefix and drops the rest; what it took must count as sent for the retry.
            tracker.accepted(fresh.subList(0, fresh.size() - outcome.dropped()));
            if (outcome.dropped() > 0) {
                return retryLater(outcome.dropped() + " of " + fresh.size()
                        + " samples were dropped because the telemetry lane is full; retry later");
            }
            return Response.noContent().build();
        } finally {
            appending.unlock();
        }
    }

    private void skippedHistograms(int histograms) {
        if (histograms == 0) {
            return;
        }
        metrics.rejected(Signal.METRICS, RejectReason.INVALID_RECORD, histograms);
        if (histogramsLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "remote write: native histogram samples are not supported and are skipped "
                    + "(counted in fluxtap_ingest_rejected_total{signal=\"metrics\",reason=\"invalid_record\"}); "
                    + "logged once");
        }
    }

    /** Prometheus' receivers take a request without Content-Type; one that names another type is refused. */
    private static void requireProtobuf(String contentType) throws RemoteWriteRejected {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw RemoteWriteRejected.unsupportedMediaType("Content-Type '" + contentType + "' is not "
                    + PROTOBUF);
        }
        String proto = type.getParameters().get("proto");
        if (!PROTOBUF.equals((type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT))
                || (proto != null && !proto.equals(WRITE_REQUEST_V1))) {
            throw RemoteWriteRejected.unsupportedMediaType("Content-Type '" + contentType + "' is not supported; "
                    + "this receiver speaks remote write 1.0: " + PROTOBUF + " (proto=" + WRITE_REQUEST_V1 + ")");
        }
    }

    /**
     * Remote write 1.0 requires {@code Content-Encoding: snappy} and Prometheus always sends it, so a request
     * without it was not meant as a snappy block, whatever its bytes happen to decode to.
     */
    private static void requireSnappy(String contentEncoding) throws RemoteWriteRejected {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            throw RemoteWriteRejected.unsupportedMediaType("Content-Encoding is missing; remote write bodies are "
                    + "snappy-compressed and say so with Content-Encoding: snappy");
        }
        if (!contentEncoding.strip().equalsIgnoreCase(SnappyPassThrough.SNAPPY)) {
            throw RemoteWriteRejected.unsupportedMediaType("Content-Encoding '" + contentEncoding
                    + "' is not supported; remote write bodies are snappy-compressed (Content-Encoding: snappy)");
        }
    }

    private byte[] readBody(String contentLength, InputStream body, InflightBytes.Lease lease) throws RemoteWriteRejected {
        long declared = -1;
        if (contentLength != null) {
            try {
                declared = Long.parseLong(contentLength.strip());
                if (declared > maxRequestBytes) {
                    throw RemoteWriteRejected.tooLarge("request body of " + declared
                            + " bytes is over the limit of " + maxRequestBytes + " bytes");
                }
            } catch (NumberFormatException e) {
                throw RemoteWriteRejected.badRequest("Content-Length '" + contentLength + "' is not a number");
            }
        }
        byte[] bytes;
        try (InputStream in = body) {
            bytes = BudgetedBody.read(in, declared, (int) maxRequestBytes + 1, lease);
        } catch (OverBudget e) {
            throw RemoteWriteRejected.overBudget(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw RemoteWriteRejected.badRequest("request body could not be read: " + e.getMessage());
        }
        if (bytes.length > maxRequestBytes) {
            throw RemoteWriteRejected.tooLarge("request body is over the limit of " + maxRequestBytes + " bytes");
        }
        return bytes;
    }

    private Response retryLater(String message) {
        return text(503, message).header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)).build();
    }

    private static Response.ResponseBuilder text(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).entity(message + "\n");
    }
}
