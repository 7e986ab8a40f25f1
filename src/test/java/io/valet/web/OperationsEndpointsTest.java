package io.valet.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.valet.testing.Fixtures;

/**
 * Metrics, health and the OpenAPI document, as an operator and a client developer see them.
 */
@QuarkusTest
class OperationsEndpointsTest {

    private static final String ISSUED_CLIENT_CREDENTIALS = "valet_tokens_issued_total{grant_type=\"client_credentials\"";
    private static final String INVALID_GRANT_ERRORS = "valet_token_errors_total{error=\"invalid_grant\"";

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Returns the value of the first sample whose line starts with the prefix, or 0 when there is none. */
    private static double sample(String metrics, String prefix) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(prefix) + "[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    @Test
    void metricsCountIssuedTokens() {
        double before = sample(metrics(), ISSUED_CLIENT_CREDENTIALS);

        Fixtures.adminToken();

        String after = metrics();
        assertEquals(before + 1, sample(after, ISSUED_CLIENT_CREDENTIALS));
        assertTrue(after.contains("valet_token_requests_seconds_count{grant_type=\"client_credentials\",outcome=\"success\""),
                "the token endpoint timer has a client_credentials sample");
    }

    @Test
    void metricsCountTokenErrors() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        double before = sample(metrics(), INVALID_GRANT_ERRORS);

        Fixtures.exchange(client, "no-such-code").then().statusCode(400).body("error", equalTo("invalid_grant"));

        assertEquals(before + 1, sample(metrics(), INVALID_GRANT_ERRORS));
    }

    @Test
    void metricsCountLoginFailures() {
        String prefix = "valet_login_failures_total{method=\"login_form\",reason=\"invalid_credentials\"";
        double before = sample(metrics(), prefix);

        new io.valet.testing.Browser().logIn("nobody-metrics", "wrong password");

        assertEquals(before + 1, sample(metrics(), prefix));
    }

    // The first grant_type value still names the grant of a form that repeats another parameter.
    @Test
    void repeatedParameterKeepsGrantTag() {
        String prefix = "valet_token_requests_seconds_count{grant_type=\"client_credentials\",outcome=\"invalid_request\"";
        double before = sample(metrics(), prefix);

        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "some-client")
                .formParam("client_id", "some-client")
                .post("/token")
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("parameter client_id is repeated"));

        assertEquals(before + 1, sample(metrics(), prefix),
                "the timer sample of a repeated client_id is tagged grant_type=client_credentials");
    }

    @Test
    void metricsTagUnknownGrantTypeAsOther() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();

        given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("grant_type", "made-up-grant-type")
                .post("/token")
                .then().statusCode(400)
                .body("error", equalTo("unsupported_grant_type"));

        String metrics = metrics();
        assertTrue(metrics.contains("grant_type=\"other\",outcome=\"unsupported_grant_type\""),
                "an unknown grant type is counted under other");
        assertTrue(!metrics.contains("made-up-grant-type"), "a client's grant_type value never becomes a tag");
    }

    @Test
    void readinessIncludesDatabase() {
        JsonPath health = given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .extract().jsonPath();

        assertTrue(health.getList("checks.name").contains("Database connections health check"),
                "readiness checks: " + health.getList("checks.name"));
        assertEquals("UP", health.getString("checks.find { it.name == 'Database connections health check' }.status"));
    }

    @Test
    void openApiListsJsonEndpoints() {
        JsonPath document = given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .extract().jsonPath();

        assertEquals("Valet", document.getString("info.title"));
        for (String path : new String[] {"/token", "/revoke", "/introspect", "/register", "/jwks",
                "/.well-known/oauth-authorization-server", "/admin/clients", "/api/contacts"}) {
            assertTrue(document.getMap("paths").containsKey(path), "the OpenAPI document lists " + path);
        }
    }

    @Test
    void openApiDocumentsTokenErrors() {
        given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/token'.post.responses.'400'.description", containsString("invalid_grant"))
                .body("paths.'/token'.post.responses.'401'.description", containsString("invalid_client"))
                .body("paths.'/token'.post.requestBody.content.'application/x-www-form-urlencoded'.schema.properties",
                        notNullValue())
                .body("paths.'/token'.get", nullValue())
                .body("components.securitySchemes.keySet()", hasItem("client_secret_basic"));
    }

    @Test
    void openApiLeavesOutHtmlPages() {
        JsonPath document = given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .extract().jsonPath();

        for (String path : new String[] {"/login", "/authorize", "/consent", "/account/applications"}) {
            assertTrue(!document.getMap("paths").containsKey(path), "the OpenAPI document leaves out " + path);
        }
    }

    @Test
    void swaggerUiServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
