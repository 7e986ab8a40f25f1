package io.valet.token;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;
import io.valet.authorize.AuthorizationCode;
import io.valet.authorize.AuthorizationCodes;
import io.valet.client.ClientRegistry;
import io.valet.client.ClientSnapshot;
import io.valet.grant.Grant;
import io.valet.grant.GrantService;
import io.valet.grant.TokenAuthorization;
import io.valet.oauth.OAuthException;
import io.valet.oauth.Pkce;
import io.valet.oauth.Scope;
import io.valet.oauth.Secrets;

/**
 * The authorization code grant (RFC 6749 §4.1.3) with PKCE (RFC 7636 §4.6).
 */
@ApplicationScoped
public class AuthorizationCodeGrant implements GrantHandler {

    private static final Logger LOG = Logger.getLogger(AuthorizationCodeGrant.class);

    private static final String INVALID_CODE = "the authorization code is invalid, expired or already used";

    @Inject
    AuthorizationCodes codes;

    @Inject
    GrantService grants;

    @Inject
    TokenIssuance issuance;

    @Inject
    Clock clock;

    @Inject
    AuditLog audit;

    @Override
    public String grantType() {
        return ClientRegistry.AUTHORIZATION_CODE;
    }

    // A replay's revocation must commit even though the request fails.
    @Override
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenResponse handle(TokenRequest request, ClientSnapshot client) {
        String value = TokenRequest.required(request.code(), "code");
        String redirectUri = TokenRequest.required(request.redirectUri(), "redirect_uri");

        AuthorizationCode code = codes.find(value).orElseThrow(() -> OAuthException.invalidGrant(INVALID_CODE));

        if (code.usedAt != null) {
            revokeReplayed(code, client);
        }

        // RFC 6749 §4.1.3: the code must have been issued to this client, for this redirect_uri
        if (!code.clientId.equals(client.clientId())) {
            LOG.debugf("Client %s presented a code issued to another client", client.clientId());
            throw OAuthException.invalidGrant(INVALID_CODE);
        }

        if (code.expiresAt.isBefore(clock.instant())) {
            throw OAuthException.invalidGrant(INVALID_CODE);
        }

        if (!redirectUri.equals(code.redirectUri)) {
            throw OAuthException.invalidGrant("redirect_uri differs from the one in the authorization request");
        }

        checkVerifier(code, request.codeVerifier());

        String authorizationId = Secrets.newId();
        if (!codes.markUsed(code, authorizationId)) {
            // Another request redeemed the code first.
            revokeReplayed(code, client);
        }

        // The owner may have revoked the grant after the code was issued.
        Optional<Grant> grant = grants.findById(code.grantId);
        Scope scope = Scope.parse(code.scope);
        if (grant.isEmpty() || !Scope.parse(grant.get().scope).containsAll(scope)) {
            throw OAuthException.invalidGrant("the resource owner revoked this authorization");
        }

        TokenAuthorization authorization = grants.startAuthorization(authorizationId, code.grantId, client.clientId(),
                code.accountId, scope, code.authTime, issuance.refreshAbsoluteLifetime(client));
        LOG.debugf("Client %s redeemed a code for account %s", client.clientId(), code.accountId);
        return issuance.issue(grantType(), client, authorization, scope, scope);
    }

    private static void checkVerifier(AuthorizationCode code, String verifier) {
        if (code.codeChallenge == null) {
            // RFC 9700 §4.8.2: a verifier for a code issued without a challenge is rejected
            if (verifier != null) {
                throw OAuthException.invalidGrant("code_verifier sent for a code issued without code_challenge");
            }
            return;
        }
        // RFC 7636 §4.6: the verifier must hash to the challenge of the authorization request
        if (verifier == null || !Pkce.verify(verifier, code.codeChallenge)) {
            throw OAuthException.invalidGrant("code_verifier is missing or does not match the code_challenge");
        }
    }

    /** RFC 6749 §4.1.2: a code presented twice revokes the tokens issued from it. */
    private void revokeReplayed(AuthorizationCode code, ClientSnapshot client) {
        Optional<String> authorizationId = codes.authorizationStartedBy(code);
        LOG.warnf("Authorization code replayed by client %s; revoking authorization %s", client.clientId(),
                authorizationId.orElse("(none)"));
        authorizationId.ifPresent(grants::revokeAuthorization);
        audit.record(AuditEvent.of(AuditEventType.CODE_REPLAY)
                .account(code.accountId)
                .client(client.clientId())
                .detail("code_client_id", code.clientId)
                .detail("revoked_authorization_id", authorizationId.orElse(null)));
        throw OAuthException.invalidGrant(INVALID_CODE);
    }
}
