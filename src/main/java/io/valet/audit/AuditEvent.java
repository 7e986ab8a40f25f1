package io.valet.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit log entry before it is written: the event type, who and which client it concerns,
 * and further non-secret details such as the grant type. The time and the client address are
 * added when the entry is written.
 *
 * <p>Callers must never put a secret, token, code, PKCE verifier, cookie or password in an
 * event; ids such as the authorization id or the token's {@code jti} are fine.
 */
public final class AuditEvent {

    private final AuditEventType type;
    private String accountId;
    private String clientId;
    private final Map<String, Object> details = new LinkedHashMap<>();

    private AuditEvent(AuditEventType type) {
        this.type = type;
    }

    public static AuditEvent of(AuditEventType type) {
        return new AuditEvent(type);
    }

    public AuditEvent account(String id) {
        this.accountId = id;
        return this;
    }

    public AuditEvent client(String id) {
        this.clientId = id;
        return this;
    }

    /** Adds a detail field, written in snake_case after the standard fields. */
    public AuditEvent detail(String name, Object value) {
        details.put(name, value);
        return this;
    }

    public AuditEventType type() {
        return type;
    }

    public String accountId() {
        return accountId;
    }

    public String clientId() {
        return clientId;
    }

    public Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }
}
