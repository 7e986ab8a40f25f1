package io.valet.grant;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One chain of tokens: those descended from a single code or password grant request. Access
 * tokens name it in their {@code authorization_id} claim, so revoking it ends the whole chain.
 */
@Entity
@Table(name = "token_authorization")
public class TokenAuthorization extends PanacheEntityBase {

    @Id
    public String id;

    /** The consent it came from, or null for grants without consent. */
    @Column(name = "grant_id")
    public String grantId;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "account_id")
    public String accountId;

    public String scope;

    @Column(name = "auth_time")
    public Instant authTime;

    @Column(name = "created_at")
    public Instant createdAt;

    /** End of the absolute refresh lifetime: no token of the chain outlives it. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
