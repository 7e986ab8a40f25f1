package io.valet.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The failed logins of one user name or one client address within the current failure window,
 * and the lock they caused.
 */
@Entity
@Table(name = "login_failure")
public class LoginFailure extends PanacheEntityBase {

    /** SHA-256 of the kind prefix and the user name or address; see {@link LoginThrottle#key}. */
    @Id
    @Column(name = "key_hash")
    public String keyHash;

    /** {@code account} or {@code address}. */
    public String kind;

    public int failures;

    @Column(name = "first_failure_at")
    public Instant firstFailureAt;

    @Column(name = "last_failure_at")
    public Instant lastFailureAt;

    /** End of the lock, or null when the key is not locked. */
    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Override
    public String toString() {
        return "LoginFailure[" + kind + ", failures=" + failures + ", lockedUntil=" + lockedUntil + "]";
    }
}
