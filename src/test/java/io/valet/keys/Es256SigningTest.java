package io.valet.keys;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.valet.testing.Fixtures;

/**
 * Access tokens signed with ES256 when configuration selects it.
 */
@QuarkusTest
@TestProfile(Es256SigningTest.Es256.class)
class Es256SigningTest {

    public static class Es256 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("valet.token.signing-algorithm", "ES256");
        }
    }

    @Test
    void tokensAreSignedWithEs256() throws Exception {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("client_credentials");

        String accessToken = given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "client_credentials").formParam("scope", "profile")
                .post("/token")
                .then().statusCode(200)
                .extract().path("access_token");

        String header = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"ES256\""), header);
        given().get("/jwks").then().statusCode(200)
                .body("keys.kty", hasItem("EC"))
                .body("keys.crv", hasItem("P-256"));
        assertTrue(JdkSignatureCheck.verifies(accessToken), "the JDK rejected the signature of " + accessToken);
        given().auth().oauth2(accessToken).get("/api/profile")
                .then().statusCode(200)
                .body("sub", equalTo(client.clientId()));
    }
}
