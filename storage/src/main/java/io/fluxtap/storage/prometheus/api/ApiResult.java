package io.fluxtap.storage.prometheus.api;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;

/** A successful answer: how to write its {@code data}, and the warnings and infos that go beside it. */
public record ApiResult(Data data, List<String> warnings, List<String> infos) {

    /** Writes the value of the envelope's {@code data} field. */
    @FunctionalInterface
    public interface Data {
        void write(JsonGenerator json) throws IOException;
    }

    public ApiResult {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }

    public static ApiResult of(Data data) {
        return new ApiResult(data, List.of(), List.of());
    }
}
