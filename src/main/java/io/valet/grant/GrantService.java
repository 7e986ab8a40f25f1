package io.valet.grant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;
import io.valet.client.AccessTokenLifetimes;
import io.valet.config.ValetConfig;
import io.valet.oauth.Scope;
import io.valet.oauth.Secrets;
import io.valet.revocation.RevocationKind;
import io.valet.revocation.RevocationRegistry;

/**
 * Consent grants and the token authorizations issued under them, including their revocation.
 */
@ApplicationScoped
public class GrantService {

    private static final Logger LOG = Logger.getLogger(GrantService.class);

    @Inject
    Clock clock;

    @Inject
    ValetConfig config;

    @Inject
    RevocationRegistry revocations;

    @Inject
    AuditLog audit;

    @Inject
    AccessTokenLifetimes lifetimes;

    @Transactional
    public Optional<Grant> find(String accountId, String clientId) {
        return Grant.find("accountId = ?1 and clientId = ?2", accountId, clientId).firstResultOptional();
    }

    @Transactional
    public Optional<Grant> findById(String grantId) {
        return Grant.findByIdOptional(grantId);
    }

    /** Records an approval, adding the scopes to any the account approved for this client before. */
    @Transactional
    public Grant approve(String accountId, String clientId, Scope scope) {
        Instant now = clock.instant();
        Grant grant = find(accountId, clientId).orElse(null);
        if (grant == null) {
            grant = new Grant();
            grant.id = Secrets.newId();
            grant.accountId = accountId;
            grant.clientId = clientId;
            grant.scope = scope.toString();
            grant.createdAt = now;
        } else {
            grant.scope = Scope.parse(grant.scope).union(scope).toString();
        }
        grant.updatedAt = now;
        grant.persist();
        return grant;
    }

    @Transactional
    public List<Grant> listForAccount(String accountId) {
        return Grant.list("accountId = ?1 order by updatedAt desc", accountId);
    }

    /**
     * Starts a token authorization: the chain of tokens that one code or password request begins.
     *
     * @param absoluteLifetime how long refresh tokens of the chain may be used at most
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TokenAuthorization startAuthorization(String id, String grantId, String clientId, String accountId,
            Scope scope, Instant authTime, Duration absoluteLifetime) {
        Instant now = clock.instant();
        TokenAuthorization authorization = new TokenAuthorization();
        authorization.id = id;
        authorization.grantId = grantId;
        authorization.clientId = clientId;
        authorization.accountId = accountId;
        authorization.scope = scope.toString();
        authorization.authTime = authTime;
        authorization.createdAt = now;
        authorization.expiresAt = now.plus(absoluteLifetime);
        authorization.persist();
        return authorization;
    }

    @Transactional
    public Optional<TokenAuthorization> findAuthorization(String id) {
        return id == null ? Optional.empty() : TokenAuthorization.findByIdOptional(id);
    }

    /**
     * Revokes one token authorization: its refresh tokens stop working, and resource servers
     * reject its access tokens from their next revocation poll on.
     */
    @Transactional
    public void revokeAuthorization(String authorizationId) {
        Instant now = clock.instant();
        TokenAuthorization.update("revokedAt = ?1 where id = ?2 and revokedAt is null", now, authorizationId);
        // Access tokens of the chain live at most the longest access token lifetime from now.
        revocations.revoke(RevocationKind.AUTHORIZATION, authorizationId, now.plus(lifetimes.max()));
    }

    /** Revokes a grant and every authorization issued under it. The next authorization request shows the consent page again. */
    @Transactional
    public boolean revokeGrant(String accountId, String grantId) {
        Grant grant = Grant.findById(grantId);
        if (grant == null || !grant.accountId.equals(accountId)) {
            return false;
        }
        List<TokenAuthorization> authorizations = TokenAuthorization.list("grantId = ?1 and revokedAt is null", grantId);
        for (TokenAuthorization authorization : authorizations) {
            revokeAuthorization(authorization.id);
        }
        grant.delete();
        audit.record(AuditEvent.of(AuditEventType.CONSENT_REVOKED)
                .account(accountId)
                .client(grant.clientId)
                .detail("grant_id", grantId)
                .detail("revoked_authorizations", authorizations.size()));
        LOG.infof("Account %s revoked grant %s of client %s (%d authorizations)", accountId, grantId,
                grant.clientId, authorizations.size());
        return true;
    }

    /**
     * Revokes everything a deleted client holds: its grants, their authorizations, and, through a
     * client revocation entry, its client_credentials tokens too.
     */
    @Transactional
    public void revokeAllForClient(String clientId) {
        for (TokenAuthorization authorization : TokenAuthorization.<TokenAuthorization>list(
                "clientId = ?1 and revokedAt is null", clientId)) {
            revokeAuthorization(authorization.id);
        }
        Grant.delete("clientId", clientId);
        revocations.revoke(RevocationKind.CLIENT, clientId, clock.instant().plus(lifetimes.max()));
    }

    /** Revokes every grant and authorization of a deleted account. */
    @Transactional
    public void revokeAllForAccount(String accountId) {
        for (TokenAuthorization authorization : TokenAuthorization.<TokenAuthorization>list(
                "accountId = ?1 and revokedAt is null", accountId)) {
            revokeAuthorization(authorization.id);
        }
        Grant.delete("accountId", accountId);
    }
}
