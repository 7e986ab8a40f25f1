package io.valet.account;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;

/**
 * Password logins of the login form and the password grant, with brute-force protection, an
 * audit event for each outcome, and the login failure counter.
 */
@ApplicationScoped
public class LoginService {

    /** Micrometer name of the failed login counter, tagged with {@code reason} and {@code method}. */
    public static final String FAILURE_COUNTER = "valet.login.failures";

    @Inject
    AccountService accounts;

    @Inject
    LoginThrottle throttle;

    @Inject
    AuditLog audit;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    /** Entry point of the password, named as the audit log and the metrics tag it. */
    public enum Method {
        LOGIN_FORM("login_form"), PASSWORD_GRANT("password_grant");

        private final String tag;

        Method(String tag) {
            this.tag = tag;
        }
    }

    /**
     * A login attempt. The password is not part of {@link #toString()}.
     *
     * @param clientId the client of a password grant, or null on the login form
     */
    public record Attempt(String username, String password, String address, String clientId, Method method) {
        @Override
        public String toString() {
            return "Attempt[" + method + ", client=" + clientId + "]";
        }
    }

    /** Outcome of a login attempt. */
    public sealed interface Outcome {
    }

    public record Success(Account account) implements Outcome {
    }

    public record InvalidCredentials() implements Outcome {
    }

    /** The user name or the address is locked; the password was checked only if this attempt started the lock. */
    public record Locked(LoginThrottle.LockScope scope, Duration retryAfter) implements Outcome {
    }

    public Outcome logIn(Attempt attempt) {
        Optional<LoginThrottle.Lock> lock = throttle.activeLock(attempt.username(), attempt.address());
        if (lock.isPresent()) {
            countFailure(attempt, "locked");
            audit.record(event(AuditEventType.LOGIN_FAILURE, attempt, null).detail("reason", "locked")
                    .detail("lock", lowerCase(lock.get().scope())));
            return locked(lock.get());
        }

        AccountService.PasswordCheck check = accounts.authenticate(attempt.username(), attempt.password());
        String accountId = check.knownAccountId().orElse(null);
        if (check.account().isPresent()) {
            throttle.recordSuccess(attempt.username());
            audit.record(event(AuditEventType.LOGIN_SUCCESS, attempt, accountId));
            return new Success(check.account().get());
        }

        countFailure(attempt, "invalid_credentials");
        audit.record(event(AuditEventType.LOGIN_FAILURE, attempt, accountId).detail("reason", "invalid_credentials"));
        Optional<LoginThrottle.Lock> started = throttle.recordFailure(attempt.username(), attempt.address());
        if (started.isEmpty()) {
            return new InvalidCredentials();
        }
        audit.record(event(AuditEventType.ACCOUNT_LOCKED, attempt, accountId)
                .detail("lock", lowerCase(started.get().scope()))
                .detail("locked_until", started.get().until().toString()));
        return locked(started.get());
    }

    private Locked locked(LoginThrottle.Lock lock) {
        Duration remaining = Duration.between(clock.instant(), lock.until());
        return new Locked(lock.scope(), remaining.isNegative() ? Duration.ZERO : remaining);
    }

    private static AuditEvent event(AuditEventType type, Attempt attempt, String accountId) {
        return AuditEvent.of(type).account(accountId).client(attempt.clientId()).detail("method", attempt.method().tag);
    }

    private void countFailure(Attempt attempt, String reason) {
        meters.counter(FAILURE_COUNTER, "reason", reason, "method", attempt.method().tag).increment();
    }

    private static String lowerCase(LoginThrottle.LockScope scope) {
        return scope.name().toLowerCase(Locale.ROOT);
    }

    /** Returns the whole seconds to wait, rounded up, for a Retry-After header (RFC 9110 §10.2.3). */
    public static long secondsToWait(Duration retryAfter) {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** Returns the whole minutes a person has to wait, rounded up, for the login page. */
    public static long minutesToWait(Duration retryAfter) {
        return Math.max(1, (secondsToWait(retryAfter) + 59) / 60);
    }
}
