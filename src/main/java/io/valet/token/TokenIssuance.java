package io.valet.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;
import io.valet.client.ClientRegistry;
import io.valet.client.ClientSnapshot;
import io.valet.config.ValetConfig;
import io.valet.grant.TokenAuthorization;
import io.valet.oauth.Scope;

/**
 * Issues the access token, and the refresh token where the client may use one, of a token
 * authorization. Lifetimes come from the client's settings or the server defaults.
 */
@ApplicationScoped
public class TokenIssuance {

    @Inject
    ValetConfig config;

    @Inject
    Clock clock;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    AuditLog audit;

    @Inject
    TokenMetrics metrics;

    /**
     * Issues the tokens and writes the token_issued audit event.
     *
     * @param grantType the grant_type of the token request, for the audit log
     * @param accessScope the access token's scope, which may be narrower than the authorization's
     * @param refreshScope the new refresh token's scope
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TokenResponse issue(String grantType, ClientSnapshot client, TokenAuthorization authorization, Scope accessScope,
            Scope refreshScope) {
        IssuedAccessToken accessToken = accessTokens.issue(new AccessTokenClaims(authorization.accountId,
                client.clientId(), accessScope, authorization.id, authorization.authTime, accessTokenLifetime(client)));
        String refreshToken = null;
        if (client.allowsGrantType(ClientRegistry.REFRESH_TOKEN)) {
            Instant idleEnd = clock.instant().plus(refreshIdleLifetime(client));
            Instant expiresAt = idleEnd.isBefore(authorization.expiresAt) ? idleEnd : authorization.expiresAt;
            refreshToken = refreshTokens.issue(authorization.id, client.clientId(), refreshScope, expiresAt);
        }
        recordIssued(grantType, client.clientId(), authorization.accountId, accessToken, authorization.id,
                refreshToken != null);
        return new TokenResponse(accessToken.value(), "Bearer", accessToken.expiresIn(), accessScope.toString(),
                refreshToken);
    }

    /**
     * Issues the access token of an implicit grant (RFC 6749 §4.2.2): no refresh token, and an
     * authorization of its own so that revoking the grant revokes the token.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public IssuedAccessToken issueImplicit(ClientSnapshot client, TokenAuthorization authorization) {
        IssuedAccessToken token = accessTokens.issue(new AccessTokenClaims(authorization.accountId, client.clientId(),
                Scope.parse(authorization.scope), authorization.id, authorization.authTime, accessTokenLifetime(client)));
        recordIssued(ClientRegistry.IMPLICIT, client.clientId(), authorization.accountId, token, authorization.id, false);
        // The implicit grant issues at the authorization endpoint, so the token endpoint does not count it.
        metrics.issued(ClientRegistry.IMPLICIT);
        return token;
    }

    /**
     * Writes the token_issued audit event. It names the access token by its jti and never
     * contains a token value.
     */
    void recordIssued(String grantType, String clientId, String accountId, IssuedAccessToken accessToken,
            String authorizationId, boolean withRefreshToken) {
        audit.record(AuditEvent.of(AuditEventType.TOKEN_ISSUED)
                .account(accountId)
                .client(clientId)
                .detail("grant_type", grantType)
                .detail("jti", accessToken.tokenId())
                .detail("authorization_id", authorizationId)
                .detail("refresh_token_issued", withRefreshToken));
    }

    public Duration accessTokenLifetime(ClientSnapshot client) {
        return client.accessTokenLifetime().orElse(config.token().accessTokenLifetime());
    }

    public Duration refreshIdleLifetime(ClientSnapshot client) {
        return client.refreshIdleLifetime().orElse(config.token().refreshIdleLifetime());
    }

    public Duration refreshAbsoluteLifetime(ClientSnapshot client) {
        return client.refreshAbsoluteLifetime().orElse(config.token().refreshAbsoluteLifetime());
    }
}
