package io.valet.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.valet.account.Account;
import io.valet.testing.Fixtures;
import io.valet.testing.Fixtures.RegisteredClient;

@QuarkusTest
class AdminApiTest {

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(Fixtures.adminToken());
    }

    private static Response createAccount(String username, String password) {
        return asAdmin().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/admin/accounts");
    }

    private static Response createClient(Map<String, Object> metadata) {
        return asAdmin().contentType(ContentType.JSON).body(metadata).post("/admin/clients");
    }

    private static Map<String, Object> adminClientMetadata() {
        return Map.of(
                "client_name", "Admin API test client",
                "grant_types", List.of("client_credentials"),
                "scope", "valet:admin");
    }

    private static String clientCredentialsToken(RegisteredClient client) {
        return given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "client_credentials")
                .post("/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    private static String uniqueUsername() {
        return "admin-test-" + UUID.randomUUID();
    }

    // --- access -----------------------------------------------------------------------------

    @Test
    void missingTokenIsUnauthorized() {
        given().get("/admin/accounts").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("error", equalTo("invalid_token"));
    }

    @Test
    void malformedTokenIsUnauthorized() {
        given().auth().oauth2("not-a-jwt").get("/admin/accounts").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .body("error", equalTo("invalid_token"));
    }

    @Test
    void basicCredentialsAreUnauthorized() {
        given().auth().preemptive().basic("test-admin", "test-admin-secret").get("/admin/accounts").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }

    @Test
    void tokenWithoutAdminScopeIsForbidden() {
        RegisteredClient client = Fixtures.register(Map.of(
                "grant_types", List.of("client_credentials"),
                "scope", "profile"));
        given().auth().oauth2(clientCredentialsToken(client)).get("/admin/accounts").then()
                .statusCode(403)
                .header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")
                .body("error", equalTo("insufficient_scope"));
    }

    @Test
    void tokenWithoutAdminScopeCannotCreateClient() {
        RegisteredClient client = Fixtures.register(Map.of(
                "grant_types", List.of("client_credentials"),
                "scope", "profile"));
        given().auth().oauth2(clientCredentialsToken(client)).contentType(ContentType.JSON)
                .body(adminClientMetadata())
                .post("/admin/clients")
                .then().statusCode(403);
    }

    // --- accounts ---------------------------------------------------------------------------

    @Test
    void createAccountReturnsCreated() {
        String username = uniqueUsername();
        createAccount(username, Fixtures.PASSWORD).then()
                .statusCode(201)
                .header("Location", notNullValue())
                .body("id", notNullValue())
                .body("username", equalTo(username))
                .body("created_at", notNullValue())
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("password_hash")));
    }

    @Test
    void createAccountStoresPasswordHash() {
        String username = uniqueUsername();
        createAccount(username, Fixtures.PASSWORD).then().statusCode(201);

        String stored = QuarkusTransaction.requiringNew().call(() -> Account.findByUsername(username).orElseThrow().passwordHash);

        assertNotEquals(Fixtures.PASSWORD, stored);
        assertFalse(stored.contains(Fixtures.PASSWORD));
        assertTrue(stored.startsWith("pbkdf2-sha256$"), stored);
    }

    @Test
    void duplicateAccountIsConflict() {
        String username = uniqueUsername();
        createAccount(username, Fixtures.PASSWORD).then().statusCode(201);

        createAccount(username, Fixtures.PASSWORD).then()
                .statusCode(409)
                .body("error", equalTo("account_exists"));
    }

    @Test
    void shortPasswordIsInvalidRequest() {
        createAccount(uniqueUsername(), "short").then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void listAccountsIncludesCreated() {
        String username = uniqueUsername();
        createAccount(username, Fixtures.PASSWORD).then().statusCode(201);

        asAdmin().get("/admin/accounts").then()
                .statusCode(200)
                .body("username", hasItem(username));
    }

    @Test
    void listAccountsOmitsPasswordHash() {
        createAccount(uniqueUsername(), Fixtures.PASSWORD).then().statusCode(201);

        List<Map<String, Object>> accounts = asAdmin().get("/admin/accounts").then()
                .statusCode(200)
                .extract().jsonPath().getList("$");

        assertFalse(accounts.isEmpty());
        for (Map<String, Object> account : accounts) {
            assertEquals(List.of("id", "username", "created_at"), List.copyOf(account.keySet()), account.toString());
        }
    }

    @Test
    void deleteAccountReturnsNoContent() {
        String username = uniqueUsername();
        createAccount(username, Fixtures.PASSWORD).then().statusCode(201);

        asAdmin().delete("/admin/accounts/" + username).then().statusCode(204);

        long remaining = QuarkusTransaction.requiringNew().call(() -> Account.count("username", username));
        assertEquals(0, remaining);
    }

    @Test
    void deleteAccountTwiceIsNotFound() {
        String username = uniqueUsername();
        createAccount(username, Fixtures.PASSWORD).then().statusCode(201);
        asAdmin().delete("/admin/accounts/" + username).then().statusCode(204);

        asAdmin().delete("/admin/accounts/" + username).then()
                .statusCode(404)
                .body("error", equalTo("not_found"));
    }

    // --- clients ----------------------------------------------------------------------------

    @Test
    void createClientReturnsSecret() {
        Response response = createClient(adminClientMetadata());

        response.then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .header("Location", notNullValue())
                .body("client_id", notNullValue())
                .body("scope", equalTo("valet:admin"));
        String secret = response.path("client_secret");
        assertEquals(43, secret.length());
    }

    @Test
    void createClientRejectsInvalidMetadata() {
        createClient(Map.of("grant_types", List.of("urn:example:unknown"))).then()
                .statusCode(400)
                .body("error", equalTo("invalid_client_metadata"));
    }

    @Test
    void getClientOmitsSecret() {
        String clientId = createClient(adminClientMetadata()).then().statusCode(201).extract().path("client_id");

        asAdmin().get("/admin/clients/" + clientId).then()
                .statusCode(200)
                .body("client_id", equalTo(clientId))
                .body("client_name", equalTo("Admin API test client"))
                .body("$", not(hasKey("client_secret")));
    }

    @Test
    void getUnknownClientIsNotFound() {
        asAdmin().get("/admin/clients/no-such-client").then()
                .statusCode(404)
                .body("error", equalTo("not_found"));
    }

    @Test
    void listClientsIncludesCreated() {
        String clientId = createClient(adminClientMetadata()).then().statusCode(201).extract().path("client_id");

        asAdmin().get("/admin/clients").then()
                .statusCode(200)
                .body("client_id", hasItem(clientId))
                .body("client_secret", not(hasItem(notNullValue())));
    }

    @Test
    void deleteClientThenNotFound() {
        String clientId = createClient(adminClientMetadata()).then().statusCode(201).extract().path("client_id");

        asAdmin().delete("/admin/clients/" + clientId).then().statusCode(204);

        asAdmin().get("/admin/clients/" + clientId).then().statusCode(404);
        asAdmin().delete("/admin/clients/" + clientId).then().statusCode(404);
    }

    @Test
    void deletedClientCannotAuthenticate() {
        Response created = createClient(adminClientMetadata());
        RegisteredClient client = new RegisteredClient(created.path("client_id"), created.path("client_secret"));
        clientCredentialsToken(client);

        asAdmin().delete("/admin/clients/" + client.clientId()).then().statusCode(204);

        given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "client_credentials")
                .post("/token")
                .then().statusCode(401)
                .body("error", equalTo("invalid_client"));
    }

    // Deleting a client revokes the access tokens issued to it.
    @Test
    void deletedClientTokenIsRejected() {
        Response created = createClient(adminClientMetadata());
        RegisteredClient client = new RegisteredClient(created.path("client_id"), created.path("client_secret"));
        String token = clientCredentialsToken(client);
        given().auth().oauth2(token).get("/admin/accounts").then().statusCode(200);

        asAdmin().delete("/admin/clients/" + client.clientId()).then().statusCode(204);

        given().auth().oauth2(token).get("/admin/accounts").then()
                .statusCode(401)
                .body("error", equalTo("invalid_token"));
    }
}
