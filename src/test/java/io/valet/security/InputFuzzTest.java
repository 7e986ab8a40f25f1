package io.valet.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.valet.account.Account;
import io.valet.client.Client;
import io.valet.grant.Grant;
import io.valet.grant.TokenAuthorization;
import io.valet.testing.Fixtures;
import io.valet.testing.RawHttp;
import io.valet.token.RefreshToken;

/**
 * Sends malformed input to every public endpoint: missing, repeated, oversized, non-UTF-8,
 * null-byte and unusual Unicode parameters, wrong content types and wrong methods. Every response
 * must be a 4xx in the endpoint's error format (or, for /authorize, a redirect), never a 500 or
 * a stack trace, and the stored clients, grants and tokens must survive.
 */
@QuarkusTest
class InputFuzzTest {

    private static final String FORM = "Content-Type: application/x-www-form-urlencoded";
    private static final String JSON = "Content-Type: application/json";

    /** Values that break naive parsing, as they appear on the wire. */
    private static final List<String> HOSTILE_VALUES = List.of(
            "",
            "%00",
            "abc%00def",
            "%FF%FE%FD",
            "%C3%28",
            "%E2%80%AE%E2%80%8B",
            "%F0%9F%98%80",
            "%ZZ",
            "%",
            "%27%22%3Cscript%3E",
            "a".repeat(10_000),
            "%0D%0ASet-Cookie:%20x=1");

    private static Fixtures.RegisteredClient client;
    private static JsonPath tokens;
    private static long clientsBefore;
    private static long grantsBefore;
    private static long authorizationsBefore;
    private static long refreshTokensBefore;
    private static long accountsBefore;

    // RestAssured learns the test port only once Quarkus runs, so the data is made lazily
    // rather than in a @BeforeAll method.
    private static void countRows() {
        if (client == null) {
            client = Fixtures.confidentialClient("authorization_code", "refresh_token", "client_credentials");
            tokens = Fixtures.tokens(client, "contacts:read");
        }
        QuarkusTransaction.requiringNew().run(() -> {
            clientsBefore = Client.count();
            grantsBefore = Grant.count();
            authorizationsBefore = TokenAuthorization.count();
            refreshTokensBefore = RefreshToken.count();
            accountsBefore = Account.count();
        });
    }

    @Test
    void tokenEndpointSurvivesHostileParameters() {
        countRows();
        String basic = "Authorization: Basic " + Base64.getEncoder().encodeToString(
                (client.clientId() + ":" + client.clientSecret()).getBytes(StandardCharsets.US_ASCII));
        List<String> failures = new ArrayList<>();
        for (String name : List.of("grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope",
                "client_id", "client_secret", "username", "password")) {
            for (String value : HOSTILE_VALUES) {
                byte[] body = ("grant_type=authorization_code&" + name + "=" + value).getBytes(StandardCharsets.ISO_8859_1);
                RawHttp.Reply reply = RawHttp.send("POST", "/token", body, FORM, basic);
                checkJsonError(failures, "POST /token " + name + "=" + abbreviate(value), reply);
                checkNoStore(failures, "POST /token " + name + "=" + abbreviate(value), reply);
            }
        }
        assertNoFailures(failures);
        assertDataIntact();
    }

    @Test
    void revokeAndIntrospectSurviveHostileParameters() {
        countRows();
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/revoke", "/introspect")) {
            for (String name : List.of("token", "token_type_hint", "client_id", "client_secret")) {
                for (String value : HOSTILE_VALUES) {
                    byte[] body = (name + "=" + value + "&token=x").getBytes(StandardCharsets.ISO_8859_1);
                    checkJsonError(failures, "POST " + path + " " + name + "=" + abbreviate(value),
                            RawHttp.send("POST", path, body, FORM));
                }
            }
        }
        assertNoFailures(failures);
        assertDataIntact();
    }

    @Test
    void authorizeSurvivesHostileParameters() {
        countRows();
        List<String> failures = new ArrayList<>();
        for (String name : List.of("client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge",
                "code_challenge_method")) {
            for (String value : HOSTILE_VALUES) {
                String query = "response_type=code&client_id=" + client.clientId() + "&redirect_uri="
                        + Fixtures.encode(Fixtures.REDIRECT_URI) + "&code_challenge=" + Fixtures.CHALLENGE
                        + "&code_challenge_method=S256&" + name + "=" + value;
                RawHttp.Reply reply = RawHttp.send("GET", "/authorize?" + query, null);
                String label = "GET /authorize " + name + "=" + abbreviate(value);
                checkNoServerError(failures, label, reply);
                if (reply.status() == 303 && reply.header("Location") != null
                        && reply.header("Location").contains("\r")) {
                    failures.add(label + ": Location contains a raw line break");
                }
            }
        }
        assertNoFailures(failures);
        assertDataIntact();
    }

    @Test
    void registerSurvivesHostileBodies() {
        countRows();
        List<String> failures = new ArrayList<>();
        List<String> bodies = List.of(
                "",
                "null",
                "[]",
                "{",
                "{\"redirect_uris\": \"https://a.example/cb\"}",
                "{\"redirect_uris\": [null]}",
                "{\"redirect_uris\": [\"https://a.example/cb\\u0000\"]}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"client_name\": \"x\\u0000y\"}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"scope\": \"profile\\u0000\"}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"grant_types\": [null]}",
                "{\"redirect_uris\": [\"https://a.example/cb\"], \"token_endpoint_auth_method\": 5}",
                "{\"redirect_uris\": [\"" + "a".repeat(100_000) + "\"]}");
        for (String body : bodies) {
            checkJsonError(failures, "POST /register " + abbreviate(body),
                    RawHttp.send("POST", "/register", body.getBytes(StandardCharsets.UTF_8), JSON));
        }
        byte[] invalidUtf8 = {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'};
        checkJsonError(failures, "POST /register with invalid UTF-8", RawHttp.send("POST", "/register", invalidUtf8, JSON));
        assertNoFailures(failures);
        assertDataIntact();
    }

    @Test
    void oversizedBodiesAreRejected() {
        countRows();
        byte[] oneMegabyteForm = ("token=" + "a".repeat(1024 * 1024)).getBytes(StandardCharsets.US_ASCII);
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/token", "/revoke", "/introspect")) {
            checkNoServerError(failures, "POST " + path + " with 1 MB", RawHttp.send("POST", path, oneMegabyteForm, FORM));
        }
        byte[] oneMegabyteJson = ("{\"client_name\":\"" + "a".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.US_ASCII);
        checkNoServerError(failures, "POST /register with 1 MB", RawHttp.send("POST", "/register", oneMegabyteJson, JSON));
        checkNoServerError(failures, "GET /authorize with a 7 kB query",
                RawHttp.send("GET", "/authorize?client_id=" + "a".repeat(7_000), null));
        assertNoFailures(failures);
        assertDataIntact();
    }

    @Test
    void wrongMethodsAndContentTypesAreRejected() {
        countRows();
        List<String> failures = new ArrayList<>();
        byte[] body = "a=b".getBytes(StandardCharsets.US_ASCII);
        for (String path : List.of("/token", "/revoke", "/introspect", "/register")) {
            for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
                checkJsonError(failures, method + " " + path, RawHttp.send(method, path, body, FORM));
            }
            for (String contentType : List.of("application/json", "text/plain", "multipart/form-data; boundary=x",
                    "application/xml", "garbage/", "*/*", "")) {
                checkJsonError(failures, "POST " + path + " as '" + contentType + "'",
                        RawHttp.send("POST", path, body, "Content-Type: " + contentType));
            }
            checkJsonError(failures, "POST " + path + " without Content-Type", RawHttp.send("POST", path, body));
        }
        for (String method : List.of("POST", "PUT", "DELETE")) {
            checkNoServerError(failures, method + " /authorize", RawHttp.send(method, "/authorize", body, FORM));
        }
        assertNoFailures(failures);
        assertDataIntact();
    }

    @Test
    void hostileCookiesAreIgnored() {
        countRows();
        List<String> failures = new ArrayList<>();
        for (String cookie : List.of("", "%00", "a".repeat(5000), "\u00e9\u00e8", "x; y=z", "\u0000")) {
            RawHttp.Reply reply = RawHttp.send("GET", "/account/applications", null, "Cookie: valet_session=" + cookie);
            checkNoServerError(failures, "GET /account/applications with cookie " + abbreviate(cookie), reply);
        }
        assertNoFailures(failures);
    }

    /** Accepts a 4xx JSON error with an error code; anything else is recorded as a failure. */
    private static void checkJsonError(List<String> failures, String label, RawHttp.Reply reply) {
        checkNoServerError(failures, label, reply);
        if (reply.status() < 400 || reply.status() >= 500) {
            failures.add(label + ": expected a 4xx error, got " + reply.status());
            return;
        }
        // 413 comes from the HTTP layer before any endpoint runs, with an empty body.
        if (reply.status() != 413 && !reply.body().contains("\"error\":\"")) {
            failures.add(label + ": " + reply.status() + " without a JSON error code: " + abbreviate(reply.body()));
        }
    }

    private static void checkNoStore(List<String> failures, String label, RawHttp.Reply reply) {
        if (reply.status() != 413 && !"no-store".equals(reply.header("Cache-Control"))) {
            failures.add(label + ": Cache-Control is " + reply.header("Cache-Control"));
        }
    }

    private static void checkNoServerError(List<String> failures, String label, RawHttp.Reply reply) {
        if (reply.status() >= 500) {
            failures.add(label + ": status " + reply.status() + " " + abbreviate(reply.body()));
        }
        String body = reply.body();
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("java.")) {
            failures.add(label + ": body shows Java internals: " + abbreviate(body));
        }
    }

    private static void assertNoFailures(List<String> failures) {
        assertTrue(failures.isEmpty(), failures.size() + " bad answers:\n" + String.join("\n", failures));
    }

    private static void assertDataIntact() {
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(clientsBefore, Client.count(), "clients changed");
            assertEquals(grantsBefore, Grant.count(), "grants changed");
            assertEquals(authorizationsBefore, TokenAuthorization.count(), "token authorizations changed");
            assertEquals(refreshTokensBefore, RefreshToken.count(), "refresh tokens changed");
            assertEquals(accountsBefore, Account.count(), "accounts changed");
        });
        given().auth().oauth2(tokens.getString("access_token")).get("/api/contacts").then().statusCode(200);
        Fixtures.refresh(client, tokens.getString("refresh_token"), null).then().statusCode(200);
        tokens = null;
        client = null;
    }

    private static String abbreviate(String value) {
        String oneLine = value.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }
}
