package io.valet.keys;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Publishes the public signing keys (RFC 7517).
 */
@Path("/jwks")
@Tag(name = "Discovery", description = "Server metadata and signing keys")
public class JwksResource {

    @Inject
    SigningKeys signingKeys;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Public signing keys (RFC 7517)",
            description = "Every key that signs access tokens, published before its first use and kept until the"
                    + " last token it signed has expired.")
    public Response jwks() {
        Map<String, Object> body = signingKeys.jwks();
        return Response.ok(body).header("Cache-Control", "public, max-age=60").build();
    }
}
