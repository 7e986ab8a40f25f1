package io.valet.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;
import io.valet.testing.InMemoryLogHandler;

/**
 * The audit log: the expected events of a full authorization code dance, and no credential in
 * any log line of any category, with Valet's debug logging switched on.
 */
@QuarkusTest
@TestProfile(AuditLogTest.DebugLogging.class)
class AuditLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static class DebugLogging implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"io.valet\".level", "DEBUG");
        }
    }

    private InMemoryLogHandler logs;

    @BeforeEach
    void captureLogs() {
        logs = InMemoryLogHandler.attachToRoot();
    }

    @AfterEach
    void releaseLogs() {
        logs.detach();
    }

    @Test
    void fullDanceLogsEventsWithoutSecrets() throws Exception {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String username = Fixtures.account();
        String wrongPassword = "wrong-" + UUID.randomUUID();
        Browser browser = new Browser();

        Response login = browser.get(Fixtures.authorizePath(client.clientId(), "contacts:read profile", "audit"));
        assertEquals(401, browser.logIn(login, username, wrongPassword).statusCode());
        Response afterLogin = browser.logIn(login, username, Fixtures.PASSWORD);
        Response consent = browser.get(Browser.pathOf(afterLogin.header("Location")));
        Response redirect = browser.decide(consent, "approve");
        String code = Fixtures.queryOf(redirect.header("Location")).get("code");

        JsonPath tokens = Fixtures.exchange(client, code).then().statusCode(200).extract().jsonPath();
        String accessToken = tokens.getString("access_token");
        String firstRefreshToken = tokens.getString("refresh_token");
        String secondRefreshToken = Fixtures.refresh(client, firstRefreshToken, null)
                .then().statusCode(200).extract().path("refresh_token");
        Fixtures.refresh(client, firstRefreshToken, null).then().statusCode(400);
        given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("token", secondRefreshToken)
                .post("/revoke")
                .then().statusCode(200);
        Fixtures.exchange(client, code).then().statusCode(400);

        List<String> secrets = List.of(client.clientSecret(), code, Fixtures.VERIFIER, accessToken, firstRefreshToken,
                secondRefreshToken, browser.sessionCookie(), Fixtures.PASSWORD, wrongPassword);
        List<String> names = List.of("client secret", "authorization code", "code verifier", "access token",
                "first refresh token", "second refresh token", "session cookie", "password", "wrong password");
        List<InMemoryLogHandler.Line> lines = logs.lines();
        assertTrue(lines.size() > 10, "the handler captured the application's log: " + lines.size() + " lines");
        assertTrue(lines.stream().anyMatch(line -> line.category().startsWith("io.valet.")
                && line.level().intValue() < Level.INFO.intValue()), "Valet's debug lines are checked too");
        for (InMemoryLogHandler.Line line : lines) {
            for (int i = 0; i < secrets.size(); i++) {
                assertFalse(line.text().contains(secrets.get(i)),
                        "the " + names.get(i) + " appears in a log line of " + line.category() + ": " + line.text());
            }
        }

        String accountId = subjectOf(accessToken);
        List<JsonNode> events = auditEvents();
        assertEvent(events, "client_registered", null, client.clientId());
        assertEvent(events, "login_failure", accountId, null);
        assertEvent(events, "login_success", accountId, null);
        assertEvent(events, "consent_granted", accountId, client.clientId());
        JsonNode codeExchange = assertEvent(events, "token_issued", accountId, client.clientId(), "authorization_code");
        assertEvent(events, "token_issued", accountId, client.clientId(), "refresh_token");
        assertEvent(events, "refresh_token_reuse", accountId, client.clientId());
        assertEvent(events, "token_revoked", accountId, client.clientId());
        assertEvent(events, "code_replay", accountId, client.clientId());

        assertNotNull(codeExchange.get("time"), "every event has a time");
        assertNotNull(codeExchange.get("client_address"), "events of HTTP requests name the client address");
        assertEquals(claimOf(accessToken, "jti"), codeExchange.get("jti").asText());
    }

    @Test
    void auditEventsAreOneJsonObjectPerLine() throws Exception {
        Fixtures.confidentialClient();

        List<String> messages = logs.messagesOf(AuditLog.CATEGORY);

        assertFalse(messages.isEmpty(), "registration wrote an audit event");
        for (String message : messages) {
            assertFalse(message.contains("\n"), "an audit event spans one line: " + message);
            assertTrue(JSON.readTree(message).isObject(), message);
        }
    }

    private List<JsonNode> auditEvents() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String message : logs.messagesOf(AuditLog.CATEGORY)) {
            events.add(JSON.readTree(message));
        }
        return events;
    }

    private static JsonNode assertEvent(List<JsonNode> events, String type, String accountId, String clientId) {
        return assertEvent(events, type, accountId, clientId, null);
    }

    /** Asserts that an event of the type exists for the account and client, and returns it. */
    private static JsonNode assertEvent(List<JsonNode> events, String type, String accountId, String clientId,
            String grantType) {
        for (JsonNode event : events) {
            boolean matches = type.equals(event.path("event").asText())
                    && (accountId == null || accountId.equals(event.path("account_id").asText()))
                    && (clientId == null || clientId.equals(event.path("client_id").asText()))
                    && (grantType == null || grantType.equals(event.path("grant_type").asText()));
            if (matches) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event for account " + accountId + ", client " + clientId
                + (grantType == null ? "" : ", grant_type " + grantType) + " among " + events);
    }

    private static String subjectOf(String jwt) throws Exception {
        return claimOf(jwt, "sub");
    }

    private static String claimOf(String jwt, String claim) throws Exception {
        byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
        return JSON.readTree(payload).get(claim).asText();
    }
}
