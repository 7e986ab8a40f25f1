package io.valet.resource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.valet.revocation.RevocationView;

/**
 * Authenticates the bearer access token of a resource request (RFC 6750 §2.1).
 * {@link BearerTokenVerifier} checks the RFC 9068 typ header, the signature against the keys Valet
 * publishes, and the issuer, audience, expiry and algorithm that the mp.jwt settings name. This
 * class adds the revocation check and the scope check, on every request.
 */
@ApplicationScoped
public class BearerAuthenticator {

    private static final int MAX_TOKEN_LENGTH = 8192;

    @Inject
    BearerTokenVerifier verifier;

    @Inject
    RevocationView revocations;

    /**
     * Returns the verified token of a request that needs the given scope.
     *
     * @throws BearerChallenge invalid_token (401) or insufficient_scope (403)
     */
    public AccessToken authenticate(String authorizationHeader, String requiredScope) {
        VerifiedToken token = verifier.verify(bearerToken(authorizationHeader));

        if (revocations.isRevoked(token.authorizationId(), token.tokenId(), token.clientId())) {
            throw BearerChallenge.invalidToken("the access token has been revoked");
        }
        if (!token.scopes().contains(requiredScope)) {
            throw BearerChallenge.insufficientScope(requiredScope);
        }
        return new AccessToken(token.subject(), token.clientId(), token.scopes());
    }

    private static String bearerToken(String header) {
        // RFC 6750 §2.1: Authorization: Bearer <token>
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw BearerChallenge.invalidToken("a Bearer access token is required");
        }
        String token = header.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw BearerChallenge.invalidToken("the access token is malformed");
        }
        return token;
    }
}
