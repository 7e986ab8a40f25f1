package io.valet.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.valet.testing.Fixtures;

/**
 * Signing key rotation in the shared database: publication ahead of use, the switch, and deletion
 * once no token can need a key. The test moves stored times back instead of waiting.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.HourlyRotation.class)
class KeyRotationTest {

    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Duration LEAD_TIME = Duration.ofMinutes(10);
    // Timestamps lose sub-microsecond digits in the database.
    private static final Duration PRECISION = Duration.ofMillis(1);

    public static class HourlyRotation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "valet.keys.rotation-interval", INTERVAL.toString(),
                    "valet.keys.publication-lead-time", LEAD_TIME.toString(),
                    // The test calls the check itself.
                    "valet.keys.check-interval", "PT24H");
        }
    }

    @Inject
    KeyRotation rotation;

    private String currentKid;

    @BeforeEach
    void keepOnlyCurrentKey() {
        currentKid = QuarkusTransaction.requiringNew().call(() -> {
            SigningKey current = SigningKey.<SigningKey>find("algorithm = 'RS256' order by activatesAt desc").firstResult();
            SigningKey.delete("kid <> ?1", current.kid);
            current.activatesAt = Instant.now().minus(Duration.ofMinutes(1));
            current.retiresAt = null;
            return current.kid;
        });
        rotation.check();
    }

    @Test
    void nextKeyPublishedBeforeItSigns() {
        ageCurrentKey(INTERVAL.minus(LEAD_TIME).plusMinutes(1));
        Instant before = Instant.now();

        rotation.check();
        Instant after = Instant.now();

        // The rotation was due 9 minutes from now, so the key activates one full lead time after the check.
        SigningKey current = key(currentKid);
        SigningKey next = pendingKey();
        assertTrue(!next.activatesAt.isBefore(before.plus(LEAD_TIME).minus(PRECISION)), next.activatesAt.toString());
        assertTrue(!next.activatesAt.isAfter(after.plus(LEAD_TIME)), next.activatesAt.toString());
        assertEquals(next.activatesAt, current.retiresAt);
        given().get("/jwks").then().statusCode(200)
                .body("keys.kid", hasItems(currentKid, next.kid));
        assertEquals(currentKid, kidOf(Fixtures.clientCredentialsToken()));
    }

    @Test
    void keyNotDueCreatesNothing() {
        ageCurrentKey(INTERVAL.minus(LEAD_TIME).minusMinutes(1));

        rotation.check();

        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> SigningKey.count()));
        assertNull(key(currentKid).retiresAt);
    }

    @Test
    void nextKeySignsAfterActivation() {
        ageCurrentKey(INTERVAL.minus(LEAD_TIME).plusMinutes(1));
        rotation.check();
        String tokenOfOldKey = Fixtures.clientCredentialsToken();
        String nextKid = pendingKey().kid;

        // Moves both keys past the switch, as if the lead time had passed.
        QuarkusTransaction.requiringNew().run(() -> {
            for (SigningKey key : SigningKey.<SigningKey>listAll()) {
                key.activatesAt = key.activatesAt.minus(LEAD_TIME);
                if (key.retiresAt != null) {
                    key.retiresAt = key.retiresAt.minus(LEAD_TIME);
                }
            }
        });
        rotation.check();

        String tokenOfNextKey = Fixtures.clientCredentialsToken();
        assertEquals(nextKid, kidOf(tokenOfNextKey));
        given().get("/jwks").then().statusCode(200)
                .body("keys.kid", hasItems(currentKid, nextKid));
        given().auth().oauth2(tokenOfOldKey).get("/api/profile").then().statusCode(200);
        given().auth().oauth2(tokenOfNextKey).get("/api/profile").then().statusCode(200);
    }

    @Test
    void concurrentChecksCreateOneNextKey() throws Exception {
        ageCurrentKey(INTERVAL.minus(LEAD_TIME).plusMinutes(1));
        CyclicBarrier start = new CyclicBarrier(2);
        Runnable replica = () -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            rotation.rotateIfDue();
        };

        CompletableFuture.allOf(CompletableFuture.runAsync(replica), CompletableFuture.runAsync(replica)).get();

        long pending = QuarkusTransaction.requiringNew().call(
                () -> SigningKey.count("activatesAt > ?1", Instant.now()));
        assertEquals(1L, pending);
    }

    @Test
    void retiredKeyDeletedAfterTokensExpire() {
        // Default access token lifetime 10 minutes plus 30 seconds of clock skew.
        Duration tokenValidity = Duration.ofMinutes(10).plusSeconds(30);
        String expiredKid = copyOfCurrentRetiredAt(Instant.now().minus(tokenValidity).minus(Duration.ofMinutes(1)));
        String recentKid = copyOfCurrentRetiredAt(Instant.now().minus(tokenValidity).plus(Duration.ofMinutes(1)));

        rotation.check();

        assertNull(QuarkusTransaction.requiringNew().call(() -> SigningKey.findById(expiredKid)));
        assertNotNull(key(recentKid));
        List<String> published = given().get("/jwks").then().statusCode(200).extract().jsonPath().getList("keys.kid");
        assertTrue(published.contains(recentKid), published.toString());
        assertTrue(!published.contains(expiredKid), published.toString());
    }

    private void ageCurrentKey(Duration age) {
        QuarkusTransaction.requiringNew().run(() -> {
            SigningKey current = SigningKey.findById(currentKid);
            current.activatesAt = Instant.now().minus(age);
        });
    }

    private String copyOfCurrentRetiredAt(Instant retiresAt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            SigningKey current = SigningKey.findById(currentKid);
            SigningKey copy = new SigningKey();
            copy.kid = "retired-" + retiresAt.toEpochMilli();
            copy.algorithm = current.algorithm;
            copy.publicKey = current.publicKey;
            copy.privateKey = current.privateKey;
            copy.createdAt = retiresAt.minus(INTERVAL);
            copy.activatesAt = retiresAt.minus(INTERVAL);
            copy.retiresAt = retiresAt;
            copy.persist();
            return copy.kid;
        });
    }

    private static SigningKey key(String kid) {
        return QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>findById(kid));
    }

    private static SigningKey pendingKey() {
        return QuarkusTransaction.requiringNew().call(
                () -> SigningKey.<SigningKey>find("activatesAt > ?1", Instant.now()).singleResult());
    }

    private static String kidOf(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return JsonPath.from(header).getString("kid");
    }
}
