package io.valet.interop;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;

/**
 * Runs the Nimbus OAuth 2.0 SDK, a client library written outside this project, against Valet
 * unchanged. The SDK finds every endpoint in Valet's RFC 8414 metadata, and only the login and
 * consent pages in between are filled in by the test's {@link Browser}.
 */
@QuarkusTest
class NimbusClientTest {

    private static final URI REDIRECT_URI = URI.create(Fixtures.REDIRECT_URI);
    private static final Scope SCOPE = new Scope("contacts:read", "profile");

    private AuthorizationServerMetadata metadata;
    private ClientInformation client;
    private ClientSecretBasic clientAuthentication;

    @BeforeEach
    void discoverAndRegister() throws Exception {
        metadata = AuthorizationServerMetadata.resolve(new Issuer(Fixtures.ISSUER));

        ClientMetadata clientMetadata = new ClientMetadata();
        clientMetadata.setName("Nimbus SDK client");
        clientMetadata.setRedirectionURI(REDIRECT_URI);
        clientMetadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        clientMetadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        clientMetadata.setScope(SCOPE);
        HTTPResponse registration = new ClientRegistrationRequest(metadata.getRegistrationEndpointURI(),
                clientMetadata, null).toHTTPRequest().send();
        ClientRegistrationResponse parsed = ClientRegistrationResponse.parse(registration);
        assertTrue(parsed.indicatesSuccess(), registration.getBody());
        client = ((ClientInformationResponse) parsed).getClientInformation();
        clientAuthentication = new ClientSecretBasic(client.getID(), client.getSecret());
    }

    @Test
    void metadataResolvesWithMatchingIssuer() {
        assertEquals(Fixtures.ISSUER, metadata.getIssuer().getValue());
        assertEquals(List.of(CodeChallengeMethod.S256), metadata.getCodeChallengeMethods());
        assertTrue(metadata.supportsAuthorizationResponseIssuerParam());
    }

    @Test
    void registrationReturnsClientSecret() {
        assertEquals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, client.getMetadata().getTokenEndpointAuthMethod());
        assertFalse(client.getSecret().getValue().isEmpty());
    }

    @Test
    void codeFlowIssuesTokensThatTheApiAccepts() throws Exception {
        Tokens tokens = authorizeAndExchange();

        assertEquals(SCOPE, tokens.getAccessToken().getScope());
        assertInstanceOf(BearerAccessToken.class, tokens.getAccessToken());
        given().auth().oauth2(tokens.getAccessToken().getValue())
                .get("/api/contacts")
                .then().statusCode(200);
    }

    @Test
    void accessTokenVerifiesWithPublishedKeys() throws Exception {
        Tokens tokens = authorizeAndExchange();

        SignedJWT jwt = SignedJWT.parse(tokens.getAccessToken().getValue());
        JWKSet keys = JWKSet.load(metadata.getJWKSetURI().toURL());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new RSASSAVerifier(key)));
        assertEquals(Fixtures.ISSUER, jwt.getJWTClaimsSet().getIssuer());
        assertEquals(client.getID().getValue(), jwt.getJWTClaimsSet().getStringClaim("client_id"));
    }

    @Test
    void refreshRotatesRefreshToken() throws Exception {
        Tokens first = authorizeAndExchange();

        Tokens second = token(new RefreshTokenGrant(first.getRefreshToken()));

        assertNotEquals(first.getRefreshToken(), second.getRefreshToken());
        assertNotEquals(first.getAccessToken(), second.getAccessToken());
        given().auth().oauth2(second.getAccessToken().getValue())
                .get("/api/profile")
                .then().statusCode(200);
    }

    @Test
    void introspectionReportsActiveToken() throws Exception {
        Tokens tokens = authorizeAndExchange();

        TokenIntrospectionSuccessResponse introspection = introspect(tokens.getAccessToken());

        assertTrue(introspection.isActive());
        assertEquals(SCOPE, introspection.getScope());
        assertEquals(client.getID(), introspection.getClientID());
        assertEquals(Fixtures.ISSUER, introspection.getIssuer().getValue());
    }

    @Test
    void revokedRefreshTokenEndsItsAuthorization() throws Exception {
        Tokens tokens = authorizeAndExchange();

        HTTPResponse revocation = new TokenRevocationRequest(metadata.getRevocationEndpointURI(),
                clientAuthentication, tokens.getRefreshToken()).toHTTPRequest().send();

        assertEquals(200, revocation.getStatusCode());
        assertFalse(introspect(tokens.getAccessToken()).isActive());
        TokenResponse rejected = TokenResponse.parse(tokenRequest(new RefreshTokenGrant(tokens.getRefreshToken()))
                .toHTTPRequest().send());
        assertFalse(rejected.indicatesSuccess());
        assertEquals(OAuth2Error.INVALID_GRANT.getCode(), ((TokenErrorResponse) rejected).getErrorObject().getCode());
        given().auth().oauth2(tokens.getAccessToken().getValue())
                .get("/api/contacts")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void deniedConsentReturnsAccessDenied() throws Exception {
        State state = new State();
        Browser browser = new Browser();
        Response consent = logIn(browser, authorizationRequest(state, new CodeVerifier()));

        Response redirect = browser.decide(consent, "deny");

        AuthorizationResponse response = AuthorizationResponse.parse(URI.create(redirect.header("Location")));
        assertFalse(response.indicatesSuccess());
        assertEquals(state, response.getState());
        assertEquals(OAuth2Error.ACCESS_DENIED.getCode(), response.toErrorResponse().getErrorObject().getCode());
    }

    /** Runs the authorization code flow with PKCE for a new account and exchanges the code. */
    private Tokens authorizeAndExchange() throws Exception {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        Browser browser = new Browser();
        Response consent = logIn(browser, authorizationRequest(state, verifier));
        Response redirect = browser.decide(consent, "approve");

        AuthorizationResponse response = AuthorizationResponse.parse(URI.create(redirect.header("Location")));
        assertTrue(response.indicatesSuccess(), redirect.header("Location"));
        AuthorizationSuccessResponse success = response.toSuccessResponse();
        assertEquals(state, success.getState());
        // RFC 9207: the iss parameter lets the client check which server sent the response.
        assertEquals(metadata.getIssuer(), success.getIssuer());

        AuthorizationCode code = success.getAuthorizationCode();
        return token(new AuthorizationCodeGrant(code, REDIRECT_URI, verifier));
    }

    private AuthorizationRequest authorizationRequest(State state, CodeVerifier verifier) {
        return new AuthorizationRequest.Builder(ResponseType.CODE, client.getID())
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .redirectionURI(REDIRECT_URI)
                .scope(SCOPE)
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
    }

    /** Opens the authorization URL, logs in as a new account and returns the consent page. */
    private static Response logIn(Browser browser, AuthorizationRequest request) {
        Response loginRedirect = browser.get(request.toURI().toString());
        assertEquals(303, loginRedirect.statusCode(), loginRedirect.body().asString());
        Response afterLogin = browser.logIn(loginRedirect, Fixtures.account(), Fixtures.PASSWORD);
        Response consent = browser.get(Browser.pathOf(afterLogin.header("Location")));
        assertEquals(200, consent.statusCode());
        return consent;
    }

    private Tokens token(AuthorizationGrant grant) throws Exception {
        HTTPResponse http = tokenRequest(grant).toHTTPRequest().send();
        TokenResponse response = TokenResponse.parse(http);
        assertTrue(response.indicatesSuccess(), http.getBody());
        return response.toSuccessResponse().getTokens();
    }

    private TokenRequest tokenRequest(AuthorizationGrant grant) {
        return new TokenRequest(metadata.getTokenEndpointURI(), clientAuthentication, grant);
    }

    private TokenIntrospectionSuccessResponse introspect(AccessToken token) throws Exception {
        HTTPResponse http = new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(),
                clientAuthentication, token).toHTTPRequest().send();
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(http);
        assertTrue(response.indicatesSuccess(), http.getBody());
        return response.toSuccessResponse();
    }
}
