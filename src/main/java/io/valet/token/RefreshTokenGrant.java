package io.valet.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;
import io.valet.client.ClientRegistry;
import io.valet.client.ClientSnapshot;
import io.valet.grant.GrantService;
import io.valet.grant.TokenAuthorization;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthException;
import io.valet.oauth.Scope;

/**
 * The refresh token grant (RFC 6749 §6) with rotation and reuse detection (RFC 9700 §4.14.2):
 * every use returns a new refresh token, and a used one presented again revokes its whole
 * authorization.
 */
@ApplicationScoped
public class RefreshTokenGrant implements GrantHandler {

    private static final Logger LOG = Logger.getLogger(RefreshTokenGrant.class);

    private static final String INVALID_TOKEN = "the refresh token is invalid, expired or revoked";

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    GrantService grants;

    @Inject
    TokenIssuance issuance;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Override
    public String grantType() {
        return ClientRegistry.REFRESH_TOKEN;
    }

    // A reuse's revocation must commit even though the request fails.
    @Override
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenResponse handle(TokenRequest request, ClientSnapshot client) {
        String value = TokenRequest.required(request.refreshToken(), "refresh_token");
        RefreshToken token = refreshTokens.find(value).orElseThrow(() -> OAuthException.invalidGrant(INVALID_TOKEN));

        // RFC 6749 §6: the refresh token must have been issued to the authenticated client
        if (!token.clientId.equals(client.clientId())) {
            LOG.debugf("Client %s presented a refresh token of another client", client.clientId());
            throw OAuthException.invalidGrant(INVALID_TOKEN);
        }

        Optional<TokenAuthorization> authorization = grants.findAuthorization(token.authorizationId);
        if (authorization.isEmpty() || authorization.get().isRevoked()) {
            throw OAuthException.invalidGrant(INVALID_TOKEN);
        }

        if (token.usedAt != null) {
            revokeReused(token, client);
        }

        Instant now = clock.instant();
        if (token.expiresAt.isBefore(now) || authorization.get().expiresAt.isBefore(now)) {
            throw OAuthException.invalidGrant(INVALID_TOKEN);
        }

        Scope original = Scope.parse(token.scope);
        Scope requested = Scope.parse(request.scope());
        // RFC 6749 §6: a refresh may narrow the scope, never widen it
        if (!original.containsAll(requested)) {
            throw new OAuthException(OAuthError.INVALID_SCOPE, "the requested scope exceeds the original grant");
        }
        Scope accessScope = requested.isEmpty() ? original : requested;

        if (!refreshTokens.markUsed(token)) {
            // Another request used this token first.
            revokeReused(token, client);
        }

        // RFC 6749 §6: the new refresh token keeps the scope of the one it replaces
        return issuance.issue(grantType(), client, authorization.get(), accessScope, original);
    }

    private void revokeReused(RefreshToken token, ClientSnapshot client) {
        LOG.warnf("Refresh token reused by client %s; revoking authorization %s", client.clientId(),
                token.authorizationId);
        grants.revokeAuthorization(token.authorizationId);
        audit.record(AuditEvent.of(AuditEventType.REFRESH_TOKEN_REUSE)
                .account(grants.findAuthorization(token.authorizationId).map(found -> found.accountId).orElse(null))
                .client(client.clientId())
                .detail("revoked_authorization_id", token.authorizationId));
        throw OAuthException.invalidGrant(INVALID_TOKEN);
    }
}
