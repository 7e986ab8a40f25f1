package io.valet.revocation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A revocation written by another replica, without a notification, reaches this replica through
 * the one-second poll. This is the only path on H2 and the fallback on PostgreSQL.
 */
@QuarkusTest
class RevocationPollingTest {

    @Inject
    DataSource dataSource;

    @Test
    void otherReplicaRevocationPolled() throws Exception {
        RevocationPropagation.IssuedToken token = RevocationPropagation.issue();
        given().auth().oauth2(token.value()).get("/api/profile").then().statusCode(200);

        RevocationPropagation.revokeElsewhere(dataSource, token.jti(), false);

        long millis = RevocationPropagation.millisUntilRejected(token.value(), Duration.ofSeconds(2));
        assertTrue(millis >= 0, "token still accepted 2 s after another replica revoked it");
    }
}
