package io.valet.authorize;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.valet.grant.Grant;
import io.valet.oauth.Secrets;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;

@QuarkusTest
class AuthorizationCodeFlowTest {

    @Test
    void fullDanceIssuesVerifiableJwt() throws Exception {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();

        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "contacts:read profile", "xyz"));
        assertEquals(303, login.statusCode());
        assertTrue(login.header("Location").contains("/login?request="));
        String cookieHeader = login.header("Set-Cookie");
        assertTrue(cookieHeader.contains("HttpOnly"), cookieHeader);
        assertTrue(cookieHeader.contains("SameSite=Lax"), cookieHeader);

        Response afterLogin = browser.logIn(login, username, Fixtures.PASSWORD);
        assertEquals(303, afterLogin.statusCode());
        assertTrue(afterLogin.header("Location").contains("/authorize/continue?request="));

        Response consent = browser.get(Browser.pathOf(afterLogin.header("Location")));
        assertEquals(200, consent.statusCode());
        String html = consent.body().asString();
        assertTrue(html.contains("Test confidential app"), "consent page names the client");
        assertTrue(html.contains("Read your contacts"), "consent page describes contacts:read");
        assertTrue(html.contains("See your user name and profile"), "consent page describes profile");

        Response redirect = browser.decide(consent, "approve");
        assertEquals(303, redirect.statusCode());
        String location = redirect.header("Location");
        assertTrue(location.startsWith(Fixtures.REDIRECT_URI + "?"), location);
        Map<String, String> parameters = Fixtures.queryOf(location);
        assertEquals("xyz", parameters.get("state"));
        assertEquals(Fixtures.ISSUER, parameters.get("iss"));
        String code = parameters.get("code");
        assertNotNull(code);

        JsonPath tokens = Fixtures.exchange(client, code)
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600))
                .body("scope", equalTo("contacts:read profile"))
                .body("refresh_token", notNullValue())
                .extract().jsonPath();

        String accessToken = tokens.getString("access_token");
        String header = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[0]));
        assertTrue(header.contains("\"typ\":\"at+jwt\""), header);
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
        assertTrue(header.contains("\"kid\""), header);

        String jwks = given().get("/jwks").then().statusCode(200).extract().asString();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(Fixtures.ISSUER)
                .setExpectedAudience("valet-api")
                .setRequireExpirationTime()
                .build();
        JwtClaims claims = consumer.processToClaims(accessToken);
        assertEquals(client.clientId(), claims.getStringClaimValue("client_id"));
        assertEquals("contacts:read profile", claims.getStringClaimValue("scope"));
        assertNotNull(claims.getJwtId());
        assertNotNull(claims.getClaimValue("auth_time"));
        assertNotNull(claims.getStringClaimValue("authorization_id"));
        assertEquals(600, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());

        // The code is stored only as a hash and is now marked used; the approval is remembered.
        String subject = claims.getSubject();
        QuarkusTransaction.requiringNew().run(() -> {
            AuthorizationCode stored = AuthorizationCode.findById(Secrets.hash(code));
            assertNotNull(stored.usedAt);
            assertEquals(subject, stored.accountId);
            assertNull(AuthorizationCode.findById(code));
            Grant grant = Grant.find("clientId", client.clientId()).firstResult();
            assertEquals("contacts:read profile", grant.scope);
        });
    }

    @Test
    void secondRequestWithinGrantSkipsConsent() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "contacts:read profile", "one"));
        Response consent = browser.get(Browser.pathOf(browser.logIn(login, username, Fixtures.PASSWORD).header("Location")));
        browser.decide(consent, "approve");

        Response second = browser.get(Fixtures.authorizePath(client.clientId(), "contacts:read", "two"));

        assertEquals(303, second.statusCode());
        Map<String, String> parameters = Fixtures.queryOf(second.header("Location"));
        assertEquals("two", parameters.get("state"));
        assertNotNull(parameters.get("code"));
    }

    @Test
    void denyRedirectsWithAccessDenied() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "calendar:read", "s-deny"));
        Response consent = browser.get(Browser.pathOf(browser.logIn(login, username, Fixtures.PASSWORD).header("Location")));

        Response redirect = browser.decide(consent, "deny");

        assertEquals(303, redirect.statusCode());
        Map<String, String> parameters = Fixtures.queryOf(redirect.header("Location"));
        assertEquals("access_denied", parameters.get("error"));
        assertEquals("s-deny", parameters.get("state"));
        assertEquals(Fixtures.ISSUER, parameters.get("iss"));
        assertNull(parameters.get("code"));
        QuarkusTransaction.requiringNew().run(() -> assertEquals(0, Grant.count("clientId", client.clientId())));
    }

    @Test
    void wrongPasswordShowsLoginErrorAndKeepsRequest() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        Browser browser = new Browser();
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "s"));

        Response failed = browser.logIn(login, username, "wrong password");

        assertEquals(401, failed.statusCode());
        failed.then().body(containsString("Invalid user name or password."));
        failed.then().body(containsString("name=\"request\""));
    }
}
