package io.valet.resource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.valet.testing.Fixtures;

/**
 * Demo mode: the first read of an account's address book seeds it in a transaction of its own,
 * and the GET endpoints, which run without a transaction, read the committed sample data.
 */
@QuarkusTest
@TestProfile(DemoAddressBookTest.DemoMode.class)
class DemoAddressBookTest {

    public static class DemoMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("valet.demo.enabled", "true");
        }
    }

    @Test
    void firstContactsReadSeedsAccount() {
        String accessToken = userToken("contacts:read");

        given().auth().oauth2(accessToken).get("/api/contacts")
                .then().statusCode(200)
                .body("name", contains("Ada Lovelace", "Alan Turing", "Grace Hopper"))
                .body("[0].email", equalTo("ada@example.com"));
        given().auth().oauth2(accessToken).get("/api/contacts")
                .then().statusCode(200)
                .body("$", hasSize(3));
    }

    @Test
    void profileAndCalendarSeeded() {
        String accessToken = userToken("profile calendar:read");

        given().auth().oauth2(accessToken).get("/api/profile")
                .then().statusCode(200)
                .body("name", equalTo("Demo User"))
                .body("email", equalTo("demo@example.com"));
        given().auth().oauth2(accessToken).get("/api/calendar")
                .then().statusCode(200)
                .body("title", contains("Team lunch", "Dentist"));
    }

    private static String userToken(String scope) {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient("authorization_code", "refresh_token");
        return Fixtures.tokens(client, scope).getString("access_token");
    }
}
