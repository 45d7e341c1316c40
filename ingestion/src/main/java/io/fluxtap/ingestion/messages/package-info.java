/**
 * Stage "receive", business messages: {@code POST /api/v1/messages/{wire_id}}
 * ({@link io.fluxtap.ingestion.messages.MessagesResource}). A wire spec ({@code conf/wires/*.yaml}, loaded by
 * {@link io.fluxtap.ingestion.messages.WireSpecs}) names the fields of a wire's JSON messages that become typed
 * columns; a request's messages are validated against it all or none, given flux ids where they carry none
 * ({@link io.fluxtap.ingestion.messages.FluxIdGenerator}) and published to lane P0, which answers once they are
 * fsynced in the write-ahead log.
 */
package io.fluxtap.ingestion.messages;
