package io.valet.testing;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Builders for the clients, accounts and authorization requests that tests need, made through
 * Valet's public endpoints.
 */
public final class Fixtures {

    public static final String REDIRECT_URI = "https://client.example/cb";
    /** Issuer of the Valet under test: http://localhost plus the test port. */
    public static final String ISSUER = org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getValue("valet.issuer", String.class);
    /** RFC 7636 Appendix B verifier and challenge. */
    public static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    public static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    public static final String PASSWORD = "correct horse battery";

    private Fixtures() {
    }

    /** A registered client: its id and, for confidential clients, its secret. */
    public record RegisteredClient(String clientId, String clientSecret) {
    }

    public static RegisteredClient confidentialClient(String... grantTypes) {
        return register(Map.of(
                "client_name", "Test confidential app",
                "redirect_uris", List.of(REDIRECT_URI),
                "grant_types", grantTypes.length == 0 ? List.of("authorization_code", "refresh_token") : List.of(grantTypes),
                "token_endpoint_auth_method", "client_secret_basic"));
    }

    public static RegisteredClient publicClient() {
        return register(Map.of(
                "client_name", "Test public app",
                "redirect_uris", List.of(REDIRECT_URI, "http://127.0.0.1/callback"),
                "grant_types", List.of("authorization_code", "refresh_token"),
                "token_endpoint_auth_method", "none"));
    }

    public static RegisteredClient register(Map<String, Object> metadata) {
        JsonPath body = given().contentType(ContentType.JSON).body(metadata)
                .post("/register")
                .then().statusCode(201)
                .extract().jsonPath();
        return new RegisteredClient(body.getString("client_id"), body.getString("client_secret"));
    }

    /** Returns a valet:admin access token for the test admin client. */
    public static String adminToken() {
        return given().auth().preemptive().basic("test-admin", "test-admin-secret")
                .formParam("grant_type", "client_credentials")
                .post("/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** Creates an account with a unique name through the admin API and returns the name. */
    public static String account() {
        String username = "user-" + UUID.randomUUID();
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/admin/accounts")
                .then().statusCode(201);
        return username;
    }

    /** Builds an /authorize path and query for a code request with the RFC 7636 test challenge. */
    public static String authorizePath(String clientId, String scope, String state) {
        return authorizePath(clientId, scope, state, CHALLENGE);
    }

    /** Builds an /authorize path and query for a code request with the given S256 challenge. */
    public static String authorizePath(String clientId, String scope, String state, String challenge) {
        return "/authorize?response_type=code"
                + "&client_id=" + encode(clientId)
                + "&redirect_uri=" + encode(REDIRECT_URI)
                + "&scope=" + encode(scope)
                + "&state=" + encode(state)
                + "&code_challenge=" + encode(challenge)
                + "&code_challenge_method=S256";
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Returns the query parameters of a redirect Location. */
    public static Map<String, String> queryOf(String location) {
        return parametersOf(URI.create(location).getRawQuery());
    }

    /** Returns the parameters in the fragment of a redirect Location. */
    public static Map<String, String> fragmentOf(String location) {
        return parametersOf(URI.create(location).getRawFragment());
    }

    private static Map<String, String> parametersOf(String encoded) {
        Map<String, String> parameters = new HashMap<>();
        if (encoded == null) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** Runs login and consent for a new account and returns the authorization code. */
    public static String authorizationCode(RegisteredClient client, String username, String scope) {
        return authorizationCode(client, username, scope, CHALLENGE);
    }

    /** Runs login and consent for a new account with the given S256 challenge and returns the code. */
    public static String authorizationCode(RegisteredClient client, String username, String scope, String challenge) {
        Browser browser = new Browser();
        Response login = browser.get(authorizePath(client.clientId(), scope, "state-1", challenge));
        Response afterLogin = browser.logIn(login, username, PASSWORD);
        Response consent = browser.get(Browser.pathOf(afterLogin.header("Location")));
        Response redirect = browser.decide(consent, "approve");
        return queryOf(redirect.header("Location")).get("code");
    }

    /** Runs the whole dance for a new account and returns the token response. */
    /** Issues an access token of scope profile to a new client by client_credentials. */
    public static String clientCredentialsToken() {
        RegisteredClient client = confidentialClient("client_credentials");
        return given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "client_credentials").formParam("scope", "profile")
                .post("/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    public static io.restassured.path.json.JsonPath tokens(RegisteredClient client, String scope) {
        String username = account();
        return exchange(client, authorizationCode(client, username, scope))
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** Uses a refresh token, authenticating the client as it is registered. */
    public static Response refresh(RegisteredClient client, String refreshToken, String scope) {
        var request = given().formParam("grant_type", "refresh_token").formParam("refresh_token", refreshToken);
        if (scope != null) {
            request.formParam("scope", scope);
        }
        return withClientAuthentication(request, client).post("/token");
    }

    /** Adds client authentication as the client is registered: Basic for confidential, client_id for public. */
    public static io.restassured.specification.RequestSpecification withClientAuthentication(
            io.restassured.specification.RequestSpecification request, RegisteredClient client) {
        if (client.clientSecret() != null) {
            return request.auth().preemptive().basic(client.clientId(), client.clientSecret());
        }
        return request.formParam("client_id", client.clientId());
    }

    /** Exchanges a code with the test verifier, authenticating the client as it is registered. */
    public static Response exchange(RegisteredClient client, String code) {
        var request = given().formParam("grant_type", "authorization_code")
                .formParam("code", code)
                .formParam("redirect_uri", REDIRECT_URI)
                .formParam("code_verifier", VERIFIER);
        return withClientAuthentication(request, client).post("/token");
    }
}
