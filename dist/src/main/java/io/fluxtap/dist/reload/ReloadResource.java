package io.fluxtap.dist.reload;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code POST /-/reload} (and {@code PUT}, as Prometheus and Alertmanager take both): reloads the rule files, the
 * Alertmanager configuration and the scrape configuration. 200 with an empty body when all loaded; 500 with the
 * errors (Alertmanager's {@code failed to reload config: ...} wording) when one did not, and that one keeps its
 * previous version.
 */
@Path("/-/reload")
@ApplicationScoped
public class ReloadResource {

    private final Reloader reloader;

    @Inject
    public ReloadResource(Reloader reloader) {
        this.reloader = reloader;
    }

    @POST
    public Response post() {
        List<String> errors = reloader.reloadAll(null, null);
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
