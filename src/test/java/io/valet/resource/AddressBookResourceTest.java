package io.valet.resource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.valet.keys.LoadedKey;
import io.valet.keys.SigningKeys;
import io.valet.testing.Fixtures;

/**
 * The resource module's 200/401/403 matrix (RFC 6750 §3.1), with tokens minted by Valet and
 * tokens forged in every way a resource server must notice.
 */
@QuarkusTest
class AddressBookResourceTest {

    private static final String ISSUER = Fixtures.ISSUER;

    @Inject
    SigningKeys signingKeys;

    private Fixtures.RegisteredClient client;

    @BeforeEach
    void registerClient() {
        client = Fixtures.confidentialClient("authorization_code", "refresh_token", "client_credentials");
    }

    @Test
    void contactsWithValidTokenReturnsOwnData() {
        String accessToken = Fixtures.tokens(client, "contacts:read contacts:write").getString("access_token");

        given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("name", "Marie Curie", "email", "marie@example.com"))
                .post("/api/contacts")
                .then().statusCode(201)
                .body("name", equalTo("Marie Curie"));

        given().auth().oauth2(accessToken).get("/api/contacts")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].email", equalTo("marie@example.com"));
    }

    @Test
    void tokenReachesOnlyItsSubjectsData() {
        String alice = Fixtures.tokens(client, "contacts:read contacts:write").getString("access_token");
        String bob = Fixtures.tokens(client, "contacts:read").getString("access_token");
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(Map.of("name", "Alice's friend"))
                .post("/api/contacts").then().statusCode(201);

        given().auth().oauth2(bob).get("/api/contacts")
                .then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void missingScopeGets403InsufficientScope() {
        String accessToken = Fixtures.tokens(client, "contacts:read").getString("access_token");

        given().auth().oauth2(accessToken).get("/api/calendar")
                .then().statusCode(403)
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                .header("WWW-Authenticate", containsString("scope=\"calendar:read\""))
                .body("error", equalTo("insufficient_scope"));
    }

    @Test
    void readScopeCannotWrite() {
        String accessToken = Fixtures.tokens(client, "contacts:read").getString("access_token");

        given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(Map.of("name", "Nope"))
                .post("/api/contacts")
                .then().statusCode(403)
                .header("WWW-Authenticate", containsString("scope=\"contacts:write\""));
    }

    @Test
    void missingTokenGets401() {
        given().get("/api/contacts")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
    }

    @Test
    void expiredTokenBeyondSkewGets401() {
        long now = System.currentTimeMillis() / 1000;
        assertRejected(sign(validClaims().issuedAt(now - 700).expiresAt(now - 31)));
    }

    @Test
    void expiredTokenWithinSkewIsAccepted() {
        long now = System.currentTimeMillis() / 1000;
        String token = sign(validClaims().issuedAt(now - 600).expiresAt(now - 5));
        given().auth().oauth2(token).get("/api/contacts").then().statusCode(200);
    }

    @Test
    void forgedValidTokenIsAccepted() {
        // The forging helpers below produce tokens Valet accepts when nothing is changed.
        given().auth().oauth2(sign(validClaims())).get("/api/contacts").then().statusCode(200);
    }

    @Test
    void otherIssuerGets401() {
        assertRejected(sign(validClaims().issuer("https://evil.example")));
    }

    @Test
    void otherAudienceGets401() {
        assertRejected(sign(validClaims().audience("another-api")));
    }

    @Test
    void tamperedPayloadGets401() {
        String token = sign(validClaims());
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("contacts:read", "calendar:read");
        String tampered = parts[0] + "." + base64Url(payload) + "." + parts[2];
        assertRejected(tampered);
    }

    @Test
    void changedSignatureAfterUseGets401() {
        String token = sign(validClaims());
        given().auth().oauth2(token).get("/api/contacts").then().statusCode(200);
        int middle = token.lastIndexOf('.') + 100;
        char replacement = token.charAt(middle) == 'A' ? 'B' : 'A';

        assertRejected(token.substring(0, middle) + replacement + token.substring(middle + 1));
        given().auth().oauth2(token).get("/api/contacts").then().statusCode(200);
    }

    @Test
    void contactsListedByName() {
        String accessToken = Fixtures.tokens(client, "contacts:read contacts:write").getString("access_token");
        for (String name : new String[] {"Zoe", "Ada", "Max"}) {
            given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(Map.of("name", name))
                    .post("/api/contacts").then().statusCode(201);
        }

        given().auth().oauth2(accessToken).get("/api/contacts")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", contains("Ada", "Max", "Zoe"))
                .body("[0].email", nullValue())
                .body("[0]", hasKey("phone"));
    }

    @Test
    void algNoneGets401() {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
        String payload = payloadOf(sign(validClaims()));
        assertRejected(header + "." + payload + ".");
    }

    @Test
    void hs256WithPublicKeyAsSecretGets401() {
        LoadedKey key = signingKeys.currentSigningKey();
        byte[] publicKeyBytes = key.publicKey().getEncoded();
        String token = validClaims().jws().keyId(key.kid()).header("typ", "at+jwt")
                .algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(publicKeyBytes, "HmacSHA256"));
        assertRejected(token);
    }

    @Test
    void unknownKidGets401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair attacker = generator.generateKeyPair();
        String token = validClaims().jws().keyId("no-such-key").header("typ", "at+jwt")
                .algorithm(SignatureAlgorithm.RS256).sign(attacker.getPrivate());
        assertRejected(token);
    }

    @Test
    void jkuHeaderIsIgnored() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair attacker = generator.generateKeyPair();
        String token = validClaims().jws().keyId("attacker").header("typ", "at+jwt")
                .header("jku", "http://127.0.0.1:9/jwks").algorithm(SignatureAlgorithm.RS256)
                .sign(attacker.getPrivate());
        assertRejected(token);
    }

    @Test
    void plainJwtTypeGets401() {
        LoadedKey key = signingKeys.currentSigningKey();
        String token = validClaims().jws().keyId(key.kid()).header("typ", "JWT")
                .algorithm(SignatureAlgorithm.RS256).sign(key.privateKey());
        assertRejected(token);
    }

    @Test
    void refreshTokenAsBearerGets401() {
        String refreshToken = Fixtures.tokens(client, "contacts:read").getString("refresh_token");
        assertRejected(refreshToken);
    }

    @Test
    void clientCredentialsTokenReachesClientSubject() {
        String accessToken = given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "client_credentials").formParam("scope", "profile")
                .post("/token").then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(accessToken).get("/api/profile")
                .then().statusCode(200)
                .body("sub", equalTo(client.clientId()));
    }

    private void assertRejected(String token) {
        given().auth().oauth2(token).get("/api/contacts")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("error", equalTo("invalid_token"));
    }

    private JwtClaimsBuilder validClaims() {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.claims()
                .issuer(ISSUER)
                .subject("forged-subject")
                .audience("valet-api")
                .claim("client_id", client.clientId())
                .claim("scope", "contacts:read")
                .claim("jti", "forged-" + now + "-" + Math.random())
                .issuedAt(now)
                .expiresAt(now + 300);
    }

    private String sign(JwtClaimsBuilder claims) {
        LoadedKey key = signingKeys.currentSigningKey();
        return claims.jws().keyId(key.kid()).header("typ", "at+jwt")
                .algorithm(SignatureAlgorithm.RS256).sign(key.privateKey());
    }

    private static String payloadOf(String token) {
        return token.split("\\.")[1];
    }

    private static String base64Url(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
