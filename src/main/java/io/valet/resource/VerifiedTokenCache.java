package io.valet.resource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens that passed full verification, keyed by their exact text, so that a client that
 * presents the same token again skips parsing and the signature check. Only a token whose text
 * equals a verified token's text finds an entry, so any change to a token misses the cache.
 * The caller still checks expiry, the signing key, revocation and scope on every request.
 */
final class VerifiedTokenCache {

    private final int maxEntries;
    private final Map<String, VerifiedToken> tokens = new ConcurrentHashMap<>();

    /** @param maxEntries entries kept before the cache drops expired and then all entries */
    VerifiedTokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Returns the verified claims of this exact token text, or null. */
    VerifiedToken find(String token) {
        return tokens.get(token);
    }

    /**
     * Stores a verified token. When the cache is full it first drops the expired entries, those
     * whose exp is at or before {@code expiryCutoff} (seconds since the epoch), and then every
     * entry if that was not enough, so its size stays bounded whatever tokens clients present.
     */
    void add(String token, VerifiedToken verified, long expiryCutoff) {
        if (tokens.size() >= maxEntries) {
            tokens.values().removeIf(entry -> entry.expiresAt() <= expiryCutoff);
            if (tokens.size() >= maxEntries) {
                tokens.clear();
            }
        }
        tokens.put(token, verified);
    }

    /** Drops a token, for example once it has expired or its key is no longer published. */
    void remove(String token) {
        tokens.remove(token);
    }

    int size() {
        return tokens.size();
    }
}
