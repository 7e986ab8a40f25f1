package example.invitations;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;

/**
 * A visitor's pending authorization request and access token, kept on the server and found by a
 * random cookie value, so neither the PKCE verifier nor the token reaches the browser.
 */
@ApplicationScoped
public class Visits {

    public static final String COOKIE = "invitations_visit";

    private static final SecureRandom RANDOM = new SecureRandom();

    // NOTE: visits live in memory until the app stops, which suits a one-process example only.
    private final Map<String, Visit> visits = new ConcurrentHashMap<>();

    /** One visitor's state: the pending request's state and verifier, then the access token. */
    public static final class Visit {
        volatile State state;
        volatile CodeVerifier verifier;
        volatile AccessToken accessToken;
    }

    /** Returns the visit that the cookie value names, if any. */
    public Optional<Visit> find(String cookie) {
        return cookie == null ? Optional.empty() : Optional.ofNullable(visits.get(cookie));
    }

    /** Starts a visit and returns its cookie value. */
    public String start() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        visits.put(id, new Visit());
        return id;
    }
}
