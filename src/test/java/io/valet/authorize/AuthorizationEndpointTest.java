package io.valet.authorize;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.valet.grant.Grant;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;
import io.valet.testing.Fixtures.RegisteredClient;

@QuarkusTest
class AuthorizationEndpointTest {

    private static final String ISSUER = Fixtures.ISSUER;
    // Characters that must survive encoding into the redirect unchanged.
    private static final String STATE = "s t&a=te/+%é";

    /** Returns the parameters of a valid code request with the RFC 7636 test challenge. */
    private static Map<String, String> validRequest(String clientId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", Fixtures.REDIRECT_URI);
        parameters.put("scope", "profile");
        parameters.put("state", STATE);
        parameters.put("code_challenge", Fixtures.CHALLENGE);
        parameters.put("code_challenge_method", "S256");
        return parameters;
    }

    private static Response authorize(Map<String, String> parameters) {
        StringBuilder path = new StringBuilder("/authorize");
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            path.append(separator)
                    .append(Fixtures.encode(parameter.getKey()))
                    .append('=')
                    .append(Fixtures.encode(parameter.getValue()));
            separator = '&';
        }
        return given().urlEncodingEnabled(false).redirects().follow(false).get(path.toString());
    }

    private static void assertErrorPage(Response response) {
        assertEquals(400, response.statusCode());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        assertNull(response.header("Location"));
        assertEquals("no-store", response.header("Cache-Control"));
    }

    /** Checks an error redirect to the registered URI, with its query parameters. */
    private static void assertErrorRedirect(Response response, String error) {
        assertEquals(303, response.statusCode());
        String location = response.header("Location");
        assertTrue(location.startsWith(Fixtures.REDIRECT_URI + "?"), location);
        Map<String, String> parameters = Fixtures.queryOf(location);
        assertEquals(error, parameters.get("error"));
        assertNotNull(parameters.get("error_description"));
        assertEquals(STATE, parameters.get("state"));
        assertEquals(ISSUER, parameters.get("iss"));
        assertNull(parameters.get("code"));
    }

    /** Runs /authorize and login in a browser and returns the consent page. */
    private static Response consentPage(Browser browser, RegisteredClient client) {
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "consent-state"));
        Response afterLogin = browser.logIn(login, Fixtures.account(), Fixtures.PASSWORD);
        Response consent = browser.get(Browser.pathOf(afterLogin.header("Location")));
        assertEquals(200, consent.statusCode());
        return consent;
    }

    private static long grantCount(RegisteredClient client) {
        return QuarkusTransaction.requiringNew().call(() -> Grant.count("clientId", client.clientId()));
    }

    // --- untrusted client or redirect URI: an error page, never a redirect ------------------

    @Test
    void unknownClientShowsErrorPage() {
        Response response = authorize(validRequest("no-such-client"));
        assertErrorPage(response);
        assertTrue(response.body().asString().contains("Unknown application"));
    }

    @Test
    void missingClientIdShowsErrorPage() {
        Map<String, String> parameters = validRequest("unused");
        parameters.remove("client_id");
        assertErrorPage(authorize(parameters));
    }

    @Test
    void missingRedirectUriShowsErrorPage() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.remove("redirect_uri");
        assertErrorPage(authorize(parameters));
    }

    @Test
    void repeatedClientIdShowsErrorPage() {
        RegisteredClient client = Fixtures.confidentialClient();
        String path = "/authorize?response_type=code&scope=profile"
                + "&client_id=" + Fixtures.encode(client.clientId())
                + "&client_id=" + Fixtures.encode(client.clientId())
                + "&redirect_uri=" + Fixtures.encode(Fixtures.REDIRECT_URI)
                + "&code_challenge=" + Fixtures.CHALLENGE
                + "&code_challenge_method=S256";
        assertErrorPage(given().urlEncodingEnabled(false).redirects().follow(false).get(path));
    }

    @Test
    void repeatedRedirectUriShowsErrorPage() {
        RegisteredClient client = Fixtures.confidentialClient();
        String path = "/authorize?response_type=code&scope=profile"
                + "&client_id=" + Fixtures.encode(client.clientId())
                + "&redirect_uri=" + Fixtures.encode(Fixtures.REDIRECT_URI)
                + "&redirect_uri=" + Fixtures.encode(Fixtures.REDIRECT_URI)
                + "&code_challenge=" + Fixtures.CHALLENGE
                + "&code_challenge_method=S256";
        assertErrorPage(given().urlEncodingEnabled(false).redirects().follow(false).get(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://client.example/cb/extra",
            "https://client.example/cb/../evil",
            "https://client.example/cb/%2e%2e/evil",
            "https://client.example/CB",
            "https://client.example/cb?extra=1",
            "https://client.example/cb#fragment",
            "https://client.example.evil.com/cb",
            "https://client.example@evil.com/cb",
            "https://client.example./cb",
            "https://client.example/c%62",
            "http://client.example/cb",
            "https://client.example:443/cb"})
    void redirectUriVariantShowsErrorPage(String redirectUri) {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("redirect_uri", redirectUri);
        assertErrorPage(authorize(parameters));
    }

    // An error in another parameter must not turn an unverified redirect URI into a redirect.
    @Test
    void unverifiedRedirectUriWinsOverOtherErrors() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("redirect_uri", "https://evil.example/cb");
        parameters.remove("response_type");
        assertErrorPage(authorize(parameters));
    }

    @Test
    void loopbackWithAnyPortIsAccepted() {
        RegisteredClient client = Fixtures.publicClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("redirect_uri", "http://127.0.0.1:53412/callback");

        Response response = authorize(parameters);

        assertEquals(303, response.statusCode());
        assertTrue(response.header("Location").contains("/login?request="), response.header("Location"));
    }

    @Test
    void loopbackWithOtherPathShowsErrorPage() {
        RegisteredClient client = Fixtures.publicClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("redirect_uri", "http://127.0.0.1:53412/other");
        assertErrorPage(authorize(parameters));
    }

    @Test
    void errorPageEscapesClientId() {
        Response response = authorize(validRequest("<script>alert(1)</script>"));
        assertErrorPage(response);
        assertFalse(response.body().asString().contains("<script>"));
    }

    @Test
    void errorPageEscapesRedirectUri() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("redirect_uri", "https://client.example/<script>alert(1)</script>");
        Response response = authorize(parameters);
        assertErrorPage(response);
        assertFalse(response.body().asString().contains("<script>"));
    }

    // --- errors sent back to a verified redirect URI ----------------------------------------

    @Test
    void missingResponseTypeRedirectsInvalidRequest() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.remove("response_type");
        assertErrorRedirect(authorize(parameters), "invalid_request");
    }

    @Test
    void unknownResponseTypeRedirectsUnsupported() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("response_type", "code id_token");
        assertErrorRedirect(authorize(parameters), "unsupported_response_type");
    }

    // The implicit grant is disabled. Its error travels in the fragment, where RFC 6749 §4.2.2.1
    // puts every response to response_type=token.
    @Test
    void implicitResponseTypeRedirectsUnsupported() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("response_type", "token");

        Response response = authorize(parameters);

        assertEquals(303, response.statusCode());
        String location = response.header("Location");
        assertTrue(location.startsWith(Fixtures.REDIRECT_URI + "#"), location);
        Map<String, String> fragment = Fixtures.fragmentOf(location);
        assertEquals("unsupported_response_type", fragment.get("error"));
        assertNotNull(fragment.get("error_description"));
        assertEquals(STATE, fragment.get("state"));
        assertEquals(ISSUER, fragment.get("iss"));
    }

    @Test
    void unknownScopeRedirectsInvalidScope() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("scope", "profile unknown:scope");
        assertErrorRedirect(authorize(parameters), "invalid_scope");
    }

    @Test
    void adminScopeRedirectsInvalidScope() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("scope", "valet:admin");
        assertErrorRedirect(authorize(parameters), "invalid_scope");
    }

    @Test
    void publicClientWithoutChallengeRedirectsInvalidRequest() {
        RegisteredClient client = Fixtures.publicClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.remove("code_challenge");
        parameters.remove("code_challenge_method");
        assertErrorRedirect(authorize(parameters), "invalid_request");
    }

    @Test
    void plainChallengeMethodRedirectsInvalidRequest() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("code_challenge", Fixtures.VERIFIER);
        parameters.put("code_challenge_method", "plain");
        assertErrorRedirect(authorize(parameters), "invalid_request");
    }

    // RFC 7636 §4.3: a challenge without a method means plain.
    @Test
    void challengeWithoutMethodRedirectsInvalidRequest() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.remove("code_challenge_method");
        assertErrorRedirect(authorize(parameters), "invalid_request");
    }

    @Test
    void malformedChallengeRedirectsInvalidRequest() {
        RegisteredClient client = Fixtures.confidentialClient();
        Map<String, String> parameters = validRequest(client.clientId());
        parameters.put("code_challenge", "too-short");
        assertErrorRedirect(authorize(parameters), "invalid_request");
    }

    @Test
    void repeatedParameterRedirectsInvalidRequest() {
        RegisteredClient client = Fixtures.confidentialClient();
        String path = "/authorize?response_type=code&scope=profile&scope=profile"
                + "&client_id=" + Fixtures.encode(client.clientId())
                + "&redirect_uri=" + Fixtures.encode(Fixtures.REDIRECT_URI)
                + "&state=" + Fixtures.encode(STATE)
                + "&code_challenge=" + Fixtures.CHALLENGE
                + "&code_challenge_method=S256";
        Response response = given().urlEncodingEnabled(false).redirects().follow(false).get(path);
        assertErrorRedirect(response, "invalid_request");
    }

    // --- browser session and consent form ---------------------------------------------------

    @Test
    void validRequestRedirectsToLogin() {
        RegisteredClient client = Fixtures.confidentialClient();
        Response response = authorize(validRequest(client.clientId()));
        assertEquals(303, response.statusCode());
        assertTrue(response.header("Location").contains("/login?request="), response.header("Location"));
    }

    @Test
    void sessionCookieIsHttpOnly() {
        RegisteredClient client = Fixtures.confidentialClient();
        String cookie = authorize(validRequest(client.clientId())).header("Set-Cookie");
        assertTrue(cookie.startsWith("valet_session="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
    }

    @Test
    void sessionCookieIsSameSiteLax() {
        RegisteredClient client = Fixtures.confidentialClient();
        String cookie = authorize(validRequest(client.clientId())).header("Set-Cookie");
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
    }

    @Test
    void consentPageEscapesClientName() {
        RegisteredClient client = Fixtures.register(Map.of(
                "client_name", "<script>alert(1)</script>",
                "redirect_uris", List.of(Fixtures.REDIRECT_URI)));
        String html = consentPage(new Browser(), client).body().asString();
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;"), "the client name is shown escaped");
    }

    @Test
    void consentWithoutCsrfTokenIsForbidden() {
        RegisteredClient client = Fixtures.confidentialClient();
        Browser browser = new Browser();
        String html = consentPage(browser, client).body().asString();

        Response response = browser.post("/consent", "request", Browser.requestId(html), "decision", "approve");

        assertEquals(403, response.statusCode());
        assertNull(response.header("Location"));
        assertEquals(0, grantCount(client));
    }

    @Test
    void consentWithWrongCsrfTokenIsForbidden() {
        RegisteredClient client = Fixtures.confidentialClient();
        Browser browser = new Browser();
        String html = consentPage(browser, client).body().asString();

        Response response = browser.post("/consent",
                "csrf_token", "wrong" + Browser.csrfToken(html),
                "request", Browser.requestId(html),
                "decision", "approve");

        assertEquals(403, response.statusCode());
        assertNull(response.header("Location"));
        assertEquals(0, grantCount(client));
    }

    @Test
    void consentFromOtherBrowserIsForbidden() {
        RegisteredClient client = Fixtures.confidentialClient();
        String html = consentPage(new Browser(), client).body().asString();

        Response response = new Browser().post("/consent",
                "csrf_token", Browser.csrfToken(html),
                "request", Browser.requestId(html),
                "decision", "approve");

        assertEquals(403, response.statusCode());
        assertEquals(0, grantCount(client));
    }

    @Test
    void consentWithCsrfTokenStoresGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        Browser browser = new Browser();
        Response consent = consentPage(browser, client);

        Response response = browser.decide(consent, "approve");

        assertEquals(303, response.statusCode());
        assertEquals(1, grantCount(client));
    }

    @Test
    void codeRedirectIsNotCached() {
        RegisteredClient client = Fixtures.confidentialClient();
        Browser browser = new Browser();
        Response consent = consentPage(browser, client);

        Response response = browser.decide(consent, "approve");

        assertNotNull(Fixtures.queryOf(response.header("Location")).get("code"));
        assertEquals("no-store", response.header("Cache-Control"));
    }
}
