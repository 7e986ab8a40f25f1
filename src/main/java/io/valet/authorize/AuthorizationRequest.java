package io.valet.authorize;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A validated /authorize request waiting for login and consent. It is bound to the browser
 * session that made it, so a request id copied into another browser is of no use.
 */
@Entity
@Table(name = "authorization_request")
public class AuthorizationRequest extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "session_hash")
    public String sessionHash;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "redirect_uri")
    public String redirectUri;

    @Column(name = "response_type")
    public String responseType;

    public String scope;

    public String state;

    @Column(name = "code_challenge")
    public String codeChallenge;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
