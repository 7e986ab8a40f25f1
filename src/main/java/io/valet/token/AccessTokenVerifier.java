package io.valet.token;

import java.security.Key;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

import io.valet.config.ValetConfig;
import io.valet.keys.LoadedKey;
import io.valet.keys.SigningKeys;
import io.valet.revocation.RevocationView;

/**
 * Verifies Valet's own access tokens in process, with the keys held in memory: for introspection
 * and the admin API. The resource module verifies tokens on its own.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);

    /** Accepted clock difference between Valet replicas and their callers, in seconds. */
    public static final int CLOCK_SKEW_SECONDS = 30;

    /** Maximum number of verified tokens kept; an entry takes an estimated 1.5 KB, most of it the token text. */
    static final int MAX_CACHED_TOKENS = 10_000;

    private final JwtConsumer consumer;
    private final RevocationView revocations;
    private final SigningKeys keys;

    // Tokens that passed every check, by their exact text, so that a caller who introspects the
    // same token again skips parsing and the signature check. Expiry, the signing key and
    // revocation are checked again on every call.
    private final Map<String, CachedToken> verifiedTokens = new ConcurrentHashMap<>();

    private record CachedToken(VerifiedToken verified, String kid, Key key) {
    }

    @Inject
    public AccessTokenVerifier(ValetConfig config, SigningKeys keys, RevocationView revocations) {
        this.revocations = revocations;
        this.keys = keys;
        this.consumer = new JwtConsumerBuilder()
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                // RFC 9068 §4: the typ header must be at+jwt, so other JWTs cannot pass as access tokens
                .setExpectedType(true, AccessTokenIssuer.TOKEN_TYPE)
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256))
                .setVerificationKeyResolver(new StoredKeyResolver(keys))
                .build();
    }

    /** The claims of a valid token. */
    public record VerifiedToken(String subject, String clientId, String scope, String tokenId,
            String authorizationId, long issuedAt, long expiresAt, String issuer) {
    }

    /** Returns the token's claims, or empty when it is malformed, forged, expired or revoked. */
    public Optional<VerifiedToken> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Optional.empty();
        }
        VerifiedToken verified = cachedOrVerified(token);
        if (verified == null
                || revocations.isRevoked(verified.authorizationId(), verified.tokenId(), verified.clientId())) {
            return Optional.empty();
        }
        return Optional.of(verified);
    }

    private VerifiedToken cachedOrVerified(String token) {
        // jose4j compares exp with System.currentTimeMillis() in whole seconds, and so does the cache.
        long now = System.currentTimeMillis() / 1000;
        CachedToken cached = verifiedTokens.get(token);
        if (cached != null) {
            boolean expired = now - CLOCK_SKEW_SECONDS >= cached.verified().expiresAt();
            boolean keyUnchanged = keys.find(cached.kid()).map(key -> key.publicKey().equals(cached.key())).orElse(false);
            if (!expired && keyUnchanged) {
                return cached.verified();
            }
            verifiedTokens.remove(token);
            if (expired) {
                return null;
            }
        }
        try {
            JwtContext context = consumer.process(token);
            JwtClaims claims = context.getJwtClaims();
            VerifiedToken verified = new VerifiedToken(claims.getSubject(),
                    claims.getStringClaimValue("client_id"),
                    claims.getStringClaimValue("scope"),
                    claims.getJwtId(),
                    claims.getStringClaimValue(AccessTokenIssuer.AUTHORIZATION_ID_CLAIM),
                    claims.getIssuedAt().getValue(),
                    claims.getExpirationTime().getValue(),
                    claims.getIssuer());
            JsonWebStructure jws = context.getJoseObjects().get(0);
            remember(token, new CachedToken(verified, jws.getKeyIdHeaderValue(), jws.getKey()), now);
            return verified;
        } catch (InvalidJwtException | MalformedClaimException e) {
            LOG.debugf("Access token rejected: %s", e.getClass().getSimpleName());
            return null;
        }
    }

    private void remember(String token, CachedToken entry, long now) {
        if (verifiedTokens.size() >= MAX_CACHED_TOKENS) {
            verifiedTokens.values().removeIf(cached -> now - CLOCK_SKEW_SECONDS >= cached.verified().expiresAt());
            if (verifiedTokens.size() >= MAX_CACHED_TOKENS) {
                verifiedTokens.clear();
            }
        }
        verifiedTokens.put(token, entry);
    }

    /** Finds the verification key by the kid header among Valet's own keys; never fetches a URL. */
    private record StoredKeyResolver(SigningKeys keys) implements VerificationKeyResolver {
        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext)
                throws UnresolvableKeyException {
            String kid = jws.getKeyIdHeaderValue();
            Optional<LoadedKey> key = kid == null ? Optional.empty() : keys.find(kid);
            if (key.isEmpty() || !key.get().algorithm().equals(jws.getAlgorithmHeaderValue())) {
                throw new UnresolvableKeyException("no signing key matches the token's kid and alg");
            }
            return key.get().publicKey();
        }
    }
}
