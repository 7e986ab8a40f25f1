package io.valet.interop;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;
import io.valet.testing.Fixtures;
import io.valet.testing.HeadlessChromium;

/**
 * Valet's login, consent, error and applications pages in a real browser: Debian's Chromium,
 * headless, driven through Selenium. Each test saves screenshots at desktop and phone width
 * under target/screenshots/.
 */
@QuarkusTest
class ChromiumBrowserTest {

    // Nothing listens on port 9 of the loopback interface, so the browser stops at the redirect
    // with the code in its address bar. RFC 8252 §7.3 lets a loopback redirect use any port.
    private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
    private static final String CLIENT_NAME = "Browser Test App";

    private HeadlessChromium chromium;
    private WebDriver driver;
    private Fixtures.RegisteredClient client;
    private String username;

    @BeforeEach
    void startBrowser() {
        chromium = HeadlessChromium.start();
        driver = chromium.driver();
        client = Fixtures.register(Map.of(
                "client_name", CLIENT_NAME,
                "redirect_uris", List.of(REDIRECT_URI),
                "grant_types", List.of("authorization_code", "refresh_token"),
                "token_endpoint_auth_method", "none"));
        username = Fixtures.account();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void approvedConsentRedirectsWithUsableCode() {
        openAuthorizationRequest("contacts:read profile", "state-approve");
        assertEquals("Sign in · Valet", driver.getTitle());
        chromium.screenshot("login");
        logIn(username, Fixtures.PASSWORD);

        assertEquals("Allow access · Valet", driver.getTitle());
        String consentText = driver.findElement(By.tagName("main")).getText();
        assertTrue(consentText.contains(CLIENT_NAME), consentText);
        assertTrue(consentText.contains(username), consentText);
        assertEquals(2, driver.findElements(By.cssSelector(".scopes li")).size());
        chromium.screenshot("consent");
        approveConsent();

        Map<String, String> redirect = redirectParameters();
        assertEquals("state-approve", redirect.get("state"));
        assertEquals(Fixtures.ISSUER, redirect.get("iss"));
        given().formParam("grant_type", "authorization_code")
                .formParam("code", redirect.get("code"))
                .formParam("redirect_uri", REDIRECT_URI)
                .formParam("client_id", client.clientId())
                .formParam("code_verifier", Fixtures.VERIFIER)
                .post("/token")
                .then().statusCode(200)
                .body("scope", equalTo("contacts:read profile"));
    }

    @Test
    void deniedConsentRedirectsWithAccessDenied() {
        openAuthorizationRequest("contacts:read", "state-deny");
        logIn(username, Fixtures.PASSWORD);

        untilPageSettles(ExpectedConditions.elementToBeClickable(By.cssSelector("button[value=deny]")))
                .click();

        Map<String, String> redirect = redirectParameters();
        assertEquals("access_denied", redirect.get("error"));
        assertEquals("state-deny", redirect.get("state"));
        assertFalse(redirect.containsKey("code"));
    }

    @Test
    void wrongPasswordShowsErrorAndKeepsUserName() {
        openAuthorizationRequest("contacts:read", "state-wrong");

        logIn(username, "not the password");

        assertEquals("Sign in · Valet", driver.getTitle());
        WebElement alert = driver.findElement(By.cssSelector("[role=alert]"));
        assertEquals("Invalid user name or password.", alert.getText());
        assertEquals(username, driver.findElement(By.id("username")).getAttribute("value"));
        assertEquals("", driver.findElement(By.id("password")).getAttribute("value"));
        assertEquals(driver.findElement(By.id("password")), driver.switchTo().activeElement());
        chromium.screenshot("login-error");
    }

    @Test
    void keyboardAloneCompletesLoginAndConsent() {
        openAuthorizationRequest("contacts:read", "state-keyboard");

        // The user name field has focus on arrival, and Enter in the password field submits.
        driver.switchTo().activeElement().sendKeys(username, Keys.TAB, Fixtures.PASSWORD, Keys.ENTER);
        untilPageSettles(ExpectedConditions.titleIs("Allow access · Valet"));
        WebElement allow = tabUntilFocused(By.cssSelector("button[value=approve]"));
        allow.sendKeys(Keys.ENTER);

        assertEquals("state-keyboard", redirectParameters().get("state"));
    }

    @Test
    void unknownClientShowsErrorPageWithoutRedirect() {
        driver.get(Fixtures.ISSUER + "/authorize?response_type=code&client_id=no-such-client"
                + "&redirect_uri=" + Fixtures.encode(REDIRECT_URI) + "&code_challenge=" + Fixtures.CHALLENGE
                + "&code_challenge_method=S256");

        assertTrue(driver.getCurrentUrl().startsWith(Fixtures.ISSUER + "/authorize"), driver.getCurrentUrl());
        String alert = driver.findElement(By.cssSelector("[role=alert]")).getText();
        assertFalse(alert.isBlank());
        chromium.screenshot("error");
    }

    @Test
    void applicationsPageRevokesAccess() {
        openAuthorizationRequest("contacts:read calendar:read", "state-revoke");
        logIn(username, Fixtures.PASSWORD);
        approveConsent();
        String accessToken = given().formParam("grant_type", "authorization_code")
                .formParam("code", redirectParameters().get("code"))
                .formParam("redirect_uri", REDIRECT_URI)
                .formParam("client_id", client.clientId())
                .formParam("code_verifier", Fixtures.VERIFIER)
                .post("/token")
                .then().statusCode(200)
                .extract().path("access_token");

        driver.get(Fixtures.ISSUER + "/account/applications");
        List<WebElement> applications = driver.findElements(By.cssSelector(".applications > li"));
        assertEquals(1, applications.size());
        assertTrue(applications.get(0).getText().contains(CLIENT_NAME), applications.get(0).getText());
        chromium.screenshot("applications");
        WebElement revoke = applications.get(0).findElement(By.tagName("button"));
        revoke.click();
        waitForPageAfter(revoke);

        assertTrue(driver.findElements(By.cssSelector(".applications > li")).isEmpty());
        assertEquals("Access revoked. The application's tokens no longer work.",
                driver.findElement(By.cssSelector("[role=status]")).getText());
        chromium.screenshot("applications-empty");
        given().auth().oauth2(accessToken)
                .get("/api/contacts")
                .then().statusCode(401);
    }

    /** Waits for the consent page, which follows the login form's redirect, then approves. */
    private void approveConsent() {
        untilPageSettles(ExpectedConditions.elementToBeClickable(By.cssSelector("button[value=approve]")))
                .click();
    }

    private void openAuthorizationRequest(String scope, String state) {
        driver.get(Fixtures.ISSUER + "/authorize?response_type=code"
                + "&client_id=" + Fixtures.encode(client.clientId())
                + "&redirect_uri=" + Fixtures.encode(REDIRECT_URI)
                + "&scope=" + Fixtures.encode(scope)
                + "&state=" + Fixtures.encode(state)
                + "&code_challenge=" + Fixtures.CHALLENGE
                + "&code_challenge_method=S256");
    }

    private void logIn(String user, String password) {
        driver.findElement(By.id("username")).clear();
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        WebElement submit = driver.findElement(By.cssSelector("form button[type=submit]"));
        submit.click();
        waitForPageAfter(submit);
    }

    /**
     * Waits until the page holding the clicked element has been replaced: a click starts a
     * navigation that WebDriver does not wait for.
     */
    private void waitForPageAfter(WebElement clicked) {
        untilPageSettles(ExpectedConditions.stalenessOf(clicked));
    }

    /**
     * Waits up to 10 seconds for the condition. While a document unloads, Chromium can fail a
     * query about one of its elements with an inspector error instead of a stale element
     * reference, so the wait retries after any WebDriver error.
     */
    private <T> T untilPageSettles(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(WebDriverException.class)
                .until(condition);
    }

    /** Waits for the browser to reach the unserved redirect URI and returns its query parameters. */
    private Map<String, String> redirectParameters() {
        untilPageSettles(ExpectedConditions.urlContains(REDIRECT_URI));
        return Fixtures.queryOf(driver.getCurrentUrl());
    }

    /** Presses Tab until the element matching the locator has focus, as a keyboard user would. */
    private WebElement tabUntilFocused(By locator) {
        WebElement target = driver.findElement(locator);
        for (int presses = 0; presses < 20; presses++) {
            if (target.equals(driver.switchTo().activeElement())) {
                return target;
            }
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached " + locator);
    }
}
