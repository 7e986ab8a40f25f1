package io.valet.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.valet.authorize.AuthorizationCode;
import io.valet.client.Client;
import io.valet.grant.TokenAuthorization;
import io.valet.oauth.Pkce;
import io.valet.oauth.Secrets;
import io.valet.testing.Browser;
import io.valet.testing.Fixtures;
import io.valet.testing.Fixtures.RegisteredClient;

@QuarkusTest
class TokenEndpointTest {

    private static final String SCOPE = "contacts:read profile";

    // --- helpers ----------------------------------------------------------------------------

    private static RequestSpecification basic(RegisteredClient client) {
        return given().auth().preemptive().basic(client.clientId(), client.clientSecret());
    }

    private static RequestSpecification authenticated(RegisteredClient client) {
        if (client.clientSecret() == null) {
            return given().formParam("client_id", client.clientId());
        }
        return basic(client);
    }

    private static RequestSpecification basicHeader(String rawCredentials) {
        String encoded = Base64.getEncoder().encodeToString(rawCredentials.getBytes(StandardCharsets.UTF_8));
        return given().header("Authorization", "Basic " + encoded);
    }

    private static RegisteredClient clientCredentialsClient() {
        return Fixtures.register(Map.of(
                "grant_types", List.of("client_credentials"),
                "token_endpoint_auth_method", "client_secret_basic",
                "scope", SCOPE));
    }

    private static RegisteredClient postClient() {
        return Fixtures.register(Map.of(
                "grant_types", List.of("client_credentials"),
                "token_endpoint_auth_method", "client_secret_post",
                "scope", SCOPE));
    }

    private static Response clientCredentials(RegisteredClient client) {
        return basic(client).formParam("grant_type", "client_credentials").post("/token");
    }

    /** Requests a client_credentials token with the client's id and secret in the body (client_secret_post). */
    private static Response clientCredentialsInBody(RegisteredClient client) {
        return given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", client.clientId())
                .formParam("client_secret", client.clientSecret())
                .post("/token");
    }

    /** Returns a client_credentials client after one token request, which caches its snapshot. */
    private static RegisteredClient cachedClientCredentialsClient() {
        RegisteredClient client = clientCredentialsClient();
        assertSuccess(clientCredentials(client));
        return client;
    }

    private static Response exchange(RegisteredClient client, String code, String redirectUri, String verifier) {
        RequestSpecification request = authenticated(client)
                .formParam("grant_type", "authorization_code")
                .formParam("code", code)
                .formParam("redirect_uri", redirectUri);
        if (verifier != null) {
            request.formParam("code_verifier", verifier);
        }
        return request.post("/token");
    }

    private static Response refresh(RegisteredClient client, String refreshToken, String scope) {
        RequestSpecification request = authenticated(client)
                .formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refreshToken);
        if (scope != null) {
            request.formParam("scope", scope);
        }
        return request.post("/token");
    }

    private static String newCode(RegisteredClient client) {
        return Fixtures.authorizationCode(client, Fixtures.account(), SCOPE);
    }

    /** Returns a refresh token from a fresh code exchange. */
    private static String newRefreshToken(RegisteredClient client) {
        return Fixtures.exchange(client, newCode(client)).then().statusCode(200).extract().path("refresh_token");
    }

    private static void assertError(Response response, int status, String error) {
        response.then()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error))
                .body("$", not(hasKey("access_token")));
    }

    private static void assertInvalidClient(Response response) {
        assertError(response, 401, "invalid_client");
        response.then().header("WWW-Authenticate", startsWith("Basic "));
    }

    private static void assertSuccess(Response response) {
        response.then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("access_token", notNullValue())
                .body("token_type", equalTo("Bearer"));
    }

    private static String authorizationIdOf(String code) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AuthorizationCode stored = AuthorizationCode.findById(Secrets.hash(code));
            return stored.authorizationId;
        });
    }

    private static Instant revokedAt(String authorizationId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TokenAuthorization authorization = TokenAuthorization.findById(authorizationId);
            return authorization.revokedAt;
        });
    }

    // --- request format ---------------------------------------------------------------------

    @Test
    void getTokenIsMethodNotAllowed() {
        given().get("/token").then()
                .statusCode(405)
                .contentType(ContentType.JSON)
                .header("Allow", "POST")
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void jsonBodyIsInvalidRequest() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client).contentType(ContentType.JSON)
                .body(Map.of("grant_type", "client_credentials"))
                .post("/token");
        assertError(response, 400, "invalid_request");
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "profile")
                .formParam("scope", "contacts:read")
                .post("/token");
        assertError(response, 400, "invalid_request");
    }

    @Test
    void repeatedGrantTypeIsInvalidRequest() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "client_credentials", "client_credentials")
                .post("/token");
        assertError(response, 400, "invalid_request");
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        RegisteredClient client = clientCredentialsClient();
        assertError(basic(client).formParam("scope", "profile").post("/token"), 400, "invalid_request");
    }

    @Test
    void unknownGrantTypeIsUnsupported() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client).formParam("grant_type", "urn:example:unknown").post("/token");
        assertError(response, 400, "unsupported_grant_type");
    }

    @Test
    void disabledPasswordGrantIsUnsupported() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "password")
                .formParam("username", "someone")
                .formParam("password", Fixtures.PASSWORD)
                .post("/token");
        assertError(response, 400, "unsupported_grant_type");
    }

    // --- client authentication --------------------------------------------------------------

    @Test
    void wrongSecretIsInvalidClient() {
        RegisteredClient client = clientCredentialsClient();
        Response response = given().auth().preemptive().basic(client.clientId(), "wrong-secret")
                .formParam("grant_type", "client_credentials")
                .post("/token");
        assertInvalidClient(response);
    }

    @Test
    void emptyBasicSecretIsInvalidClient() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basicHeader(client.clientId() + ":")
                .formParam("grant_type", "client_credentials")
                .post("/token");
        assertInvalidClient(response);
    }

    @Test
    void emptyPostSecretIsInvalidClient() {
        RegisteredClient client = postClient();
        Response response = given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", client.clientId())
                .formParam("client_secret", "")
                .post("/token");
        assertInvalidClient(response);
    }

    // A client's first request reads the client from the database on a worker thread. Its later
    // client_credentials requests run on the I/O thread with the snapshot in memory, so the tests
    // below repeat the failure cases on that path.
    @Test
    void cachedClientGetsSameResponse() {
        RegisteredClient client = clientCredentialsClient();
        Response first = clientCredentials(client);
        Response second = clientCredentials(client);

        assertSuccess(first);
        assertSuccess(second);
        assertEquals(first.<String>path("scope"), second.<String>path("scope"));
        assertEquals(first.<Integer>path("expires_in"), second.<Integer>path("expires_in"));
        assertNotEquals(first.<String>path("access_token"), second.<String>path("access_token"));
    }

    // Bodies over TokenResource.MAX_IO_THREAD_BODY are parsed on a worker thread.
    @Test
    void largeBodyOfCachedClientIssues() {
        RegisteredClient client = cachedClientCredentialsClient();

        Response response = basic(client).formParam("grant_type", "client_credentials")
                .formParam("padding", "x".repeat(TokenResource.MAX_IO_THREAD_BODY))
                .post("/token");

        assertSuccess(response);
        response.then().body("scope", equalTo(SCOPE));
    }

    @Test
    void largeBodyWithRepeatedParameterRejected() {
        String body = "grant_type=client_credentials&scope=profile&scope=profile&padding="
                + "x".repeat(TokenResource.MAX_IO_THREAD_BODY);

        Response response = basic(clientCredentialsClient())
                .contentType("application/x-www-form-urlencoded")
                .body(body)
                .post("/token");

        assertError(response, 400, "invalid_request");
    }

    @Test
    void cachedClientWrongSecretRejected() {
        RegisteredClient client = cachedClientCredentialsClient();

        assertInvalidClient(given().auth().preemptive().basic(client.clientId(), "wrong-secret")
                .formParam("grant_type", "client_credentials")
                .post("/token"));
        assertInvalidClient(basicHeader(client.clientId() + ":")
                .formParam("grant_type", "client_credentials")
                .post("/token"));
        assertSuccess(clientCredentials(client));
    }

    @Test
    void cachedClientOtherMethodRejected() {
        RegisteredClient client = cachedClientCredentialsClient();

        Response response = clientCredentialsInBody(client);

        assertInvalidClient(response);
        response.then().body("error_description", equalTo("the client must authenticate with client_secret_basic"));
    }

    @Test
    void cachedClientWideScopeRejected() {
        RegisteredClient client = cachedClientCredentialsClient();

        assertError(basic(client).formParam("grant_type", "client_credentials")
                .formParam("scope", "contacts:write")
                .post("/token"), 400, "invalid_scope");
    }

    @Test
    void unknownClientIsInvalidClient() {
        Response response = given().auth().preemptive().basic("no-such-client", "secret")
                .formParam("grant_type", "client_credentials")
                .post("/token");
        assertInvalidClient(response);
    }

    @Test
    void missingAuthenticationIsInvalidClient() {
        assertInvalidClient(given().formParam("grant_type", "client_credentials").post("/token"));
    }

    @Test
    void bearerSchemeIsInvalidClient() {
        Response response = given().header("Authorization", "Bearer abc")
                .formParam("grant_type", "client_credentials")
                .post("/token");
        assertInvalidClient(response);
    }

    @Test
    void malformedBasicIsInvalidClient() {
        Response response = given().header("Authorization", "Basic !!not-base64!!")
                .formParam("grant_type", "client_credentials")
                .post("/token");
        assertInvalidClient(response);
    }

    @Test
    void secretForPublicClientIsInvalidClient() {
        RegisteredClient client = Fixtures.publicClient();
        Response response = given()
                .formParam("grant_type", "authorization_code")
                .formParam("client_id", client.clientId())
                .formParam("client_secret", "anything")
                .formParam("code", "some-code")
                .formParam("redirect_uri", Fixtures.REDIRECT_URI)
                .post("/token");
        assertInvalidClient(response);
    }

    @Test
    void basicSecretForPublicClientIsInvalidClient() {
        RegisteredClient client = Fixtures.publicClient();
        Response response = given().auth().preemptive().basic(client.clientId(), "anything")
                .formParam("grant_type", "authorization_code")
                .formParam("code", "some-code")
                .formParam("redirect_uri", Fixtures.REDIRECT_URI)
                .post("/token");
        assertInvalidClient(response);
    }

    // RFC 6749 §2.3: a client uses one authentication method per request.
    @Test
    void basicAndPostTogetherIsInvalidRequest() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", client.clientId())
                .formParam("client_secret", client.clientSecret())
                .post("/token");
        assertError(response, 400, "invalid_request");
    }

    @Test
    void bodyClientIdMismatchIsInvalidClient() {
        RegisteredClient client = clientCredentialsClient();
        RegisteredClient other = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", other.clientId())
                .post("/token");
        assertInvalidClient(response);
    }

    @Test
    void bodyClientIdMatchingBasicIsAccepted() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", client.clientId())
                .post("/token");
        assertSuccess(response);
    }

    @Test
    void basicClientUsingPostIsInvalidClient() {
        RegisteredClient client = clientCredentialsClient();
        Response response = clientCredentialsInBody(client);
        assertInvalidClient(response);
    }

    @Test
    void postClientUsingBasicIsInvalidClient() {
        assertInvalidClient(clientCredentials(postClient()));
    }

    @Test
    void postClientUsingPostSucceeds() {
        RegisteredClient client = postClient();
        Response response = clientCredentialsInBody(client);
        assertSuccess(response);
    }

    /**
     * Stores a client_secret_basic client whose id and secret contain characters that RFC 6749
     * §2.3.1 requires to be form-urlencoded inside the Basic header. Registration generates only
     * base64url values, so the client is written to the database directly.
     */
    private static RegisteredClient clientWithSpecialCharacters() {
        String clientId = "id:%+ " + Secrets.newId().substring(0, 8);
        String secret = "secret:%+ /=" + Secrets.newId();
        QuarkusTransaction.requiringNew().run(() -> {
            Client client = new Client();
            client.clientId = clientId;
            client.clientName = "Client with special characters";
            client.secretHash = Secrets.hash(secret);
            client.tokenEndpointAuthMethod = Client.AUTH_BASIC;
            client.redirectUris = "";
            client.grantTypes = "client_credentials";
            client.responseTypes = "";
            client.scope = "profile";
            client.createdAt = Instant.now();
            client.persist();
        });
        return new RegisteredClient(clientId, secret);
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void basicCredentialsAreFormDecoded() {
        RegisteredClient client = clientWithSpecialCharacters();
        Response response = basicHeader(formEncode(client.clientId()) + ":" + formEncode(client.clientSecret()))
                .formParam("grant_type", "client_credentials")
                .post("/token");
        assertSuccess(response);
        response.then().body("scope", equalTo("profile"));
    }

    @Test
    void basicCredentialsWithoutEncodingAreRejected() {
        RegisteredClient client = clientWithSpecialCharacters();
        // The raw secret contains '+', which form decoding turns into a space.
        Response response = basicHeader(formEncode(client.clientId()) + ":" + client.clientSecret())
                .formParam("grant_type", "client_credentials")
                .post("/token");
        assertInvalidClient(response);
    }

    // --- client_credentials -----------------------------------------------------------------

    @Test
    void clientCredentialsIssuesAccessToken() {
        Response response = clientCredentials(clientCredentialsClient());
        assertSuccess(response);
        response.then()
                .body("expires_in", equalTo(600))
                .body("scope", equalTo(SCOPE))
                .body("$", not(hasKey("refresh_token")));
    }

    @Test
    void clientCredentialsNarrowsScope() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "profile")
                .post("/token");
        assertSuccess(response);
        response.then().body("scope", equalTo("profile"));
    }

    @Test
    void clientCredentialsRejectsWiderScope() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "profile calendar:read")
                .post("/token");
        assertError(response, 400, "invalid_scope");
    }

    @Test
    void clientCredentialsRejectsAdminScope() {
        RegisteredClient client = clientCredentialsClient();
        Response response = basic(client)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "valet:admin")
                .post("/token");
        assertError(response, 400, "invalid_scope");
    }

    @Test
    void clientWithoutGrantIsUnauthorizedClient() {
        RegisteredClient client = Fixtures.confidentialClient("authorization_code");
        assertError(clientCredentials(client), 400, "unauthorized_client");
    }

    // --- authorization_code -----------------------------------------------------------------

    @Test
    void codeExchangeStartsAuthorization() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = newCode(client);

        Response response = Fixtures.exchange(client, code);

        assertSuccess(response);
        response.then()
                .body("scope", equalTo(SCOPE))
                .body("refresh_token", notNullValue());
        String authorizationId = authorizationIdOf(code);
        assertNotNull(authorizationId);
        QuarkusTransaction.requiringNew().run(() -> {
            TokenAuthorization authorization = TokenAuthorization.findById(authorizationId);
            assertEquals(client.clientId(), authorization.clientId);
            assertEquals(SCOPE, authorization.scope);
        });
    }

    @Test
    void replayedCodeIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = newCode(client);
        Fixtures.exchange(client, code).then().statusCode(200);

        assertError(Fixtures.exchange(client, code), 400, "invalid_grant");
    }

    // RFC 6749 §4.1.2: a code used twice revokes the tokens issued from it.
    @Test
    void replayedCodeRevokesAuthorization() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = newCode(client);
        String refreshToken = Fixtures.exchange(client, code).then().statusCode(200).extract().path("refresh_token");
        String authorizationId = authorizationIdOf(code);

        Fixtures.exchange(client, code).then().statusCode(400);

        assertNotNull(revokedAt(authorizationId));
        assertError(refresh(client, refreshToken, null), 400, "invalid_grant");
    }

    @Test
    void wrongRedirectUriIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = newCode(client);
        Response response = exchange(client, code, "https://client.example/other", Fixtures.VERIFIER);
        assertError(response, 400, "invalid_grant");
    }

    @Test
    void missingRedirectUriIsInvalidRequest() {
        RegisteredClient client = Fixtures.confidentialClient();
        Response response = basic(client)
                .formParam("grant_type", "authorization_code")
                .formParam("code", newCode(client))
                .formParam("code_verifier", Fixtures.VERIFIER)
                .post("/token");
        assertError(response, 400, "invalid_request");
    }

    @Test
    void missingCodeIsInvalidRequest() {
        RegisteredClient client = Fixtures.confidentialClient();
        Response response = basic(client)
                .formParam("grant_type", "authorization_code")
                .formParam("redirect_uri", Fixtures.REDIRECT_URI)
                .formParam("code_verifier", Fixtures.VERIFIER)
                .post("/token");
        assertError(response, 400, "invalid_request");
    }

    @Test
    void unknownCodeIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        Response response = exchange(client, Secrets.newValue(), Fixtures.REDIRECT_URI, Fixtures.VERIFIER);
        assertError(response, 400, "invalid_grant");
    }

    @Test
    void wrongVerifierIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = newCode(client);
        Response response = exchange(client, code, Fixtures.REDIRECT_URI, "x".repeat(43));
        assertError(response, 400, "invalid_grant");
    }

    @Test
    void missingVerifierIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = newCode(client);
        Response response = exchange(client, code, Fixtures.REDIRECT_URI, null);
        assertError(response, 400, "invalid_grant");
    }

    // RFC 7636 §4.1: a verifier has at least 43 characters, even when its hash matches the challenge.
    @Test
    void verifierOf42CharactersIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        String verifier = "a".repeat(42);
        String code = Fixtures.authorizationCode(client, Fixtures.account(), SCOPE, Pkce.challengeOf(verifier));
        Response response = exchange(client, code, Fixtures.REDIRECT_URI, verifier);
        assertError(response, 400, "invalid_grant");
    }

    @Test
    void codeOfAnotherClientIsInvalidGrant() {
        RegisteredClient owner = Fixtures.confidentialClient();
        RegisteredClient other = Fixtures.confidentialClient();
        String code = newCode(owner);
        assertError(Fixtures.exchange(other, code), 400, "invalid_grant");
    }

    @Test
    void expiredCodeIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = newCode(client);
        QuarkusTransaction.requiringNew().run(() -> AuthorizationCode.update("expiresAt = ?1 where codeHash = ?2",
                Instant.now().minusSeconds(1), Secrets.hash(code)));

        assertError(Fixtures.exchange(client, code), 400, "invalid_grant");
    }

    /** Runs login and consent for a code request without code_challenge and returns the code. */
    private static String codeWithoutChallenge(RegisteredClient client) {
        Browser browser = new Browser();
        Response login = browser.get("/authorize?response_type=code&scope=profile&state=s"
                + "&client_id=" + Fixtures.encode(client.clientId())
                + "&redirect_uri=" + Fixtures.encode(Fixtures.REDIRECT_URI));
        Response afterLogin = browser.logIn(login, Fixtures.account(), Fixtures.PASSWORD);
        Response consent = browser.get(Browser.pathOf(afterLogin.header("Location")));
        Response redirect = browser.decide(consent, "approve");
        return Fixtures.queryOf(redirect.header("Location")).get("code");
    }

    @Test
    void confidentialClientExchangesWithoutPkce() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = codeWithoutChallenge(client);
        assertSuccess(exchange(client, code, Fixtures.REDIRECT_URI, null));
    }

    // RFC 9700 §4.8.2: a verifier for a code issued without a challenge is rejected.
    @Test
    void verifierWithoutChallengeIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = codeWithoutChallenge(client);
        assertError(exchange(client, code, Fixtures.REDIRECT_URI, Fixtures.VERIFIER), 400, "invalid_grant");
    }

    @Test
    void publicClientExchangesWithVerifier() {
        RegisteredClient client = Fixtures.publicClient();
        Response response = Fixtures.exchange(client, newCode(client));
        assertSuccess(response);
        response.then().body("refresh_token", notNullValue());
    }

    @Test
    void publicClientWithoutClientIdIsInvalidClient() {
        RegisteredClient client = Fixtures.publicClient();
        Response response = given()
                .formParam("grant_type", "authorization_code")
                .formParam("code", newCode(client))
                .formParam("redirect_uri", Fixtures.REDIRECT_URI)
                .formParam("code_verifier", Fixtures.VERIFIER)
                .post("/token");
        assertInvalidClient(response);
    }

    /**
     * Sends the same request from 20 threads at once and checks that exactly one succeeds and
     * every other one is rejected with invalid_grant.
     */
    private static void assertExactlyOneWins(Callable<Response> request) throws Exception {
        int requests = 20;
        ExecutorService executor = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();

            int succeeded = 0;
            int rejected = 0;
            for (Future<Response> future : futures) {
                Response response = future.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    succeeded++;
                } else if (response.statusCode() == 400 && "invalid_grant".equals(response.path("error"))) {
                    rejected++;
                }
            }
            assertEquals(1, succeeded, "successful requests");
            assertEquals(requests - 1, rejected, "requests rejected with invalid_grant");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void parallelRedemptionsYieldOneToken() throws Exception {
        RegisteredClient client = Fixtures.confidentialClient();
        String code = newCode(client);
        assertExactlyOneWins(() -> Fixtures.exchange(client, code));
    }

    // --- refresh_token ----------------------------------------------------------------------

    @Test
    void refreshRotatesRefreshToken() {
        RegisteredClient client = Fixtures.confidentialClient();
        String first = newRefreshToken(client);

        Response response = refresh(client, first, null);

        assertSuccess(response);
        response.then().body("scope", equalTo(SCOPE));
        String second = response.path("refresh_token");
        assertNotNull(second);
        assertNotEquals(first, second);
    }

    @Test
    void refreshMarksOldTokenUsed() {
        RegisteredClient client = Fixtures.confidentialClient();
        String first = newRefreshToken(client);
        refresh(client, first, null).then().statusCode(200);

        QuarkusTransaction.requiringNew().run(() -> {
            RefreshToken stored = RefreshToken.findById(Secrets.hash(first));
            assertNotNull(stored.usedAt);
        });
    }

    // RFC 9700 §4.14.2: a rotated refresh token presented again revokes the whole authorization.
    @Test
    void reusedRefreshTokenIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        String first = newRefreshToken(client);
        refresh(client, first, null).then().statusCode(200);

        assertError(refresh(client, first, null), 400, "invalid_grant");
    }

    @Test
    void reusedRefreshTokenRevokesAuthorization() {
        RegisteredClient client = Fixtures.confidentialClient();
        String first = newRefreshToken(client);
        String second = refresh(client, first, null).then().statusCode(200).extract().path("refresh_token");
        String authorizationId = QuarkusTransaction.requiringNew().call(() -> {
            RefreshToken stored = RefreshToken.findById(Secrets.hash(first));
            return stored.authorizationId;
        });

        refresh(client, first, null).then().statusCode(400);

        assertNotNull(revokedAt(authorizationId));
        assertError(refresh(client, second, null), 400, "invalid_grant");
    }

    @Test
    void refreshNarrowsAccessTokenScope() {
        RegisteredClient client = Fixtures.confidentialClient();
        Response response = refresh(client, newRefreshToken(client), "profile");
        assertSuccess(response);
        response.then().body("scope", equalTo("profile"));
    }

    // RFC 6749 §6: the new refresh token keeps the scope of the one it replaces.
    @Test
    void narrowedRefreshKeepsOriginalScope() {
        RegisteredClient client = Fixtures.confidentialClient();
        String second = refresh(client, newRefreshToken(client), "profile")
                .then().statusCode(200).extract().path("refresh_token");

        Response response = refresh(client, second, null);

        assertSuccess(response);
        response.then().body("scope", equalTo(SCOPE));
    }

    @Test
    void refreshRejectsWiderScope() {
        RegisteredClient client = Fixtures.confidentialClient();
        Response response = refresh(client, newRefreshToken(client), SCOPE + " calendar:read");
        assertError(response, 400, "invalid_scope");
    }

    @Test
    void refreshTokenOfAnotherClientIsInvalidGrant() {
        RegisteredClient owner = Fixtures.confidentialClient();
        RegisteredClient other = Fixtures.confidentialClient();
        assertError(refresh(other, newRefreshToken(owner), null), 400, "invalid_grant");
    }

    @Test
    void unknownRefreshTokenIsInvalidGrant() {
        RegisteredClient client = Fixtures.confidentialClient();
        assertError(refresh(client, Secrets.newValue(), null), 400, "invalid_grant");
    }

    @Test
    void parallelRefreshesYieldOneToken() throws Exception {
        RegisteredClient client = Fixtures.confidentialClient();
        String refreshToken = newRefreshToken(client);
        assertExactlyOneWins(() -> refresh(client, refreshToken, null));
    }

    @Test
    void publicClientRefreshes() {
        RegisteredClient client = Fixtures.publicClient();
        Response response = refresh(client, newRefreshToken(client), null);
        assertSuccess(response);
        response.then().body("refresh_token", notNullValue());
    }
}
