package io.fluxtap.ingestion.messages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceParentTest {

    @Test
    void readsTraceIdAndTheCallersSpanId() {
        assertEquals(Optional.of(new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")),
                TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    }

    @Test
    void aLaterVersionMayAppendFields() {
        assertEquals(Optional.of(new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")),
                TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"})
    void anInvalidHeaderIsIgnored(String header) {
        assertEquals(Optional.empty(), TraceParent.parse(header));
    }

    @Test
    void noHeaderNoTrace() {
        assertEquals(Optional.empty(), TraceParent.parse(null));
    }
}
