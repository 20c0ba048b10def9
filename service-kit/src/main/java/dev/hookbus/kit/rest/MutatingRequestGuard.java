package dev.hookbus.kit.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request that changes something (POST, PUT, PATCH, DELETE) passes {@link BearerTokens} before its resource
 * runs; reads, health and metrics stay open. The benchmark's bare endpoint is exempt: it must stay the bare yardstick.
 */
public class MutatingRequestGuard {
    private static final Set<String> MUTATING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    @Inject
    BearerTokens tokens;

    @ServerRequestFilter(preMatching = true)
    public void guard(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        if (MUTATING.contains(context.getMethod()) && !path.startsWith("/q/") && !path.startsWith("/bench/")) {
            tokens.check(context.getHeaderString(HttpHeaders.AUTHORIZATION), request);
        }
    }
}
