package io.valet.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.valet.config.ValetConfig;

/**
 * The signing keys, parsed once and held in memory. {@link KeyRotation} creates them in the
 * database and makes every replica re-read them, so that all replicas publish and sign alike.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @Inject
    ValetConfig config;

    @Inject
    KeyEncryption encryption;

    @Inject
    Clock clock;

    private volatile List<LoadedKey> keys = List.of();
    private volatile Map<String, Object> jwks = Map.of("keys", List.of());

    /** Re-reads the keys so that keys created by another replica are published here too. */
    @Transactional
    void reload() {
        List<LoadedKey> loaded = new ArrayList<>();
        for (SigningKey stored : SigningKey.<SigningKey>listAll()) {
            loaded.add(parse(stored));
        }
        // Newest first, and the same order on every replica when two keys activate at the same instant.
        loaded.sort(Comparator.comparing(LoadedKey::activatesAt).thenComparing(LoadedKey::kid).reversed());
        keys = List.copyOf(loaded);
        jwks = buildJwks(loaded);
    }

    private LoadedKey parse(SigningKey stored) {
        String family = stored.algorithm.equals("ES256") ? "EC" : "RSA";
        try {
            KeyFactory factory = KeyFactory.getInstance(family);
            PublicKey publicKey = factory.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(stored.publicKey)));
            PrivateKey privateKey = null;
            if (stored.retiresAt == null || stored.retiresAt.isAfter(clock.instant())) {
                byte[] encoded = encryption.decrypt(stored.privateKey);
                privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(encoded));
                Arrays.fill(encoded, (byte) 0);
            }
            return new LoadedKey(stored.kid, stored.algorithm, publicKey, privateKey, stored.activatesAt,
                    stored.retiresAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Stored signing key " + stored.kid + " cannot be parsed", e);
        }
    }

    /** Returns the key that signs new tokens with the configured algorithm. */
    public LoadedKey currentSigningKey() {
        Instant now = clock.instant();
        String algorithm = config.token().signingAlgorithm();
        for (LoadedKey key : keys) {
            if (key.algorithm().equals(algorithm) && key.signsAt(now)) {
                return key;
            }
        }
        throw new IllegalStateException("No " + algorithm + " signing key is active");
    }

    public Optional<LoadedKey> find(String kid) {
        for (LoadedKey key : keys) {
            if (key.kid().equals(kid)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** Returns the JWK Set (RFC 7517 §5) of every stored public key. */
    public Map<String, Object> jwks() {
        return jwks;
    }

    private static Map<String, Object> buildJwks(List<LoadedKey> loaded) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (LoadedKey key : loaded) {
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kid", key.kid());
            jwk.put("use", "sig");
            jwk.put("alg", key.algorithm());
            if (key.publicKey() instanceof RSAPublicKey rsa) {
                jwk.put("kty", "RSA");
                jwk.put("n", unsigned(rsa.getModulus(), 0));
                jwk.put("e", unsigned(rsa.getPublicExponent(), 0));
            } else if (key.publicKey() instanceof ECPublicKey ec) {
                jwk.put("kty", "EC");
                jwk.put("crv", "P-256");
                // RFC 7518 §6.2.1.2: coordinates are padded to the full 32 bytes of P-256
                jwk.put("x", unsigned(ec.getW().getAffineX(), 32));
                jwk.put("y", unsigned(ec.getW().getAffineY(), 32));
            }
            entries.add(jwk);
        }
        return Map.of("keys", List.copyOf(entries));
    }

    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length > bytes.length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return BASE64URL.encodeToString(bytes);
    }
}
