package io.valet.oauth;

/**
 * Error codes that Valet puts on the wire, each with the HTTP status it is returned with.
 */
public enum OAuthError {
    // RFC 6749 §4.1.2.1 and §5.2
    INVALID_REQUEST("invalid_request", 400),
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    INVALID_SCOPE("invalid_scope", 400),
    ACCESS_DENIED("access_denied", 403),
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type", 400),
    SERVER_ERROR("server_error", 500),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503),
    // RFC 7591 §3.2.2
    INVALID_REDIRECT_URI("invalid_redirect_uri", 400),
    INVALID_CLIENT_METADATA("invalid_client_metadata", 400),
    // RFC 6750 §3.1
    INVALID_TOKEN("invalid_token", 401),
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    // RFC 7009 §2.2.1
    UNSUPPORTED_TOKEN_TYPE("unsupported_token_type", 400);

    private final String code;
    private final int status;

    OAuthError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** Returns the code as it appears in the {@code error} parameter. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
