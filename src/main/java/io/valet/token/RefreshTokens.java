package io.valet.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.valet.oauth.Scope;
import io.valet.oauth.Secrets;

/**
 * Stores refresh tokens by hash and marks each one used at most once, through a conditional update.
 */
@ApplicationScoped
public class RefreshTokens {

    @Inject
    Clock clock;

    /** Stores a new refresh token and returns its value, which is shown to the client once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String issue(String authorizationId, String clientId, Scope scope, Instant expiresAt) {
        String value = Secrets.newValue();
        RefreshToken token = new RefreshToken();
        token.tokenHash = Secrets.hash(value);
        token.authorizationId = authorizationId;
        token.clientId = clientId;
        token.scope = scope.toString();
        token.issuedAt = clock.instant();
        token.expiresAt = expiresAt;
        token.persist();
        return value;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RefreshToken> find(String value) {
        if (value == null || value.isEmpty() || value.length() > 200) {
            return Optional.empty();
        }
        return RefreshToken.findByIdOptional(Secrets.hash(value));
    }

    /**
     * Marks a refresh token used. The conditional update lets exactly one of two racing
     * refresh requests succeed.
     *
     * @return true for the one caller that used the token
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markUsed(RefreshToken token) {
        return RefreshToken.update("usedAt = ?1 where tokenHash = ?2 and usedAt is null",
                clock.instant(), token.tokenHash) == 1;
    }
}
