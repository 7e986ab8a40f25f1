package io.valet.oauth;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns protocol errors and malformed requests into RFC 6749 §5.2 JSON bodies.
 * Endpoints that respond with HTML or redirects handle their errors themselves.
 */
public class OAuthExceptionMapper {

    private static final Logger LOG = Logger.getLogger(OAuthExceptionMapper.class);

    @ServerExceptionMapper
    public Response toResponse(OAuthException exception) {
        LOG.debugf("Request rejected: %s (%s)", exception.error().code(), exception.description());
        return errorResponse(exception);
    }

    /** Builds the JSON error response with the headers RFC 6749 §5.1 requires. */
    public static Response errorResponse(OAuthException exception) {
        Response.ResponseBuilder response = Response.status(exception.error().status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(new OAuthErrorBody(exception.error().code(), exception.description()));
        if (exception.challengeScheme() != null) {
            response.header("WWW-Authenticate", exception.challengeScheme() + " realm=\"valet\"");
        } else if (exception.error() == OAuthError.INVALID_TOKEN) {
            // RFC 6750 §3: the response to a rejected bearer token carries a Bearer challenge
            response.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        } else if (exception.error() == OAuthError.INSUFFICIENT_SCOPE) {
            response.header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        }
        return response.build();
    }
}
