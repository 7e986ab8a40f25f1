package io.valet.account;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A resource owner who logs in on Valet's login page.
 */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public String id;

    public String username;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<Account> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    @Override
    public String toString() {
        return "Account[" + id + "]";
    }
}
