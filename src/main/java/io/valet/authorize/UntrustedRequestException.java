package io.valet.authorize;

/**
 * An authorization request whose client or redirect URI cannot be trusted. RFC 6749 §4.1.2.1:
 * the error is shown to the person in the browser and never sent to the redirect URI.
 */
public class UntrustedRequestException extends RuntimeException {

    private final String title;

    public UntrustedRequestException(String title, String message) {
        super(message, null, false, false);
        this.title = title;
    }

    public String title() {
        return title;
    }
}
