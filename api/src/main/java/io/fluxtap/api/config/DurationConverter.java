package io.fluxtap.api.config;

import io.fluxtap.api.DurationText;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * MicroProfile Config's reader of {@link Duration}: {@link DurationText}'s forms ({@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h30m}, {@code 7d}, ISO-8601 {@code PT30S}), so a bean reads a duration key as
 * <pre>{@code
 * @Inject
 * Sweeper(@ConfigProperty(name = "fluxtap.retention.interval", defaultValue = "10m") Duration interval)
 * }</pre>
 * or {@code config.getValue("fluxtap.retention.interval", Duration.class)}. MicroProfile's built-in converter reads
 * ISO-8601 only; this one is registered through {@code ServiceLoader}
 * ({@code META-INF/services/org.eclipse.microprofile.config.spi.Converter}) without {@code @Priority}, which the
 * specification ranks 100, above the built-in converters' 1. A config built by hand must add the discovered
 * converters ({@code ConfigBuilder.addDiscoveredConverters()}), as {@code FluxtapConfig} and the tests' configs do.
 *
 * <p>A plain number is refused: it has no unit, and a key counted in a unit says so in its name
 * ({@code fluxtap.ingest.publish-timeout-ms}) and stays a number. Only positive durations are read; every
 * duration key is an interval, a timeout, a window or an age.
 *
 * <p>The only framework type in {@code api}: the converter must reach every module's container (ingestion's and
 * storage's beans read duration keys with their own defaults), and {@code api} is the one module they all have.
 * The MicroProfile Config API is a {@code provided} dependency: the container running the module brings it.
 */
public final class DurationConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        // The specification lets a converter answer null for an empty value: the key is then missing.
        return value == null || value.isBlank() ? null : DurationText.parse(value);
    }
}
