package io.fluxtap.tools.loadgen.transport;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads ExportLogsServiceResponse, whose partial_success counts the log records the server refused. */
public final class OtlpLogsResponses implements ResponseReader {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    @Override
    public Reply read(int status, byte[] body, boolean json) throws IOException {
        if (body.length == 0) {
            return new Reply(status, 0, null);
        }
        ExportLogsServiceResponse response;
        if (json) {
            ExportLogsServiceResponse.Builder builder = ExportLogsServiceResponse.newBuilder();
            PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
            response = builder.build();
        } else {
            response = ExportLogsServiceResponse.parseFrom(body);
        }
        ExportLogsPartialSuccess partial = response.getPartialSuccess();
        String message = partial.getErrorMessage().isEmpty() ? null : partial.getErrorMessage();
        return new Reply(status, partial.getRejectedLogRecords(), message);
    }
}
