package io.fluxtap.tools.loadgen.transport;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads ExportMetricsServiceResponse, whose partial_success counts the data points the server refused. */
public final class OtlpMetricsResponses implements ResponseReader {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    @Override
    public Reply read(int status, byte[] body, boolean json) throws IOException {
        if (body.length == 0) {
            return new Reply(status, 0, null);
        }
        ExportMetricsServiceResponse response;
        if (json) {
            ExportMetricsServiceResponse.Builder builder = ExportMetricsServiceResponse.newBuilder();
            PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
            response = builder.build();
        } else {
            response = ExportMetricsServiceResponse.parseFrom(body);
        }
        ExportMetricsPartialSuccess partial = response.getPartialSuccess();
        String message = partial.getErrorMessage().isEmpty() ? null : partial.getErrorMessage();
        return new Reply(status, partial.getRejectedDataPoints(), message);
    }
}
