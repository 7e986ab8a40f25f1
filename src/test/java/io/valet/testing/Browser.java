package io.valet.testing;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;

/**
 * A minimal browser for tests: it keeps Valet's session cookie and fills in the login and
 * consent forms over real HTTP, without following redirects on its own.
 */
public class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
    private static final Pattern REQUEST = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");

    private final Map<String, String> headers = new LinkedHashMap<>();
    private final String baseUri;
    private String sessionCookie;

    /** Creates a browser that sends relative paths to RestAssured's configured base URI and port. */
    public Browser() {
        this(null, null);
    }

    private Browser(String baseUri, String sessionCookie) {
        this.baseUri = baseUri;
        this.sessionCookie = sessionCookie;
    }

    /** Sends a header with every later request, such as X-Forwarded-For. */
    public Browser header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Returns a browser with this one's session cookie that sends its requests to another server. */
    public Browser withBaseUri(String otherBaseUri) {
        Browser other = new Browser(otherBaseUri, sessionCookie);
        other.headers.putAll(headers);
        return other;
    }

    public Response get(String pathAndQuery) {
        Response response = request().redirects().follow(false).get(pathAndQuery);
        remember(response);
        return response;
    }

    public Response post(String path, String... formPairs) {
        var spec = request().redirects().follow(false).contentType("application/x-www-form-urlencoded");
        for (int i = 0; i < formPairs.length; i += 2) {
            spec.formParam(formPairs[i], formPairs[i + 1]);
        }
        Response response = spec.post(path);
        remember(response);
        return response;
    }

    private io.restassured.specification.RequestSpecification request() {
        var spec = given().urlEncodingEnabled(false).headers(headers);
        if (baseUri != null) {
            spec.baseUri(baseUri);
        }
        if (sessionCookie != null) {
            spec.cookie("valet_session", sessionCookie);
        }
        return spec;
    }

    private void remember(Response response) {
        String cookie = response.getCookie("valet_session");
        if (cookie != null) {
            sessionCookie = cookie;
        }
    }

    public String sessionCookie() {
        return sessionCookie;
    }

    /** Logs in on the login page that an /authorize redirect led to; returns the response to the form post. */
    public Response logIn(Response loginRedirect, String username, String password) {
        Response page = get(pathOf(loginRedirect.header("Location")));
        return post("/login",
                "csrf_token", csrfToken(page.body().asString()),
                "request", requestId(page.body().asString()),
                "username", username,
                "password", password);
    }

    /** Opens the login page without an authorization request and submits it; returns the response to the post. */
    public Response logIn(String username, String password) {
        Response page = get("/login");
        return post("/login",
                "csrf_token", csrfToken(page.body().asString()),
                "username", username,
                "password", password);
    }

    /** Submits the consent page with the given decision (approve or deny). */
    public Response decide(Response consentPage, String decision) {
        String html = consentPage.body().asString();
        return post("/consent", "csrf_token", csrfToken(html), "request", requestId(html), "decision", decision);
    }

    public static String csrfToken(String html) {
        return find(CSRF, html);
    }

    public static String requestId(String html) {
        return find(REQUEST, html);
    }

    private static String find(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("form field not found in page: " + pattern);
        }
        return matcher.group(1);
    }

    /** Returns the path and query of an absolute or relative Location. */
    public static String pathOf(String location) {
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
