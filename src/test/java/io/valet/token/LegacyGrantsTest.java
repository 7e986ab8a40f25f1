package io.valet.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;

/**
 * The password and implicit grants, with the server switches on.
 */
@QuarkusTest
@TestProfile(LegacyGrantsTest.LegacyGrantsEnabled.class)
class LegacyGrantsTest {

    public static class LegacyGrantsEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "valet.legacy.password-grant-enabled", "true",
                    "valet.legacy.implicit-grant-enabled", "true");
        }
    }

    @Test
    void metadataListsEnabledLegacyGrants() {
        given().get("/.well-known/oauth-authorization-server")
                .then().statusCode(200)
                .body("grant_types_supported", hasItem("password"))
                .body("grant_types_supported", hasItem("implicit"))
                .body("response_types_supported", hasItem("token"));
    }

    @Test
    void passwordGrantIssuesTokens() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("password", "refresh_token");
        String username = Fixtures.account();

        String accessToken = given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "password")
                .formParam("username", username)
                .formParam("password", Fixtures.PASSWORD)
                .formParam("scope", "contacts:read")
                .post("/token")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("refresh_token", notNullValue())
                .body("scope", equalTo("contacts:read"))
                .extract().path("access_token");

        given().auth().oauth2(accessToken).get("/api/contacts").then().statusCode(200);
    }

    @Test
    void passwordGrantWithWrongPasswordFails() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("password");
        String username = Fixtures.account();

        given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "password")
                .formParam("username", username)
                .formParam("password", "wrong password")
                .post("/token")
                .then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void passwordGrantNeedsRegisteredGrant() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("authorization_code");
        String username = Fixtures.account();

        given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "password")
                .formParam("username", username)
                .formParam("password", Fixtures.PASSWORD)
                .post("/token")
                .then().statusCode(400)
                .body("error", equalTo("unauthorized_client"));
    }

    @Test
    void implicitGrantPutsTokenInFragment() {
        Fixtures.RegisteredClient client = Fixtures.register(Map.of(
                "client_name", "Legacy browser app",
                "redirect_uris", List.of(Fixtures.REDIRECT_URI),
                "grant_types", List.of("implicit"),
                "response_types", List.of("token"),
                "token_endpoint_auth_method", "none"));
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get("/authorize?response_type=token&client_id=" + client.clientId()
                + "&redirect_uri=" + Fixtures.encode(Fixtures.REDIRECT_URI) + "&scope=profile&state=imp");
        Response consent = browser.get(Browser.pathOf(browser.logIn(login, username, Fixtures.PASSWORD).header("Location")));

        Response redirect = browser.decide(consent, "approve");

        String location = redirect.header("Location");
        assertTrue(location.startsWith(Fixtures.REDIRECT_URI + "#access_token="), location);
        assertEquals(-1, location.indexOf('?'), "nothing travels in the query");
        Map<String, String> fragment = Fixtures.queryOf("https://x/?" + location.substring(location.indexOf('#') + 1));
        assertEquals("Bearer", fragment.get("token_type"));
        assertEquals("imp", fragment.get("state"));
        assertNull(fragment.get("refresh_token"));
        given().auth().oauth2(fragment.get("access_token")).get("/api/profile").then().statusCode(200);
    }
}
