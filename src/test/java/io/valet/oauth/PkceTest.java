package io.valet.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PkceTest {

    // RFC 7636 Appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void challengeOfAppendixBVerifier() {
        assertEquals(CHALLENGE, Pkce.challengeOf(VERIFIER));
    }

    @Test
    void verifyAcceptsAppendixBPair() {
        assertTrue(Pkce.verify(VERIFIER, CHALLENGE));
    }

    @Test
    void verifyRejectsVerifierAsPlainChallenge() {
        assertFalse(Pkce.verify(VERIFIER, VERIFIER));
    }

    @Test
    void verifyRejectsVerifierOf42Characters() {
        String verifier = "a".repeat(42);
        assertFalse(Pkce.verify(verifier, Pkce.challengeOf(verifier)));
    }

    @Test
    void verifyRejectsVerifierOf129Characters() {
        String verifier = "a".repeat(129);
        assertFalse(Pkce.verify(verifier, Pkce.challengeOf(verifier)));
    }

    @Test
    void verifyAcceptsVerifierOf128Characters() {
        String verifier = "a".repeat(128);
        assertTrue(Pkce.verify(verifier, Pkce.challengeOf(verifier)));
    }

    @Test
    void verifyRejectsCharactersOutsideUnreservedSet() {
        String verifier = "a".repeat(42) + "+";
        assertFalse(Pkce.verify(verifier, Pkce.challengeOf(verifier)));
    }
}
