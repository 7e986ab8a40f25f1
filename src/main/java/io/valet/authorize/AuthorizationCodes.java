package io.valet.authorize;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.valet.config.ValetConfig;
import io.valet.oauth.Scope;
import io.valet.oauth.Secrets;

/**
 * Issues authorization codes and redeems each at most once, through a conditional update.
 */
@ApplicationScoped
public class AuthorizationCodes {

    @Inject
    ValetConfig config;

    @Inject
    Clock clock;

    /** Stores a new code bound to the request's client, redirect URI and PKCE challenge, and returns its value. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String issue(AuthorizationRequest request, String accountId, String grantId, Instant authTime) {
        String value = Secrets.newValue();
        AuthorizationCode code = new AuthorizationCode();
        code.codeHash = Secrets.hash(value);
        code.clientId = request.clientId;
        code.accountId = accountId;
        code.grantId = grantId;
        code.redirectUri = request.redirectUri;
        code.scope = Scope.parse(request.scope).toString();
        code.codeChallenge = request.codeChallenge;
        code.authTime = authTime;
        code.expiresAt = clock.instant().plus(config.token().codeLifetime());
        code.persist();
        return value;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<AuthorizationCode> find(String value) {
        if (value == null || value.isEmpty() || value.length() > 200) {
            return Optional.empty();
        }
        return AuthorizationCode.findByIdOptional(Secrets.hash(value));
    }

    /**
     * Marks a code used and records the authorization its redemption starts. RFC 6749 §4.1.2:
     * a code is used once. The conditional update makes this hold when two redemptions race:
     * the database lets exactly one of them change the row.
     *
     * @return true for the one caller that redeemed the code
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markUsed(AuthorizationCode code, String authorizationId) {
        int updated = AuthorizationCode.update("usedAt = ?1, authorizationId = ?2 where codeHash = ?3 and usedAt is null",
                clock.instant(), authorizationId, code.codeHash);
        return updated == 1;
    }

    /** Reads the authorization that a used code started, as committed by whichever request redeemed it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> authorizationStartedBy(AuthorizationCode code) {
        return AuthorizationCode.getEntityManager()
                .createQuery("select c.authorizationId from AuthorizationCode c where c.codeHash = ?1", String.class)
                .setParameter(1, code.codeHash)
                .getResultStream()
                .filter(id -> id != null)
                .findFirst();
    }
}
