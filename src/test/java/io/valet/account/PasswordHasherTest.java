package io.valet.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Valet derives password hashes with its own PBKDF2 loop. It must produce what the JDK's SunJCE
 * PBKDF2WithHmacSHA256 produces, so that every stored hash keeps verifying.
 */
@QuarkusTest
class PasswordHasherTest {

    private static final String[] PASSWORDS = {"correct horse battery staple", "", "pässwörd ✓ 密码", "x"};

    @Inject
    PasswordHasher hasher;

    @Test
    void hashMatchesJdkDerivation() throws GeneralSecurityException {
        for (String password : PASSWORDS) {
            String[] parts = hasher.hash(password).split("\\$");
            assertEquals("pbkdf2-sha256", parts[0]);
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            assertEquals(16, salt.length);
            assertArrayEquals(jdkDerive(password, salt, iterations), Base64.getDecoder().decode(parts[3]),
                    "derived key of \"" + password + "\"");
        }
    }

    @Test
    void jdkMadeHashMatches() throws GeneralSecurityException {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        for (String password : PASSWORDS) {
            String stored = "pbkdf2-sha256$2000$" + encoder.encodeToString(salt) + "$"
                    + encoder.encodeToString(jdkDerive(password, salt, 2000));
            assertTrue(hasher.matches(password, stored), "\"" + password + "\" against its own hash");
            assertFalse(hasher.matches(password + "!", stored), "\"" + password + "!\" against the hash of \"" + password + "\"");
        }
    }

    @Test
    void samePasswordGetsNewSalt() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");
        assertNotEquals(first, second);
        assertTrue(hasher.matches("same password", first));
        assertTrue(hasher.matches("same password", second));
    }

    private static byte[] jdkDerive(String password, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256", "SunJCE").generateSecret(spec).getEncoded();
    }
}
