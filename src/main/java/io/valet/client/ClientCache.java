package io.valet.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Client snapshots kept in memory, bounded in count and age. Only clients that exist are stored,
 * so lookups of unknown client ids take no memory. {@link ClientChanges} invalidates an entry when
 * any replica changes or deletes the client.
 *
 * <p>A load that overlaps an invalidation is returned to its caller but not stored, because it
 * may have read the row before the change committed. Each invalidation increments a counter, and
 * a load stores its result only while the counter still has the value it had before the read.
 * That check and the store run in one atomic compute on the key, and an invalidation increments
 * the counter before it removes the key, so a stale load is either not stored or removed again.
 */
@Singleton
class ClientCache {

    /** Maximum number of clients kept; beyond it the least useful entries are evicted. */
    static final int MAX_ENTRIES = 10_000;

    /**
     * Maximum time an entry is kept. Changes made through Valet invalidate entries at once, but a
     * change made directly in the database writes no change row and stays unseen until the entry expires.
     */
    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final Cache<String, ClientSnapshot> snapshots;
    private final AtomicLong invalidations = new AtomicLong();

    ClientCache() {
        this(MAX_ENTRIES);
    }

    ClientCache(int maxEntries) {
        snapshots = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(MAX_AGE)
                .build();
    }

    /**
     * Returns the cached snapshot, or calls the loader and stores what it found.
     *
     * @param loader reads the client from the database; an empty result is not stored
     */
    Optional<ClientSnapshot> get(String clientId, Function<String, Optional<ClientSnapshot>> loader) {
        ClientSnapshot cached = snapshots.getIfPresent(clientId);
        if (cached != null) {
            return Optional.of(cached);
        }
        long invalidationsBeforeRead = invalidations.get();
        Optional<ClientSnapshot> loaded = loader.apply(clientId);
        loaded.ifPresent(snapshot -> snapshots.asMap().compute(clientId,
                (id, current) -> invalidations.get() == invalidationsBeforeRead ? snapshot : current));
        return loaded;
    }

    /** Returns the cached snapshot without loading anything. */
    Optional<ClientSnapshot> getIfPresent(String clientId) {
        return Optional.ofNullable(snapshots.getIfPresent(clientId));
    }

    void invalidate(String clientId) {
        invalidations.incrementAndGet();
        snapshots.invalidate(clientId);
    }

    void invalidateAll() {
        invalidations.incrementAndGet();
        snapshots.invalidateAll();
    }

    /** Returns the number of stored snapshots after pending evictions have run. */
    long size() {
        snapshots.cleanUp();
        return snapshots.estimatedSize();
    }
}
