package io.valet.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.valet.oauth.OAuthErrorBody;

/**
 * Maps errors that no endpoint handled to a short JSON body: the status of a framework
 * error (404, 405, 415, a malformed body) or 500 for a bug. Java class names and stack
 * traces never reach the response.
 */
public class FallbackExceptionMappers {

    private static final Logger LOG = Logger.getLogger(FallbackExceptionMappers.class);

    @ServerExceptionMapper
    public Response frameworkError(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", exception);
            return body(500, "server_error", "the server failed to process the request");
        }
        String error = status == 401 ? "invalid_token" : "invalid_request";
        return body(status, error, describe(status));
    }

    /** Maps a JSON body of the wrong shape to an OAuth error without the parser's details about Java types. */
    @ServerExceptionMapper({MismatchedInputException.class, JsonProcessingException.class})
    public Response malformedJson(Exception exception) {
        return body(400, "invalid_request", "the request body is not valid JSON of the expected shape");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException exception) {
        LOG.error("Request failed", exception);
        return body(500, "server_error", "the server failed to process the request");
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "no resource at this path";
            case 405 -> "this method is not allowed on this path";
            case 406 -> "no acceptable representation for the Accept header";
            case 415 -> "unsupported content type";
            default -> "the request is malformed";
        };
    }

    private static Response body(int status, String error, String description) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(new OAuthErrorBody(error, description))
                .build();
    }
}
