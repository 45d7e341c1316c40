package io.fluxtap.dist.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A fixed set of properties at a fixed ordinal: the installation's {@code conf/fluxtap.properties}, or an
 * embedder's overrides. Written here rather than taken from Helidon's config sources because the file must
 * sit at a fixed ordinal between environment variables and the built-in defaults, whatever the user
 * writes into it (a {@code config_ordinal} line in the file would otherwise move it).
 */
record PropertiesFileConfigSource(String name, Map<String, String> values, int ordinal) implements ConfigSource {

    static PropertiesFileConfigSource load(Path file, int ordinal) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return new PropertiesFileConfigSource(file.toAbsolutePath().toString(), Map.copyOf(values), ordinal);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ordinal;
    }
}
