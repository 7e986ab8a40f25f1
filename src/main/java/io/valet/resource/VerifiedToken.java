package io.valet.resource;

import java.security.Key;
import java.util.Set;

/**
 * The claims of a bearer token that passed every check of {@link BearerTokenVerifier}, with the
 * key that verified its signature.
 *
 * @param subject the {@code sub} claim
 * @param clientId the {@code client_id} claim, may be null
 * @param authorizationId the {@code authorization_id} claim, may be null
 * @param tokenId the {@code jti} claim, may be null
 * @param scopes the values of the space-separated {@code scope} claim
 * @param expiresAt the {@code exp} claim, in seconds since the epoch
 * @param keyId the {@code kid} header, may be null
 * @param algorithm the {@code alg} header
 * @param key the public key that verified the signature
 */
record VerifiedToken(String subject, String clientId, String authorizationId, String tokenId,
        Set<String> scopes, long expiresAt, String keyId, String algorithm, Key key) {
}
