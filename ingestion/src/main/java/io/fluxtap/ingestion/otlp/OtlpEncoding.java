package io.fluxtap.ingestion.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/** The two OTLP/HTTP payload encodings; a response always uses the encoding of its request. */
public enum OtlpEncoding {

    PROTOBUF("application/x-protobuf") {
        @Override
        public <M extends Message> M parse(byte[] body, Charset charset, M prototype) throws RequestRejected {
            try {
                @SuppressWarnings("unchecked")
                M message = (M) prototype.getParserForType().parseFrom(body);
                return message;
            } catch (InvalidProtocolBufferException e) {
                throw RequestRejected.malformed("invalid protobuf " + prototype.getDescriptorForType().getName()
                        + ": " + e.getMessage());
            }
        }

        @Override
        public byte[] write(Message message) {
            return message.toByteArray();
        }
    },

    JSON("application/json") {
        @Override
        public <M extends Message> M parse(byte[] body, Charset charset, M prototype) throws RequestRejected {
            Message.Builder builder = prototype.newBuilderForType();
            OtlpJson.merge(new String(body, charset), builder);
            @SuppressWarnings("unchecked")
            M message = (M) builder.build();
            return message;
        }

        @Override
        public byte[] write(Message message) {
            try {
                return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
            } catch (InvalidProtocolBufferException e) {
                // Only Any fields with unknown types fail to print; our responses have none.
                throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
            }
        }
    };

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String mediaType;

    OtlpEncoding(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The Content-Type of requests and responses in this encoding. */
    public String mediaType() {
        return mediaType;
    }

    public abstract <M extends Message> M parse(byte[] body, Charset charset, M prototype) throws RequestRejected;

    public abstract byte[] write(Message message);

    /**
     * Picks the encoding for a Content-Type header value such as {@code application/json; charset=utf-8}.
     *
     * @throws RequestRejected 415 for a missing or unsupported type or charset
     */
    public static Selected select(String contentType) throws RequestRejected {
        if (contentType == null || contentType.isBlank()) {
            throw RequestRejected.unsupportedMediaType(
                    "Content-Type is missing: send application/x-protobuf or application/json");
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        for (OtlpEncoding encoding : values()) {
            if (encoding.mediaType.equals(type)) {
                return new Selected(encoding, charset(parts));
            }
        }
        throw RequestRejected.unsupportedMediaType("unsupported Content-Type '" + contentType.strip()
                + "': send application/x-protobuf or application/json");
    }

    private static Charset charset(String[] parts) throws RequestRejected {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String name = unquote(parameter.substring(eq + 1).strip());
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw RequestRejected.unsupportedMediaType("unsupported charset '" + name + "'");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** An encoding with the charset a JSON body is written in (UTF-8 unless the request says otherwise). */
    public record Selected(OtlpEncoding encoding, Charset charset) {

        public <M extends Message> M parse(byte[] body, M prototype) throws RequestRejected {
            return encoding.parse(body, charset, prototype);
        }
    }
}
