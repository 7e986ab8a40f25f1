package io.valet.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The cache's bound: a full cache drops expired entries first, and all entries when none has
 * expired, so that it never contains more than its maximum.
 */
class VerifiedTokenCacheTest {

    private static final long NOW = 1_000_000;

    @Test
    void tokenFoundByExactText() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10);
        cache.add("token-a", expiringAt(NOW + 60), NOW);

        assertNotNull(cache.find("token-a"));
        assertNull(cache.find("token-A"));
        assertNull(cache.find("token-a "));
    }

    @Test
    void fullCacheDropsExpiredEntriesFirst() {
        VerifiedTokenCache cache = new VerifiedTokenCache(3);
        cache.add("expired", expiringAt(NOW - 1), NOW - 100);
        cache.add("expires-now", expiringAt(NOW), NOW - 100);
        cache.add("valid", expiringAt(NOW + 60), NOW - 100);

        cache.add("new", expiringAt(NOW + 60), NOW);

        assertNull(cache.find("expired"));
        assertNull(cache.find("expires-now"));
        assertNotNull(cache.find("valid"));
        assertNotNull(cache.find("new"));
        assertEquals(2, cache.size());
    }

    @Test
    void fullCacheWithoutExpiredEntriesStartsOver() {
        VerifiedTokenCache cache = new VerifiedTokenCache(2);
        cache.add("first", expiringAt(NOW + 60), NOW);
        cache.add("second", expiringAt(NOW + 60), NOW);

        cache.add("third", expiringAt(NOW + 60), NOW);

        assertNull(cache.find("first"));
        assertNull(cache.find("second"));
        assertNotNull(cache.find("third"));
        assertEquals(1, cache.size());
    }

    @Test
    void removedTokenNotFound() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10);
        cache.add("token", expiringAt(NOW + 60), NOW);

        cache.remove("token");

        assertNull(cache.find("token"));
    }

    private static VerifiedToken expiringAt(long expiresAt) {
        return new VerifiedToken("subject", "client", null, "jti", Set.of("profile"), expiresAt, "kid", "RS256", null);
    }
}
