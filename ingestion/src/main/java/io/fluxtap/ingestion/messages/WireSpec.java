package io.fluxtap.ingestion.messages;

import com.fasterxml.jackson.core.JsonPointer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One wire: which JSON fields of its messages become columns, and where the business fields Fluxtap stores
 * beside them (flux id, event time, sender) are found. {@link WireSpecReader} documents the file format.
 *
 * @param wireId      e.g. {@code payments} or {@code fluxSpec/visa-v1}
 * @param description free text for people, may be empty
 * @param source      the file it was read from, for messages about it
 * @param fluxId      the field carrying a message's flux id, or null: every message gets a generated one
 * @param timestamp   the RFC 3339 field used as the message's time, or null: the time of arrival
 * @param machineId   the string field naming the sending machine, or null
 * @param entityName  the string field naming the sending service, or null
 * @param gearId      the string field naming the sending component, or null
 * @param promoted    the promoted fields, in the order their columns appear
 */
public record WireSpec(String wireId, String description, Path source, JsonPointer fluxId, JsonPointer timestamp,
                       JsonPointer machineId, JsonPointer entityName, JsonPointer gearId, List<Promotion> promoted) {

    public WireSpec {
        Objects.requireNonNull(wireId, "wireId");
        description = description == null ? "" : description;
        promoted = List.copyOf(promoted);
    }

    /**
     * A JSON field that becomes a typed column.
     *
     * @param pointer  where the field is in a message (RFC 6901)
     * @param column   the column's name: lowercase letters, digits and underscores
     * @param type     what the value must be
     * @param required whether a message without the field (or with null) is refused
     */
    public record Promotion(JsonPointer pointer, String column, PromotedType type, boolean required) {

        public Promotion {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(type, "type");
        }
    }
}
