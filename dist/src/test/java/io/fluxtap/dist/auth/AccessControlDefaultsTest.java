package io.fluxtap.dist.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fluxtap.api.auth.Scope;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code fluxtap.auth.enabled} and {@code fluxtap.auth.metrics-open} follow {@code fluxtap.host} unless set. */
class AccessControlDefaultsTest {

    @ParameterizedTest(name = "host {0}, enabled {1}, metrics-open {2}")
    @CsvSource(nullValues = "unset", value = {
            "127.0.0.1, unset, unset, false, open",
            "localhost, unset, unset, false, open",
            "::1, unset, unset, false, open",
            "0.0.0.0, unset, unset, true, read",
            "192.0.2.10, unset, unset, true, read",
            "127.0.0.1, true, unset, true, open",
            "0.0.0.0, false, unset, false, read",
            "0.0.0.0, true, true, true, open",
            "127.0.0.1, true, false, true, read",
    })
    void defaultsFollowTheHost(String host, Boolean enabled, Boolean metricsOpen, boolean expectEnabled,
                               String metrics) {
        AccessControl access = new AccessControl(Optional.ofNullable(enabled), Optional.ofNullable(metricsOpen), host,
                "./unused", UserBook.DEFAULT_ITERATIONS, Optional.empty(), null, null);
        assertEquals(expectEnabled, access.enabled());
        assertEquals(metrics, access.routes().needed("GET", "/metrics").map(Scope::label).orElse("open"));
    }
}
