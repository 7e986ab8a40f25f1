package io.valet.keys;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Publishes the public signing keys (RFC 7517).
 */
@Path("/jwks")
public class JwksResource {

    @Inject
    SigningKeys signingKeys;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        Map<String, Object> body = signingKeys.jwks();
        return Response.ok(body).header("Cache-Control", "public, max-age=60").build();
    }
}
