package io.valet.revocation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One revoked authorization, token id or client, kept until every token it names has expired.
 */
@Entity
@Table(name = "revocation")
public class Revocation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public RevocationKind kind;

    public String subject;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
