package io.fluxtap.ingestion.otlp;

import com.google.protobuf.Message;
import io.fluxtap.api.IngestRecord;
import io.fluxtap.api.Signal;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.otlp.translate.Decoded;
import java.util.List;

/**
 * What differs between OTLP's logs, traces and metrics exports; everything else (content types, gzip, limits,
 * lanes, partial success, errors) is shared by {@link OtlpExports}, over HTTP and gRPC alike.
 *
 * @param <Q> the Export*ServiceRequest
 * @param <R> the Export*ServiceResponse
 * @param <T> the records it decodes to
 */
public interface OtlpSignal<Q extends Message, R extends Message, T extends IngestRecord> {

    Signal signal();

    /** The request type's default instance, used as the parser prototype. */
    Q emptyRequest();

    Decoded<T> decode(Q request);

    IngestOutcome publish(LaneRouter lanes, List<T> records);

    /** The success response; {@code rejected > 0} becomes the signal's partial_success. */
    R reply(long rejected, String errorMessage);

    /** How the sender should read a P2 drop of this signal, for the partial-success message. */
    default String droppedMessage(int dropped) {
        return dropped + " telemetry records dropped: lane P2 is full";
    }
}
