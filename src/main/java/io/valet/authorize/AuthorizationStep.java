package io.valet.authorize;

import java.net.URI;
import java.util.List;

import io.valet.web.Pages;

/**
 * Next step of the browser in an authorization request.
 */
public sealed interface AuthorizationStep {

    /** The person must log in first. */
    record Login(String requestId) implements AuthorizationStep {
    }

    /** The person must approve or deny the listed scopes. */
    record Consent(String requestId, String clientName, String redirectHost, String username,
            List<Pages.ScopeLine> scopes)
            implements AuthorizationStep {
    }

    /** The request is finished; the browser goes back to the client. */
    record Redirect(URI location) implements AuthorizationStep {
        @Override
        public String toString() {
            // The location can carry a code or an access token.
            return "Redirect[...]";
        }
    }
}
