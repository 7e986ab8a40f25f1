package io.valet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.valet.client.ClientChangePropagation.Announcement;
import io.valet.oauth.Scope;
import io.valet.testing.Fixtures;
import io.valet.testing.SelectedDatabase;

/**
 * PostgreSQL LISTEN/NOTIFY for client changes: with polling slowed to once an hour, only the
 * notification can bring another replica's change here in time.
 */
@QuarkusTest
@TestProfile(ClientChangeNotificationTest.HourlyPoll.class)
@EnabledIfSystemProperty(named = "quarkus.test.profile", matches = SelectedDatabase.POSTGRESQL_PROFILE)
class ClientChangeNotificationTest {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("valet.revocation.poll-interval", "PT1H");
        }
    }

    private static final Duration NOTIFICATION_LIMIT = Duration.ofSeconds(2);

    @Inject
    DataSource dataSource;

    @Inject
    ClientRegistry registry;

    @Test
    void notifiedChangeAppliesWithinTwoSeconds() throws Exception {
        Fixtures.RegisteredClient client = ClientChangePropagation.cachedClient();

        ClientChangePropagation.changeSecretElsewhere(dataSource, client.clientId(), "changed-elsewhere",
                Announcement.CHANGE_ROW_AND_NOTIFY);

        long millis = ClientChangePropagation.millisUntilRejected(client, NOTIFICATION_LIMIT);
        assertTrue(millis >= 0, "old secret still accepted 2 s after a notified change");
        ClientChangePropagation.token(client.clientId(), "changed-elsewhere").then().statusCode(200);
    }

    @Test
    void unnotifiedChangeWaitsForPoll() throws Exception {
        Fixtures.RegisteredClient client = ClientChangePropagation.cachedClient();

        ClientChangePropagation.changeSecretElsewhere(dataSource, client.clientId(), "changed-elsewhere",
                Announcement.CHANGE_ROW);

        assertEquals(-1, ClientChangePropagation.millisUntilRejected(client, NOTIFICATION_LIMIT));
    }

    @Test
    void upsertSendsNotification() throws Exception {
        try (Connection listener = dataSource.getConnection()) {
            try (Statement statement = listener.createStatement()) {
                statement.execute("listen " + ClientChanges.CHANNEL);
            }

            registry.upsertFromConfiguration("notified-" + UUID.randomUUID(), "Notified test app", "secret",
                    Set.of(ClientRegistry.CLIENT_CREDENTIALS), Scope.parse("profile"), List.of());

            PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(2000);
            assertNotNull(received);
            assertEquals(1, received.length);
            assertEquals(ClientChanges.CHANNEL, received[0].getName());
            // The connection goes back to the pool, which must not keep it listening.
            try (Statement statement = listener.createStatement()) {
                statement.execute("unlisten *");
            }
        }
    }
}
