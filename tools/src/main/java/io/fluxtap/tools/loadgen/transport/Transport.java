package io.fluxtap.tools.loadgen.transport;

import io.fluxtap.tools.loadgen.source.Payload;

import java.io.IOException;

/**
 * Delivers one request and waits for the answer. Blocking on purpose: the generator runs one sender thread
 * per connection, so "N connections" means at most N requests in flight. Safe for concurrent use.
 */
public interface Transport extends AutoCloseable {

    /**
     * @throws IOException when no answer came (refused connection, reset, timeout): a transport error
     */
    Reply send(Payload payload) throws IOException, InterruptedException;

    /** Where requests go, for the summary. */
    String target();

    @Override
    void close();
}
