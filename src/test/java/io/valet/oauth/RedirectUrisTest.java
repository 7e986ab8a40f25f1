package io.valet.oauth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUrisTest {

    private static final List<String> REGISTERED = List.of("https://client.example/cb");
    private static final List<String> LOOPBACK = List.of("http://127.0.0.1/callback");

    @ParameterizedTest
    @ValueSource(strings = {
            "https://client.example/cb",
            "https://client.example:8443/cb?tenant=a",
            "HTTPS://client.example/cb",
            "http://127.0.0.1/cb",
            "http://127.0.0.1:8080/cb",
            "http://localhost/cb",
            "http://[::1]/cb"})
    void registrationAcceptsSecureOrLoopback(String uri) {
        assertDoesNotThrow(() -> RedirectUris.validateForRegistration(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/cb",
            "cb",
            "https://client.example/cb#fragment",
            "https://client.example/cb#",
            "http://client.example/cb",
            "http://localhost.evil.example/cb",
            "http://127.0.0.1.evil.example/cb",
            "https://user@client.example/cb",
            "https://user:password@client.example/cb",
            "https:///cb",
            "ftp://client.example/cb",
            "com.example.app:/cb",
            "https://client.example/c b",
            "",
            " "})
    void registrationRejectsUnsafeUri(String uri) {
        OAuthException error = assertThrows(OAuthException.class, () -> RedirectUris.validateForRegistration(uri));
        assertEquals(OAuthError.INVALID_REDIRECT_URI, error.error());
    }

    @Test
    void registrationRejectsNull() {
        OAuthException error = assertThrows(OAuthException.class, () -> RedirectUris.validateForRegistration(null));
        assertEquals(OAuthError.INVALID_REDIRECT_URI, error.error());
    }

    @Test
    void registrationRejectsUriOver2000Characters() {
        String uri = "https://client.example/" + "a".repeat(2000);
        OAuthException error = assertThrows(OAuthException.class, () -> RedirectUris.validateForRegistration(uri));
        assertEquals(OAuthError.INVALID_REDIRECT_URI, error.error());
    }

    @Test
    void matchAcceptsExactString() {
        assertTrue(RedirectUris.matchesAny("https://client.example/cb", REGISTERED));
    }

    @Test
    void matchChecksEveryRegisteredUri() {
        List<String> registered = List.of("https://other.example/cb", "https://client.example/cb");
        assertTrue(RedirectUris.matchesAny("https://client.example/cb", registered));
    }

    @Test
    void matchRejectsNull() {
        assertFalse(RedirectUris.matchesAny(null, REGISTERED));
    }

    @Test
    void matchRejectsWhenNothingRegistered() {
        assertFalse(RedirectUris.matchesAny("https://client.example/cb", List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://client.example/cb/extra",
            "https://client.example/CB",
            "https://CLIENT.example/cb",
            "https://client.example/cb?x=1",
            "https://client.example/cb#x",
            "https://client.example/cb/",
            "https://client.example:443/cb",
            "https://client.example./cb",
            "https://client.example.evil.com/cb",
            "https://client.example@evil.com/cb",
            "https://client.example/c%62",
            "http://client.example/cb",
            " https://client.example/cb",
            ""})
    void matchRejectsVariantOfRegistered(String requested) {
        assertFalse(RedirectUris.matchesAny(requested, REGISTERED));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/callback",
            "http://127.0.0.1:53412/callback",
            "http://127.0.0.1:1/callback"})
    void matchAcceptsLoopbackWithAnyPort(String requested) {
        assertTrue(RedirectUris.matchesAny(requested, LOOPBACK));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:53412/other",
            "http://127.0.0.1:53412/callback/extra",
            "http://127.0.0.1:53412/callback?x=1",
            "http://127.0.0.1:53412/callback#x",
            "http://127.0.0.1:53412@evil.example/callback",
            "http://127.0.0.2:53412/callback",
            "http://[::1]:53412/callback",
            "http://localhost:53412/callback",
            "https://127.0.0.1:53412/callback",
            "http://127.0.0.1:port/callback"})
    void matchRejectsLoopbackVariant(String requested) {
        assertFalse(RedirectUris.matchesAny(requested, LOOPBACK));
    }

    @Test
    void matchAcceptsIpv6LoopbackWithAnyPort() {
        assertTrue(RedirectUris.matchesAny("http://[::1]:61000/cb", List.of("http://[::1]/cb")));
    }

    // RFC 8252 §8.3 advises against localhost, so only loopback IP literals get a variable port.
    @Test
    void matchRequiresExactPortForLocalhost() {
        assertFalse(RedirectUris.matchesAny("http://localhost:53412/cb", List.of("http://localhost/cb")));
    }

    @Test
    void matchKeepsPortOfNonLoopbackHttps() {
        assertFalse(RedirectUris.matchesAny("https://client.example:8443/cb", REGISTERED));
    }
}
