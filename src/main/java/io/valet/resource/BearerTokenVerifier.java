package io.valet.resource;

import java.security.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.KeyProvider;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.KeyLocationResolver;

/**
 * Verifies bearer access tokens with the mp.jwt settings that SmallRye JWT reads: the signature
 * against the keys at mp.jwt.verify.publickey.location, the algorithm, issuer, audience and
 * expiry with the allowed clock skew. It also requires the RFC 9068 typ header at+jwt and a sub
 * claim. SmallRye JWT's own key resolver fetches and refreshes the JWK Set. The checks run once
 * per token text, and {@link VerifiedTokenCache} keeps the result until the token expires.
 */
@Startup
@ApplicationScoped
class BearerTokenVerifier {

    private static final Logger LOG = Logger.getLogger(BearerTokenVerifier.class);

    /** Media type of RFC 9068 access tokens, sent in the typ header. */
    static final String ACCESS_TOKEN_TYPE = "at+jwt";

    /** Maximum number of cached tokens. An entry takes an estimated 1.5 KB, most of it the token text. */
    static final int MAX_CACHED_TOKENS = 10_000;

    private final VerificationKeyResolver keyResolver;
    private final LongSupplier epochSeconds;
    private final JwtConsumer consumer;
    private final int clockSkewSeconds;
    private final VerifiedTokenCache cache = new VerifiedTokenCache(MAX_CACHED_TOKENS);

    @Inject
    BearerTokenVerifier(JWTAuthContextInfo settings) {
        // jose4j compares exp with System.currentTimeMillis() in whole seconds, and so does the cache.
        this(settings, new DeferredKeyLocationResolver(settings), () -> System.currentTimeMillis() / 1000);
    }

    /**
     * @param keyResolver finds the key that verifies a signature, from the kid and alg headers
     * @param epochSeconds the clock that the cache checks exp with, in seconds since the epoch
     */
    BearerTokenVerifier(JWTAuthContextInfo settings, VerificationKeyResolver keyResolver, LongSupplier epochSeconds) {
        rejectUnsupported(settings);
        this.keyResolver = keyResolver;
        this.epochSeconds = epochSeconds;
        // SmallRye JWT lets smallrye.jwt.expiration.grace replace mp.jwt.verify.clock.skew.
        this.clockSkewSeconds = settings.getExpGracePeriodSecs() > 0 ? settings.getExpGracePeriodSecs()
                : Math.max(settings.getClockSkew(), 0);

        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setVerificationKeyResolver(keyResolver)
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        algorithms(settings.getSignatureAlgorithm())))
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(clockSkewSeconds);
        if (settings.getIssuedBy() != null) {
            builder.setExpectedIssuer(settings.getIssuedBy());
        }
        if (settings.getExpectedAudience() != null) {
            builder.setExpectedAudience(settings.getExpectedAudience().toArray(String[]::new));
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        if (settings.isRelaxVerificationKeyValidation()) {
            builder.setRelaxVerificationKeyValidation();
        }
        this.consumer = builder.build();
    }

    /**
     * Returns the claims of a valid token. Every check runs again when the token text is not in
     * the cache, or when its signing key is no longer the one that the JWK Set publishes under its
     * kid. The expiry is checked on every call.
     *
     * @throws BearerChallenge invalid_token (401)
     */
    VerifiedToken verify(String token) {
        long now = epochSeconds.getAsLong();
        VerifiedToken cached = cache.find(token);
        if (cached != null) {
            if (now - clockSkewSeconds >= cached.expiresAt()) {
                cache.remove(token);
                throw invalidOrExpired();
            }
            if (isKeyCurrent(cached)) {
                return cached;
            }
            cache.remove(token);
        }
        VerifiedToken verified = verifyFully(token);
        cache.add(token, verified, now - clockSkewSeconds);
        return verified;
    }

    /** Parses the token once, checks its typ header first and then its signature and claims. */
    private VerifiedToken verifyFully(String token) {
        JsonWebStructure structure;
        try {
            structure = JsonWebStructure.fromCompactSerialization(token);
        } catch (JoseException e) {
            throw notAccessToken();
        }
        if (!ACCESS_TOKEN_TYPE.equals(structure.getHeaders().getObjectHeaderValue("typ"))) {
            throw notAccessToken();
        }
        if (!(structure instanceof JsonWebSignature jws)) {
            LOG.debug("Bearer token rejected: it is encrypted, not signed");
            throw invalidOrExpired();
        }
        try {
            JwtClaims claims = JwtClaims.parse(jws.getUnverifiedPayload());
            consumer.processContext(new JwtContext(token, claims, List.of(jws)));
            return new VerifiedToken(claims.getSubject(),
                    claims.getStringClaimValue("client_id"),
                    claims.getStringClaimValue("authorization_id"),
                    claims.getJwtId(),
                    scopes(claims),
                    claims.getExpirationTime().getValue(),
                    jws.getKeyIdHeaderValue(),
                    jws.getAlgorithmHeaderValue(),
                    jws.getKey());
        } catch (InvalidJwtException | MalformedClaimException e) {
            LOG.debugf("Bearer token rejected: %s", e.getClass().getSimpleName());
            throw invalidOrExpired();
        }
    }

    /** Reports whether the key resolver still returns the key that verified the cached token. */
    private boolean isKeyCurrent(VerifiedToken token) {
        JsonWebSignature headers = new JsonWebSignature();
        headers.setAlgorithmHeaderValue(token.algorithm());
        if (token.keyId() != null) {
            headers.setKeyIdHeaderValue(token.keyId());
        }
        try {
            return token.key().equals(keyResolver.resolveKey(headers, List.of()));
        } catch (UnresolvableKeyException e) {
            return false;
        }
    }

    /**
     * Splits the scope claim (RFC 9068 §2.2.3) into its values, which RFC 6749 §3.3 separates with
     * spaces. A missing scope claim, or one that is not a string, gives no scopes.
     */
    private static Set<String> scopes(JwtClaims claims) {
        Object scope = claims.getClaimValue("scope");
        if (!(scope instanceof String value)) {
            return Set.of();
        }
        return Set.copyOf(Arrays.asList(value.split(" ")));
    }

    private static String[] algorithms(Set<SignatureAlgorithm> algorithms) {
        List<String> names = new ArrayList<>();
        for (SignatureAlgorithm algorithm : algorithms) {
            names.add(algorithm.getAlgorithm());
        }
        return names.toArray(String[]::new);
    }

    /**
     * Fails the start when the mp.jwt or smallrye.jwt settings ask for a check that this class
     * does not make, so that setting one never weakens verification without notice.
     */
    private static void rejectUnsupported(JWTAuthContextInfo settings) {
        List<String> unsupported = new ArrayList<>();
        if (settings.getPublicVerificationKey() != null || settings.getSecretVerificationKey() != null) {
            unsupported.add("a verification key from a key store (smallrye.jwt.keystore.*)");
        }
        if (settings.getDecryptionKeyLocation() != null || settings.getDecryptionKeyContent() != null
                || settings.getPrivateDecryptionKey() != null || settings.getSecretDecryptionKey() != null) {
            unsupported.add("encrypted tokens (mp.jwt.decrypt.key.location, smallrye.jwt.decrypt.key*)");
        }
        if (settings.getMaxTimeToLiveSecs() != null || settings.getTokenAge() != null) {
            unsupported.add("a maximum token age (mp.jwt.verify.token.age, smallrye.jwt.time-to-live)");
        }
        if (settings.getRequiredClaims() != null && !settings.getRequiredClaims().isEmpty()) {
            unsupported.add("smallrye.jwt.required.claims");
        }
        if (settings.isVerifyCertificateThumbprint() || settings.getKeyProvider() != KeyProvider.DEFAULT) {
            unsupported.add("smallrye.jwt.verify.certificateThumbprint or smallrye.jwt.verify.key-provider");
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalStateException("The resource module's token verification does not support "
                    + String.join(", ", unsupported) + ". Remove these settings or extend BearerTokenVerifier.");
        }
    }

    /**
     * SmallRye JWT's resolver of the keys at mp.jwt.verify.publickey.location, created at the first
     * request as SmallRye JWT does, because it fetches the JWK Set from this server, which does not
     * listen yet while beans start. A failed creation is tried again at the next request.
     */
    private static final class DeferredKeyLocationResolver implements VerificationKeyResolver {

        private final JWTAuthContextInfo settings;
        private volatile KeyLocationResolver resolver;

        DeferredKeyLocationResolver(JWTAuthContextInfo settings) {
            this.settings = settings;
        }

        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext)
                throws UnresolvableKeyException {
            KeyLocationResolver current = resolver;
            if (current == null) {
                synchronized (this) {
                    current = resolver;
                    if (current == null) {
                        current = new KeyLocationResolver(settings);
                        resolver = current;
                    }
                }
            }
            return current.resolveKey(jws, nestingContext);
        }
    }

    private static BearerChallenge notAccessToken() {
        return BearerChallenge.invalidToken("the token is not a Valet access token");
    }

    private static BearerChallenge invalidOrExpired() {
        return BearerChallenge.invalidToken("the access token is invalid or expired");
    }
}
