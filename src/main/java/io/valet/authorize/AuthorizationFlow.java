package io.valet.authorize;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.logging.Logger;

import io.valet.account.Account;
import io.valet.account.BrowserSession;
import io.valet.account.SessionRotated;
import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;
import io.valet.client.ClientRegistry;
import io.valet.client.ClientSnapshot;
import io.valet.config.ValetConfig;
import io.valet.grant.Grant;
import io.valet.grant.GrantService;
import io.valet.grant.TokenAuthorization;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthException;
import io.valet.oauth.RequestParameters;
import io.valet.oauth.Pkce;
import io.valet.oauth.RedirectUris;
import io.valet.oauth.Scope;
import io.valet.oauth.ScopeCatalog;
import io.valet.oauth.Secrets;
import io.valet.token.IssuedAccessToken;
import io.valet.token.TokenIssuance;
import io.valet.web.Pages;

/**
 * The authorization endpoint's logic (RFC 6749 §4.1.1 to §4.1.2): validate the request, wait for
 * login and consent, then send the browser back with a code or an error.
 */
@ApplicationScoped
public class AuthorizationFlow {

    private static final Logger LOG = Logger.getLogger(AuthorizationFlow.class);

    private static final int MAX_STATE_LENGTH = 2000;

    private static final String EXPIRED_TITLE = "Sign-in request expired";
    private static final String EXPIRED_MESSAGE = "This sign-in request has expired or was started in another browser."
            + " Return to the application and start again.";

    @Inject
    ValetConfig config;

    @Inject
    Clock clock;

    @Inject
    ClientRegistry clients;

    @Inject
    GrantService grants;

    @Inject
    ScopeCatalog scopeCatalog;

    @Inject
    AuthorizationCodes codes;

    @Inject
    TokenIssuance issuance;

    @Inject
    AuditLog audit;

    /**
     * Validates a new authorization request and stores it for the given browser session.
     *
     * @throws UntrustedRequestException when the client or redirect URI is unknown
     * @throws AuthorizationErrorRedirect for any other invalid parameter
     */
    @Transactional(dontRollbackOn = AuthorizationErrorRedirect.class)
    public AuthorizationStep begin(MultivaluedMap<String, String> parameters, BrowserSession session) {
        // RFC 6749 §4.1.2.1: check client_id and redirect_uri before anything else,
        // and never redirect to a URI that was not verified.
        ClientSnapshot client = trustedClient(parameters);
        String redirectUri = trustedRedirectUri(parameters, client);

        String responseType = parameters.getFirst("response_type");
        RedirectTarget target = new RedirectTarget(redirectUri, "token".equals(responseType));
        String state = singleOrNull(parameters, "state");
        if (state != null && state.length() > MAX_STATE_LENGTH) {
            throw new AuthorizationErrorRedirect(
                    OAuthException.invalidRequest("state is longer than " + MAX_STATE_LENGTH + " characters"), target, null);
        }
        // RFC 6749 Appendix A.5 limits state to visible ASCII. Valet also returns other printable
        // Unicode unchanged, but rejects control characters, which cannot be stored (NUL) or
        // could split a header (CR, LF).
        if (state != null && state.chars().anyMatch(Character::isISOControl)) {
            throw new AuthorizationErrorRedirect(
                    OAuthException.invalidRequest("state must not contain control characters"), target, null);
        }

        AuthorizationRequest request;
        try {
            request = validate(parameters, client);
        } catch (OAuthException e) {
            LOG.debugf("Authorization request of client %s rejected: %s", client.clientId(), e.error().code());
            throw new AuthorizationErrorRedirect(e, target, state);
        }
        request.id = Secrets.newId();
        request.sessionHash = session.idHash;
        request.redirectUri = redirectUri;
        request.state = state;
        request.createdAt = clock.instant();
        request.expiresAt = request.createdAt.plus(config.session().requestLifetime());
        request.persist();
        return next(request, client, session);
    }

    private ClientSnapshot trustedClient(MultivaluedMap<String, String> parameters) {
        List<String> clientIds = parameters.get("client_id");
        if (clientIds == null || clientIds.size() != 1 || clientIds.get(0).isEmpty()) {
            throw new UntrustedRequestException("Invalid request",
                    "The request must name exactly one client_id.");
        }
        return clients.find(clientIds.get(0)).orElseThrow(() -> new UntrustedRequestException("Unknown application",
                "The application that sent you here is not registered with Valet."));
    }

    private static String trustedRedirectUri(MultivaluedMap<String, String> parameters, ClientSnapshot client) {
        List<String> redirectUris = parameters.get("redirect_uri");
        if (redirectUris == null || redirectUris.size() != 1 || redirectUris.get(0).isEmpty()) {
            throw new UntrustedRequestException("Invalid request",
                    "The request must contain exactly one redirect_uri.");
        }
        // RFC 9700 §4.1.3: exact string comparison, loopback ports excepted (RFC 8252 §7.3)
        if (!RedirectUris.matchesAny(redirectUris.get(0), client.redirectUris())) {
            throw new UntrustedRequestException("Invalid redirect address",
                    "The redirect address in this request is not registered for the application.");
        }
        return redirectUris.get(0);
    }

    private AuthorizationRequest validate(MultivaluedMap<String, String> parameters, ClientSnapshot client) {
        RequestParameters.rejectRepeated(parameters);

        String responseType = parameters.getFirst("response_type");
        validateResponseType(responseType, client);

        Scope scope = requestedScope(parameters.getFirst("scope"), client);

        String challenge = parameters.getFirst("code_challenge");
        String method = parameters.getFirst("code_challenge_method");
        if ("code".equals(responseType)) {
            validatePkce(challenge, method, client);
        }

        AuthorizationRequest request = new AuthorizationRequest();
        request.clientId = client.clientId();
        request.responseType = responseType;
        request.scope = scope.toString();
        request.codeChallenge = challenge;
        return request;
    }

    private void validateResponseType(String responseType, ClientSnapshot client) {
        if (responseType == null || responseType.isEmpty()) {
            throw OAuthException.invalidRequest("response_type is missing");
        }
        if (responseType.equals("token") && !config.legacy().implicitGrantEnabled()) {
            throw new OAuthException(OAuthError.UNSUPPORTED_RESPONSE_TYPE, "the implicit grant is disabled");
        }
        if (!responseType.equals("code") && !responseType.equals("token")) {
            throw new OAuthException(OAuthError.UNSUPPORTED_RESPONSE_TYPE, "response_type must be code");
        }
        String grantType = responseType.equals("code") ? ClientRegistry.AUTHORIZATION_CODE : ClientRegistry.IMPLICIT;
        if (!client.allowsResponseType(responseType) || !client.allowsGrantType(grantType)) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT,
                    "the client is not registered for response_type " + responseType);
        }
    }

    private Scope requestedScope(String value, ClientSnapshot client) {
        Scope allowed = client.allowedScope();
        Scope requested = Scope.parse(value);
        if (requested.isEmpty()) {
            // RFC 6749 §3.3: without a scope parameter, the client's registered scopes apply
            requested = Scope.of(allowed.values().stream().filter(s -> !ScopeCatalog.ADMIN.equals(s)).toList());
        }
        for (String token : requested.values()) {
            if (!scopeCatalog.isKnown(token) || !allowed.contains(token) || ScopeCatalog.ADMIN.equals(token)) {
                throw new OAuthException(OAuthError.INVALID_SCOPE, "scope " + token + " is not allowed for this client");
            }
        }
        if (requested.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_SCOPE, "the client has no scope that a person can grant");
        }
        return requested;
    }

    private static void validatePkce(String challenge, String method, ClientSnapshot client) {
        if (method != null && !method.equals(Pkce.S256)) {
            // RFC 9700 §2.1.1: plain exposes the verifier, so only S256 is accepted
            throw OAuthException.invalidRequest("code_challenge_method must be S256");
        }
        if (challenge == null) {
            if (method != null) {
                throw OAuthException.invalidRequest("code_challenge is missing");
            }
            // RFC 9700 §2.1.1: public clients must use PKCE
            if (client.isPublic()) {
                throw OAuthException.invalidRequest("public clients must send a code_challenge with method S256");
            }
            return;
        }
        if (method == null) {
            // RFC 7636 §4.3: a missing method means plain, which Valet does not accept
            throw OAuthException.invalidRequest("code_challenge_method must be S256");
        }
        if (!Pkce.isValidChallenge(challenge)) {
            throw OAuthException.invalidRequest("code_challenge must be 43 base64url characters");
        }
    }

    /**
     * Continues a stored request after login.
     *
     * @throws UntrustedRequestException when the request expired or belongs to another session
     */
    @Transactional
    public AuthorizationStep resume(String requestId, BrowserSession session) {
        AuthorizationRequest request = findRequest(requestId, session);
        ClientSnapshot client = clients.find(request.clientId).orElseThrow(this::expired);
        return next(request, client, session);
    }

    /** Applies the person's decision on the consent page. */
    @Transactional
    public AuthorizationStep decide(String requestId, BrowserSession session, boolean approved) {
        AuthorizationRequest request = findRequest(requestId, session);
        ClientSnapshot client = clients.find(request.clientId).orElseThrow(this::expired);
        if (!session.isAuthenticated()) {
            return new AuthorizationStep.Login(request.id);
        }
        RedirectTarget target = new RedirectTarget(request.redirectUri, "token".equals(request.responseType));
        if (!approved) {
            request.delete();
            LOG.debugf("Account %s denied client %s", session.accountId, client.clientId());
            return new AuthorizationStep.Redirect(target.with(errorParameters(
                    new OAuthException(OAuthError.ACCESS_DENIED, "the resource owner denied the request"), request.state)));
        }
        Grant grant = grants.approve(session.accountId, client.clientId(), Scope.parse(request.scope));
        LOG.debugf("Account %s approved client %s", session.accountId, client.clientId());
        audit.record(AuditEvent.of(AuditEventType.CONSENT_GRANTED)
                .account(session.accountId)
                .client(client.clientId())
                .detail("scope", request.scope)
                .detail("grant_id", grant.id));
        return finish(request, session, grant);
    }

    private AuthorizationStep next(AuthorizationRequest request, ClientSnapshot client, BrowserSession session) {
        if (!session.isAuthenticated()) {
            return new AuthorizationStep.Login(request.id);
        }
        Scope requested = Scope.parse(request.scope);
        Optional<Grant> grant = grants.find(session.accountId, client.clientId());
        if (grant.isPresent() && Scope.parse(grant.get().scope).containsAll(requested)) {
            return finish(request, session, grant.get());
        }
        Account account = Account.findById(session.accountId);
        List<Pages.ScopeLine> lines = new ArrayList<>();
        for (String token : requested.values()) {
            lines.add(new Pages.ScopeLine(token, scopeCatalog.description(token).orElse(token)));
        }
        return new AuthorizationStep.Consent(request.id, client.clientName(), URI.create(request.redirectUri).getHost(),
                account == null ? "" : account.username, lines);
    }

    private AuthorizationStep finish(AuthorizationRequest request, BrowserSession session, Grant grant) {
        if ("token".equals(request.responseType)) {
            return finishImplicit(request, session, grant);
        }
        RedirectTarget target = new RedirectTarget(request.redirectUri, false);
        String code = codes.issue(request, session.accountId, grant.id, session.authTime);
        request.delete();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code);
        parameters.put("state", request.state);
        // RFC 9207 §2: the iss parameter names the responding server, against mix-up attacks
        parameters.put("iss", config.issuer());
        return new AuthorizationStep.Redirect(target.with(parameters));
    }

    /** RFC 6749 §4.2.2: the access token travels in the fragment, and no refresh token is issued. */
    private AuthorizationStep finishImplicit(AuthorizationRequest request, BrowserSession session, Grant grant) {
        ClientSnapshot client = clients.find(request.clientId).orElseThrow(this::expired);
        Scope scope = Scope.parse(request.scope);
        TokenAuthorization authorization = grants.startAuthorization(Secrets.newId(), grant.id, client.clientId(),
                session.accountId, scope, session.authTime, issuance.accessTokenLifetime(client));
        IssuedAccessToken token = issuance.issueImplicit(client, authorization);
        request.delete();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("access_token", token.value());
        parameters.put("token_type", "Bearer");
        parameters.put("expires_in", Long.toString(token.expiresIn()));
        parameters.put("scope", scope.toString());
        parameters.put("state", request.state);
        parameters.put("iss", config.issuer());
        return new AuthorizationStep.Redirect(new RedirectTarget(request.redirectUri, true).with(parameters));
    }

    /** Builds the error parameters of RFC 6749 §4.1.2.1, with the issuer of RFC 9207. */
    public Map<String, String> errorParameters(OAuthException error, String state) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error.error().code());
        parameters.put("error_description", error.description());
        parameters.put("state", state);
        parameters.put("iss", config.issuer());
        return parameters;
    }

    private AuthorizationRequest findRequest(String requestId, BrowserSession session) {
        if (requestId == null || session == null || requestId.length() > 64) {
            throw expired();
        }
        AuthorizationRequest request = AuthorizationRequest.findById(requestId);
        Instant now = clock.instant();
        if (request == null || !Secrets.constantTimeEquals(request.sessionHash, session.idHash)
                || request.expiresAt.isBefore(now)) {
            throw expired();
        }
        return request;
    }

    private UntrustedRequestException expired() {
        return new UntrustedRequestException(EXPIRED_TITLE, EXPIRED_MESSAGE);
    }

    private static String singleOrNull(MultivaluedMap<String, String> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    /** Moves pending requests to the session that a login created. */
    @Transactional
    void followRotatedSession(@Observes SessionRotated rotation) {
        AuthorizationRequest.update("sessionHash = ?1 where sessionHash = ?2",
                rotation.newSessionHash(), rotation.oldSessionHash());
    }
}
