package io.valet.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.valet.config.ValetConfig;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthException;
import io.valet.oauth.RedirectUris;
import io.valet.oauth.Scope;
import io.valet.oauth.ScopeCatalog;
import io.valet.oauth.Secrets;

/**
 * Validates client metadata and stores clients, and serves the lookups of request handling from
 * memory.
 */
@ApplicationScoped
public class ClientRegistry {

    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String PASSWORD = "password";
    public static final String IMPLICIT = "implicit";

    private static final Set<String> AUTH_METHODS = Set.of(Client.AUTH_NONE, Client.AUTH_BASIC, Client.AUTH_POST);
    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_REDIRECT_URIS = 20;

    @Inject
    ValetConfig config;

    @Inject
    ScopeCatalog scopes;

    @Inject
    Clock clock;

    @Inject
    ClientCache cache;

    @Inject
    ClientChanges changes;

    /** A client just stored, with its secret in clear for the one response that shows it. */
    public record Registered(Client client, String secret) {
        @Override
        public String toString() {
            return "Registered[" + client + "]";
        }
    }

    /**
     * Validates metadata and stores a new client.
     *
     * @param allowAdminScope whether the client may hold the admin scope, which only the admin API grants
     * @throws OAuthException invalid_redirect_uri or invalid_client_metadata (RFC 7591 §3.2.2)
     */
    @Transactional
    public Registered register(ClientMetadata metadata, boolean allowAdminScope) {
        if (metadata == null) {
            throw invalidMetadata("the request body must be a JSON object of client metadata");
        }
        String authMethod = metadata.tokenEndpointAuthMethod() == null
                ? Client.AUTH_BASIC : metadata.tokenEndpointAuthMethod();
        if (!AUTH_METHODS.contains(authMethod)) {
            throw invalidMetadata("token_endpoint_auth_method must be one of none, client_secret_basic, client_secret_post");
        }
        boolean isPublic = Client.AUTH_NONE.equals(authMethod);

        List<String> grantTypes = orDefault(metadata.grantTypes(), List.of(AUTHORIZATION_CODE));
        validateGrantTypes(grantTypes, isPublic);
        List<String> responseTypes = orDefault(metadata.responseTypes(), defaultResponseTypes(grantTypes));
        validateResponseTypes(responseTypes, grantTypes);

        List<String> redirectUris = metadata.redirectUris() == null ? List.of() : metadata.redirectUris();
        boolean usesRedirects = grantTypes.contains(AUTHORIZATION_CODE) || grantTypes.contains(IMPLICIT);
        if (usesRedirects && redirectUris.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI,
                    "redirect_uris is required for the authorization_code and implicit grants");
        }
        if (redirectUris.size() > MAX_REDIRECT_URIS) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI,
                    "at most " + MAX_REDIRECT_URIS + " redirect_uris may be registered");
        }
        redirectUris.forEach(RedirectUris::validateForRegistration);

        Scope scope = validateScope(metadata.scope(), allowAdminScope);
        String name = validateName(metadata.clientName());

        Client client = new Client();
        client.clientId = Secrets.newId();
        client.clientName = name == null ? client.clientId : name;
        client.tokenEndpointAuthMethod = authMethod;
        client.redirectUris = String.join("\n", new LinkedHashSet<>(redirectUris));
        client.grantTypes = String.join(" ", new LinkedHashSet<>(grantTypes));
        client.responseTypes = String.join(" ", new LinkedHashSet<>(responseTypes));
        client.scope = scope.toString();
        client.createdAt = clock.instant();
        String secret = null;
        if (!isPublic) {
            secret = Secrets.newValue();
            client.secretHash = Secrets.hash(secret);
        }
        client.persist();
        // No change row: the id is new, and caches keep only clients that exist, so none contains it.
        return new Registered(client, secret);
    }

    private static List<String> orDefault(List<String> values, List<String> fallback) {
        return values == null || values.isEmpty() ? fallback : values;
    }

    private static List<String> defaultResponseTypes(List<String> grantTypes) {
        List<String> responseTypes = new ArrayList<>();
        if (grantTypes.contains(AUTHORIZATION_CODE)) {
            responseTypes.add("code");
        }
        if (grantTypes.contains(IMPLICIT)) {
            responseTypes.add("token");
        }
        return responseTypes;
    }

    private void validateGrantTypes(List<String> grantTypes, boolean isPublic) {
        for (String grantType : grantTypes) {
            switch (grantType == null ? "" : grantType) {
                case AUTHORIZATION_CODE, REFRESH_TOKEN -> {
                }
                case CLIENT_CREDENTIALS -> {
                    // RFC 6749 §4.4: only a confidential client can authenticate for this grant
                    if (isPublic) {
                        throw invalidMetadata("client_credentials requires a confidential client");
                    }
                }
                case PASSWORD -> {
                    if (!config.legacy().passwordGrantEnabled()) {
                        throw invalidMetadata("the password grant is disabled on this server");
                    }
                }
                case IMPLICIT -> {
                    if (!config.legacy().implicitGrantEnabled()) {
                        throw invalidMetadata("the implicit grant is disabled on this server");
                    }
                }
                default -> throw invalidMetadata("unsupported grant type in grant_types");
            }
        }
    }

    // RFC 7591 §2.1: grant_types and response_types must agree
    private static void validateResponseTypes(List<String> responseTypes, List<String> grantTypes) {
        for (String responseType : responseTypes) {
            if ("code".equals(responseType)) {
                if (!grantTypes.contains(AUTHORIZATION_CODE)) {
                    throw invalidMetadata("response type code requires the authorization_code grant");
                }
            } else if ("token".equals(responseType)) {
                if (!grantTypes.contains(IMPLICIT)) {
                    throw invalidMetadata("response type token requires the implicit grant");
                }
            } else {
                throw invalidMetadata("response_types may contain only code and token");
            }
        }
        if (grantTypes.contains(AUTHORIZATION_CODE) && !responseTypes.contains("code")) {
            throw invalidMetadata("the authorization_code grant requires response type code");
        }
        if (grantTypes.contains(IMPLICIT) && !responseTypes.contains("token")) {
            throw invalidMetadata("the implicit grant requires response type token");
        }
    }

    private Scope validateScope(String value, boolean allowAdminScope) {
        Scope scope;
        try {
            scope = Scope.parse(value);
        } catch (OAuthException e) {
            throw invalidMetadata("scope contains an invalid character");
        }
        if (scope.isEmpty()) {
            return scopes.defaultClientScope();
        }
        for (String token : scope.values()) {
            if (!scopes.isKnown(token)) {
                throw invalidMetadata("unknown scope in scope: " + token);
            }
            if (ScopeCatalog.ADMIN.equals(token) && !allowAdminScope) {
                throw invalidMetadata("scope " + ScopeCatalog.ADMIN + " can only be granted through the admin API");
            }
        }
        return scope;
    }

    private static String validateName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw invalidMetadata("client_name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw invalidMetadata("client_name must not contain control characters");
        }
        return name.strip();
    }

    private static OAuthException invalidMetadata(String description) {
        return new OAuthException(OAuthError.INVALID_CLIENT_METADATA, description);
    }

    /**
     * Returns the client from memory, or reads it from the database and keeps it when it exists.
     * A change made on another replica reaches this lookup within the bound that
     * {@link ClientChanges} describes. Callers that change or delete a client use
     * {@link #findStored} instead.
     */
    public Optional<ClientSnapshot> find(String clientId) {
        if (!isPossibleId(clientId)) {
            return Optional.empty();
        }
        if (!changes.isUpToDate()) {
            return read(clientId);
        }
        return cache.get(clientId, ClientRegistry::read);
    }

    /**
     * Returns the client's snapshot when memory has an up-to-date one, and empty otherwise. It
     * never reads the database, so I/O threads may call it. Empty does not mean that the client
     * does not exist.
     */
    public Optional<ClientSnapshot> findInMemory(String clientId) {
        if (!isPossibleId(clientId) || !changes.isUpToDate()) {
            return Optional.empty();
        }
        return cache.getIfPresent(clientId);
    }

    private static Optional<ClientSnapshot> read(String clientId) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> Client.<Client>findByIdOptional(clientId).map(ClientSnapshot::of));
    }

    /** Reads the stored client from the database, bypassing the cache. */
    @Transactional
    public Optional<Client> findStored(String clientId) {
        if (!isPossibleId(clientId)) {
            return Optional.empty();
        }
        return Client.findByIdOptional(clientId);
    }

    // A client_id with control characters names no client, and PostgreSQL rejects NUL in queries.
    private static boolean isPossibleId(String clientId) {
        return clientId != null && !clientId.isEmpty() && clientId.length() <= 64
                && clientId.chars().noneMatch(Character::isISOControl);
    }

    @Transactional
    public List<Client> list() {
        return Client.list("order by createdAt");
    }

    @Transactional
    public boolean delete(String clientId) {
        boolean deleted = Client.deleteById(clientId);
        if (deleted) {
            changes.record(clientId);
        }
        return deleted;
    }

    /**
     * Creates or updates a client whose id and secret come from configuration, such as the
     * bootstrap admin client. Every replica drops its cached copy once the transaction commits.
     */
    @Transactional
    public Client upsertFromConfiguration(String clientId, String clientName, String secret, Set<String> grantTypes,
            Scope scope, List<String> redirectUris) {
        Client client = Client.findById(clientId);
        if (client == null) {
            client = new Client();
            client.clientId = clientId;
            client.createdAt = clock.instant();
        }
        client.clientName = clientName;
        client.secretHash = secret == null ? null : Secrets.hash(secret);
        client.tokenEndpointAuthMethod = secret == null ? Client.AUTH_NONE : Client.AUTH_BASIC;
        client.grantTypes = String.join(" ", grantTypes);
        client.responseTypes = grantTypes.contains(AUTHORIZATION_CODE) ? "code" : "";
        client.scope = scope.toString();
        client.redirectUris = String.join("\n", redirectUris);
        client.persist();
        changes.record(clientId);
        return client;
    }
}
