package io.valet.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;

/**
 * A signing key parsed once from storage. The private key is null for keys that no longer sign.
 */
public record LoadedKey(String kid, String algorithm, PublicKey publicKey, PrivateKey privateKey,
        Instant activatesAt, Instant retiresAt) {

    public boolean signsAt(Instant now) {
        return privateKey != null && !activatesAt.isAfter(now) && (retiresAt == null || retiresAt.isAfter(now));
    }

    @Override
    public String toString() {
        return "LoadedKey[" + kid + ", " + algorithm + "]";
    }
}
