package io.valet.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.valet.testing.Fixtures;

/**
 * Token revocation (RFC 7009) and introspection (RFC 7662).
 */
@QuarkusTest
class RevocationAndIntrospectionTest {

    @Test
    void introspectActiveAccessToken() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        Fixtures.RegisteredClient resourceServer = Fixtures.confidentialClient();
        String accessToken = Fixtures.tokens(client, "contacts:read").getString("access_token");

        introspect(resourceServer, accessToken)
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("scope", equalTo("contacts:read"))
                .body("client_id", equalTo(client.clientId()))
                .body("sub", notNullValue())
                .body("exp", notNullValue())
                .body("iat", notNullValue())
                .body("iss", equalTo(Fixtures.ISSUER))
                .body("token_type", equalTo("Bearer"));
    }

    @Test
    void introspectActiveRefreshToken() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String refreshToken = Fixtures.tokens(client, "profile").getString("refresh_token");

        introspect(client, refreshToken)
                .then().statusCode(200)
                .body("active", equalTo(true))
                .body("scope", equalTo("profile"))
                .body("client_id", equalTo(client.clientId()));
    }

    @Test
    void introspectUnknownTokenIsInactiveOnly() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();

        introspect(client, "not-a-token")
                .then().statusCode(200)
                .body("active", equalTo(false))
                .body("$", aMapWithSize(1));
    }

    @Test
    void introspectRequiresClientAuthentication() {
        given().formParam("token", "whatever").post("/introspect")
                .then().statusCode(401)
                .body("error", equalTo("invalid_client"));
    }

    @Test
    void introspectByPublicClientIsRejected() {
        Fixtures.RegisteredClient publicClient = Fixtures.publicClient();

        given().formParam("client_id", publicClient.clientId()).formParam("token", "whatever")
                .post("/introspect")
                .then().statusCode(400)
                .body("error", equalTo("unauthorized_client"));
    }

    @Test
    void revokeAccessTokenRejectsItAtOnce() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        JsonPath tokens = Fixtures.tokens(client, "contacts:read");
        String accessToken = tokens.getString("access_token");
        given().auth().oauth2(accessToken).get("/api/contacts").then().statusCode(200);

        revoke(client, accessToken).then().statusCode(200).header("Cache-Control", "no-store");

        given().auth().oauth2(accessToken).get("/api/contacts").then().statusCode(401);
        introspect(client, accessToken).then().body("active", equalTo(false));
        // Revoking one access token leaves its authorization's refresh token working.
        Fixtures.refresh(client, tokens.getString("refresh_token"), null).then().statusCode(200);
    }

    @Test
    void introspectAgainAfterRevocation() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String accessToken = Fixtures.tokens(client, "contacts:read").getString("access_token");
        introspect(client, accessToken).then().statusCode(200).body("active", equalTo(true));
        introspect(client, accessToken).then().statusCode(200).body("active", equalTo(true));

        revoke(client, accessToken).then().statusCode(200);

        introspect(client, accessToken).then().statusCode(200).body("active", equalTo(false));
    }

    @Test
    void introspectAlteredCopyOfVerifiedToken() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String accessToken = Fixtures.tokens(client, "contacts:read").getString("access_token");
        introspect(client, accessToken).then().statusCode(200).body("active", equalTo(true));

        String[] parts = accessToken.split("\\.");
        String otherPayload = Fixtures.clientCredentialsToken().split("\\.")[1];
        String spliced = parts[0] + "." + otherPayload + "." + parts[2];

        introspect(client, spliced).then().statusCode(200).body("active", equalTo(false));
        introspect(client, accessToken).then().statusCode(200).body("active", equalTo(true));
    }

    @Test
    void revokeRefreshTokenRevokesAuthorization() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        JsonPath tokens = Fixtures.tokens(client, "contacts:read");

        revoke(client, tokens.getString("refresh_token")).then().statusCode(200);

        Fixtures.refresh(client, tokens.getString("refresh_token"), null)
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().auth().oauth2(tokens.getString("access_token")).get("/api/contacts").then().statusCode(401);
        introspect(client, tokens.getString("access_token")).then().body("active", equalTo(false));
    }

    @Test
    void revokeUnknownTokenStillReturns200() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();

        revoke(client, "unknown-token").then().statusCode(200);
    }

    @Test
    void clientCannotRevokeAnotherClientsTokens() {
        Fixtures.RegisteredClient owner = Fixtures.confidentialClient();
        Fixtures.RegisteredClient attacker = Fixtures.confidentialClient();
        JsonPath tokens = Fixtures.tokens(owner, "contacts:read");

        revoke(attacker, tokens.getString("access_token")).then().statusCode(200);
        revoke(attacker, tokens.getString("refresh_token")).then().statusCode(200);

        given().auth().oauth2(tokens.getString("access_token")).get("/api/contacts").then().statusCode(200);
        Fixtures.refresh(owner, tokens.getString("refresh_token"), null).then().statusCode(200);
    }

    @Test
    void revokeWithWrongSecretFails() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();

        given().auth().preemptive().basic(client.clientId(), "wrong").formParam("token", "x").post("/revoke")
                .then().statusCode(401)
                .header("WWW-Authenticate", notNullValue())
                .body("error", equalTo("invalid_client"));
    }

    private static Response introspect(Fixtures.RegisteredClient caller, String token) {
        return given().auth().preemptive().basic(caller.clientId(), caller.clientSecret())
                .formParam("token", token)
                .post("/introspect");
    }

    private static Response revoke(Fixtures.RegisteredClient caller, String token) {
        return given().auth().preemptive().basic(caller.clientId(), caller.clientSecret())
                .formParam("token", token)
                .post("/revoke");
    }
}
