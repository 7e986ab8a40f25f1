package io.valet.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.valet.oauth.Secrets;

@QuarkusTest
class ClientRegistrationTest {

    private static final String REDIRECT_URI = "https://client.example/cb";

    private static Response register(Map<String, Object> metadata) {
        return given().contentType(ContentType.JSON).body(metadata).post("/register");
    }

    private static Map<String, Object> confidentialMetadata() {
        return Map.of(
                "client_name", "Registration test app",
                "redirect_uris", List.of(REDIRECT_URI),
                "grant_types", List.of("authorization_code", "refresh_token", "client_credentials"),
                "token_endpoint_auth_method", "client_secret_basic",
                "scope", "profile contacts:read");
    }

    private static Map<String, Object> withRedirectUri(String redirectUri) {
        return Map.of(
                "redirect_uris", List.of(redirectUri),
                "grant_types", List.of("authorization_code"),
                "token_endpoint_auth_method", "client_secret_basic");
    }

    private static void assertMetadataError(Response response, String error) {
        response.then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error))
                .body("error_description", notNullValue());
    }

    @Test
    void registerConfidentialClientReturnsCreated() {
        register(confidentialMetadata()).then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("client_id", notNullValue())
                .body("client_id_issued_at", notNullValue())
                .body("client_secret_expires_at", equalTo(0))
                .body("client_name", equalTo("Registration test app"))
                .body("redirect_uris", equalTo(List.of(REDIRECT_URI)))
                .body("grant_types", hasItems("authorization_code", "refresh_token", "client_credentials"))
                .body("response_types", equalTo(List.of("code")))
                .body("token_endpoint_auth_method", equalTo("client_secret_basic"))
                .body("scope", equalTo("contacts:read profile"));
    }

    @Test
    void registerConfidentialClientGets43CharacterSecret() {
        String secret = register(confidentialMetadata()).then().statusCode(201).extract().path("client_secret");
        assertNotNull(secret);
        assertEquals(43, secret.length());
    }

    @Test
    void registerStoresOnlySecretHash() {
        Response response = register(confidentialMetadata());
        String clientId = response.path("client_id");
        String secret = response.path("client_secret");

        QuarkusTransaction.requiringNew().run(() -> {
            Client stored = Client.findById(clientId);
            assertEquals(Secrets.hash(secret), stored.secretHash);
            assertNotEquals(secret, stored.secretHash);
            assertEquals(0, Client.count("secretHash = ?1 or clientName = ?1 or scope = ?1", secret));
        });
    }

    @Test
    void registerPublicClientHasNoSecret() {
        Response response = register(Map.of(
                "redirect_uris", List.of(REDIRECT_URI),
                "token_endpoint_auth_method", "none"));

        response.then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .body("token_endpoint_auth_method", equalTo("none"))
                .body("$", not(hasKey("client_secret")))
                .body("$", not(hasKey("client_secret_expires_at")));
        String clientId = response.path("client_id");
        QuarkusTransaction.requiringNew().run(() -> assertNull(Client.<Client>findById(clientId).secretHash));
    }

    @Test
    void registerWithoutScopeGetsDefaultScope() {
        register(withRedirectUri(REDIRECT_URI)).then()
                .statusCode(201)
                .body("scope", equalTo("calendar:read contacts:read contacts:write profile"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/cb",
            "https://client.example/cb#fragment",
            "http://client.example/cb",
            "https://user@client.example/cb",
            "https://user:password@client.example/cb",
            "not a uri",
            ""})
    void registerRejectsInvalidRedirectUri(String redirectUri) {
        assertMetadataError(register(withRedirectUri(redirectUri)), "invalid_redirect_uri");
    }

    @Test
    void registerRequiresRedirectUriForCodeGrant() {
        assertMetadataError(register(Map.of("grant_types", List.of("authorization_code"))), "invalid_redirect_uri");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/cb", "http://localhost/cb", "http://[::1]/cb"})
    void registerAcceptsLoopbackHttp(String redirectUri) {
        register(withRedirectUri(redirectUri)).then()
                .statusCode(201)
                .body("redirect_uris", equalTo(List.of(redirectUri)));
    }

    @Test
    void registerRejectsUnknownGrantType() {
        assertMetadataError(register(Map.of("grant_types", List.of("urn:example:unknown"))), "invalid_client_metadata");
    }

    @Test
    void registerRejectsDisabledPasswordGrant() {
        assertMetadataError(register(Map.of("grant_types", List.of("password"))), "invalid_client_metadata");
    }

    @Test
    void registerRejectsDisabledImplicitGrant() {
        assertMetadataError(register(Map.of(
                "redirect_uris", List.of(REDIRECT_URI),
                "grant_types", List.of("implicit"),
                "response_types", List.of("token"))), "invalid_client_metadata");
    }

    @Test
    void registerRejectsClientCredentialsForPublicClient() {
        assertMetadataError(register(Map.of(
                "grant_types", List.of("client_credentials"),
                "token_endpoint_auth_method", "none")), "invalid_client_metadata");
    }

    @Test
    void registerRejectsUnknownAuthMethod() {
        assertMetadataError(register(Map.of(
                "redirect_uris", List.of(REDIRECT_URI),
                "token_endpoint_auth_method", "private_key_jwt")), "invalid_client_metadata");
    }

    @Test
    void registerRejectsMismatchedResponseType() {
        assertMetadataError(register(Map.of(
                "redirect_uris", List.of(REDIRECT_URI),
                "grant_types", List.of("authorization_code"),
                "response_types", List.of("token"))), "invalid_client_metadata");
    }

    @Test
    void registerRejectsUnknownScope() {
        assertMetadataError(register(Map.of(
                "redirect_uris", List.of(REDIRECT_URI),
                "scope", "profile unknown:scope")), "invalid_client_metadata");
    }

    @Test
    void registerRejectsAdminScope() {
        assertMetadataError(register(Map.of(
                "grant_types", List.of("client_credentials"),
                "scope", "valet:admin")), "invalid_client_metadata");
    }

    @Test
    void registerRejectsControlCharacterInName() {
        assertMetadataError(register(Map.of(
                "redirect_uris", List.of(REDIRECT_URI),
                "client_name", "app\u0007name")), "invalid_client_metadata");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "null", "\"text\"", "{\"redirect_uris\": \"https://client.example/cb\"}", ""})
    void registerRejectsMalformedJson(String body) {
        assertMetadataError(given().contentType(ContentType.JSON).body(body).post("/register"),
                "invalid_client_metadata");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void registerRejectsNonJsonContentType(String contentType) {
        String body = "{\"redirect_uris\": [\"https://client.example/cb\"]}";
        assertMetadataError(given().contentType(contentType).body(body).post("/register"), "invalid_client_metadata");
    }

    // RFC 7591 §3.1: the body is sent as application/json, and a wildcard names no media type.
    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/*"})
    void registerRejectsWildcardContentType(String contentType) {
        // Sent as bytes, because RestAssured cannot serialize a string for a wildcard content type.
        byte[] body = "{\"redirect_uris\": [\"https://client.example/cb\"]}".getBytes(StandardCharsets.UTF_8);
        assertMetadataError(given().contentType(contentType).body(body).post("/register"), "invalid_client_metadata");
    }

    @Test
    void registerAcceptsJsonWithCharset() {
        String body = "{\"redirect_uris\": [\"https://client.example/cb\"]}";
        given().contentType("application/json; charset=UTF-8").body(body).post("/register")
                .then().statusCode(201);
    }

    @Test
    void registerIgnoresUnknownFields() {
        String body = "{\"redirect_uris\": [\"https://client.example/cb\"], \"logo_uri\": \"https://client.example/l.png\"}";
        given().contentType(ContentType.JSON).body(body).post("/register")
                .then().statusCode(201);
    }
}
