package io.valet.authorize;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An authorization code (RFC 6749 §4.1.2), stored by the hash of its value and bound to the
 * client, redirect URI, PKCE challenge, scope and account it was issued for.
 */
@Entity
@Table(name = "authorization_code")
public class AuthorizationCode extends PanacheEntityBase {

    @Id
    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "grant_id")
    public String grantId;

    @Column(name = "redirect_uri")
    public String redirectUri;

    public String scope;

    @Column(name = "code_challenge")
    public String codeChallenge;

    @Column(name = "auth_time")
    public Instant authTime;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** When the code was redeemed, or null while it is unused. */
    @Column(name = "used_at")
    public Instant usedAt;

    /** The authorization its redemption started, so that a replay can revoke it. */
    @Column(name = "authorization_id")
    public String authorizationId;
}
