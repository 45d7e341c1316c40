package io.fluxtap.api.levels;

import io.fluxtap.api.Level;
import java.util.Objects;

/**
 * One of Fluxtap's own loggers (java.util.logging), its levels named as {@link Level} names them.
 *
 * @param name      the logger's name; {@code ""} is the root logger
 * @param level     the level set on the logger itself, or null when it inherits its parent's
 * @param effective the level it logs at (its own, else the nearest ancestor's); null when the logger is off
 */
public record LoggerLevel(String name, Level level, Level effective) {

    public LoggerLevel {
        Objects.requireNonNull(name, "name");
    }
}
