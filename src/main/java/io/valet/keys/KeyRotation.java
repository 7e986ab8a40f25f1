package io.valet.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.valet.client.AccessTokenLifetimes;
import io.valet.config.ValetConfig;
import io.valet.oauth.Secrets;

/**
 * Creates, rotates and deletes signing keys in the shared database. Every replica runs the same
 * check, and a row lock on {@code signing_key_lock} serializes them, so only one creates each key.
 *
 * <p>A key's life: it is published in /jwks from its creation, signs from {@code activatesAt},
 * stops signing at {@code retiresAt} (the next key's {@code activatesAt}), stays published while
 * tokens it signed may still be accepted, and is then deleted.
 */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class);

    @Inject
    ValetConfig config;

    @Inject
    KeyEncryption encryption;

    @Inject
    Clock clock;

    @Inject
    AccessTokenLifetimes lifetimes;

    @Inject
    SigningKeys signingKeys;

    void createOrLoadAtStartup(@Observes StartupEvent event) {
        String algorithm = config.token().signingAlgorithm();
        if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
            throw new IllegalStateException("valet.token.signing-algorithm must be RS256 or ES256, not " + algorithm);
        }
        Duration interval = config.keys().rotationInterval();
        Duration leadTime = config.keys().publicationLeadTime();
        if (leadTime.isNegative() || leadTime.compareTo(interval) >= 0) {
            throw new IllegalStateException("valet.keys.publication-lead-time (" + leadTime
                    + ") must be shorter than valet.keys.rotation-interval (" + interval + ")");
        }
        ensureCurrentKey(algorithm);
        signingKeys.reload();
    }

    /**
     * Creates a key that signs at once when no key of the algorithm signs now: on the first start,
     * or after the configured algorithm changed. No resource server can hold a token of the new key
     * yet, so it needs no publication ahead of use.
     */
    void ensureCurrentKey(String algorithm) {
        QuarkusTransaction.requiringNew().run(() -> {
            lockKeys();
            Instant now = clock.instant();
            if (findSigning(algorithm, now).isEmpty()) {
                createSigningNow(algorithm, now);
            }
        });
    }

    /** Creates the next key when it is due, deletes keys no token can need, and re-reads the keys. */
    @Scheduled(identity = "signing-key-check", every = "${valet.keys.check-interval}",
            delayed = "${valet.keys.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        rotateIfDue();
        deleteExpired();
        signingKeys.reload();
    }

    /**
     * Publishes the next key once the current one is within the publication lead time of its
     * rotation, and sets the current key to retire when the next one activates. Both replicas
     * therefore switch at the same instant, give or take their clock difference.
     */
    void rotateIfDue() {
        String algorithm = config.token().signingAlgorithm();
        Duration interval = config.keys().rotationInterval();
        Duration leadTime = config.keys().publicationLeadTime();
        QuarkusTransaction.requiringNew().run(() -> {
            lockKeys();
            Instant now = clock.instant();
            Optional<SigningKey> current = findSigning(algorithm, now);
            if (current.isEmpty()) {
                createSigningNow(algorithm, now);
                return;
            }
            if (SigningKey.count("algorithm = ?1 and activatesAt > ?2", algorithm, now) > 0) {
                return;
            }

            Instant due = current.get().activatesAt.plus(interval);
            if (now.isBefore(due.minus(leadTime))) {
                return;
            }

            // A replica that checks late still publishes the key a full lead time before it signs.
            Instant earliest = now.plus(leadTime);
            Instant activatesAt = due.isAfter(earliest) ? due : earliest;
            SigningKey next = generate(algorithm, activatesAt);
            next.persist();
            current.get().retiresAt = activatesAt;
            LOG.infof("Published signing key %s (%s); it replaces %s at %s", next.kid, algorithm,
                    current.get().kid, activatesAt);
        });
    }

    /** Deletes retired keys once every token they signed has expired. */
    void deleteExpired() {
        Instant cutoff = clock.instant().minus(lifetimes.maxValidity());
        long deleted = QuarkusTransaction.requiringNew().call(() -> SigningKey.delete("retiresAt < ?1", cutoff));
        if (deleted > 0) {
            LOG.infof("Deleted %d signing keys retired before %s", deleted, cutoff);
        }
    }

    private void createSigningNow(String algorithm, Instant now) {
        SigningKey key = generate(algorithm, now);
        key.persist();
        // Keys of another algorithm stop signing now and are deleted once their tokens have expired.
        SigningKey.update("retiresAt = ?1 where algorithm <> ?2 and retiresAt is null", now, algorithm);
        LOG.infof("Created signing key %s (%s)", key.kid, algorithm);
    }

    /**
     * Returns the key that signs now. The lock keeps two keys from activating at the same instant,
     * so the kid order only makes the query deterministic.
     */
    private static Optional<SigningKey> findSigning(String algorithm, Instant now) {
        return SigningKey.<SigningKey>find("algorithm = ?1 and activatesAt <= ?2 and (retiresAt is null or retiresAt > ?2)"
                + " order by activatesAt desc, kid desc", algorithm, now).firstResultOptional();
    }

    /** Blocks until no other replica is creating or retiring keys; the lock ends with the transaction. */
    private static void lockKeys() {
        SigningKey.getEntityManager()
                .createNativeQuery("select id from signing_key_lock where id = 1 for update")
                .getSingleResult();
    }

    private SigningKey generate(String algorithm, Instant activatesAt) {
        KeyPair pair;
        try {
            if (algorithm.equals("ES256")) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                pair = generator.generateKeyPair();
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Generating a " + algorithm + " key failed", e);
        }
        SigningKey key = new SigningKey();
        key.kid = Secrets.newId();
        key.algorithm = algorithm;
        key.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        key.privateKey = encryption.encrypt(pair.getPrivate().getEncoded());
        key.createdAt = clock.instant();
        key.activatesAt = activatesAt;
        return key;
    }
}
