package io.valet.token;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.valet.client.ClientAuthenticator;
import io.valet.client.ClientCredentials;
import io.valet.client.ClientSnapshot;
import io.valet.config.ValetConfig;
import io.valet.grant.GrantService;
import io.valet.oauth.FormBody;
import io.valet.grant.TokenAuthorization;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthErrorBody;
import io.valet.oauth.OAuthException;
import io.valet.oauth.RequestParameters;
import io.valet.web.OpenApiDocument;

/**
 * Token introspection (RFC 7662) for resource servers, which authenticate as confidential clients.
 * Revoked, expired and unknown tokens all get {@code {"active": false}} and nothing more.
 */
@Path("/introspect")
@Tag(name = "OAuth 2.0")
public class IntrospectionResource {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    @Inject
    ClientAuthenticator authenticator;

    @Inject
    AccessTokenVerifier accessTokens;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    GrantService grants;

    @Inject
    ValetConfig config;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Introspect a token (RFC 7662)")
    @SecurityRequirement(name = OpenApiDocument.CLIENT_BASIC)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(type = SchemaType.OBJECT, properties = {
                    @SchemaProperty(name = "token", description = "the access token or refresh token to describe"),
                    @SchemaProperty(name = "token_type_hint", description = "refresh_token or access_token; optional"),
                    @SchemaProperty(name = "client_id", description = "client_id for client_secret_post"),
                    @SchemaProperty(name = "client_secret", description = "secret for client_secret_post")
            })))
    @APIResponse(responseCode = "200", description = "RFC 7662 §2.2: the token's claims with active true, or only active false")
    @APIResponse(responseCode = "400", description = "invalid_request or unauthorized_client: token is missing, a parameter is repeated, or the caller is a public client",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: client authentication failed; the response carries a WWW-Authenticate Basic challenge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    public Response introspect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        MultivaluedMap<String, String> form = FormBody.parse(contentType, body);
        RequestParameters.rejectRepeated(form);
        ClientSnapshot caller = authenticator.authenticate(new ClientCredentials(authorization, form.getFirst("client_id"),
                form.getFirst("client_secret")));
        // RFC 7662 §2.1: the endpoint is protected; public clients cannot keep a credential
        if (caller.isPublic()) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "introspection requires a confidential client");
        }
        String token = form.getFirst("token");
        if (token == null || token.isEmpty()) {
            throw OAuthException.invalidRequest("token is missing");
        }

        Map<String, Object> description = token.indexOf('.') > 0 ? describeAccessToken(token) : describeRefreshToken(token);
        return Response.ok(description).header("Cache-Control", "no-store").build();
    }

    private Map<String, Object> describeAccessToken(String value) {
        Optional<AccessTokenVerifier.VerifiedToken> verified = accessTokens.verify(value);
        if (verified.isEmpty()) {
            return INACTIVE;
        }
        AccessTokenVerifier.VerifiedToken token = verified.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("scope", token.scope());
        body.put("client_id", token.clientId());
        body.put("sub", token.subject());
        body.put("exp", token.expiresAt());
        body.put("iat", token.issuedAt());
        body.put("iss", token.issuer());
        body.put("aud", config.audience());
        body.put("jti", token.tokenId());
        body.put("token_type", "Bearer");
        return body;
    }

    private Map<String, Object> describeRefreshToken(String value) {
        Optional<RefreshToken> stored = refreshTokens.find(value);
        Instant now = clock.instant();
        if (stored.isEmpty() || stored.get().usedAt != null || stored.get().expiresAt.isBefore(now)) {
            return INACTIVE;
        }
        Optional<TokenAuthorization> authorization = grants.findAuthorization(stored.get().authorizationId);
        if (authorization.isEmpty() || authorization.get().isRevoked()) {
            return INACTIVE;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("scope", stored.get().scope);
        body.put("client_id", stored.get().clientId);
        body.put("sub", authorization.get().accountId);
        body.put("exp", stored.get().expiresAt.getEpochSecond());
        body.put("iat", stored.get().issuedAt.getEpochSecond());
        body.put("iss", config.issuer());
        body.put("token_type", "refresh_token");
        return body;
    }
}
