package io.valet.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.valet.cluster.NotificationListener;
import io.valet.cluster.NotifiedCache;
import io.valet.cluster.Notifications;
import io.valet.config.ValetConfig;

/**
 * Keeps every replica's {@link ClientCache} in step with the client table. Each update or
 * deletion of a client writes a client_change row and, on PostgreSQL, a NOTIFY on
 * {@value #CHANNEL} in the same transaction. This replica drops its copy when that transaction
 * completes. The other replicas drop theirs when {@link NotificationListener} passes on the
 * notification, or at the latest at their next poll, which runs every
 * {@code valet.revocation.poll-interval} like the revocation poll.
 *
 * <p>When polls fail or stall, lookups stop using the cache (see {@link #isUpToDate()}), so that
 * a replica cut off from the change rows does not keep serving a deleted client or an old secret.
 */
@ApplicationScoped
public class ClientChanges implements NotifiedCache {

    private static final Logger LOG = Logger.getLogger(ClientChanges.class);

    /** Channel of the PostgreSQL notification sent when a client change commits. */
    static final String CHANNEL = "valet_client_change";

    /** How long change rows are kept before the purge deletes them, far longer than {@link #OVERLAP}. */
    public static final Duration RETENTION = Duration.ofHours(1);

    // Rows are re-read for this long after they were written, so that a row whose transaction
    // committed late, or whose writer's clock runs behind, is still picked up.
    private static final Duration OVERLAP = Duration.ofSeconds(30);

    /** Poll intervals without a successful read after which cached snapshots are no longer served. */
    private static final int MAX_MISSED_POLLS = 5;

    @Inject
    Clock clock;

    @Inject
    ValetConfig config;

    @Inject
    Notifications notifications;

    @Inject
    ClientCache cache;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Change rows already applied, by id, with their time, so that each invalidates only once. */
    private final Map<Long, Instant> applied = new ConcurrentHashMap<>();

    /** Clock time at the start of the last successful read. The next read reaches back {@link #OVERLAP} before it. */
    private Instant lastPoll;
    /** {@link System#nanoTime()} at the start of the last successful read. */
    private volatile long lastPollNanos;
    private long maxPollAgeNanos;

    @PostConstruct
    void start() {
        // The cache is empty until now, so no earlier change can concern it.
        lastPoll = clock.instant();
        lastPollNanos = System.nanoTime();
        maxPollAgeNanos = config.revocation().pollInterval().multipliedBy(MAX_MISSED_POLLS).toNanos();
    }

    /**
     * Records a change of a client in the current transaction. Every replica drops its cached
     * copy once the transaction completes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void record(String clientId) {
        ClientChange change = new ClientChange();
        change.clientId = clientId;
        change.changedAt = clock.instant();
        change.persist();
        notifications.send(CHANNEL);
        // After completion, so that no request can read and cache the old row once the copy is dropped.
        // A rollback drops the copy too, which only costs one database read.
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                cache.invalidate(clientId);
            }
        });
    }

    /**
     * Returns whether the last successful read of changes started less than
     * {@value #MAX_MISSED_POLLS} poll intervals ago, so that cached snapshots may be served.
     */
    boolean isUpToDate() {
        return System.nanoTime() - lastPollNanos < maxPollAgeNanos;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /**
     * Reads the change rows written since the last poll, by this replica or any other, and drops
     * the cached copies of the clients they name. The scheduler and {@link NotificationListener}
     * may call it at the same time, and the lock makes one wait for the other.
     */
    @Override
    @Scheduled(identity = "client-change-poll", every = "${valet.revocation.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    public synchronized void refresh() {
        long startedNanos = System.nanoTime();
        Instant now = clock.instant();
        Instant since = lastPoll.minus(OVERLAP);
        List<ClientChange> recent = ClientChange.list("changedAt >= ?1", since);
        if (startedNanos - lastPollNanos >= maxPollAgeNanos && cache.size() > 0) {
            // Rows of the gap may already be purged, so no cached copy can be trusted.
            LOG.infof("No client changes were read for %d ms; dropping every cached client",
                    (startedNanos - lastPollNanos) / 1_000_000);
            cache.invalidateAll();
        }
        for (ClientChange change : recent) {
            if (applied.putIfAbsent(change.id, change.changedAt) == null) {
                LOG.debugf("Client %s changed; dropping its cached copy", change.clientId);
                cache.invalidate(change.clientId);
            }
        }
        applied.values().removeIf(changedAt -> changedAt.isBefore(since));
        lastPoll = now;
        lastPollNanos = startedNanos;
    }
}
