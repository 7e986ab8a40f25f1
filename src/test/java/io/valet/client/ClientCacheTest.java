package io.valet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.valet.oauth.Scope;

/**
 * The in-memory store behind {@link ClientRegistry#find}, without Quarkus: what it keeps, and
 * that a read overlapping an invalidation is never kept.
 */
class ClientCacheTest {

    private final AtomicInteger reads = new AtomicInteger();

    private static ClientSnapshot snapshot(String clientId) {
        return new ClientSnapshot(clientId, "Cache test app", "stored-hash", Client.AUTH_BASIC, List.of(),
                Set.of(ClientRegistry.CLIENT_CREDENTIALS), Set.of(), Scope.parse("profile"), null, null, null);
    }

    private Optional<ClientSnapshot> readExisting(String clientId) {
        reads.incrementAndGet();
        return Optional.of(snapshot(clientId));
    }

    private Optional<ClientSnapshot> readMissing(String clientId) {
        reads.incrementAndGet();
        return Optional.empty();
    }

    @Test
    void foundClientReadOnce() {
        ClientCache cache = new ClientCache();

        cache.get("client-a", this::readExisting);
        Optional<ClientSnapshot> second = cache.get("client-a", this::readExisting);

        assertEquals(1, reads.get());
        assertEquals("client-a", second.orElseThrow().clientId());
    }

    @Test
    void invalidatedClientReadAgain() {
        ClientCache cache = new ClientCache();
        cache.get("client-a", this::readExisting);

        cache.invalidate("client-a");
        cache.get("client-a", this::readExisting);

        assertEquals(2, reads.get());
    }

    @Test
    void invalidateAllReadsEveryClientAgain() {
        ClientCache cache = new ClientCache();
        cache.get("client-a", this::readExisting);
        cache.get("client-b", this::readExisting);

        cache.invalidateAll();

        assertEquals(0, cache.size());
        cache.get("client-a", this::readExisting);
        assertEquals(3, reads.get());
    }

    // The row was read before the change committed, so what the read returned may be the old client.
    @Test
    void readOverlappingInvalidationNotKept() {
        ClientCache cache = new ClientCache();

        Optional<ClientSnapshot> overlapping = cache.get("client-a", clientId -> {
            Optional<ClientSnapshot> read = readExisting(clientId);
            cache.invalidate(clientId);
            return read;
        });

        assertTrue(overlapping.isPresent(), "the caller still gets what was read");
        assertEquals(0, cache.size());
        cache.get("client-a", this::readExisting);
        assertEquals(2, reads.get());
    }

    @Test
    void readOverlappingOtherClientsInvalidationNotKept() {
        ClientCache cache = new ClientCache();

        cache.get("client-a", clientId -> {
            Optional<ClientSnapshot> read = readExisting(clientId);
            cache.invalidateAll();
            return read;
        });

        assertEquals(0, cache.size());
    }

    @Test
    void unknownClientIdsNotKept() {
        ClientCache cache = new ClientCache();

        for (int i = 0; i < 1000; i++) {
            assertTrue(cache.get("unknown-" + i, this::readMissing).isEmpty());
        }
        cache.get("unknown-0", this::readMissing);

        assertEquals(0, cache.size());
        assertEquals(1001, reads.get());
    }

    @Test
    void entriesBoundedByMaxEntries() {
        ClientCache cache = new ClientCache(10);

        for (int i = 0; i < 200; i++) {
            cache.get("client-" + i, this::readExisting);
        }

        assertTrue(cache.size() <= 10, "entries kept: " + cache.size());
    }
}
