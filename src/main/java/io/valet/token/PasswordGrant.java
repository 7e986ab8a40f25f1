package io.valet.token;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.valet.account.LoginService;
import io.valet.client.ClientRegistry;
import io.valet.client.ClientSnapshot;
import io.valet.config.ValetConfig;
import io.valet.grant.Grant;
import io.valet.grant.GrantService;
import io.valet.grant.TokenAuthorization;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthException;
import io.valet.oauth.Scope;
import io.valet.oauth.ScopeCatalog;
import io.valet.oauth.Secrets;

/**
 * The resource owner password credentials grant (RFC 6749 §4.3), kept for clients migrating from
 * older providers. RFC 9700 §2.4 forbids it for new designs, so it is off unless the server
 * enables it and the client registers it. The tokens are recorded as a grant, so the owner
 * sees and can revoke them on the connected applications page.
 */
@ApplicationScoped
public class PasswordGrant implements GrantHandler {

    private static final Logger LOG = Logger.getLogger(PasswordGrant.class);

    @Inject
    ValetConfig config;

    @Inject
    LoginService logins;

    @Inject
    GrantService grants;

    @Inject
    TokenIssuance issuance;

    @Inject
    Clock clock;

    @Override
    public String grantType() {
        return ClientRegistry.PASSWORD;
    }

    @Override
    public boolean isEnabled() {
        return config.legacy().passwordGrantEnabled();
    }

    @Override
    @Transactional
    public TokenResponse handle(TokenRequest request, ClientSnapshot client) {
        String username = TokenRequest.required(request.username(), "username");
        String password = TokenRequest.required(request.password(), "password");

        Scope scope = requestedScope(request.scope(), client);

        LoginService.Outcome outcome = logins.logIn(new LoginService.Attempt(username, password,
                request.clientAddress(), client.clientId(), LoginService.Method.PASSWORD_GRANT));
        if (outcome instanceof LoginService.Locked) {
            // RFC 6749 §5.2 has no code for a lock, so invalid_grant is used, as for invalid resource
            // owner credentials. The text is the same for known and unknown user names.
            throw OAuthException.invalidGrant("too many failed logins for this user name or client address;"
                    + " try again later");
        }
        if (!(outcome instanceof LoginService.Success success)) {
            LOG.debugf("Password grant failed for client %s", client.clientId());
            throw OAuthException.invalidGrant("the resource owner credentials are invalid");
        }

        String accountId = success.account().id;
        Grant grant = grants.approve(accountId, client.clientId(), scope);
        TokenAuthorization authorization = grants.startAuthorization(Secrets.newId(), grant.id, client.clientId(),
                accountId, scope, clock.instant(), issuance.refreshAbsoluteLifetime(client));
        return issuance.issue(grantType(), client, authorization, scope, scope);
    }

    private static Scope requestedScope(String value, ClientSnapshot client) {
        Scope allowed = client.allowedScope();
        Scope requested = Scope.parse(value);
        if (requested.isEmpty()) {
            requested = Scope.of(allowed.values().stream().filter(s -> !ScopeCatalog.ADMIN.equals(s)).toList());
        }
        if (!allowed.containsAll(requested) || requested.contains(ScopeCatalog.ADMIN) || requested.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_SCOPE, "the requested scope is not allowed for this client");
        }
        return requested;
    }
}
