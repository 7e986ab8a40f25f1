package io.valet.token;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.valet.grant.TokenAuthorization;
import io.valet.oauth.Secrets;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;

/**
 * Refresh token rotation and reuse detection (RFC 6749 §6, RFC 9700 §4.14.2).
 */
@QuarkusTest
class RefreshTokenRotationTest {

    @Test
    void refreshRotatesToken() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String first = Fixtures.tokens(client, "contacts:read profile").getString("refresh_token");

        Fixtures.refresh(client, first, null)
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("access_token", notNullValue())
                .body("scope", equalTo("contacts:read profile"))
                .body("refresh_token", not(equalTo(first)));

        QuarkusTransaction.requiringNew().run(() ->
                assertNotNull(RefreshToken.<RefreshToken>findById(Secrets.hash(first)).usedAt));
    }

    @Test
    void reusedTokenRevokesItsFamily() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        JsonPath tokens = Fixtures.tokens(client, "contacts:read");
        String first = tokens.getString("refresh_token");
        JsonPath rotated = Fixtures.refresh(client, first, null).then().statusCode(200).extract().jsonPath();

        Fixtures.refresh(client, first, null)
                .then().statusCode(400)
                .body("error", equalTo("invalid_grant"));

        // The successor and the access tokens of the family stop working too.
        Fixtures.refresh(client, rotated.getString("refresh_token"), null)
                .then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
        io.restassured.RestAssured.given().auth().oauth2(rotated.getString("access_token"))
                .get("/api/contacts").then().statusCode(401);
        io.restassured.RestAssured.given().auth().oauth2(tokens.getString("access_token"))
                .get("/api/contacts").then().statusCode(401);
    }

    @Test
    void reuseLeavesOtherAuthorizationsWorking() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        // Two devices of the same owner: two codes, two authorizations.
        String phone = Fixtures.exchange(client, Fixtures.authorizationCode(client, username, "contacts:read"))
                .then().statusCode(200).extract().path("refresh_token");
        Browser laptopBrowser = new Browser();
        var login = laptopBrowser.get(Fixtures.authorizePath(client.clientId(), "contacts:read", "laptop"));
        var redirect = laptopBrowser.get(Browser.pathOf(
                laptopBrowser.logIn(login, username, Fixtures.PASSWORD).header("Location")));
        String laptopCode = Fixtures.queryOf(redirect.header("Location")).get("code");
        String laptop = Fixtures.exchange(client, laptopCode).then().statusCode(200).extract().path("refresh_token");

        Fixtures.refresh(client, phone, null).then().statusCode(200);
        Fixtures.refresh(client, phone, null).then().statusCode(400);

        Fixtures.refresh(client, laptop, null).then().statusCode(200);
    }

    @Test
    void refreshMayNarrowScope() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String refreshToken = Fixtures.tokens(client, "contacts:read profile").getString("refresh_token");

        JsonPath narrowed = Fixtures.refresh(client, refreshToken, "profile")
                .then().statusCode(200)
                .body("scope", equalTo("profile"))
                .extract().jsonPath();

        // RFC 6749 §6: the new refresh token keeps the original scope.
        Fixtures.refresh(client, narrowed.getString("refresh_token"), null)
                .then().statusCode(200)
                .body("scope", equalTo("contacts:read profile"));
    }

    @Test
    void refreshCannotWidenScope() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String refreshToken = Fixtures.tokens(client, "profile").getString("refresh_token");

        Fixtures.refresh(client, refreshToken, "profile calendar:read")
                .then().statusCode(400)
                .body("error", equalTo("invalid_scope"));
        // A rejected widening does not use up the token.
        Fixtures.refresh(client, refreshToken, null).then().statusCode(200);
    }

    @Test
    void refreshByAnotherClientFails() {
        Fixtures.RegisteredClient owner = Fixtures.confidentialClient();
        Fixtures.RegisteredClient other = Fixtures.confidentialClient();
        String refreshToken = Fixtures.tokens(owner, "profile").getString("refresh_token");

        Fixtures.refresh(other, refreshToken, null)
                .then().statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    @Test
    void clientWithoutRefreshGrantGetsNoRefreshToken() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("authorization_code");

        JsonPath tokens = Fixtures.tokens(client, "profile");

        assertEquals(null, tokens.getString("refresh_token"));
    }

    @Test
    void parallelUsesOfOneTokenHaveOneWinner() throws Exception {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String refreshToken = Fixtures.tokens(client, "profile").getString("refresh_token");
        int attempts = 20;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                Callable<Integer> use = () -> {
                    start.await();
                    return Fixtures.refresh(client, refreshToken, null).statusCode();
                };
                results.add(pool.submit(use));
            }
            start.countDown();
            int successes = 0;
            for (Future<Integer> result : results) {
                if (result.get() == 200) {
                    successes++;
                }
            }
            assertEquals(1, successes);
        } finally {
            pool.shutdownNow();
        }

        // Reuse detection then revoked the whole authorization.
        QuarkusTransaction.requiringNew().run(() -> {
            RefreshToken stored = RefreshToken.findById(Secrets.hash(refreshToken));
            TokenAuthorization authorization = TokenAuthorization.findById(stored.authorizationId);
            assertNotNull(authorization.revokedAt);
        });
    }
}
