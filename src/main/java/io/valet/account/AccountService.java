package io.valet.account;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.valet.oauth.Secrets;

/**
 * Creates accounts and checks their passwords.
 */
@ApplicationScoped
public class AccountService {

    public static final int MAX_USERNAME_LENGTH = 100;
    public static final int MIN_PASSWORD_LENGTH = 8;
    public static final int MAX_PASSWORD_LENGTH = 200;

    @Inject
    PasswordHasher hasher;

    @Inject
    Clock clock;

    /** Thrown when an account with the requested user name exists. */
    public static class UsernameTakenException extends RuntimeException {
        public UsernameTakenException(String username) {
            super("An account named '" + username + "' already exists", null, false, false);
        }
    }

    /**
     * Creates an account.
     *
     * @throws IllegalArgumentException when the user name or password breaks the length rules
     * @throws UsernameTakenException when the user name is taken
     */
    @Transactional
    public Account create(String username, String password) {
        if (username == null || username.isBlank() || username.length() > MAX_USERNAME_LENGTH
                || !username.equals(username.strip()) || hasControlCharacter(username)) {
            throw new IllegalArgumentException("username must be 1 to " + MAX_USERNAME_LENGTH
                    + " characters without control characters or leading and trailing spaces");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH
                || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("password must be " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters without NUL");
        }
        if (Account.findByUsername(username).isPresent()) {
            throw new UsernameTakenException(username);
        }
        Account account = new Account();
        account.id = Secrets.newId();
        account.username = username;
        account.passwordHash = hasher.hash(password);
        account.createdAt = clock.instant();
        account.persist();
        return account;
    }

    /** Sets a new password, for the demo account whose password comes from configuration. */
    @Transactional
    public void setPassword(Account account, String password) {
        Account managed = Account.findById(account.id);
        managed.passwordHash = hasher.hash(password);
    }

    /**
     * The result of a password check: the account when the password is right, and the id of the
     * account the user name belongs to, if any, for the audit log.
     */
    public record PasswordCheck(Optional<Account> account, Optional<String> knownAccountId) {
        static PasswordCheck failed(Optional<Account> known) {
            return new PasswordCheck(Optional.empty(), known.map(found -> found.id));
        }
    }

    /**
     * Checks a user name and password. An unknown user name costs the same hashing time as a
     * known one.
     */
    @Transactional
    public PasswordCheck authenticate(String username, String password) {
        if (username == null || password == null || username.length() > MAX_USERNAME_LENGTH
                || password.length() > MAX_PASSWORD_LENGTH || hasControlCharacter(username)) {
            hasher.matchDummy(password == null ? "" : password);
            return PasswordCheck.failed(Optional.empty());
        }
        Optional<Account> account = Account.findByUsername(username);
        if (account.isEmpty()) {
            hasher.matchDummy(password);
            return PasswordCheck.failed(Optional.empty());
        }
        if (!hasher.matches(password, account.get().passwordHash)) {
            return PasswordCheck.failed(account);
        }
        return new PasswordCheck(account, account.map(found -> found.id));
    }

    private static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    @Transactional
    public List<Account> list() {
        return Account.list("order by username");
    }

    @Transactional
    public Optional<Account> findByUsername(String username) {
        if (username == null || hasControlCharacter(username)) {
            return Optional.empty();
        }
        return Account.findByUsername(username);
    }

    @Transactional
    public Optional<Account> findById(String id) {
        return Account.findByIdOptional(id);
    }

    @Transactional
    public boolean delete(String username) {
        Optional<Account> account = findByUsername(username);
        if (account.isEmpty()) {
            return false;
        }
        // Its browser sessions end with it, or they could go on approving clients for it.
        BrowserSession.delete("accountId", account.get().id);
        account.get().delete();
        return true;
    }
}
