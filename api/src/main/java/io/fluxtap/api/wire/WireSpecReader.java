package io.fluxtap.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads wire spec files (the format is in the package documentation) into {@link WireSpec}s: the one reader of
 * them, for the messages API and for the store. The YAML is bound to the file's shape with Jackson, unknown keys
 * refused, no scalar coerced into another type; what the values mean is checked by {@link WireSpec} itself.
 */
public final class WireSpecReader {

    private static final ObjectReader SPEC_FILE = specFileReader();

    private WireSpecReader() {
    }

    /**
     * A relative directory is resolved against the installation (system property {@code fluxtap.home}, which the
     * launcher sets), else against the working directory.
     */
    public static Path resolve(String directory, String home) {
        Path path = Path.of(directory);
        return path.isAbsolute() || home == null || home.isBlank() ? path : Path.of(home).resolve(path);
    }

    /**
     * The wires of every {@code *.yaml} and {@code *.yml} file of a directory, in file-name order; none when the
     * directory does not exist.
     *
     * @throws InvalidWireSpecException naming the file and the problem, also when two files define one wire
     * @throws UncheckedIOException     when the directory cannot be listed
     */
    public static List<WireSpec> readDirectory(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        // Ids differing only in letter case would share a warehouse directory on case-insensitive file systems.
        Map<String, WireSpec> byFoldedId = new LinkedHashMap<>();
        for (Path file : specFiles(dir)) {
            WireSpec spec = read(file);
            WireSpec clash = byFoldedId.putIfAbsent(spec.wireId().toLowerCase(Locale.ROOT), spec);
            if (clash != null) {
                throw new InvalidWireSpecException(file, "defines wire '" + spec.wireId() + "', which "
                        + clash.source() + " defines already as '" + clash.wireId() + "'");
            }
        }
        return List.copyOf(byFoldedId.values());
    }

    /** @throws InvalidWireSpecException naming the file and the problem */
    public static WireSpec read(Path file) {
        SpecFile spec;
        try (JsonParser parser = SPEC_FILE.createParser(file.toFile())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidWireSpecException(file, "the file is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidWireSpecException(file, "the document must be a mapping with the keys "
                        + SpecFile.KEYS);
            }
            spec = SPEC_FILE.readValue(parser);
            // An empty document after the spec (a trailing '---') reads as null and says nothing.
            for (JsonToken next = parser.nextToken(); next != null; next = parser.nextToken()) {
                if (next != JsonToken.VALUE_NULL) {
                    throw new InvalidWireSpecException(file, "the file holds more than one YAML document; "
                            + "one file is one wire");
                }
            }
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidWireSpecException(file, "unknown key '" + path(e) + "' (known: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList() + ")");
        } catch (MismatchedInputException e) {
            throw new InvalidWireSpecException(file, path(e) + " must be " + expected(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new InvalidWireSpecException(file, "not valid YAML: " + e.getOriginalMessage() + line(e));
        } catch (IOException e) {
            throw new InvalidWireSpecException(file, "the file cannot be read: " + e);
        }
        try {
            return spec.toWireSpec(file);
        } catch (IllegalArgumentException e) {
            throw new InvalidWireSpecException(file, e.getMessage());
        }
    }

    private static ObjectReader specFileReader() {
        YAMLMapper mapper = YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        // `wire: 42` or `required: "yes"` is a mistake to name, not a value to guess at.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Collection)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper.readerFor(SpecFile.class);
    }

    /** Where in the document, as {@code promote[0].column}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.isEmpty() ? "the document" : path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type != null && Collection.class.isAssignableFrom(type)) {
            return "a list of mappings with the keys " + PromoteItem.KEYS;
        }
        if (type != null && Map.class.isAssignableFrom(type)) {
            return "a mapping of JSON pointers to one of " + WireMask.labels() + ", as {/card/pan: token}";
        }
        if (type == PromoteItem.class) {
            return "a mapping with the keys " + PromoteItem.KEYS;
        }
        return "a mapping with the keys " + SpecFile.KEYS;
    }

    /**
     * Only for syntax errors, and only where the parser's message does not show the line itself: after binding, the
     * parser has moved on, and the path names the place better.
     */
    private static String line(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 || e.getOriginalMessage().contains(" line ")
                ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static List<Path> specFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".yaml") || name.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the wire specs in " + directory, e);
        }
    }

    /** A spec file as written; null where a key is absent. */
    record SpecFile(@JsonProperty("wire") String wire,
                    @JsonProperty("description") String description,
                    @JsonProperty("flux_id") String fluxId,
                    @JsonProperty("timestamp") String timestamp,
                    @JsonProperty("machine_id") String machineId,
                    @JsonProperty("entity_name") String entityName,
                    @JsonProperty("gear_id") String gearId,
                    @JsonProperty("promote") List<PromoteItem> promote,
                    @JsonProperty("mask") LinkedHashMap<String, String> mask) {

        static final List<String> KEYS = List.of("description", "entity_name", "flux_id", "gear_id", "machine_id",
                "mask", "promote", "timestamp", "wire");

        WireSpec toWireSpec(Path file) {
            if (wire == null) {
                throw new IllegalArgumentException("wire is missing");
            }
            if (wire.isBlank()) {
                throw new IllegalArgumentException("wire must be a non-empty string");
            }
            List<WireSpec.Promotion> promotions = new ArrayList<>();
            List<PromoteItem> items = promote == null ? List.of() : promote;
            for (int i = 0; i < items.size(); i++) {
                String where = "promote[" + i + "]";
                if (items.get(i) == null) {
                    throw new IllegalArgumentException(where + " must be a mapping with the keys " + PromoteItem.KEYS);
                }
                try {
                    promotions.add(items.get(i).toPromotion());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "." + e.getMessage(), e);
                }
            }
            Map<String, WireMask> masked = new LinkedHashMap<>();
            if (mask != null) {
                mask.forEach((pointer, action) -> masked.put(pointer, maskOf("mask." + pointer, action)));
            }
            return new WireSpec(wire, description, file, fluxId, timestamp, machineId, entityName, gearId, promotions,
                    masked);
        }
    }

    private static WireMask maskOf(String key, String label) {
        if (label == null) {
            throw new IllegalArgumentException(key + " must be one of " + WireMask.labels());
        }
        return WireMask.ofLabel(label).orElseThrow(() ->
                new IllegalArgumentException(key + " '" + label + "' is not one of " + WireMask.labels()));
    }

    /** One item of {@code promote} as written. */
    record PromoteItem(@JsonProperty("pointer") String pointer,
                       @JsonProperty("column") String column,
                       @JsonProperty("type") String type,
                       @JsonProperty("required") Boolean required,
                       @JsonProperty("mask") String mask) {

        static final List<String> KEYS = List.of("column", "mask", "pointer", "required", "type");

        WireSpec.Promotion toPromotion() {
            String checkedPointer = require("pointer", pointer);
            String checkedColumn = require("column", column);
            PromotedType promotedType = PromotedType.ofLabel(require("type", type)).orElseThrow(() ->
                    new IllegalArgumentException("type '" + type + "' is not one of " + PromotedType.labels()));
            return new WireSpec.Promotion(checkedPointer, checkedColumn, promotedType, required != null && required,
                    mask == null ? null : maskOf("mask", mask));
        }

        private static String require(String key, String value) {
            if (value == null) {
                throw new IllegalArgumentException(key + " is missing");
            }
            return value;
        }
    }
}
