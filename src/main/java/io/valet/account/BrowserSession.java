package io.valet.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A browser session, stored in the database so that any replica can continue it. The cookie
 * contains a random value, and only its hash is stored.
 */
@Entity
@Table(name = "browser_session")
public class BrowserSession extends PanacheEntityBase {

    @Id
    @Column(name = "id_hash")
    public String idHash;

    /** Token every form of this session must echo back. */
    @Column(name = "csrf_token")
    public String csrfToken;

    /** The logged-in account, or null before login. */
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "auth_time")
    public Instant authTime;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean isAuthenticated() {
        return accountId != null;
    }

    @Override
    public String toString() {
        return "BrowserSession[account=" + accountId + "]";
    }
}
