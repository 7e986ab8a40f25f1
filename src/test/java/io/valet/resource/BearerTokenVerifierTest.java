package io.valet.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.UnresolvableKeyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * The verifier's cache of verified tokens: what it returns on a repeated token, and when it must
 * check the token again or reject it. The key resolver and the cache's clock are replaced, while
 * jose4j verifies real RS256 signatures.
 */
class BearerTokenVerifierTest {

    private static final String ISSUER = "https://valet.example";
    private static final String AUDIENCE = "valet-api";
    private static final String KID = "key-1";
    private static final int CLOCK_SKEW = 30;

    private static KeyPair signingKey;
    private static KeyPair otherKey;

    // Starts as the system clock, and tests move it forward to expire cached tokens.
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis() / 1000);
    private final AtomicReference<Key> publishedKey = new AtomicReference<>();
    private BearerTokenVerifier verifier;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        signingKey = generator.generateKeyPair();
        otherKey = generator.generateKeyPair();
    }

    @BeforeEach
    void createVerifier() {
        publishedKey.set(signingKey.getPublic());
        verifier = new BearerTokenVerifier(settings(), (jws, nesting) -> {
            Key key = publishedKey.get();
            if (key == null || !KID.equals(jws.getKeyIdHeaderValue())) {
                throw new UnresolvableKeyException("no published key for kid " + jws.getKeyIdHeaderValue());
            }
            return key;
        }, now::get);
    }

    @Test
    void validTokenReturnsClaims() throws Exception {
        VerifiedToken token = verifier.verify(sign(claims(), "at+jwt"));

        assertEquals("alice", token.subject());
        assertEquals("client-1", token.clientId());
        assertEquals("authorization-1", token.authorizationId());
        assertEquals(Set.of("contacts:read", "profile"), token.scopes());
    }

    @Test
    void repeatedTokenReturnsSameClaims() throws Exception {
        String token = sign(claims(), "at+jwt");

        VerifiedToken first = verifier.verify(token);
        VerifiedToken second = verifier.verify(token);

        assertEquals(first, second);
    }

    @Test
    void cachedTokenRejectedOnceExpired() throws Exception {
        JwtClaims claims = claims();
        claims.setExpirationTimeMinutesInTheFuture(5);
        String token = sign(claims, "at+jwt");
        verifier.verify(token);
        long expiresAt = claims.getExpirationTime().getValue();

        now.set(expiresAt + CLOCK_SKEW - 1);
        verifier.verify(token);
        now.set(expiresAt + CLOCK_SKEW);

        assertRejected(token, "the access token is invalid or expired");
    }

    @Test
    void cachedTokenRejectedWhenKeyReplaced() throws Exception {
        String token = sign(claims(), "at+jwt");
        verifier.verify(token);

        publishedKey.set(otherKey.getPublic());

        assertRejected(token, "the access token is invalid or expired");
    }

    @Test
    void cachedTokenRejectedWhenKeyWithdrawn() throws Exception {
        String token = sign(claims(), "at+jwt");
        verifier.verify(token);

        publishedKey.set(null);

        assertRejected(token, "the access token is invalid or expired");
    }

    @Test
    void changedSignatureOfCachedTokenRejected() throws Exception {
        String token = sign(claims(), "at+jwt");
        verifier.verify(token);
        int middle = token.lastIndexOf('.') + 100;
        char replacement = token.charAt(middle) == 'A' ? 'B' : 'A';

        String changed = token.substring(0, middle) + replacement + token.substring(middle + 1);

        assertRejected(changed, "the access token is invalid or expired");
        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void otherTypeRejected() throws Exception {
        assertRejected(sign(claims(), "JWT"), "the token is not a Valet access token");
    }

    @Test
    void otherIssuerRejected() throws Exception {
        JwtClaims claims = claims();
        claims.setIssuer("https://other.example");

        assertRejected(sign(claims, "at+jwt"), "the access token is invalid or expired");
    }

    @Test
    void missingSubjectRejected() throws Exception {
        JwtClaims claims = claims();
        claims.unsetClaim("sub");

        assertRejected(sign(claims, "at+jwt"), "the access token is invalid or expired");
    }

    @Test
    void repeatedScopeValuesAccepted() throws Exception {
        JwtClaims claims = claims();
        claims.setClaim("scope", "profile profile");

        assertEquals(Set.of("profile"), verifier.verify(sign(claims, "at+jwt")).scopes());
    }

    @Test
    void maximumTokenAgeSettingFailsStart() {
        JWTAuthContextInfo settings = settings();
        settings.setTokenAge(60L);

        assertThrows(IllegalStateException.class,
                () -> new BearerTokenVerifier(settings, (jws, nesting) -> signingKey.getPublic(), now::get));
    }

    private void assertRejected(String token, String description) {
        BearerChallenge challenge = assertThrows(BearerChallenge.class, () -> verifier.verify(token));
        assertEquals(401, challenge.status());
        assertEquals(description, challenge.getMessage());
    }

    private static JWTAuthContextInfo settings() {
        JWTAuthContextInfo settings = new JWTAuthContextInfo();
        settings.setIssuedBy(ISSUER);
        settings.setExpectedAudience(Set.of(AUDIENCE));
        settings.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256));
        settings.setClockSkew(CLOCK_SKEW);
        settings.setRelaxVerificationKeyValidation(false);
        return settings;
    }

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject("alice");
        claims.setClaim("client_id", "client-1");
        claims.setClaim("authorization_id", "authorization-1");
        claims.setClaim("scope", "contacts:read profile");
        claims.setGeneratedJwtId();
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        return claims;
    }

    private static String sign(JwtClaims claims, String type) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(KID);
        jws.setHeader("typ", type);
        jws.setKey(signingKey.getPrivate());
        return jws.getCompactSerialization();
    }
}
