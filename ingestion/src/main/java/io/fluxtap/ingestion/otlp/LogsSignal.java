package io.fluxtap.ingestion.otlp;

import io.fluxtap.api.LogRecord;
import io.fluxtap.api.Signal;
import io.fluxtap.ingestion.lane.IngestOutcome;
import io.fluxtap.ingestion.lane.LaneRouter;
import io.fluxtap.ingestion.otlp.translate.Decoded;
import io.fluxtap.ingestion.otlp.translate.OtlpLogsDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.fluxtap.ingestion.sanitize.TimestampBounds;
import java.util.List;

/** OTLP logs: {@code /v1/logs} and {@code LogsService/Export}. */
final class LogsSignal implements OtlpSignal<ExportLogsServiceRequest, ExportLogsServiceResponse, LogRecord> {

    private final OtlpLogsDecoder decoder;

    LogsSignal(TimestampBounds bounds) {
        this.decoder = new OtlpLogsDecoder(bounds);
    }

    @Override
    public Signal signal() {
        return Signal.LOGS;
    }

    @Override
    public ExportLogsServiceRequest emptyRequest() {
        return ExportLogsServiceRequest.getDefaultInstance();
    }

    @Override
    public Decoded<LogRecord> decode(ExportLogsServiceRequest request) {
        return decoder.decode(request);
    }

    @Override
    public IngestOutcome publish(LaneRouter lanes, List<LogRecord> records) {
        return lanes.publishLogs(records);
    }

    @Override
    public ExportLogsServiceResponse reply(long rejected, String errorMessage) {
        ExportLogsServiceResponse.Builder reply = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0) {
            reply.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected).setErrorMessage(errorMessage));
        }
        return reply.build();
    }

    @Override
    public String droppedMessage(int dropped) {
        return dropped + " telemetry records (DEBUG/TRACE) dropped: lane P2 is full";
    }
}
