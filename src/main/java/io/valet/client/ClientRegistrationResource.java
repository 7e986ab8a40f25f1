package io.valet.client;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;
import io.valet.config.ValetConfig;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthErrorBody;
import io.valet.oauth.OAuthException;
import io.valet.oauth.Secrets;

/**
 * Dynamic client registration (RFC 7591).
 */
@Path("/register")
@Tag(name = "Client registration", description = "Dynamic client registration (RFC 7591)")
public class ClientRegistrationResource {

    private static final Logger LOG = Logger.getLogger(ClientRegistrationResource.class);

    @Inject
    ClientRegistry registry;

    @Inject
    ValetConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a client (RFC 7591)",
            description = "Depending on valet.registration.policy, anyone may register, or the caller must send the"
                    + " initial access token as a Bearer token, or registration goes through the admin API only.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ClientMetadata.class)))
    @APIResponse(responseCode = "201", description = "The registered client; client_secret is shown only here",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientInformation.class)))
    @APIResponse(responseCode = "400", description = "RFC 7591 §3.2.2: invalid_redirect_uri or invalid_client_metadata",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    @APIResponse(responseCode = "401", description = "invalid_token: the initial access token is missing or wrong",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    @APIResponse(responseCode = "403", description = "access_denied: registration is open only through the admin API",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    public Response register(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        checkPolicy(authorization);
        ClientMetadata metadata = parse(contentType, body);

        ClientRegistry.Registered registered = registry.register(metadata, false);
        LOG.infof("Registered client %s (%s)", registered.client().clientId,
                registered.client().tokenEndpointAuthMethod);
        audit.record(AuditEvent.of(AuditEventType.CLIENT_REGISTERED)
                .client(registered.client().clientId)
                .detail("via", "registration_endpoint")
                .detail("token_endpoint_auth_method", registered.client().tokenEndpointAuthMethod));
        // RFC 7591 §3.2.1: 201 Created. The response contains a credential, so it must not be cached.
        return Response.status(Response.Status.CREATED)
                .entity(ClientInformation.of(registered.client(), registered.secret()))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    private void checkPolicy(String authorization) {
        switch (config.registration().policy()) {
            case OPEN -> {
            }
            case ADMIN_ONLY -> throw new OAuthException(OAuthError.ACCESS_DENIED,
                    "clients are registered through the admin API at /admin/clients");
            case INITIAL_ACCESS_TOKEN -> {
                String expected = config.registration().initialAccessToken().orElse(null);
                String presented = bearerToken(authorization);
                // RFC 7591 §3: an initial access token is presented as an RFC 6750 bearer token
                if (expected == null || !Secrets.constantTimeEquals(expected, presented)) {
                    throw new OAuthException(OAuthError.INVALID_TOKEN,
                            "registration requires a valid initial access token as a Bearer token");
                }
            }
        }
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private ClientMetadata parse(String contentType, String body) {
        if (!isJson(contentType)) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA,
                    "the request body must be JSON with Content-Type application/json");
        }
        try {
            return json.readValue(body, ClientMetadata.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA,
                    "the request body is not a valid client metadata JSON object");
        }
    }

    // RFC 7591 §3.1: the body is application/json. isCompatible would also accept a wildcard
    // such as */*, which names no media type, so type and subtype are compared directly.
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType mediaType = MediaType.valueOf(contentType);
            return mediaType.getType().equalsIgnoreCase("application") && mediaType.getSubtype().equalsIgnoreCase("json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
