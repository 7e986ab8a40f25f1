package io.valet.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class KeyEncryptionTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    // DER encodings of the algorithm OIDs that every plaintext PKCS#8 RSA or EC key contains.
    private static final byte[] RSA_ENCRYPTION_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private static final String KEY_B = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    @Test
    void decryptRestoresPlaintext() {
        KeyEncryption encryption = new KeyEncryption(TestConfigs.withEncryptionKey(KEY_A));
        byte[] plaintext = "private key bytes".getBytes(StandardCharsets.UTF_8);

        assertArrayEquals(plaintext, encryption.decrypt(encryption.encrypt(plaintext)));
    }

    @Test
    void decryptWithOtherKeyFails() {
        String stored = new KeyEncryption(TestConfigs.withEncryptionKey(KEY_A)).encrypt(new byte[] {1, 2, 3});

        KeyEncryption other = new KeyEncryption(TestConfigs.withEncryptionKey(KEY_B));

        assertThrows(IllegalStateException.class, () -> other.decrypt(stored));
    }

    @Test
    void missingKeyNamesProperty() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new KeyEncryption(TestConfigs.withEncryptionKey(null)));

        assertTrue(error.getMessage().contains("VALET_KEYS_ENCRYPTION_KEY"), error.getMessage());
    }

    @Test
    void devModeGeneratesKeyAndReusesIt(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("data").resolve("dev-key");
        byte[] plaintext = "private key bytes".getBytes(StandardCharsets.UTF_8);

        String stored = new KeyEncryption(Optional.empty(), true, file).encrypt(plaintext);
        KeyEncryption afterRestart = new KeyEncryption(Optional.empty(), true, file);

        assertTrue(Files.exists(file));
        assertArrayEquals(plaintext, afterRestart.decrypt(stored));
    }

    @Test
    void productionWithoutKeyFails(@TempDir Path directory) {
        Path file = directory.resolve("dev-key");

        assertThrows(IllegalStateException.class, () -> new KeyEncryption(Optional.empty(), false, file));
        assertFalse(Files.exists(file));
    }

    @Test
    void storedPrivateKeysAreNotPlaintextPkcs8() {
        List<SigningKey> keys = QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>listAll());

        assertFalse(keys.isEmpty());
        for (SigningKey key : keys) {
            byte[] stored = Base64.getDecoder().decode(key.privateKey);
            assertFalse(contains(stored, RSA_ENCRYPTION_OID) || contains(stored, EC_PUBLIC_KEY_OID),
                    "stored key " + key.kid + " contains a key algorithm identifier in clear");
        }
    }

    private static boolean contains(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            boolean match = true;
            for (int j = 0; j < pattern.length && match; j++) {
                match = data[i + j] == pattern[j];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }
}
