package io.valet.resource;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps a rejected bearer token to its challenge and a JSON error body.
 */
public class BearerChallengeMapper {

    @ServerExceptionMapper
    public Response toResponse(BearerChallenge challenge) {
        return Response.status(challenge.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("WWW-Authenticate", challenge.challenge())
                .header("Cache-Control", "no-store")
                .entity(Map.of("error", challenge.error(), "error_description", challenge.getMessage()))
                .build();
    }
}
