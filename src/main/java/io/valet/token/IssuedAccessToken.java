package io.valet.token;

/**
 * A signed access token with its id and lifetime in seconds.
 */
public record IssuedAccessToken(String value, String tokenId, long expiresIn) {

    @Override
    public String toString() {
        return "IssuedAccessToken[jti=" + tokenId + "]";
    }
}
