package io.valet.interop;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.valet.testing.Fixtures;
import io.valet.testing.HeadlessChromium;

/**
 * Runs the example app under examples/invitations, built beforehand, as its own process against
 * the Valet under test. As a resource server it checks Valet's tokens with quarkus-oidc. As a
 * client it imports contacts with the Nimbus SDK while Chromium clicks through Valet's pages.
 */
@QuarkusTest
class InvitationsExampleTest {

    private static final Path JAR = Path.of("examples", "invitations", "target", "quarkus-app", "quarkus-run.jar");
    private static final Path LOG = Path.of("target", "invitations-example.log");

    private static Process example;
    private static String exampleUrl;
    private static Fixtures.RegisteredClient introspectionClient;

    @BeforeEach
    void startExample() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "The example app is not built: run "
                + "./mvnw -f examples/invitations/pom.xml package before these tests");
        if (example != null) {
            return;
        }
        introspectionClient = Fixtures.confidentialClient();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        exampleUrl = "http://localhost:" + port;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        example = new ProcessBuilder(java,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dinvitations.valet-url=" + Fixtures.ISSUER,
                "-Dinvitations.base-url=" + exampleUrl,
                "-Dquarkus.oidc.client-id=" + introspectionClient.clientId(),
                "-Dquarkus.oidc.credentials.secret=" + introspectionClient.clientSecret(),
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(LOG.toFile())
                .start();
        awaitReady();
    }

    @AfterAll
    static void stopExample() throws InterruptedException {
        if (example != null) {
            example.destroy();
            example.waitFor();
            example = null;
        }
    }

    @Test
    void resourceServerAcceptsValetAccessToken() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String accessToken = Fixtures.tokens(client, "contacts:read profile").getString("access_token");

        given().baseUri(exampleUrl).port(-1).auth().oauth2(accessToken)
                .get("/api/whoami")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("subject", not(equalTo("")))
                .body("scopes", hasItem("contacts:read"))
                .body("scopes", hasItem("profile"));
    }

    @Test
    void resourceServerRejectsRevokedToken() {
        Fixtures.RegisteredClient client = Fixtures.confidentialClient();
        String accessToken = Fixtures.tokens(client, "contacts:read").getString("access_token");
        given().baseUri(exampleUrl).port(-1).auth().oauth2(accessToken)
                .get("/api/whoami")
                .then().statusCode(200);

        given().auth().preemptive().basic(client.clientId(), client.clientSecret())
                .formParam("token", accessToken)
                .post("/revoke")
                .then().statusCode(200);

        given().baseUri(exampleUrl).port(-1).auth().oauth2(accessToken)
                .get("/api/whoami")
                .then().statusCode(401);
    }

    @Test
    void resourceServerRejectsMissingToken() {
        given().baseUri(exampleUrl).port(-1)
                .get("/api/whoami")
                .then().statusCode(401);
    }

    @Test
    void resourceServerRejectsForgedToken() {
        given().baseUri(exampleUrl).port(-1).auth().oauth2("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
                .get("/api/whoami")
                .then().statusCode(401);
    }

    @Test
    void browserImportsContactsButNotCalendar() {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            String username = Fixtures.account();
            addContact(username, "Ada Lovelace");
            WebDriver driver = chromium.driver();

            // Each click starts a navigation that WebDriver does not wait for, so every step waits
            // for an element of the page it expects. While a document unloads, Chromium can fail
            // a query with an inspector error instead of a stale element reference, so the wait retries.
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
            wait.ignoring(WebDriverException.class);
            driver.get(exampleUrl + "/");
            driver.findElement(By.linkText("Import my contacts")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
            driver.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
            driver.findElement(By.cssSelector("form button[type=submit]")).click();

            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[value=approve]")));
            String consent = driver.findElement(By.tagName("main")).getText();
            assertTrue(consent.contains("Invitations example"), consent);
            List<String> scopes = driver.findElements(By.cssSelector(".scopes code")).stream()
                    .map(element -> element.getText()).toList();
            assertEquals(List.of("contacts:read"), scopes);
            driver.findElement(By.cssSelector("button[value=approve]")).click();

            wait.until(ExpectedConditions.urlToBe(exampleUrl + "/contacts"));
            assertEquals("Contacts imported", driver.findElement(By.tagName("h1")).getText());
            assertEquals("1 contact is ready for an invitation:", driver.findElement(By.id("count")).getText());
            assertEquals("Ada Lovelace", driver.findElement(By.cssSelector("#contacts li")).getText());
            chromium.screenshot("example-contacts");

            driver.findElement(By.id("calendar")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge")));
            assertEquals("Calendar refused", driver.findElement(By.tagName("h1")).getText());
            String challenge = driver.findElement(By.id("challenge")).getText();
            assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
            chromium.screenshot("example-calendar");
        }
    }

    /** Adds a contact to the account's address book through Valet's API. */
    private static void addContact(String username, String name) {
        Fixtures.RegisteredClient writer = Fixtures.confidentialClient();
        String code = Fixtures.authorizationCode(writer, username, "contacts:write");
        String accessToken = Fixtures.exchange(writer, code).then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/api/contacts")
                .then().statusCode(201)
                .body("name", containsString(name));
    }

    /** Waits until the example answers HTTP, failing with its log when it exits or takes over 60 s. */
    private static void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(exampleUrl + "/")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!example.isAlive()) {
                throw new AssertionError("The example app exited with " + example.exitValue() + ":\n" + log());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The app has not opened its port yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The example app did not answer within 60 s:\n" + log());
    }

    private static String log() {
        try {
            return Files.readString(LOG);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + LOG, e);
        }
    }
}
