package io.valet.token;

import java.security.Key;
import java.util.List;
import java.util.Optional;

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
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

import io.valet.config.ValetConfig;
import io.valet.keys.LoadedKey;
import io.valet.keys.SigningKeys;
import io.valet.revocation.RevocationView;

/**
 * Verifies Valet's own access tokens in process, with the keys held in memory: for introspection
 * and the admin API. The resource module verifies tokens on its own, through SmallRye JWT.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);

    /** Accepted clock difference between Valet replicas and their callers, in seconds. */
    public static final int CLOCK_SKEW_SECONDS = 30;

    private final JwtConsumer consumer;
    private final RevocationView revocations;

    @Inject
    public AccessTokenVerifier(ValetConfig config, SigningKeys keys, RevocationView revocations) {
        this.revocations = revocations;
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
        try {
            JwtClaims claims = consumer.processToClaims(token);
            VerifiedToken verified = new VerifiedToken(claims.getSubject(),
                    claims.getStringClaimValue("client_id"),
                    claims.getStringClaimValue("scope"),
                    claims.getJwtId(),
                    claims.getStringClaimValue(AccessTokenIssuer.AUTHORIZATION_ID_CLAIM),
                    claims.getIssuedAt().getValue(),
                    claims.getExpirationTime().getValue(),
                    claims.getIssuer());
            if (revocations.isRevoked(verified.authorizationId(), verified.tokenId(), verified.clientId())) {
                return Optional.empty();
            }
            return Optional.of(verified);
        } catch (InvalidJwtException | MalformedClaimException e) {
            LOG.debugf("Access token rejected: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
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
