package io.fluxtap.tools.loadgen.transport;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads ExportTraceServiceResponse, whose partial_success counts the spans the server refused. */
public final class OtlpTracesResponses implements ResponseReader {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    @Override
    public Reply read(int status, byte[] body, boolean json) throws IOException {
        if (body.length == 0) {
            return new Reply(status, 0, null);
        }
        ExportTraceServiceResponse response;
        if (json) {
            ExportTraceServiceResponse.Builder builder = ExportTraceServiceResponse.newBuilder();
            PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
            response = builder.build();
        } else {
            response = ExportTraceServiceResponse.parseFrom(body);
        }
        ExportTracePartialSuccess partial = response.getPartialSuccess();
        String message = partial.getErrorMessage().isEmpty() ? null : partial.getErrorMessage();
        return new Reply(status, partial.getRejectedSpans(), message);
    }
}
