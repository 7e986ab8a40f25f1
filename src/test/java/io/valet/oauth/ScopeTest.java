package io.valet.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {

    @Test
    void parseNullIsEmpty() {
        assertTrue(Scope.parse(null).isEmpty());
    }

    @Test
    void parseBlankIsEmpty() {
        assertTrue(Scope.parse("   ").isEmpty());
    }

    @Test
    void parseSplitsOnSpaces() {
        assertEquals(Set.of("profile", "contacts:read"), Scope.parse("profile contacts:read").values());
    }

    @Test
    void parseSkipsRepeatedSpaces() {
        assertEquals(Set.of("a", "b"), Scope.parse(" a  b ").values());
    }

    @Test
    void parseRemovesDuplicates() {
        assertEquals(1, Scope.parse("profile profile").values().size());
    }

    @Test
    void toStringIsSortedAndSpaceDelimited() {
        assertEquals("calendar:read contacts:read profile", Scope.parse("profile calendar:read contacts:read").toString());
    }

    @Test
    void emptyToStringIsEmptyString() {
        assertEquals("", Scope.empty().toString());
    }

    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    @Test
    void parseAcceptsEveryAllowedCharacter() {
        StringBuilder token = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            if (c != '"' && c != '\\') {
                token.append(c);
            }
        }
        assertEquals(Set.of(token.toString()), Scope.parse(token.toString()).values());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "a\\b", "caf\u00e9", "a\tb", "a\nb", "a\u007fb", "a\u0000b", "profile\u00a0read"})
    void parseRejectsExcludedCharacter(String value) {
        OAuthException error = assertThrows(OAuthException.class, () -> Scope.parse(value));
        assertEquals(OAuthError.INVALID_SCOPE, error.error());
    }

    @Test
    void ofJoinsTokens() {
        assertEquals(Scope.parse("a b"), Scope.of(List.of("b", "a")));
    }

    @Test
    void ofSplitsTokenContainingSpace() {
        assertEquals(Set.of("a", "b"), Scope.of(List.of("a b")).values());
    }

    @Test
    void containsAllOfSubset() {
        assertTrue(Scope.parse("a b c").containsAll(Scope.parse("a c")));
    }

    @Test
    void containsAllRejectsSuperset() {
        assertFalse(Scope.parse("a b").containsAll(Scope.parse("a b c")));
    }

    @Test
    void containsAllOfEmpty() {
        assertTrue(Scope.parse("a").containsAll(Scope.empty()));
    }

    @Test
    void containsIsExact() {
        assertFalse(Scope.parse("contacts:read").contains("contacts"));
    }

    @Test
    void unionMergesBoth() {
        assertEquals(Scope.parse("a b c"), Scope.parse("a b").union(Scope.parse("b c")));
    }

    @Test
    void unionLeavesOperandsUnchanged() {
        Scope left = Scope.parse("a");
        left.union(Scope.parse("b"));
        assertEquals(Scope.parse("a"), left);
    }

    @Test
    void equalsIgnoresOrder() {
        assertEquals(Scope.parse("a b"), Scope.parse("b a"));
    }

    @Test
    void hashCodeIgnoresOrder() {
        assertEquals(Scope.parse("a b").hashCode(), Scope.parse("b a").hashCode());
    }

    @Test
    void equalsComparesTokens() {
        assertNotEquals(Scope.parse("a"), Scope.parse("a b"));
    }

    @Test
    void valuesAreUnmodifiable() {
        Set<String> values = Scope.parse("a").values();
        assertThrows(UnsupportedOperationException.class, () -> values.add("b"));
    }
}
