package io.valet.client;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import io.restassured.response.Response;
import io.valet.oauth.Secrets;
import io.valet.testing.Fixtures;

/**
 * Helpers that act as another replica: they change a client over their own JDBC connection, so
 * this replica learns of it only through a client_change row that it polls or is notified of.
 */
final class ClientChangePropagation {

    /** What the other replica writes besides the changed client row. */
    enum Announcement {
        /** Nothing, as an operator editing the table by hand would. */
        NONE,
        /** A client_change row, which the poll reads. */
        CHANGE_ROW,
        /** A client_change row and a NOTIFY, as Valet does on PostgreSQL. */
        CHANGE_ROW_AND_NOTIFY
    }

    private ClientChangePropagation() {
    }

    /** Sends a client_credentials token request with HTTP Basic authentication and returns the response. */
    static Response token(String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret)
                .formParam("grant_type", "client_credentials").formParam("scope", "profile")
                .post("/token");
    }

    static Response token(Fixtures.RegisteredClient client) {
        return token(client.clientId(), client.clientSecret());
    }

    /** Registers a client_credentials client and uses it once, so that this replica caches it. */
    static Fixtures.RegisteredClient cachedClient() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("client_credentials");
        token(client).then().statusCode(200);
        return client;
    }

    /** Replaces the client's secret hash in the database as another replica would. */
    static void changeSecretElsewhere(DataSource dataSource, String clientId, String newSecret,
            Announcement announcement) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(
                    "update client set secret_hash = ? where client_id = ?")) {
                update.setString(1, Secrets.hash(newSecret));
                update.setString(2, clientId);
                if (update.executeUpdate() != 1) {
                    throw new IllegalStateException("client " + clientId + " is not stored");
                }
            }
            if (announcement != Announcement.NONE) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into client_change (client_id, changed_at) values (?, ?)")) {
                    insert.setString(1, clientId);
                    insert.setTimestamp(2, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
            }
            if (announcement == Announcement.CHANGE_ROW_AND_NOTIFY) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("notify " + ClientChanges.CHANNEL);
                }
            }
            connection.commit();
        }
    }

    /**
     * Returns the milliseconds until /token rejects the client's secret, or -1 if it still accepts
     * it after the limit.
     */
    static long millisUntilRejected(Fixtures.RegisteredClient client, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (token(client).statusCode() == 401) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        return -1;
    }
}
