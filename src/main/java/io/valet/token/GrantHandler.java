package io.valet.token;

import io.valet.client.Client;

/**
 * Issues tokens for one grant type. The client is already authenticated when a handler runs.
 */
public interface GrantHandler {

    /** Returns the grant_type value this handler serves. */
    String grantType();

    TokenResponse handle(TokenRequest request, Client client);
}
