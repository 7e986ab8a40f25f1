package io.valet.audit;

/**
 * The security events that Valet writes to the audit log, each with the name that appears in
 * the {@code event} field.
 */
public enum AuditEventType {
    LOGIN_SUCCESS("login_success"),
    LOGIN_FAILURE("login_failure"),
    /** A user name or client address reached its failure limit and is locked for a while. */
    ACCOUNT_LOCKED("account_locked"),
    CONSENT_GRANTED("consent_granted"),
    CONSENT_REVOKED("consent_revoked"),
    /** An authorization code was presented a second time; its tokens were revoked. */
    CODE_REPLAY("code_replay"),
    /** A used refresh token was presented again; its authorization was revoked. */
    REFRESH_TOKEN_REUSE("refresh_token_reuse"),
    TOKEN_ISSUED("token_issued"),
    TOKEN_REVOKED("token_revoked"),
    CLIENT_REGISTERED("client_registered"),
    CLIENT_DELETED("client_deleted");

    private final String wireName;

    AuditEventType(String wireName) {
        this.wireName = wireName;
    }

    /** Returns the value of the {@code event} field. */
    public String wireName() {
        return wireName;
    }
}
