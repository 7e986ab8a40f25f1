package io.valet.revocation;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.sql.DataSource;

import io.restassured.path.json.JsonPath;
import io.valet.testing.Fixtures;

/**
 * Helpers that act as another replica: they write a revocation row over their own JDBC
 * connection, so this replica learns of it only through polling or a notification.
 */
final class RevocationPropagation {

    private RevocationPropagation() {
    }

    /** An access token with scope profile, the client it was issued to, and its jti. */
    record IssuedToken(String value, String jti, Fixtures.RegisteredClient client) {
    }

    /** Returns a new client_credentials access token with scope profile. */
    static IssuedToken issue() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("client_credentials");
        String token = given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "client_credentials").formParam("scope", "profile")
                .post("/token")
                .then().statusCode(200)
                .extract().path("access_token");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return new IssuedToken(token, JsonPath.from(claims).getString("jti"), client);
    }

    /** Inserts a TOKEN revocation row as another replica would, optionally followed by NOTIFY. */
    static void revokeElsewhere(DataSource dataSource, String jti, boolean notify) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into revocation (kind, subject, revoked_at, expires_at) values ('TOKEN', ?, ?, ?)")) {
                insert.setString(1, jti);
                insert.setTimestamp(2, Timestamp.from(Instant.now()));
                insert.setTimestamp(3, Timestamp.from(Instant.now().plus(Duration.ofHours(1))));
                insert.executeUpdate();
            }
            if (notify) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("notify " + RevocationRegistry.CHANNEL);
                }
            }
            connection.commit();
        }
    }

    /** Returns the milliseconds until /api/profile rejects the token, or -1 if it still accepts it after the limit. */
    static long millisUntilRejected(String token, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            int status = given().auth().oauth2(token).get("/api/profile").statusCode();
            if (status == 401) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        return -1;
    }
}
