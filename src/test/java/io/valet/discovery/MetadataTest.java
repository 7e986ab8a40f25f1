package io.valet.discovery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.valet.testing.Fixtures;

@QuarkusTest
class MetadataTest {

    private static final String ISSUER = Fixtures.ISSUER;

    private static JsonPath metadata() {
        return given().get("/.well-known/oauth-authorization-server")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    @Test
    void metadataNamesIssuer() {
        given().get("/.well-known/oauth-authorization-server").then()
                .statusCode(200)
                .body("issuer", equalTo(ISSUER));
    }

    @Test
    void metadataBuildsEndpointsFromIssuer() {
        given().get("/.well-known/oauth-authorization-server").then()
                .body("authorization_endpoint", equalTo(ISSUER + "/authorize"))
                .body("token_endpoint", equalTo(ISSUER + "/token"))
                .body("jwks_uri", equalTo(ISSUER + "/jwks"))
                .body("registration_endpoint", equalTo(ISSUER + "/register"));
    }

    @Test
    void metadataOffersOnlyS256() {
        given().get("/.well-known/oauth-authorization-server").then()
                .body("code_challenge_methods_supported", equalTo(List.of("S256")));
    }

    @Test
    void metadataListsEnabledGrantTypes() {
        given().get("/.well-known/oauth-authorization-server").then()
                .body("grant_types_supported", hasItems("authorization_code", "refresh_token", "client_credentials"));
    }

    @Test
    void metadataOmitsPasswordGrant() {
        List<String> grantTypes = metadata().getList("grant_types_supported");
        assertFalse(grantTypes.contains("password"), grantTypes.toString());
    }

    @Test
    void metadataOmitsImplicitGrant() {
        List<String> grantTypes = metadata().getList("grant_types_supported");
        assertFalse(grantTypes.contains("implicit"), grantTypes.toString());
    }

    @Test
    void metadataOffersOnlyCodeResponseType() {
        given().get("/.well-known/oauth-authorization-server").then()
                .body("response_types_supported", equalTo(List.of("code")))
                .body("response_modes_supported", equalTo(List.of("query")));
    }

    @Test
    void metadataSupportsIssParameter() {
        given().get("/.well-known/oauth-authorization-server").then()
                .body("authorization_response_iss_parameter_supported", equalTo(true));
    }

    @Test
    void metadataListsAuthMethods() {
        given().get("/.well-known/oauth-authorization-server").then()
                .body("token_endpoint_auth_methods_supported",
                        equalTo(List.of("client_secret_basic", "client_secret_post", "none")));
    }

    @Test
    void metadataListsScopes() {
        given().get("/.well-known/oauth-authorization-server").then()
                .body("scopes_supported", hasItems("profile", "contacts:read", "contacts:write", "calendar:read"));
    }

    @Test
    void openIdConfigurationMatchesMetadata() {
        Map<String, Object> openIdConfiguration = given().get("/.well-known/openid-configuration")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getMap("");
        assertEquals(metadata().getMap(""), openIdConfiguration);
    }

    // Valet issues no ID tokens, so it claims none of the OpenID Connect ID token fields.
    @Test
    void openIdConfigurationClaimsNoIdTokens() {
        given().get("/.well-known/openid-configuration").then()
                .body("response_types_supported", not(hasItem("id_token")))
                .body("$", not(hasKey("id_token_signing_alg_values_supported")))
                .body("$", not(hasKey("userinfo_endpoint")));
    }

    @Test
    void jwksPublishesRsaKey() {
        given().get("/jwks").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("keys", not(equalTo(List.of())))
                .body("keys.kty", hasItem("RSA"))
                .body("keys.kid", everyItem(notNullValue()))
                .body("keys.alg", everyItem(equalTo("RS256")))
                .body("keys.use", everyItem(equalTo("sig")));
    }

    @Test
    void jwksRsaKeysHaveModulusAndExponent() {
        List<Map<String, Object>> keys = given().get("/jwks").then().extract().jsonPath().getList("keys");
        for (Map<String, Object> key : keys) {
            assertTrue(key.get("n") instanceof String, key.toString());
            assertTrue(key.get("e") instanceof String, key.toString());
        }
    }

    // RFC 7518 §6.3.2: d, p, q, dp, dq, qi and oth are the private parts of an RSA key.
    @Test
    void jwksHasNoPrivateParts() {
        given().get("/jwks").then()
                .body("keys", everyItem(not(hasKey("d"))))
                .body("keys", everyItem(not(hasKey("p"))))
                .body("keys", everyItem(not(hasKey("q"))))
                .body("keys", everyItem(not(hasKey("dp"))))
                .body("keys", everyItem(not(hasKey("dq"))))
                .body("keys", everyItem(not(hasKey("qi"))))
                .body("keys", everyItem(not(hasKey("oth"))));
    }
}
