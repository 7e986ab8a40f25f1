package io.valet.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.valet.testing.Fixtures;

/**
 * Code redemptions with verifiers that RFC 7636 §4.1 rules out. Each gets invalid_grant, and the
 * code stays redeemable by the holder of the right verifier.
 */
@QuarkusTest
class PkceAttackTest {

    @Test
    void verifierOf42CharactersIsRejected() {
        assertVerifierRejectedThenRightOneWorks("a".repeat(42));
    }

    @Test
    void verifierOf129CharactersIsRejected() {
        assertVerifierRejectedThenRightOneWorks("a".repeat(129));
    }

    @Test
    void challengeUsedAsVerifierIsRejected() {
        // What a downgrade to the plain method would send.
        assertVerifierRejectedThenRightOneWorks(Fixtures.CHALLENGE);
    }

    @Test
    void verifierWithForbiddenCharacterIsRejected() {
        assertVerifierRejectedThenRightOneWorks(Fixtures.VERIFIER.substring(1) + "+");
    }

    private static void assertVerifierRejectedThenRightOneWorks(String verifier) {
        Fixtures.RegisteredClient client = Fixtures.publicClient();
        String code = Fixtures.authorizationCode(client, Fixtures.account(), "profile");

        given().formParam("grant_type", "authorization_code")
                .formParam("client_id", client.clientId())
                .formParam("code", code)
                .formParam("redirect_uri", Fixtures.REDIRECT_URI)
                .formParam("code_verifier", verifier)
                .post("/token")
                .then().statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_grant"));

        Fixtures.exchange(client, code).then().statusCode(200);
    }
}
