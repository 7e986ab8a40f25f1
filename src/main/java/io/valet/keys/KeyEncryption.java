package io.valet.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.valet.config.ValetConfig;

/**
 * Encrypts private signing keys for storage with AES-GCM under the configured key-encryption key.
 * Production must configure the key; dev mode generates one on first start when none is set.
 */
@ApplicationScoped
public class KeyEncryption {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** File that keeps the dev-mode key-encryption key, beside the dev-mode H2 database. */
    static final Path DEV_KEY_FILE = Path.of("data", "dev-key-encryption-key");

    private static final Logger LOG = Logger.getLogger(KeyEncryption.class);

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public KeyEncryption(ValetConfig config) {
        this(config.keys().encryptionKey(), LaunchMode.current() == LaunchMode.DEVELOPMENT, DEV_KEY_FILE);
    }

    /**
     * @param configured the configured key, base64
     * @param devMode whether a missing key may be generated and kept in {@code devKeyFile}
     */
    KeyEncryption(Optional<String> configured, boolean devMode, Path devKeyFile) {
        String encoded = configured.filter(value -> !value.isBlank())
                .orElseGet(() -> devMode ? devKey(devKeyFile) : null);
        if (encoded == null) {
            throw new IllegalStateException("valet.keys.encryption-key is not set: set VALET_KEYS_ENCRYPTION_KEY to a"
                    + " base64 AES key, for example the output of 'openssl rand -base64 32'");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("valet.keys.encryption-key is not valid base64", e);
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalStateException(
                    "valet.keys.encryption-key must decode to 16, 24 or 32 bytes, not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /**
     * Reads the dev-mode key from its file, or creates it. Keeping it in a file next to the H2
     * database lets a restart decrypt the keys stored before.
     */
    private static String devKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String encoded = Base64.getEncoder().encodeToString(raw);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, encoded + "\n", StandardCharsets.US_ASCII);
            restrictToOwner(file);
            LOG.warnf("valet.keys.encryption-key is not set, so dev mode generated one and stored it in %s."
                    + " Production must set VALET_KEYS_ENCRYPTION_KEY.", file);
            return encoded;
        } catch (IOException e) {
            throw new IllegalStateException("Reading or writing the dev-mode key-encryption key " + file + " failed", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the file keeps the default permissions.
        }
    }

    public String encrypt(byte[] plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ciphertext.length)
                    .put(iv).put(ciphertext).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encrypting a private key failed", e);
        }
    }

    /**
     * Decrypts a stored private key.
     *
     * @throws IllegalStateException when the key-encryption key differs from the one that encrypted it
     */
    public byte[] decrypt(String stored) {
        byte[] data = Base64.getDecoder().decode(stored);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            return cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Decrypting a stored signing key failed: is valet.keys.encryption-key"
                    + " the key it was stored with?", e);
        }
    }
}
