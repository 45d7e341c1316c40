package io.fluxtap.alerting.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * {@code POST /-/reload} (and {@code PUT}, as Prometheus and Alertmanager take both): reloads the rule files and the
 * Alertmanager configuration. 200 with an empty body when both loaded; 500 with the errors (Alertmanager's
 * {@code failed to reload config: ...} wording) when one did not, and that one keeps its previous version.
 */
@Path("/-/reload")
@ApplicationScoped
public class ReloadResource {

    private final Alerting alerting;

    @Inject
    public ReloadResource(Alerting alerting) {
        this.alerting = alerting;
    }

    @POST
    public Response post() {
        List<String> errors = alerting.reload();
        if (errors.isEmpty()) {
            return Response.ok("", MediaType.TEXT_PLAIN_TYPE).build();
        }
        return Response.serverError().type(MediaType.TEXT_PLAIN_TYPE)
                .entity("failed to reload config: " + String.join("; ", errors) + "\n").build();
    }

    @PUT
    public Response put() {
        return post();
    }
}
