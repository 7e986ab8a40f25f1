package io.valet.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Tags of the token endpoint timer for a form that repeats a parameter: the first grant_type value
 * still names the grant.
 */
@QuarkusTest
class TokenTimerTagTest {

    private static final String REPEATED_CLIENT_CREDENTIALS =
            "valet_token_requests_seconds_count{grant_type=\"client_credentials\",outcome=\"invalid_request\"";

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
    void repeatedParameterKeepsGrantTag() {
        double before = sample(metrics(), REPEATED_CLIENT_CREDENTIALS);

        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "some-client")
                .formParam("client_id", "some-client")
                .post("/token")
                .then().statusCode(400)
                .body("error", equalTo("invalid_request"))
                .body("error_description", equalTo("parameter client_id is repeated"));

        assertEquals(before + 1, sample(metrics(), REPEATED_CLIENT_CREDENTIALS),
                "the timer sample of a repeated client_id is tagged grant_type=client_credentials");
    }
}
