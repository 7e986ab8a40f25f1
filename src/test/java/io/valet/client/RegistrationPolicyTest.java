package io.valet.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Registration protected by an initial access token (RFC 7591 §3).
 */
@QuarkusTest
@TestProfile(RegistrationPolicyTest.InitialAccessTokenPolicy.class)
class RegistrationPolicyTest {

    private static final String INITIAL_ACCESS_TOKEN = "initial-access-token-for-tests";

    private static final Map<String, Object> METADATA = Map.of(
            "client_name", "Policy test app",
            "redirect_uris", List.of("https://client.example/cb"));

    public static class InitialAccessTokenPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "valet.registration.policy", "initial-access-token",
                    "valet.registration.initial-access-token", INITIAL_ACCESS_TOKEN);
        }
    }

    @Test
    void registrationWithTokenSucceeds() {
        given().auth().oauth2(INITIAL_ACCESS_TOKEN).contentType(ContentType.JSON).body(METADATA)
                .post("/register")
                .then().statusCode(201)
                .body("client_id", notNullValue());
    }

    @Test
    void registrationWithoutTokenIsRejected() {
        given().contentType(ContentType.JSON).body(METADATA)
                .post("/register")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"))
                .body("error", equalTo("invalid_token"));
    }

    @Test
    void registrationWithWrongTokenIsRejected() {
        given().auth().oauth2("wrong-token").contentType(ContentType.JSON).body(METADATA)
                .post("/register")
                .then().statusCode(401)
                .body("error", equalTo("invalid_token"));
    }
}
