package io.valet.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.valet.oauth.OAuthException;
import io.valet.oauth.Secrets;

/**
 * Authenticates the client of a token endpoint request (RFC 6749 §2.3): client_secret_basic,
 * client_secret_post, or none for public clients.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private static final Logger LOG = Logger.getLogger(ClientAuthenticator.class);

    // A hash to compare against when the client is unknown, so that an unknown client costs the
    // same hash comparison as a known one.
    // NOTE: an unknown client_id still costs a database read that a cached client does not, so the
    // response time can show whether a client exists. Client ids are not secret (RFC 6749 §2.2).
    private static final String UNKNOWN_CLIENT_HASH = Secrets.hash("unknown-client");

    @Inject
    ClientRegistry registry;

    /**
     * Returns the authenticated client.
     *
     * @throws OAuthException invalid_client (401) or invalid_request
     */
    public ClientSnapshot authenticate(ClientCredentials credentials) {
        Presented presented = present(credentials);
        return verify(presented, registry.find(presented.clientId()));
    }

    /**
     * Authenticates the client against its snapshot in memory without reading the database, so an
     * I/O thread may call it. Returns empty when memory has no up-to-date snapshot, and the caller
     * then calls {@link #authenticate} on a worker thread. Empty does not mean that the client is unknown.
     *
     * @throws OAuthException invalid_client (401) or invalid_request, as {@link #authenticate} would
     */
    public Optional<ClientSnapshot> authenticateFromMemory(ClientCredentials credentials) {
        Presented presented = present(credentials);
        Optional<ClientSnapshot> client = registry.findInMemory(presented.clientId());
        return client.isEmpty() ? Optional.empty() : Optional.of(verify(presented, client));
    }

    /** Client id, secret (null for a public client) and authentication method of a request. */
    private record Presented(String clientId, String secret, String method) {
        @Override
        public String toString() {
            return "Presented[" + clientId + ", " + method + "]";
        }
    }

    private static Presented present(ClientCredentials credentials) {
        String header = credentials.basicHeader();
        boolean usesBasic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
        if (header != null && !usesBasic) {
            throw OAuthException.invalidClientWithBasicChallenge("only the Basic scheme is accepted for client authentication");
        }
        if (usesBasic) {
            return presentBasic(header.substring(6).trim(), credentials);
        }
        if (credentials.formClientId() == null || credentials.formClientId().isEmpty()) {
            throw OAuthException.invalidClientWithBasicChallenge("client authentication is missing");
        }
        if (credentials.formClientSecret() != null) {
            return new Presented(credentials.formClientId(), credentials.formClientSecret(), Client.AUTH_POST);
        }
        return new Presented(credentials.formClientId(), null, Client.AUTH_NONE);
    }

    private static Presented presentBasic(String encoded, ClientCredentials credentials) {
        // RFC 6749 §2.3: a client must not use more than one authentication method per request
        if (credentials.formClientSecret() != null) {
            throw OAuthException.invalidRequest("client credentials were sent both in the Authorization header and the body");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClientWithBasicChallenge("the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw OAuthException.invalidClientWithBasicChallenge("the Basic credentials must be client_id:client_secret");
        }
        String clientId;
        String secret;
        try {
            // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined
            clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClientWithBasicChallenge("the Basic credentials are not form-urlencoded");
        }
        if (credentials.formClientId() != null && !credentials.formClientId().equals(clientId)) {
            throw OAuthException.invalidClientWithBasicChallenge("client_id in the body differs from the Authorization header");
        }
        return new Presented(clientId, secret, Client.AUTH_BASIC);
    }

    private static ClientSnapshot verify(Presented presented, Optional<ClientSnapshot> client) {
        if (presented.secret() == null) {
            return verifyPublic(presented.clientId(), client);
        }
        String storedHash = client.map(ClientSnapshot::secretHash).orElse(UNKNOWN_CLIENT_HASH);
        boolean secretMatches = Secrets.matchesHash(presented.secret(), storedHash);
        if (client.isEmpty() || client.get().isPublic() || !secretMatches) {
            LOG.debugf("Client authentication failed for client_id %s", printable(presented.clientId()));
            throw failure("client authentication failed");
        }
        if (!client.get().tokenEndpointAuthMethod().equals(presented.method())) {
            LOG.debugf("Client %s used %s but is registered for %s", presented.clientId(), presented.method(),
                    client.get().tokenEndpointAuthMethod());
            throw failure("the client must authenticate with " + client.get().tokenEndpointAuthMethod());
        }
        return client.get();
    }

    private static ClientSnapshot verifyPublic(String clientId, Optional<ClientSnapshot> client) {
        if (client.isEmpty()) {
            LOG.debugf("Unknown client_id %s", printable(clientId));
            throw failure("client authentication failed");
        }
        if (!client.get().isPublic()) {
            throw failure("the client must authenticate with " + client.get().tokenEndpointAuthMethod());
        }
        return client.get();
    }

    private static OAuthException failure(String description) {
        // RFC 6749 §5.2: 401 with a challenge when the client tried the Authorization header.
        // Valet sends the same response for every method, so clients learn which scheme to use.
        return OAuthException.invalidClientWithBasicChallenge(description);
    }

    /** Shortens a client-supplied id for a log line and removes control characters. */
    private static String printable(String clientId) {
        String shortened = clientId.length() > 64 ? clientId.substring(0, 64) + "..." : clientId;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
