package io.valet.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.valet.client.ClientRegistry;
import io.valet.client.ClientSnapshot;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthException;
import io.valet.oauth.Scope;

/**
 * The client credentials grant (RFC 6749 §4.4). The token's subject is the client itself; no
 * refresh token is issued (§4.4.3). The grant neither reads nor writes the database, so the token
 * endpoint may run it on an I/O thread.
 */
@ApplicationScoped
public class ClientCredentialsGrant implements GrantHandler {

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    TokenIssuance issuance;

    @Override
    public String grantType() {
        return ClientRegistry.CLIENT_CREDENTIALS;
    }

    @Override
    public boolean usesDatabase() {
        return false;
    }

    @Override
    public TokenResponse handle(TokenRequest request, ClientSnapshot client) {
        // RFC 6749 §4.4: only confidential clients may use this grant
        if (client.isPublic()) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "public clients cannot use client_credentials");
        }
        Scope allowed = client.allowedScope();
        Scope requested = Scope.parse(request.scope());
        if (requested.isEmpty()) {
            requested = allowed;
        }
        if (!allowed.containsAll(requested)) {
            throw new OAuthException(OAuthError.INVALID_SCOPE, "the requested scope exceeds the client's registered scope");
        }
        IssuedAccessToken token = accessTokens.issue(new AccessTokenClaims(client.clientId(), client.clientId(), requested,
                null, null, issuance.accessTokenLifetime(client)));
        issuance.recordIssued(grantType(), client.clientId(), null, token, null, false);
        return new TokenResponse(token.value(), "Bearer", token.expiresIn(), requested.toString(), null);
    }
}
