package io.valet.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A key pair that signs access tokens. The private key is stored encrypted (AES-GCM).
 */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    @Id
    public String kid;

    /** JWS algorithm: RS256 or ES256. */
    public String algorithm;

    /** X.509 SubjectPublicKeyInfo, base64. */
    @Column(name = "public_key")
    public String publicKey;

    /** PKCS#8 private key encrypted with the key-encryption key, base64 of IV followed by ciphertext. */
    @Column(name = "private_key")
    public String privateKey;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Time from which the key signs; it is published in /jwks before then. */
    @Column(name = "activates_at")
    public Instant activatesAt;

    /** Time from which the key no longer signs, or null while it is current. */
    @Column(name = "retires_at")
    public Instant retiresAt;
}
