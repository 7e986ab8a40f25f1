package io.valet.token;

import java.time.Clock;
import java.time.Instant;
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

import org.jboss.logging.Logger;

import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;
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
import io.valet.grant.GrantService;
import io.valet.oauth.FormBody;
import io.valet.oauth.OAuthErrorBody;
import io.valet.oauth.OAuthException;
import io.valet.oauth.RequestParameters;
import io.valet.web.OpenApiDocument;
import io.valet.revocation.RevocationKind;
import io.valet.revocation.RevocationRegistry;

/**
 * Token revocation (RFC 7009). A refresh token revokes its whole authorization; an access token
 * revokes itself. Unknown tokens, and tokens of other clients, get 200 and change nothing.
 */
@Path("/revoke")
@Tag(name = "OAuth 2.0")
public class RevocationResource {

    private static final Logger LOG = Logger.getLogger(RevocationResource.class);

    @Inject
    ClientAuthenticator authenticator;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    AccessTokenVerifier accessTokens;

    @Inject
    GrantService grants;

    @Inject
    RevocationRegistry revocations;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Revoke a token (RFC 7009)")
    @SecurityRequirement(name = OpenApiDocument.CLIENT_BASIC)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(type = SchemaType.OBJECT, properties = {
                    @SchemaProperty(name = "token", description = "the refresh token or access token to revoke"),
                    @SchemaProperty(name = "token_type_hint", description = "refresh_token or access_token; optional"),
                    @SchemaProperty(name = "client_id", description = "client_id of a public client or of client_secret_post"),
                    @SchemaProperty(name = "client_secret", description = "secret for client_secret_post")
            })))
    @APIResponse(responseCode = "200", description = "RFC 7009 §2.2: the token is revoked, or was unknown or another client's; the response is the same")
    @APIResponse(responseCode = "400", description = "RFC 6749 §5.2 invalid_request: token is missing or a parameter is repeated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: client authentication failed; the response carries a WWW-Authenticate Basic challenge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    public Response revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        MultivaluedMap<String, String> form = FormBody.parse(contentType, body);
        RequestParameters.rejectRepeated(form);
        ClientSnapshot client = authenticator.authenticate(new ClientCredentials(authorization, form.getFirst("client_id"),
                form.getFirst("client_secret")));
        String token = form.getFirst("token");
        if (token == null || token.isEmpty()) {
            throw OAuthException.invalidRequest("token is missing");
        }

        // RFC 7009 §2.1: the hint only speeds up the lookup, so both kinds are tried.
        if (!revokeRefreshToken(token, client)) {
            revokeAccessToken(token, client);
        }
        // RFC 7009 §2.2: 200 whether or not the token was known
        return Response.ok().header("Cache-Control", "no-store").build();
    }

    private boolean revokeRefreshToken(String value, ClientSnapshot client) {
        Optional<RefreshToken> token = refreshTokens.find(value);
        if (token.isEmpty()) {
            return false;
        }
        if (token.get().clientId.equals(client.clientId())) {
            grants.revokeAuthorization(token.get().authorizationId);
            audit.record(AuditEvent.of(AuditEventType.TOKEN_REVOKED)
                    .account(grants.findAuthorization(token.get().authorizationId)
                            .map(authorization -> authorization.accountId).orElse(null))
                    .client(client.clientId())
                    .detail("token_type", "refresh_token")
                    .detail("revoked_authorization_id", token.get().authorizationId));
            LOG.debugf("Client %s revoked authorization %s through its refresh token", client.clientId(),
                    token.get().authorizationId);
        }
        return true;
    }

    private void revokeAccessToken(String value, ClientSnapshot client) {
        accessTokens.verify(value)
                .filter(token -> client.clientId().equals(token.clientId()))
                .ifPresent(token -> {
                    Instant expiresAt = Instant.ofEpochSecond(token.expiresAt()).plusSeconds(AccessTokenVerifier.CLOCK_SKEW_SECONDS);
                    revocations.revoke(RevocationKind.TOKEN, token.tokenId(), expiresAt);
                    audit.record(AuditEvent.of(AuditEventType.TOKEN_REVOKED)
                            .account(token.clientId().equals(token.subject()) ? null : token.subject())
                            .client(client.clientId())
                            .detail("token_type", "access_token")
                            .detail("jti", token.tokenId()));
                    LOG.debugf("Client %s revoked access token %s", client.clientId(), token.tokenId());
                });
    }

}
