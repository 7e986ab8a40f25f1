package io.valet.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;

/**
 * Brute-force protection of the login form and the password grant. Quarkus honors
 * X-Forwarded-For in this profile, so every test sends its own client address and the counts of
 * one test never reach another.
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.BehindProxy.class)
class LoginThrottleTest {

    private static final String LOCKED_ACCOUNT = "This account is temporarily locked after too many failed sign-in attempts.";
    private static final String LOCKED_NETWORK = "Sign-in from your network is temporarily locked";
    private static final Pattern ALERT = Pattern.compile("<p class=\"alert\" role=\"alert\">([^<]*)</p>");
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "valet.legacy.password-grant-enabled", "true");
        }
    }

    /** Returns a client address from TEST-NET-2 (RFC 5737) that no other test uses. */
    private static String newAddress() {
        return "198.51.100." + NEXT_ADDRESS.getAndIncrement();
    }

    private static Browser browserFrom(String address) {
        return new Browser().header("X-Forwarded-For", address);
    }

    private static String alertOf(Response page) {
        Matcher matcher = ALERT.matcher(page.body().asString());
        return matcher.find() ? matcher.group(1) : null;
    }

    private static LoginFailure stored(String kind, String value) {
        return QuarkusTransaction.requiringNew().call(() -> LoginFailure.findById(LoginThrottle.key(kind, value)));
    }

    @Test
    void loginFormLocksAccountAtFifthFailure() {
        String username = Fixtures.account();
        Browser browser = browserFrom(newAddress());

        for (int failure = 1; failure <= 4; failure++) {
            Response failed = browser.logIn(username, "wrong password " + failure);
            assertEquals(401, failed.statusCode(), "failure " + failure + " is an ordinary failed login");
        }
        Response fifth = browser.logIn(username, "wrong password 5");

        assertEquals(429, fifth.statusCode());
        assertTrue(alertOf(fifth).startsWith(LOCKED_ACCOUNT), alertOf(fifth));
        assertEquals("900", fifth.header("Retry-After"));
        LoginFailure row = stored(LoginThrottle.ACCOUNT, username);
        assertEquals(5, row.failures);
        assertNotNull(row.lockedUntil);
    }

    @Test
    void lockedAccountRejectsCorrectPassword() {
        String username = Fixtures.account();
        Browser browser = browserFrom(newAddress());
        for (int failure = 1; failure <= 5; failure++) {
            browser.logIn(username, "wrong password");
        }

        Response correct = browser.logIn(username, Fixtures.PASSWORD);

        assertEquals(429, correct.statusCode());
        assertTrue(alertOf(correct).startsWith(LOCKED_ACCOUNT), alertOf(correct));
        assertNull(correct.header("Location"), "a locked account gets no session");
    }

    @Test
    void unknownUserNameGetsSameLockAnswer() {
        String known = Fixtures.account();
        String unknown = "nobody-" + UUID.randomUUID();
        Browser knownBrowser = browserFrom(newAddress());
        Browser unknownBrowser = browserFrom(newAddress());
        for (int failure = 1; failure <= 5; failure++) {
            knownBrowser.logIn(known, "wrong password");
            unknownBrowser.logIn(unknown, "wrong password");
        }

        Response knownAnswer = knownBrowser.logIn(known, "wrong password");
        Response unknownAnswer = unknownBrowser.logIn(unknown, "wrong password");

        assertEquals(429, unknownAnswer.statusCode());
        assertEquals(knownAnswer.statusCode(), unknownAnswer.statusCode());
        assertEquals(alertOf(knownAnswer), alertOf(unknownAnswer));
        assertEquals(knownAnswer.header("Retry-After"), unknownAnswer.header("Retry-After"));
    }

    @Test
    void successfulLoginResetsAccountCount() {
        String username = Fixtures.account();
        Browser browser = browserFrom(newAddress());
        for (int failure = 1; failure <= 4; failure++) {
            browser.logIn(username, "wrong password");
        }
        assertEquals(303, browser.logIn(username, Fixtures.PASSWORD).statusCode());

        Response failed = browserFrom(newAddress()).logIn(username, "wrong password");

        assertEquals(401, failed.statusCode(), "the count started again after the successful login");
        assertEquals(1, stored(LoginThrottle.ACCOUNT, username).failures);
    }

    @Test
    void lockEndsAfterLockoutDuration() {
        String username = Fixtures.account();
        Browser browser = browserFrom(newAddress());
        for (int failure = 1; failure <= 5; failure++) {
            browser.logIn(username, "wrong password");
        }
        // Moves the lock's end into the past instead of waiting 15 minutes.
        QuarkusTransaction.requiringNew().run(() -> LoginFailure.update("lockedUntil = ?1 where keyHash = ?2",
                Instant.now().minusSeconds(1), LoginThrottle.key(LoginThrottle.ACCOUNT, username)));

        Response correct = browser.logIn(username, Fixtures.PASSWORD);

        assertEquals(303, correct.statusCode());
        assertNull(stored(LoginThrottle.ACCOUNT, username), "a successful login deletes the account's count");
    }

    @Test
    void addressLockedAfterTwentyFailures() {
        String address = newAddress();
        Browser attacker = browserFrom(address);
        for (int failure = 1; failure <= 20; failure++) {
            attacker.logIn("guess-" + failure + "-" + UUID.randomUUID(), "wrong password");
        }
        String victim = Fixtures.account();

        Response fromAttacker = browserFrom(address).logIn(victim, Fixtures.PASSWORD);
        Response fromElsewhere = browserFrom(newAddress()).logIn(victim, Fixtures.PASSWORD);

        assertEquals(429, fromAttacker.statusCode());
        assertTrue(alertOf(fromAttacker).startsWith(LOCKED_NETWORK), alertOf(fromAttacker));
        assertEquals(303, fromElsewhere.statusCode(), "other addresses can still log in");
        assertEquals(20, stored(LoginThrottle.ADDRESS, address).failures);
    }

    @Test
    void passwordGrantLocksAccountAtFifthFailure() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("password");
        String username = Fixtures.account();
        String address = newAddress();
        for (int failure = 1; failure <= 4; failure++) {
            passwordGrant(client, username, "wrong password", address)
                    .then().statusCode(400)
                    .body("error", equalTo("invalid_grant"))
                    .body("error_description", equalTo("the resource owner credentials are invalid"));
        }
        passwordGrant(client, username, "wrong password", address)
                .then().statusCode(400)
                .body("error_description", containsString("too many failed logins"));

        passwordGrant(client, username, Fixtures.PASSWORD, address)
                .then().statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", containsString("too many failed logins"));

        assertEquals(5, stored(LoginThrottle.ACCOUNT, username).failures);
    }

    @Test
    void passwordGrantAndLoginFormShareCount() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("password");
        String username = Fixtures.account();
        String address = newAddress();
        for (int failure = 1; failure <= 5; failure++) {
            passwordGrant(client, username, "wrong password", address);
        }

        Response login = browserFrom(newAddress()).logIn(username, Fixtures.PASSWORD);

        assertEquals(429, login.statusCode());
    }

    private static Response passwordGrant(Fixtures.RegisteredClient client, String username, String password,
            String address) {
        return given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .header("X-Forwarded-For", address)
                .formParam("grant_type", "password")
                .formParam("username", username)
                .formParam("password", password)
                .post("/token");
    }
}
