package io.valet.authorize;

import io.valet.oauth.OAuthException;

/**
 * An error in an authorization request whose client and redirect URI were verified, so the
 * error is sent back to the client (RFC 6749 §4.1.2.1) with the state it sent.
 */
public class AuthorizationErrorRedirect extends RuntimeException {

    private final transient OAuthException error;
    private final transient RedirectTarget target;
    private final String state;

    public AuthorizationErrorRedirect(OAuthException error, RedirectTarget target, String state) {
        super(error.getMessage(), null, false, false);
        this.error = error;
        this.target = target;
        this.state = state;
    }

    public OAuthException error() {
        return error;
    }

    public RedirectTarget target() {
        return target;
    }

    public String state() {
        return state;
    }
}
