package io.valet.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.valet.config.ValetConfig;
import io.valet.keys.LoadedKey;
import io.valet.keys.SigningKeys;
import io.valet.oauth.Secrets;

/**
 * Signs JWT access tokens in the format of RFC 9068, as JWS compact serializations (RFC 7515 §7.1).
 *
 * <p>The token is written directly: the claims with Jackson's streaming generator and the
 * signature with the JCA {@link Signature} of the first provider that offers the algorithm.
 * SmallRye JWT's builder looked its settings up on every signature, which took a third of the
 * Java samples of issuance in a JFR profile of the client_credentials benchmark.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    /** Media type of RFC 9068 access tokens, sent in the typ header. */
    public static final String TOKEN_TYPE = "at+jwt";

    /** Claim that names the token's authorization, so that revoking the authorization revokes the token. */
    public static final String AUTHORIZATION_ID_CLAIM = "authorization_id";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @Inject
    ValetConfig config;

    @Inject
    SigningKeys signingKeys;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper objectMapper;

    // Encoded JWS header per key id: one entry per signing key this replica has used.
    private final Map<String, String> encodedHeaders = new ConcurrentHashMap<>();

    public IssuedAccessToken issue(AccessTokenClaims claims) {
        long issuedAt = clock.instant().getEpochSecond();
        long lifetime = claims.lifetime().toSeconds();
        String tokenId = Secrets.newId();
        LoadedKey key = signingKeys.currentSigningKey();

        String signingInput = encodedHeaders.computeIfAbsent(key.kid(), kid -> encodedHeader(key))
                + '.' + BASE64URL.encodeToString(claimsJson(claims, tokenId, issuedAt, lifetime));
        byte[] signature = sign(key, signingInput.getBytes(StandardCharsets.US_ASCII));
        return new IssuedAccessToken(signingInput + '.' + BASE64URL.encodeToString(signature), tokenId, lifetime);
    }

    private byte[] claimsJson(AccessTokenClaims claims, String tokenId, long issuedAt, long lifetime) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = objectMapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("iss", config.issuer());
            json.writeStringField("sub", claims.subject());
            json.writeStringField("aud", config.audience());
            json.writeStringField("client_id", claims.clientId());
            json.writeStringField("scope", claims.scope().toString());
            json.writeStringField("jti", tokenId);
            json.writeNumberField("iat", issuedAt);
            json.writeNumberField("exp", issuedAt + lifetime);
            if (claims.authTime() != null) {
                json.writeNumberField("auth_time", claims.authTime().getEpochSecond());
            }
            if (claims.authorizationId() != null) {
                json.writeStringField(AUTHORIZATION_ID_CLAIM, claims.authorizationId());
            }
            json.writeEndObject();
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail, so this is a programming error.
            throw new UncheckedIOException("Failed to write access token claims", e);
        }
        return out.toByteArray();
    }

    private String encodedHeader(LoadedKey key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = objectMapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("kid", key.kid());
            json.writeStringField("typ", TOKEN_TYPE);
            json.writeStringField("alg", key.algorithm());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the JWS header", e);
        }
        return BASE64URL.encodeToString(out.toByteArray());
    }

    private static byte[] sign(LoadedKey key, byte[] signingInput) {
        // RFC 7518 §3.3 and §3.4. ES256 needs R and S as two 32-byte integers side by side, the
        // P1363 format, rather than the DER sequence that SHA256withECDSA returns.
        String algorithm = switch (key.algorithm()) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            default -> throw new IllegalStateException("Unsupported signing algorithm " + key.algorithm());
        };
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key.privateKey());
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Failed to sign an access token with key " + key.kid(), e);
        }
    }
}
