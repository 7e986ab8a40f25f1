package io.valet.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;

/**
 * A login for an unknown user name must cost a password hash too, or response times would tell
 * an attacker which user names exist. With a realistic hash cost the hash dominates the request,
 * so the two medians are compared with a wide margin that scheduling noise does not reach.
 */
@QuarkusTest
@TestProfile(LoginTimingTest.RealisticHashCost.class)
class LoginTimingTest {

    private static final int ATTEMPTS = 7;

    public static class RealisticHashCost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The test fails logins on purpose, more often than the lockout allows.
            return Map.of(
                    "valet.password.iterations", "200000",
                    "valet.login.max-failures", "1000",
                    "valet.login.max-failures-per-address", "1000");
        }
    }

    @Test
    void unknownUserCostsAHashToo() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String known = Fixtures.account();
        String unknown = "nobody-" + UUID.randomUUID();

        long knownMedian = medianFailedLoginMillis(client, known);
        long unknownMedian = medianFailedLoginMillis(client, unknown);

        assertTrue(unknownMedian * 2 >= knownMedian,
                "unknown user " + unknownMedian + " ms, known user " + knownMedian + " ms");
        assertTrue(knownMedian * 2 >= unknownMedian,
                "unknown user " + unknownMedian + " ms, known user " + knownMedian + " ms");
    }

    private static long medianFailedLoginMillis(Fixtures.RegisteredClient client, String username) {
        long[] millis = new long[ATTEMPTS];
        for (int i = 0; i < ATTEMPTS; i++) {
            Browser browser = new Browser();
            Response login = browser.get(Fixtures.authorizePath(client.clientId(), "profile", "t"));
            long start = System.nanoTime();
            Response failed = browser.logIn(login, username, "wrong password " + i);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            assertEquals(401, failed.statusCode());
        }
        Arrays.sort(millis);
        return millis[ATTEMPTS / 2];
    }
}
