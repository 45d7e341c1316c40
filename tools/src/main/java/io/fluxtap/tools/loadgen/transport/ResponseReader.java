package io.fluxtap.tools.loadgen.transport;

import java.io.IOException;

/** Reads the partial-success part of a successful export response; each OTLP signal has its own message type. */
@FunctionalInterface
public interface ResponseReader {

    /** A reply with the given status, the rejected item count and message taken from {@code body}. */
    Reply read(int status, byte[] body, boolean json) throws IOException;
}
