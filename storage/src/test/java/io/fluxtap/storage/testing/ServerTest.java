package io.fluxtap.storage.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxtap.api.RecordSink;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;

/**
 * What the module's {@code @HelidonTest} classes share: the module's beans start in a real Helidon server (the
 * subclass names its {@code @HelidonTest} and {@code @AddConfig}s, a data directory of its own among them); records
 * go in through the {@link RecordSink} the lanes would write to, answers come back over HTTP through {@link #target}.
 * CDI injects these inherited fields into the test instance as it does its own.
 *
 * <pre>{@code
 * @HelidonTest
 * @AddConfig(key = "fluxtap.data.dir", value = "target/traces-query-http-test")
 * class TracesQueryHttpTest extends ServerTest { ... MAPPER.readTree(target.path("/api/v1/traces").request().get(String.class)) }
 * }</pre>
 */
public abstract class ServerTest {

    protected static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    protected RecordSink sink;

    @Inject
    protected WebTarget target;
}
