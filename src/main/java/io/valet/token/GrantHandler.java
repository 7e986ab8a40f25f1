package io.valet.token;

import io.valet.client.ClientSnapshot;

/**
 * Issues tokens for one grant type. The client is already authenticated when a handler runs.
 */
public interface GrantHandler {

    /** Returns the grant_type value this handler serves. */
    String grantType();

    /** Returns whether the server currently allows this grant; legacy grants are off by default. */
    default boolean isEnabled() {
        return true;
    }

    /**
     * Returns whether {@link #handle} may read or write the database. A handler that does not may
     * run on an I/O thread.
     */
    default boolean usesDatabase() {
        return true;
    }

    TokenResponse handle(TokenRequest request, ClientSnapshot client);
}
