package io.valet.revocation;

/**
 * Kind of subject that a revocation entry names.
 */
public enum RevocationKind {
    /** Every token carrying this {@code authorization_id} claim. */
    AUTHORIZATION,
    /** The access token with this {@code jti}. */
    TOKEN,
    /** Every token issued to this client_id (the client was deleted). */
    CLIENT
}
