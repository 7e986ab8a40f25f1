package io.valet.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.valet.oauth.Scope;

/**
 * A registered client (RFC 6749 §2). Confidential clients have a secret hash; public ones do not.
 * Request handling reads {@link ClientSnapshot} copies from {@link ClientRegistry#find}. Only
 * {@link ClientRegistry} changes these rows, because each change must also be recorded for the
 * other replicas' caches.
 */
@Entity
@Table(name = "client")
public class Client extends PanacheEntityBase {

    public static final String AUTH_NONE = "none";
    public static final String AUTH_BASIC = "client_secret_basic";
    public static final String AUTH_POST = "client_secret_post";

    @Id
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "client_name")
    public String clientName;

    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "token_endpoint_auth_method")
    public String tokenEndpointAuthMethod;

    /** Registered redirect URIs, one per line. */
    @Column(name = "redirect_uris")
    public String redirectUris;

    /** Registered grant types, space-delimited. */
    @Column(name = "grant_types")
    public String grantTypes;

    /** Registered response types, space-delimited. */
    @Column(name = "response_types")
    public String responseTypes;

    /** The scopes this client may request, space-delimited. */
    @Column(name = "scope")
    public String scope;

    @Column(name = "access_token_lifetime_seconds")
    public Long accessTokenLifetimeSeconds;

    @Column(name = "refresh_idle_lifetime_seconds")
    public Long refreshIdleLifetimeSeconds;

    @Column(name = "refresh_absolute_lifetime_seconds")
    public Long refreshAbsoluteLifetimeSeconds;

    @Column(name = "created_at")
    public Instant createdAt;

    public boolean isPublic() {
        return AUTH_NONE.equals(tokenEndpointAuthMethod);
    }

    public List<String> redirectUriList() {
        return redirectUris == null || redirectUris.isEmpty() ? List.of() : List.of(redirectUris.split("\n"));
    }

    public Set<String> grantTypeSet() {
        return Set.copyOf(Arrays.asList(grantTypes.split(" ")));
    }

    public Set<String> responseTypeSet() {
        return Set.copyOf(Arrays.asList(responseTypes.split(" ")));
    }

    public Scope allowedScope() {
        return Scope.parse(scope);
    }

    public Optional<Duration> accessTokenLifetime() {
        return Optional.ofNullable(accessTokenLifetimeSeconds).map(Duration::ofSeconds);
    }

    public Optional<Duration> refreshIdleLifetime() {
        return Optional.ofNullable(refreshIdleLifetimeSeconds).map(Duration::ofSeconds);
    }

    public Optional<Duration> refreshAbsoluteLifetime() {
        return Optional.ofNullable(refreshAbsoluteLifetimeSeconds).map(Duration::ofSeconds);
    }

    @Override
    public String toString() {
        return "Client[" + clientId + "]";
    }
}
