package io.fluxtap.tools.loadgen.source;

/**
 * One request body, ready to send.
 *
 * @param body        the encoded (not yet compressed) request
 * @param contentType what {@code body} is
 * @param items       how many records (spans, samples, ...) it carries
 */
public record Payload(byte[] body, String contentType, int items) {
}
