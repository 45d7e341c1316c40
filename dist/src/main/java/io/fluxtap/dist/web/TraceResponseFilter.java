package io.fluxtap.dist.web;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers with the W3C Trace Context {@code traceresponse} header, so a caller that sent
 * {@code traceparent} can see which span served it and find that span in its own tracing backend.
 */
@Provider
@Priority(Priorities.USER)
public class TraceResponseFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        SpanContext context = Span.current().getSpanContext();
        if (context.isValid()) {
            response.getHeaders().putSingle("traceresponse",
                    "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex());
        }
    }
}
