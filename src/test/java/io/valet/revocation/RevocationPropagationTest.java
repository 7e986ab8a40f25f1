package io.valet.revocation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.valet.testing.Fixtures;

/**
 * A revocation written by another replica reaches this one through the database alone.
 */
@QuarkusTest
class RevocationPropagationTest {

    @Test
    void rowWrittenElsewhereRejectsTokenWithinTwoSeconds() throws Exception {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        JsonPath tokens = Fixtures.tokens(client, "contacts:read");
        String accessToken = tokens.getString("access_token");
        given().auth().oauth2(accessToken).get("/api/contacts").then().statusCode(200);
        String authorizationId = claim(accessToken, "authorization_id");

        // Insert the row as another replica would: straight into the table, not through this
        // replica's registry.
        QuarkusTransaction.requiringNew().run(() -> {
            Revocation row = new Revocation();
            row.kind = RevocationKind.AUTHORIZATION;
            row.subject = authorizationId;
            row.revokedAt = Instant.now();
            row.expiresAt = Instant.now().plusSeconds(600);
            row.persist();
        });

        long deadline = System.nanoTime() + 2_000_000_000L;
        int status = 200;
        while (System.nanoTime() < deadline && status == 200) {
            status = given().auth().oauth2(accessToken).get("/api/contacts").statusCode();
            if (status == 200) {
                Thread.sleep(100);
            }
        }
        assertEquals(401, status, "token still accepted 2 s after the revocation row was written");
    }

    private static String claim(String jwt, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonPath.from(payload).getString(name);
    }
}
