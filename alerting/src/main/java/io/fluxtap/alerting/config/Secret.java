package io.fluxtap.alerting.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A secret given inline or as a file ({@code api_url} / {@code api_url_file}). The file is resolved against the
 * configuration file's directory at load time but read only when used, as Alertmanager does, so a config naming a
 * file that exists only in production still loads. {@link #toString()} never shows the value.
 *
 * @param inline the value written in the config, or null
 * @param file   the file holding it, or null
 */
public record Secret(String inline, Path file) {

    /** The value: the inline text, else the file's content without surrounding whitespace. */
    public String value() {
        if (inline != null) {
            return inline;
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("unable to read secret file " + file + ": " + e.getMessage(), e);
        }
    }

    static Secret of(String inline, Path file) {
        return inline == null && file == null ? null : new Secret(inline, file);
    }

    @Override
    public String toString() {
        return inline != null ? "<secret>" : "<secret in " + file + ">";
    }
}
