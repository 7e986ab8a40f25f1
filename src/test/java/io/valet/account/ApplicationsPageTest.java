package io.valet.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.valet.grant.Grant;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;

/**
 * The owner's connected applications page and its revoke button.
 */
@QuarkusTest
class ApplicationsPageTest {

    private static final Pattern GRANT = Pattern.compile("name=\"grant\" value=\"([^\"]+)\"");

    @Test
    void revokeEndsEveryTokenAndAsksConsentAgain() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        Fixtures.RegisteredClient resourceServer = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "contacts:read", "s"));
        Response consent = browser.get(Browser.pathOf(browser.logIn(login, username, Fixtures.PASSWORD).header("Location")));
        String code = Fixtures.queryOf(browser.decide(consent, "approve").header("Location")).get("code");
        JsonPath tokens = Fixtures.exchange(client, code).then().statusCode(200).extract().jsonPath();
        given().auth().oauth2(tokens.getString("access_token")).get("/api/contacts").then().statusCode(200);

        Response page = browser.get("/account/applications");
        assertEquals(200, page.statusCode());
        String html = page.body().asString();
        assertTrue(html.contains("Test confidential app"), "page lists the client");
        assertTrue(html.contains("Read your contacts"), "page lists the scope");
        Response revoked = browser.post("/account/applications/revoke",
                "csrf_token", Browser.csrfToken(html), "grant", grantId(html));

        assertEquals(303, revoked.statusCode());
        given().auth().oauth2(tokens.getString("access_token")).get("/api/contacts").then().statusCode(401);
        given().auth().preemptive().basic(resourceServer.clientId(), resourceServer.clientSecret())
                .formParam("token", tokens.getString("access_token")).post("/introspect")
                .then().body("active", equalTo(false));
        Fixtures.refresh(client, tokens.getString("refresh_token"), null)
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        QuarkusTransaction.requiringNew().run(() -> assertEquals(0, Grant.count("clientId", client.clientId())));

        Response again = browser.get(Fixtures.authorizePath(client.clientId(), "contacts:read", "s2"));
        assertEquals(200, again.statusCode(), "consent page is shown again");
        assertTrue(again.body().asString().contains("Allow access?"));
    }

    @Test
    void revokeWithoutCsrfTokenKeepsGrant() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "s"));
        Response consent = browser.get(Browser.pathOf(browser.logIn(login, username, Fixtures.PASSWORD).header("Location")));
        browser.decide(consent, "approve");
        String html = browser.get("/account/applications").body().asString();

        Response forged = browser.post("/account/applications/revoke", "csrf_token", "forged", "grant", grantId(html));

        assertEquals(403, forged.statusCode());
        QuarkusTransaction.requiringNew().run(() -> assertEquals(1, Grant.count("clientId", client.clientId())));
    }

    @Test
    void pageWithoutLoginRedirectsToLogin() {
        given().redirects().follow(false).get("/account/applications")
                .then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/login"));
    }

    private static String grantId(String html) {
        Matcher matcher = GRANT.matcher(html);
        assertTrue(matcher.find(), "page has a revoke form");
        return matcher.group(1);
    }
}
