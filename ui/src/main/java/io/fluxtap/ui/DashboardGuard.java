package io.fluxtap.ui;

import io.fluxtap.api.web.HttpGuard;
import io.fluxtap.api.web.Refusal;
import io.fluxtap.api.web.SecurityHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@link HttpGuard} and the dashboard's {@link SecurityHeaders} in front of everything Jetty serves (Vaadin's
 * pages, its UIDL and push requests, the static files). Vaadin's own CSRF token protects its UIDL requests too; the
 * Origin rule also covers the WebSocket handshake of push, which that token does not.
 */
final class DashboardGuard extends Handler.Wrapper {

    private final HttpGuard guard;

    DashboardGuard(HttpGuard guard, Handler next) {
        super(next);
        this.guard = guard;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable answer = response.getHeaders();
        SecurityHeaders.DASHBOARD.forEach(answer::put);
        HttpFields headers = request.getHeaders();
        Optional<Refusal> refusal = guard.check(request.getMethod(), headers.get(HttpHeader.HOST),
                headers.get(HttpHeader.ORIGIN), headers.contains(HttpHeader.UPGRADE), false, request.isSecure());
        if (refusal.isEmpty()) {
            return super.handle(request, response, callback);
        }
        response.setStatus(refusal.get().status());
        answer.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((refusal.get().message() + "\n").getBytes(StandardCharsets.UTF_8)),
                callback);
        return true;
    }
}
