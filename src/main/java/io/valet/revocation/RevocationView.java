package io.valet.revocation;

/**
 * Read-only view of revoked tokens, served from memory. It is the one part of the
 * authorization server that the resource module may use.
 */
public interface RevocationView {

    /**
     * Returns whether an access token with these claims has been revoked.
     *
     * @param authorizationId the token's {@code authorization_id} claim, may be null
     * @param tokenId the token's {@code jti} claim
     * @param clientId the token's {@code client_id} claim
     */
    boolean isRevoked(String authorizationId, String tokenId, String clientId);
}
