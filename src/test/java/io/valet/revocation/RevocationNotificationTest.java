package io.valet.revocation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.valet.testing.SelectedDatabase;

/**
 * PostgreSQL LISTEN/NOTIFY: with polling slowed to once an hour, only the notification can bring
 * another replica's revocation here in time.
 */
@QuarkusTest
@TestProfile(RevocationNotificationTest.HourlyPoll.class)
@EnabledIfSystemProperty(named = "quarkus.test.profile", matches = SelectedDatabase.POSTGRESQL_PROFILE)
class RevocationNotificationTest {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("valet.revocation.poll-interval", "PT1H");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void notifiedRevocationAppliesWithinTwoSeconds() throws Exception {
        RevocationPropagation.IssuedToken token = RevocationPropagation.issue();
        given().auth().oauth2(token.value()).get("/api/profile").then().statusCode(200);

        RevocationPropagation.revokeElsewhere(dataSource, token.jti(), true);

        long millis = RevocationPropagation.millisUntilRejected(token.value(), Duration.ofSeconds(2));
        assertTrue(millis >= 0, "token still accepted 2 s after a notified revocation");
    }

    @Test
    void unnotifiedRevocationWaitsForPoll() throws Exception {
        RevocationPropagation.IssuedToken token = RevocationPropagation.issue();

        RevocationPropagation.revokeElsewhere(dataSource, token.jti(), false);

        assertEquals(-1, RevocationPropagation.millisUntilRejected(token.value(), Duration.ofSeconds(2)));
    }

    @Test
    void revokeEndpointSendsNotification() throws Exception {
        RevocationPropagation.IssuedToken token = RevocationPropagation.issue();
        try (Connection listener = dataSource.getConnection()) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("listen " + RevocationRegistry.CHANNEL);
            }

            given().auth().preemptive().basic(token.client().clientId(), token.client().clientSecret())
                    .formParam("token", token.value())
                    .post("/revoke")
                    .then().statusCode(200);

            PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(2000);
            assertNotNull(received);
            assertEquals(1, received.length);
            assertEquals(RevocationRegistry.CHANNEL, received[0].getName());
            // The connection goes back to the pool, which must not keep it listening.
            try (Statement statement = listener.createStatement()) {
                statement.execute("unlisten *");
            }
        }
    }
}
