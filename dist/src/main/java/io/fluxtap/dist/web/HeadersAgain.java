package io.fluxtap.dist.web;

import io.helidon.common.Weighted;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import java.util.Map;

/**
 * Puts the security headers back where Helidon cleared them after {@link GuardFilter} set them: the JAX-RS service
 * runs first on the API socket and resets the response of every path it does not serve before passing it on
 * (health, metrics), and the error handlers reset it before they write an error. This feature's handler sits
 * after the JAX-RS service and before the observe feature (weight 80).
 */
final class HeadersAgain implements HttpFeature, Weighted {

    private final Map<String, String> headers;

    HeadersAgain(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.any((request, response) -> {
            headers.forEach(response::header);
            response.next();
        });
    }

    @Override
    public double weight() {
        return 90;
    }
}
