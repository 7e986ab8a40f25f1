package io.valet.oauth;

/**
 * A protocol error: the wire code, a description safe to show to the client, and, for failed
 * client authentication, the authentication scheme to challenge with.
 */
public class OAuthException extends RuntimeException {

    private final OAuthError error;
    private final String description;
    private final String challengeScheme;

    public OAuthException(OAuthError error, String description) {
        this(error, description, null);
    }

    private OAuthException(OAuthError error, String description, String challengeScheme) {
        super(error.code() + ": " + description, null, false, false);
        this.error = error;
        this.description = description;
        this.challengeScheme = challengeScheme;
    }

    /** Creates an invalid_client error that challenges for HTTP Basic credentials (RFC 6749 §5.2). */
    public static OAuthException invalidClientWithBasicChallenge(String description) {
        return new OAuthException(OAuthError.INVALID_CLIENT, description, "Basic");
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(OAuthError.INVALID_REQUEST, description);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.INVALID_GRANT, description);
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return description;
    }

    /** Returns the scheme for WWW-Authenticate, or null when the response carries no challenge. */
    public String challengeScheme() {
        return challengeScheme;
    }
}
