package io.valet.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.NewCookie;

import io.valet.config.ValetConfig;
import io.valet.oauth.Secrets;

/**
 * Browser sessions backed by the database, and the cookie that carries their id.
 */
@ApplicationScoped
public class Sessions {

    /** Name of the browser session cookie. */
    public static final String COOKIE = "valet_session";

    @Inject
    ValetConfig config;

    @Inject
    Clock clock;

    @Inject
    Event<SessionRotated> rotations;

    /** A session together with the cookie value that names it; the value is never stored. */
    public record OpenSession(BrowserSession session, String cookieValue) {
        @Override
        public String toString() {
            return "OpenSession[" + session + "]";
        }
    }

    /** Returns the unexpired session named by a cookie value, if any. */
    @Transactional
    public Optional<BrowserSession> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        BrowserSession session = BrowserSession.findById(Secrets.hash(cookieValue));
        if (session == null || session.expiresAt.isBefore(clock.instant())) {
            return Optional.empty();
        }
        // A session whose account was deleted is worth nothing; it is removed here too, in case
        // the deletion raced with a login.
        if (session.accountId != null && Account.findById(session.accountId) == null) {
            session.delete();
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Returns the session named by the cookie, or starts an anonymous one. */
    @Transactional
    public OpenSession findOrStart(String cookieValue) {
        return find(cookieValue)
                .map(session -> new OpenSession(session, cookieValue))
                .orElseGet(() -> start(null, null));
    }

    private OpenSession start(String accountId, Instant authTime) {
        String value = Secrets.newValue();
        Instant now = clock.instant();
        BrowserSession session = new BrowserSession();
        session.idHash = Secrets.hash(value);
        session.csrfToken = Secrets.newValue();
        session.accountId = accountId;
        session.authTime = authTime;
        session.createdAt = now;
        session.expiresAt = now.plus(accountId == null ? config.session().requestLifetime() : config.session().lifetime());
        session.persist();
        return new OpenSession(session, value);
    }

    /**
     * Replaces a session with a new, logged-in one. A new id after login keeps an id planted
     * before login (session fixation) from gaining the account.
     */
    @Transactional
    public OpenSession logIn(BrowserSession previous, Account account) {
        OpenSession next = start(account.id, clock.instant());
        if (previous != null) {
            BrowserSession.deleteById(previous.idHash);
            rotations.fire(new SessionRotated(previous.idHash, next.session().idHash));
        }
        return next;
    }

    @Transactional
    public void logOut(BrowserSession session) {
        BrowserSession.deleteById(session.idHash);
    }

    /** Checks a form's CSRF token against the session's in constant time. */
    public boolean isValidCsrfToken(BrowserSession session, String presented) {
        return session != null && Secrets.constantTimeEquals(session.csrfToken, presented);
    }

    public NewCookie cookie(String value) {
        return new NewCookie.Builder(COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(config.issuer().startsWith("https://"))
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }
}
