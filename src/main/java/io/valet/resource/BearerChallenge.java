package io.valet.resource;

/**
 * A request the resource module rejects, with the RFC 6750 §3 challenge its response carries.
 */
public class BearerChallenge extends RuntimeException {

    private final int status;
    private final String error;
    private final String requiredScope;

    private BearerChallenge(int status, String error, String description, String requiredScope) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.requiredScope = requiredScope;
    }

    /** RFC 6750 §3.1: the token is missing, expired, revoked, malformed or not Valet's. */
    public static BearerChallenge invalidToken(String description) {
        return new BearerChallenge(401, "invalid_token", description, null);
    }

    /** RFC 6750 §3.1: the token is valid but lacks the scope the endpoint requires. */
    public static BearerChallenge insufficientScope(String scope) {
        return new BearerChallenge(403, "insufficient_scope", "this request requires scope " + scope, scope);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** Returns the value of the WWW-Authenticate header. */
    public String challenge() {
        StringBuilder header = new StringBuilder("Bearer realm=\"valet\", error=\"").append(error)
                .append("\", error_description=\"").append(getMessage()).append('"');
        if (requiredScope != null) {
            header.append(", scope=\"").append(requiredScope).append('"');
        }
        return header.toString();
    }
}
