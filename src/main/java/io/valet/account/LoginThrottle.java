package io.valet.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.valet.config.ValetConfig;
import io.valet.oauth.Secrets;

/**
 * Counts failed logins per user name and per client address in the database and locks a key
 * that reaches its limit. RFC 6749 §4.3.2 requires protection of the password grant against brute
 * force, and §10.10 against the guessing of resource owner passwords.
 *
 * <p>A key is locked for the configured lockout duration. While it is locked, logins are rejected
 * without checking the password, and those attempts are not counted. The first failure after a
 * lock ended, or after the failure window passed, starts a new count.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    static final String ACCOUNT = "account";
    static final String ADDRESS = "address";

    @Inject
    ValetConfig config;

    @Inject
    Clock clock;

    /** Target of a lock: the user name, or every login from the client address. */
    public enum LockScope {
        ACCOUNT, ADDRESS
    }

    /** An active lock and its end. */
    public record Lock(LockScope scope, Instant until) {
    }

    /** Returns the database key of a user name or an address: the hash of the kind prefix and the value. */
    static String key(String kind, String value) {
        return Secrets.hash(kind + ":" + (value == null ? "" : value));
    }

    /** Returns the lock that blocks a login for this user name from this address, if any. */
    @Transactional
    public Optional<Lock> activeLock(String username, String address) {
        Instant now = clock.instant();
        Optional<Lock> accountLock = lockOf(key(ACCOUNT, username), LockScope.ACCOUNT, now);
        return accountLock.isPresent() ? accountLock : lockOf(key(ADDRESS, address), LockScope.ADDRESS, now);
    }

    private static Optional<Lock> lockOf(String key, LockScope scope, Instant now) {
        LoginFailure row = LoginFailure.findById(key);
        if (row == null || row.lockedUntil == null || !row.lockedUntil.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(new Lock(scope, row.lockedUntil));
    }

    /**
     * Counts a failed login against the user name and the address, in transactions of their own
     * so that the count stays when the caller's transaction rolls back.
     *
     * @return the lock this failure started, if it reached a limit
     */
    public Optional<Lock> recordFailure(String username, String address) {
        Optional<Instant> accountLock = countFailure(key(ACCOUNT, username), ACCOUNT, config.login().maxFailures());
        Optional<Instant> addressLock = countFailure(key(ADDRESS, address), ADDRESS,
                config.login().maxFailuresPerAddress());
        if (accountLock.isPresent()) {
            return Optional.of(new Lock(LockScope.ACCOUNT, accountLock.get()));
        }
        return addressLock.map(until -> new Lock(LockScope.ADDRESS, until));
    }

    /**
     * Forgets the failures of a user name after a successful login. The address count stays, so
     * that an attacker who owns one account cannot reset the count of the address it guesses from.
     */
    @Transactional
    public void recordSuccess(String username) {
        LoginFailure.deleteById(key(ACCOUNT, username));
    }

    private Optional<Instant> countFailure(String key, String kind, int maxFailures) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> increment(key, kind, maxFailures));
        } catch (PersistenceException e) {
            // Another request inserted the first failure of this key at the same moment. Its row
            // exists now, so the second attempt updates that row under the row lock.
            LOG.debugf("Concurrent first failure for a %s key; counting again", kind);
            return QuarkusTransaction.requiringNew().call(() -> increment(key, kind, maxFailures));
        }
    }

    /** Increments the count under a row lock and returns the end of the lock this failure started, if any. */
    private Optional<Instant> increment(String key, String kind, int maxFailures) {
        Instant now = clock.instant();
        LoginFailure row = LoginFailure.findById(key, LockModeType.PESSIMISTIC_WRITE);
        boolean isNew = row == null;
        if (isNew) {
            row = new LoginFailure();
            row.keyHash = key;
            row.kind = kind;
            startCount(row, now);
        } else if (row.lockedUntil != null && row.lockedUntil.isAfter(now)) {
            return Optional.empty();
        } else if (row.lockedUntil != null || row.firstFailureAt.isBefore(now.minus(config.login().failureWindow()))) {
            startCount(row, now);
        }
        row.failures++;
        row.lastFailureAt = now;
        if (row.failures >= maxFailures) {
            row.lockedUntil = now.plus(config.login().lockoutDuration());
        }
        if (isNew) {
            row.persist();
        }
        // Flushing here raises a duplicate key inside the call, where countFailure retries it.
        LoginFailure.flush();
        return Optional.ofNullable(row.lockedUntil);
    }

    private static void startCount(LoginFailure row, Instant now) {
        row.failures = 0;
        row.firstFailureAt = now;
        row.lockedUntil = null;
    }

    /** Deletes counts whose failure window and lock have both ended. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purgeExpired() {
        Instant now = clock.instant();
        Instant windowStart = now.minus(config.login().failureWindow());
        long deleted = QuarkusTransaction.requiringNew().call(() -> LoginFailure.delete(
                "lastFailureAt < ?1 and (lockedUntil is null or lockedUntil < ?2)", windowStart, now));
        if (deleted > 0) {
            LOG.debugf("Purged %d expired login failure counts", deleted);
        }
    }
}
