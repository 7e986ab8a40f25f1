package io.valet.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Adds the headers every response needs: no content-type sniffing, and no caching of the admin
 * and address book APIs, whose responses carry account data.
 */
public class SecurityHeadersFilter {

    @ServerResponseFilter
    public void addHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        String path = request.getUriInfo().getPath();
        boolean personalData = path.startsWith("/api/") || path.startsWith("/admin/");
        if (personalData && !response.getHeaders().containsKey("Cache-Control")) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
    }
}
