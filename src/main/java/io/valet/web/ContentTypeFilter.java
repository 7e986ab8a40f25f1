package io.valet.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.valet.oauth.OAuthErrorBody;

/**
 * Rejects a request whose Content-Type header cannot be parsed before endpoint matching, where
 * the framework would otherwise fail with a server error.
 */
public class ContentTypeFilter {

    @ServerRequestFilter(preMatching = true)
    public Response rejectMalformedContentType(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null) {
            return null;
        }
        try {
            if (contentType.isBlank()) {
                throw new IllegalArgumentException("empty media type");
            }
            MediaType.valueOf(contentType);
            return null;
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .entity(new OAuthErrorBody("invalid_request", "the Content-Type header is not a valid media type"))
                    .build();
        }
    }
}
