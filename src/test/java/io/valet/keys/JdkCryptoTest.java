package io.valet.keys;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Security;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.valet.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With valet.keys.native-crypto=false the JDK's providers do all the work.
 */
@QuarkusTest
@TestProfile(JdkCryptoTest.JdkOnly.class)
class JdkCryptoTest {

    public static class JdkOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("valet.keys.native-crypto", "false");
        }
    }

    @Test
    void nativeProviderIsRemoved() {
        assertTrue(Arrays.stream(Security.getProviders())
                .noneMatch(provider -> provider.getName().equals(JdkSignatureCheck.NATIVE_PROVIDER)));
        assertNotEquals(JdkSignatureCheck.NATIVE_PROVIDER, Security.getProviders()[0].getName());
    }

    @Test
    void jdkSignsVerifiableTokens() throws Exception {
        String token = Fixtures.clientCredentialsToken();

        assertTrue(JdkSignatureCheck.verifies(token), "the JDK rejected the signature of " + token);
        given().auth().oauth2(token).get("/api/profile").then().statusCode(200);
    }
}
