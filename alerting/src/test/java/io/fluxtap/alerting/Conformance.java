package io.fluxtap.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The Alertmanager conformance material, read in place (see ../shared/conformance/alertmanager/README.md). */
public final class Conformance {

    public static final Path ALERTMANAGER = Path.of("../../shared/conformance/alertmanager");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Conformance() {
    }

    public static JsonNode yaml(String relative) {
        try {
            return YAML.readTree(ALERTMANAGER.resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
