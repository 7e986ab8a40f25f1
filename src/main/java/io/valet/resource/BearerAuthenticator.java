package io.valet.resource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.valet.revocation.RevocationView;

/**
 * Verifies the bearer access token of a resource request (RFC 6750 §2.1). The signature, issuer,
 * audience, expiry and algorithm are checked by SmallRye JWT against the keys Valet publishes,
 * as configured by the mp.jwt settings. This class adds the RFC 9068 typ check, the revocation check and
 * the scope check.
 */
@ApplicationScoped
public class BearerAuthenticator {

    private static final Logger LOG = Logger.getLogger(BearerAuthenticator.class);

    private static final String ACCESS_TOKEN_TYPE = "at+jwt";
    private static final int MAX_TOKEN_LENGTH = 8192;

    @Inject
    JWTParser parser;

    @Inject
    RevocationView revocations;

    @Inject
    ObjectMapper json;

    /**
     * Returns the verified token of a request that needs the given scope.
     *
     * @throws BearerChallenge invalid_token (401) or insufficient_scope (403)
     */
    public AccessToken authenticate(String authorizationHeader, String requiredScope) {
        String token = bearerToken(authorizationHeader);
        if (!ACCESS_TOKEN_TYPE.equals(headerType(token))) {
            throw BearerChallenge.invalidToken("the token is not a Valet access token");
        }

        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            LOG.debugf("Bearer token rejected: %s", e.getClass().getSimpleName());
            throw BearerChallenge.invalidToken("the access token is invalid or expired");
        }

        String clientId = jwt.getClaim("client_id");
        String authorizationId = jwt.getClaim("authorization_id");
        if (revocations.isRevoked(authorizationId, jwt.getTokenID(), clientId)) {
            throw BearerChallenge.invalidToken("the access token has been revoked");
        }

        // The scope claim is mapped to the token's groups (smallrye.jwt.path.groups=scope).
        Set<String> scopes = jwt.getGroups();
        if (!scopes.contains(requiredScope)) {
            throw BearerChallenge.insufficientScope(requiredScope);
        }
        return new AccessToken(jwt.getSubject(), clientId, Set.copyOf(scopes));
    }

    private static String bearerToken(String header) {
        // RFC 6750 §2.1: Authorization: Bearer <token>
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw BearerChallenge.invalidToken("a Bearer access token is required");
        }
        String token = header.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw BearerChallenge.invalidToken("the access token is malformed");
        }
        return token;
    }

    /** Reads the typ header without trusting anything else in the token yet. */
    private String headerType(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        try {
            byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
            JsonNode typ = json.readTree(new String(header, StandardCharsets.UTF_8)).get("typ");
            return typ == null ? null : typ.asText();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }
}
