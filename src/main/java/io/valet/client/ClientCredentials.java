package io.valet.client;

/**
 * Client credentials as presented at a token, revocation or introspection request.
 *
 * @param basicHeader the Authorization header, or null
 * @param formClientId client_id from the form body, or null
 * @param formClientSecret client_secret from the form body, or null
 */
public record ClientCredentials(String basicHeader, String formClientId, String formClientSecret) {

    @Override
    public String toString() {
        return "ClientCredentials[client_id=" + formClientId + "]";
    }
}
