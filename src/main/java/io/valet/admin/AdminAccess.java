package io.valet.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthException;
import io.valet.oauth.Scope;
import io.valet.oauth.ScopeCatalog;
import io.valet.token.AccessTokenVerifier;

/**
 * Checks that an admin API request carries a valid Valet access token with scope valet:admin.
 */
@ApplicationScoped
public class AdminAccess {

    @Inject
    AccessTokenVerifier verifier;

    /**
     * @throws OAuthException invalid_token (401) or insufficient_scope (403), per RFC 6750 §3.1
     */
    public AccessTokenVerifier.VerifiedToken requireAdmin(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new OAuthException(OAuthError.INVALID_TOKEN, "a Bearer access token is required");
        }
        AccessTokenVerifier.VerifiedToken token = verifier.verify(authorization.substring(7).trim())
                .orElseThrow(() -> new OAuthException(OAuthError.INVALID_TOKEN, "the access token is invalid, expired or revoked"));
        if (!Scope.parse(token.scope()).contains(ScopeCatalog.ADMIN)) {
            throw new OAuthException(OAuthError.INSUFFICIENT_SCOPE, "the access token lacks scope " + ScopeCatalog.ADMIN);
        }
        return token;
    }
}
