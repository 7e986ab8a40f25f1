package io.valet.token;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An opaque refresh token, stored by hash. Each use marks it used and issues its successor.
 */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "authorization_id")
    public String authorizationId;

    @Column(name = "client_id")
    public String clientId;

    public String scope;

    @Column(name = "issued_at")
    public Instant issuedAt;

    /** End of the idle lifetime, capped by the authorization's absolute lifetime. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
