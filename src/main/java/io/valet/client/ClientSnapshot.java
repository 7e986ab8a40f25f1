package io.valet.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.valet.oauth.Scope;

/**
 * An immutable copy of a stored {@link Client}, detached from Hibernate, which the token,
 * introspection, revocation and authorization endpoints read. {@link ClientRegistry#find} keeps
 * these in memory, so one instance is shared by concurrent requests.
 *
 * @param secretHash the stored form of the secret ({@code Secrets.hash}); null for a public client
 * @param accessTokenLifetimeOverride the client's own access token lifetime, or null for the server's
 * @param refreshIdleLifetimeOverride the client's own refresh idle lifetime, or null for the server's
 * @param refreshAbsoluteLifetimeOverride the client's own refresh absolute lifetime, or null for the server's
 */
public record ClientSnapshot(
        String clientId,
        String clientName,
        String secretHash,
        String tokenEndpointAuthMethod,
        List<String> redirectUris,
        Set<String> grantTypes,
        Set<String> responseTypes,
        Scope allowedScope,
        Duration accessTokenLifetimeOverride,
        Duration refreshIdleLifetimeOverride,
        Duration refreshAbsoluteLifetimeOverride) {

    public ClientSnapshot {
        redirectUris = List.copyOf(redirectUris);
        grantTypes = Set.copyOf(grantTypes);
        responseTypes = Set.copyOf(responseTypes);
    }

    /** Copies the current state of an entity, which may be managed or detached. */
    static ClientSnapshot of(Client client) {
        return new ClientSnapshot(
                client.clientId,
                client.clientName,
                client.secretHash,
                client.tokenEndpointAuthMethod,
                client.redirectUriList(),
                client.grantTypeSet(),
                client.responseTypeSet(),
                client.allowedScope(),
                client.accessTokenLifetime().orElse(null),
                client.refreshIdleLifetime().orElse(null),
                client.refreshAbsoluteLifetime().orElse(null));
    }

    public boolean isPublic() {
        return Client.AUTH_NONE.equals(tokenEndpointAuthMethod);
    }

    public boolean allowsGrantType(String grantType) {
        return grantTypes.contains(grantType);
    }

    public boolean allowsResponseType(String responseType) {
        return responseTypes.contains(responseType);
    }

    public Optional<Duration> accessTokenLifetime() {
        return Optional.ofNullable(accessTokenLifetimeOverride);
    }

    public Optional<Duration> refreshIdleLifetime() {
        return Optional.ofNullable(refreshIdleLifetimeOverride);
    }

    public Optional<Duration> refreshAbsoluteLifetime() {
        return Optional.ofNullable(refreshAbsoluteLifetimeOverride);
    }

    /** Names only the client id, so that the secret hash never reaches a log. */
    @Override
    public String toString() {
        return "ClientSnapshot[" + clientId + "]";
    }
}
