package io.valet.replicas;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.valet.testing.Browser;
import io.valet.testing.EmbeddedPostgresResource;
import io.valet.testing.Fixtures;

/**
 * Two Valet processes of the packaged application on two loopback ports, sharing one embedded
 * PostgreSQL and one issuer, with no sticky sessions: whatever one replica starts, the other
 * continues. Failsafe runs it after package; -DskipPostgresqlTests skips it.
 *
 * <p>Keys rotate every 45 s with a 30 s publication lead time, so the second key is published
 * about 15 s after the first start and signs from about 45 s on. The tests run in order:
 * {@link #nextKeyTokenAcceptedByBoth} waits for that switch, and the last test restarts B with
 * another admin secret.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    private static final String ADMIN_ID = "replicas-admin";
    private static final String ADMIN_SECRET = "replicas-admin-secret";
    private static final String NEW_ADMIN_SECRET = "replicas-admin-secret-2";
    /** Maximum time a revocation or client change on one replica may take to apply on the other. */
    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(2);

    private static EmbeddedPostgresResource postgres;
    private static String jdbcUrl;
    private static Map<String, String> environment;
    private static int portB;
    private static Replica a;
    private static Replica b;

    @BeforeAll
    static void startReplicas() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("skipPostgresqlTests"), "PostgreSQL tests are skipped");
        postgres = new EmbeddedPostgresResource();
        jdbcUrl = postgres.start().get("quarkus.datasource.jdbc.url");

        int portA = Replica.freePort();
        portB = Replica.freePort();
        environment = new HashMap<>();
        environment.put("VALET_DB_URL", jdbcUrl);
        environment.put("VALET_DB_USER", "postgres");
        environment.put("VALET_DB_PASSWORD", "postgres");
        environment.put("VALET_KEYS_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(
                "replicas-test-key-encryption-key".getBytes(StandardCharsets.US_ASCII)));
        // One issuer for both, as behind a load balancer.
        environment.put("VALET_ISSUER", "http://127.0.0.1:" + portA);
        environment.put("VALET_REGISTRATION_POLICY", "open");
        environment.put("VALET_ADMIN_CLIENT_ID", ADMIN_ID);
        environment.put("VALET_ADMIN_CLIENT_SECRET", ADMIN_SECRET);
        environment.put("VALET_PASSWORD_ITERATIONS", "1000");
        environment.put("VALET_KEYS_ROTATION_INTERVAL", "PT45S");
        environment.put("VALET_KEYS_PUBLICATION_LEAD_TIME", "PT30S");
        environment.put("VALET_KEYS_CHECK_INTERVAL", "PT1S");

        // Both start at once on an empty database, as replicas of a new Deployment do.
        a = Replica.start("a", portA, environment);
        b = Replica.start("b", portB, environment);
        a.awaitReady(Duration.ofSeconds(90));
        b.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {a, b}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    @Order(1)
    void nextKeyPublishedByBoth() throws Exception {
        long start = System.nanoTime();
        List<String> kidsA = List.of();
        List<String> kidsB = List.of();
        while (System.nanoTime() - start < Duration.ofSeconds(40).toNanos()) {
            kidsA = kids(a);
            kidsB = kids(b);
            if (kidsA.size() == 2 && kidsA.equals(kidsB)) {
                break;
            }
            Thread.sleep(250);
        }

        assertEquals(2, kidsA.size(), "keys published by A: " + kidsA);
        assertEquals(kidsA, kidsB);
        assertEquals(2L, count("select count(*) from signing_key"));
        assertEquals(1L, count("select count(*) from signing_key where activates_at > now()"));
        assertEquals(given().baseUri(a.url()).get("/jwks").asString(), given().baseUri(b.url()).get("/jwks").asString());
    }

    @Test
    @Order(2)
    void loginMovesFromAToB() throws Exception {
        Fixtures.RegisteredClient client = register(a);
        String username = account(b);

        Browser onA = new Browser().withBaseUri(a.url());
        Response loginRedirect = onA.get(Fixtures.authorizePath(client.clientId(), "contacts:read", "state-ab"));
        assertEquals(303, loginRedirect.statusCode());

        Browser onB = onA.withBaseUri(b.url());
        Response afterLogin = onB.logIn(loginRedirect, username, Fixtures.PASSWORD);
        assertEquals(303, afterLogin.statusCode(), afterLogin.asString());
        Response consent = onB.withBaseUri(a.url()).get(Browser.pathOf(afterLogin.header("Location")));
        assertEquals(200, consent.statusCode(), consent.asString());
        Response redirect = onB.decide(consent, "approve");

        assertEquals(303, redirect.statusCode(), redirect.asString());
        Map<String, String> query = Fixtures.queryOf(redirect.header("Location"));
        assertNotNull(query.get("code"));
        assertEquals("state-ab", query.get("state"));
        // RFC 9207: both replicas name the one configured issuer.
        assertEquals(a.url(), query.get("iss"));
    }

    @Test
    @Order(3)
    void codeFromARedeemedAtB() throws Exception {
        Fixtures.RegisteredClient client = register(b);
        String code = codeFrom(a, client, account(a));

        exchange(b, client, code)
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("access_token", notNullValue())
                .body("refresh_token", notNullValue())
                .body("token_type", equalTo("Bearer"));

        assertEquals(1L, count("select count(*) from authorization_code where used_at is not null and client_id = ?",
                client.clientId()));
        exchange(a, client, code).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    @Order(4)
    void revocationAtBReachesA() throws Exception {
        Fixtures.RegisteredClient client = register(a);
        String accessToken = exchange(a, client, codeFrom(a, client, account(a)))
                .then().statusCode(200)
                .extract().path("access_token");
        given().baseUri(a.url()).auth().oauth2(accessToken).get("/api/contacts").then().statusCode(200);

        given().baseUri(b.url()).auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("token", accessToken)
                .post("/revoke")
                .then().statusCode(200);
        long revokedAt = System.nanoTime();

        long millis = -1;
        while (System.nanoTime() - revokedAt < PROPAGATION_LIMIT.toNanos()) {
            if (given().baseUri(a.url()).auth().oauth2(accessToken).get("/api/contacts").statusCode() == 401) {
                millis = (System.nanoTime() - revokedAt) / 1_000_000;
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(millis >= 0, "A still accepts the token 2 s after B revoked it");
        System.out.printf("Revocation at B reached A after %d ms%n", millis);
        assertEquals(1L, count("select count(*) from revocation where kind = 'TOKEN' and subject = ?", jti(accessToken)));
        given().baseUri(a.url()).auth().oauth2(accessToken).get("/api/contacts")
                .then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token"));
    }

    @Test
    @Order(5)
    void clientDeletedAtBRejectedByA() throws Exception {
        Fixtures.RegisteredClient client = register(a, "client_credentials");
        String accessToken = clientCredentialsToken(a, client);
        introspect(a, client, accessToken).then().statusCode(200).body("active", equalTo(true));

        given().baseUri(b.url()).auth().oauth2(adminToken(b, ADMIN_SECRET))
                .delete("/admin/clients/" + client.clientId())
                .then().statusCode(204);
        long deletedAt = System.nanoTime();

        long millis = -1;
        while (System.nanoTime() - deletedAt < PROPAGATION_LIMIT.toNanos()) {
            if (clientCredentials(a, client.clientId(), client.clientSecret()).statusCode() == 401) {
                millis = (System.nanoTime() - deletedAt) / 1_000_000;
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(millis >= 0, "A still authenticates the client 2 s after B deleted it");
        System.out.printf("Client deletion at B reached A after %d ms%n", millis);
        assertInvalidClient(clientCredentials(a, client.clientId(), client.clientSecret()));
        assertInvalidClient(introspect(a, client, accessToken));
        assertEquals(1L, count("select count(*) from client_change where client_id = ?", client.clientId()));
    }

    @Test
    @Order(6)
    void nextKeyTokenAcceptedByBoth() throws Exception {
        String nextKid = string("select kid from signing_key order by activates_at desc limit 1");
        Fixtures.RegisteredClient client = register(a, "client_credentials");

        String token = null;
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
            token = clientCredentialsToken(a, client);
            if (nextKid.equals(kid(token))) {
                break;
            }
            Thread.sleep(500);
        }

        assertEquals(nextKid, kid(token));
        given().baseUri(b.url()).auth().oauth2(token).get("/api/profile").then().statusCode(200);
        given().baseUri(a.url()).auth().oauth2(token).get("/api/profile").then().statusCode(200);
        assertEquals(nextKid, kid(clientCredentialsToken(b, client)));
    }

    // A rolling update that gives B a new admin secret: B's start-up stores it, and A, which has
    // the admin client cached, must reject the old secret within the limit of that write.
    @Test
    @Order(7)
    void adminSecretChangedAtBRejectedByA() throws Exception {
        clientCredentials(a, ADMIN_ID, ADMIN_SECRET).then().statusCode(200);
        b.close();
        Map<String, String> changed = new HashMap<>(environment);
        changed.put("VALET_ADMIN_CLIENT_SECRET", NEW_ADMIN_SECRET);
        b = Replica.start("b-new-admin-secret", portB, changed);

        long rejectedAtMillis = -1;
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofSeconds(90).toNanos()) {
            if (clientCredentials(a, ADMIN_ID, ADMIN_SECRET).statusCode() == 401) {
                rejectedAtMillis = System.currentTimeMillis();
                break;
            }
            Thread.sleep(20);
        }
        b.awaitReady(Duration.ofSeconds(90));

        assertTrue(rejectedAtMillis > 0, "A still accepts the old admin secret 90 s after B started with a new one");
        long changedAtMillis = (long) Double.parseDouble(string(
                "select extract(epoch from changed_at) * 1000 from client_change where client_id = ? order by id desc limit 1",
                ADMIN_ID));
        long millis = rejectedAtMillis - changedAtMillis;
        System.out.printf("Admin secret change at B reached A after %d ms%n", millis);
        assertTrue(millis < PROPAGATION_LIMIT.toMillis(), "A accepted the old admin secret for " + millis + " ms");
        assertInvalidClient(clientCredentials(a, ADMIN_ID, ADMIN_SECRET));
        clientCredentials(a, ADMIN_ID, NEW_ADMIN_SECRET).then().statusCode(200);
        clientCredentials(b, ADMIN_ID, NEW_ADMIN_SECRET).then().statusCode(200);
    }

    private static List<String> kids(Replica replica) {
        return new ArrayList<>(given().baseUri(replica.url()).get("/jwks")
                .then().statusCode(200)
                .extract().jsonPath().getList("keys.kid", String.class));
    }

    private static Fixtures.RegisteredClient register(Replica replica, String... grantTypes) {
        JsonPath body = given().baseUri(replica.url()).contentType(ContentType.JSON)
                .body(Map.of(
                        "client_name", "Replicas test app",
                        "redirect_uris", List.of(Fixtures.REDIRECT_URI),
                        "grant_types", grantTypes.length == 0 ? List.of("authorization_code", "refresh_token") : List.of(grantTypes),
                        "token_endpoint_auth_method", "client_secret_basic",
                        "scope", "contacts:read profile"))
                .post("/register")
                .then().statusCode(201)
                .extract().jsonPath();
        return new Fixtures.RegisteredClient(body.getString("client_id"), body.getString("client_secret"));
    }

    private static String adminToken(Replica replica, String secret) {
        return clientCredentials(replica, ADMIN_ID, secret)
                .then().statusCode(200)
                .extract().path("access_token");
    }

    private static String account(Replica replica) {
        String username = "replica-user-" + UUID.randomUUID();
        given().baseUri(replica.url()).auth().oauth2(adminToken(replica, ADMIN_SECRET)).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", Fixtures.PASSWORD))
                .post("/admin/accounts")
                .then().statusCode(201);
        return username;
    }

    private static String codeFrom(Replica replica, Fixtures.RegisteredClient client, String username) {
        Browser browser = new Browser().withBaseUri(replica.url());
        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "contacts:read", "state-1"));
        Response afterLogin = browser.logIn(login, username, Fixtures.PASSWORD);
        Response consent = browser.get(Browser.pathOf(afterLogin.header("Location")));
        Response redirect = browser.decide(consent, "approve");
        return Fixtures.queryOf(redirect.header("Location")).get("code");
    }

    private static Response exchange(Replica replica, Fixtures.RegisteredClient client, String code) {
        return given().baseUri(replica.url()).auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "authorization_code")
                .formParam("code", code)
                .formParam("redirect_uri", Fixtures.REDIRECT_URI)
                .formParam("code_verifier", Fixtures.VERIFIER)
                .post("/token");
    }

    private static String clientCredentialsToken(Replica replica, Fixtures.RegisteredClient client) {
        return given().baseUri(replica.url()).auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "client_credentials").formParam("scope", "profile")
                .post("/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    private static Response clientCredentials(Replica replica, String clientId, String secret) {
        return given().baseUri(replica.url()).auth().preemptive().basic(clientId, secret)
                .formParam("grant_type", "client_credentials")
                .post("/token");
    }

    private static Response introspect(Replica replica, Fixtures.RegisteredClient caller, String token) {
        return given().baseUri(replica.url()).auth().preemptive().basic(caller.clientId(), caller.clientSecret())
                .formParam("token", token)
                .post("/introspect");
    }

    private static void assertInvalidClient(Response response) {
        response.then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .body("error", equalTo("invalid_client"));
    }

    private static String kid(String jwt) {
        return JsonPath.from(decodePart(jwt, 0)).getString("kid");
    }

    private static String jti(String jwt) {
        return JsonPath.from(decodePart(jwt, 1)).getString("jti");
    }

    private static String decodePart(String jwt, int index) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
    }

    private static long count(String sql, String... parameters) throws SQLException {
        return Long.parseLong(string(sql, parameters));
    }

    private static String string(String sql, String... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }
}
