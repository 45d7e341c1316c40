package io.fluxtap.storage.prometheus.api;

import io.fluxtap.storage.promql.PromqlException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;
import java.util.function.Function;

/**
 * Prometheus' HTTP query API at {@code /prometheus/api/v1}, so Grafana's Prometheus data source and other
 * Prometheus clients work against {@code http://host:8080/prometheus}. Every endpoint takes its parameters
 * from the URL (GET) or from an {@code application/x-www-form-urlencoded} body (POST), as Prometheus does.
 * Answers use Prometheus' envelope and status codes: bad_data 400, execution 422, timeout and canceled 503,
 * internal 500.
 */
@Path("/prometheus/api/v1")
@ApplicationScoped
public class PrometheusApiResource {

    private static final System.Logger LOG = System.getLogger(PrometheusApiResource.class.getName());

    private final PrometheusApi api;
    private final Map<String, Function<ApiParams, ApiResult>> endpoints;

    @Inject
    public PrometheusApiResource(PrometheusApi api) {
        this.api = api;
        this.endpoints = Map.of(
                "query", api::query,
                "query_range", api::queryRange,
                "query_exemplars", api::queryExemplars,
                "series", api::series,
                "labels", api::labels,
                "metadata", api::metadata);
    }

    @GET
    @Path("/{endpoint}")
    public Response get(@PathParam("endpoint") String endpoint, @Context UriInfo uri) {
        return dispatch(endpoint, ApiParams.ofQuery(uri.getQueryParameters()));
    }

    @POST
    @Path("/{endpoint}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postForm(@PathParam("endpoint") String endpoint, MultivaluedMap<String, String> form,
                             @Context UriInfo uri) {
        return dispatch(endpoint, new ApiParams(form, uri.getQueryParameters()));
    }

    /** A POST with another body (or none) reads its parameters from the URL, as Go's FormValue does. */
    @POST
    @Path("/{endpoint}")
    public Response post(@PathParam("endpoint") String endpoint, @Context UriInfo uri) {
        return get(endpoint, uri);
    }

    @GET
    @Path("/label/{name}/values")
    public Response labelValues(@PathParam("name") String name, @Context UriInfo uri) {
        return answer(() -> api.labelValues(name, ApiParams.ofQuery(uri.getQueryParameters())));
    }

    @POST
    @Path("/label/{name}/values")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response labelValuesForm(@PathParam("name") String name, MultivaluedMap<String, String> form,
                                    @Context UriInfo uri) {
        return answer(() -> api.labelValues(name, new ApiParams(form, uri.getQueryParameters())));
    }

    @GET
    @Path("/status/buildinfo")
    public Response buildInfo() {
        return answer(api::buildInfo);
    }

    private Response dispatch(String endpoint, ApiParams params) {
        Function<ApiParams, ApiResult> handler = endpoints.get(endpoint);
        if (handler == null) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("404 page not found").build();
        }
        return answer(() -> handler.apply(params));
    }

    private interface Endpoint {
        ApiResult call();
    }

    /** Turns any failure into an error envelope: no request can end in anything but a Prometheus answer. */
    private static Response answer(Endpoint endpoint) {
        PromqlException error;
        try {
            ApiResult result = endpoint.call();
            StreamingOutput body = out -> ApiJson.success(out, result);
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        } catch (PromqlException e) {
            error = e;
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, "A Prometheus API request failed", e);
            error = new PromqlException(PromqlException.ErrorType.INTERNAL, String.valueOf(e));
        }
        PromqlException failure = error;
        StreamingOutput body = out -> ApiJson.error(out, failure);
        return Response.status(status(failure.errorType())).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    static int status(PromqlException.ErrorType type) {
        return switch (type) {
            case BAD_DATA -> 400;
            case EXECUTION -> 422;
            case TIMEOUT, CANCELED -> 503;
            case INTERNAL -> 500;
        };
    }
}
