package io.valet.token;

import java.time.Duration;
import java.time.Instant;

import io.valet.oauth.Scope;

/**
 * Claims of an access token.
 *
 * @param subject the account id, or the client_id for client_credentials
 * @param clientId the client the token was issued to
 * @param scope the granted scope
 * @param authorizationId the token chain it belongs to, or null for client_credentials
 * @param authTime when the account logged in, or null when no person took part
 * @param lifetime how long the token is valid
 */
public record AccessTokenClaims(String subject, String clientId, Scope scope, String authorizationId,
        Instant authTime, Duration lifetime) {
}
