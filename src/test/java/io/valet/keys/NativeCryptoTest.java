package io.valet.keys;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Security;
import java.security.Signature;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.valet.testing.Fixtures;

/**
 * With the default settings the native provider comes first and signs the tokens.
 */
@QuarkusTest
class NativeCryptoTest {

    @Test
    void nativeProviderComesFirst() throws Exception {
        assertEquals(JdkSignatureCheck.NATIVE_PROVIDER, Security.getProviders()[0].getName());
        assertEquals(JdkSignatureCheck.NATIVE_PROVIDER, Signature.getInstance("SHA256withRSA").getProvider().getName());
    }

    @Test
    void nativeSignatureVerifiesWithJdk() throws Exception {
        String token = Fixtures.clientCredentialsToken();

        assertTrue(JdkSignatureCheck.verifies(token), "the JDK rejected the signature of " + token);
        given().auth().oauth2(token).get("/api/profile").then().statusCode(200);
    }
}
