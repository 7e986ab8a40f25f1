package io.valet.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;

/**
 * Defences against attacks that a review of a running Valet tried: sessions outliving their
 * account, Host header injection, look-alike client names, leaky JSON errors, missing headers.
 */
@QuarkusTest
class HardeningTest {

    @Test
    void deletedAccountSessionCannotAuthorize() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "s"));
        browser.logIn(login, username, Fixtures.PASSWORD);

        given().auth().oauth2(Fixtures.adminToken()).delete("/admin/accounts/" + username).then().statusCode(204);

        Response again = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "s2"));
        assertEquals(303, again.statusCode());
        assertTrue(again.header("Location").startsWith("/login?request="), again.header("Location"));
        assertEquals(303, browser.get("/account/applications").statusCode());
    }

    @Test
    void logoutEndsSession() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "s"));
        browser.logIn(login, username, Fixtures.PASSWORD);
        String html = browser.get("/account/applications").body().asString();

        Response logout = browser.post("/logout", "csrf_token", Browser.csrfToken(html));

        assertEquals(303, logout.statusCode());
        assertEquals("/login", logout.header("Location"));
        assertEquals(303, browser.get("/account/applications").statusCode());
    }

    @Test
    void logoutWithoutCsrfTokenKeepsSession() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "s"));
        browser.logIn(login, username, Fixtures.PASSWORD);

        assertEquals(403, browser.post("/logout", "csrf_token", "forged").statusCode());
        assertEquals(200, browser.get("/account/applications").statusCode());
    }

    @Test
    void hostHeaderDoesNotReachRedirects() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();

        String location = given().urlEncodingEnabled(false).redirects().follow(false).header("Host", "evil.example")
                .get(Fixtures.authorizePath(client.clientId(), "profile", "s"))
                .then().statusCode(303)
                .extract().header("Location");

        assertTrue(location.startsWith("/login?request="), location);
    }

    @Test
    void consentPageShowsRedirectHost() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "s"));
        Response consent = browser.get(Browser.pathOf(browser.logIn(login, username, Fixtures.PASSWORD).header("Location")));

        assertTrue(consent.body().asString().contains("<strong>client.example</strong>"));
    }

    @Test
    void wrongJsonShapeGetsOAuthError() {
        String accessToken = Fixtures.tokens(Fixtures.confidentialClient(), "contacts:write").getString("access_token");

        given().auth().oauth2(accessToken).contentType(ContentType.JSON).body("{\"name\": [\"x\"], \"email\": 5}")
                .post("/api/contacts")
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body(not(containsString("objectName")));
    }

    @Test
    void responsesForbidSniffing() {
        given().get("/.well-known/oauth-authorization-server")
                .then().header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void accountDataIsNotCached() {
        String accessToken = Fixtures.tokens(Fixtures.confidentialClient(), "contacts:read").getString("access_token");

        given().auth().oauth2(accessToken).get("/api/contacts").then().statusCode(200).header("Cache-Control", "no-store");
        given().auth().oauth2(Fixtures.adminToken()).get("/admin/accounts").then().statusCode(200)
                .header("Cache-Control", "no-store");
    }

    @Test
    void loopbackPortOutOfRangeShowsErrorPage() {
        Fixtures.RegisteredClient client = Fixtures.publicClient();
        for (String port : List.of("99999", "0", "08085")) {
            given().redirects().follow(false)
                    .queryParam("response_type", "code")
                    .queryParam("client_id", client.clientId())
                    .queryParam("redirect_uri", "http://127.0.0.1:" + port + "/callback")
                    .queryParam("code_challenge", Fixtures.CHALLENGE)
                    .queryParam("code_challenge_method", "S256")
                    .get("/authorize")
                    .then().statusCode(400)
                    .header("Location", (String) null);
        }
    }

    @Test
    void clientCredentialsClientHasNoResponseTypes() {
        Map<String, Object> metadata = Map.of(
                "client_name", "Machine client",
                "grant_types", List.of("client_credentials"),
                "token_endpoint_auth_method", "client_secret_basic");

        given().contentType(ContentType.JSON).body(metadata).post("/register")
                .then().statusCode(201)
                .body("response_types.size()", equalTo(0));
    }
}
