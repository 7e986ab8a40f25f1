package io.valet.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.valet.client.ClientChangePropagation.Announcement;
import io.valet.oauth.Scope;
import io.valet.testing.Fixtures;

/**
 * Client lookups served from memory: a change made on this replica applies to the next request,
 * and a change recorded by another replica applies within the one-second poll.
 */
@QuarkusTest
class ClientChangesTest {

    private static final Duration POLL_LIMIT = Duration.ofSeconds(2);

    @Inject
    ClientRegistry registry;

    @Inject
    ClientCache cache;

    @Inject
    ClientChanges changes;

    @Inject
    DataSource dataSource;

    private String configuredClient(String secret, Set<String> grantTypes) {
        String clientId = "configured-" + UUID.randomUUID();
        upsert(clientId, secret, grantTypes);
        return clientId;
    }

    private void upsert(String clientId, String secret, Set<String> grantTypes) {
        registry.upsertFromConfiguration(clientId, "Configured test app", secret, grantTypes,
                Scope.parse("profile"), List.of(Fixtures.REDIRECT_URI));
    }

    private static void assertInvalidClient(Response response) {
        response.then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void upsertedSecretAppliesAtOnce() {
        String clientId = configuredClient("first-secret", Set.of(ClientRegistry.CLIENT_CREDENTIALS));
        ClientChangePropagation.token(clientId, "first-secret").then().statusCode(200);

        upsert(clientId, "second-secret", Set.of(ClientRegistry.CLIENT_CREDENTIALS));

        assertInvalidClient(ClientChangePropagation.token(clientId, "first-secret"));
        ClientChangePropagation.token(clientId, "second-secret").then().statusCode(200);
    }

    @Test
    void inMemoryLookupNeedsPriorRead() {
        String clientId = configuredClient("secret", Set.of(ClientRegistry.CLIENT_CREDENTIALS));
        // Applies the upsert's change row now. A poll or notification that applied it after the
        // read below would drop the snapshot that the read cached.
        changes.refresh();
        assertTrue(registry.findInMemory(clientId).isEmpty());

        assertEquals(clientId, registry.find(clientId).orElseThrow().clientId());
        assertEquals(clientId, registry.findInMemory(clientId).orElseThrow().clientId());

        upsert(clientId, "second-secret", Set.of(ClientRegistry.CLIENT_CREDENTIALS));
        assertTrue(registry.findInMemory(clientId).isEmpty());
    }

    @Test
    void upsertedGrantTypesApplyAtOnce() {
        String clientId = configuredClient("secret", Set.of(ClientRegistry.CLIENT_CREDENTIALS));
        ClientChangePropagation.token(clientId, "secret").then().statusCode(200);

        upsert(clientId, "secret", Set.of(ClientRegistry.AUTHORIZATION_CODE));

        ClientChangePropagation.token(clientId, "secret").then()
                .statusCode(400)
                .body("error", equalTo("unauthorized_client"));
    }

    @Test
    void deletedClientIntrospectionRejectedAtOnce() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("client_credentials");
        String token = ClientChangePropagation.token(client).then().statusCode(200).extract().path("access_token");
        introspect(client, token).then().statusCode(200).body("active", equalTo(true));

        given().auth().oauth2(Fixtures.adminToken()).delete("/admin/clients/" + client.clientId())
                .then().statusCode(204);

        assertInvalidClient(introspect(client, token));
        assertInvalidClient(ClientChangePropagation.token(client));
    }

    @Test
    void otherReplicaChangeAppliedByPoll() throws Exception {
        Fixtures.RegisteredClient client = ClientChangePropagation.cachedClient();

        ClientChangePropagation.changeSecretElsewhere(dataSource, client.clientId(), "changed-elsewhere",
                Announcement.CHANGE_ROW);

        long millis = ClientChangePropagation.millisUntilRejected(client, POLL_LIMIT);
        assertTrue(millis >= 0, "old secret still accepted 2 s after another replica changed it");
        assertInvalidClient(ClientChangePropagation.token(client));
        ClientChangePropagation.token(client.clientId(), "changed-elsewhere").then().statusCode(200);
    }

    // Without a change row only the cache entry's maximum age ends the old secret, which shows
    // that lookups are served from memory.
    @Test
    void unrecordedChangeWaitsForMaxAge() throws Exception {
        Fixtures.RegisteredClient client = ClientChangePropagation.cachedClient();

        ClientChangePropagation.changeSecretElsewhere(dataSource, client.clientId(), "changed-by-hand",
                Announcement.NONE);

        assertEquals(-1, ClientChangePropagation.millisUntilRejected(client, POLL_LIMIT));
    }

    @Test
    void unknownClientIdsNotCached() {
        long before = cache.size();

        for (int i = 0; i < 200; i++) {
            assertTrue(registry.find("unknown-" + UUID.randomUUID()).isEmpty());
        }

        assertTrue(cache.size() <= before, "cache grew from " + before + " to " + cache.size());
    }

    private static Response introspect(Fixtures.RegisteredClient caller, String token) {
        return given().auth().preemptive().basic(caller.clientId(), caller.clientSecret())
                .formParam("token", token)
                .post("/introspect");
    }
}
