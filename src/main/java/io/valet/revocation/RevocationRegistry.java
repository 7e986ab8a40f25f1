package io.valet.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.valet.cluster.NotificationListener;
import io.valet.cluster.NotifiedCache;
import io.valet.cluster.Notifications;

/**
 * Keeps the revocation table in memory and implements {@link RevocationView} with it. Every replica
 * re-reads recent rows each poll interval (1 s by default). On PostgreSQL each new row is also
 * announced with NOTIFY, and {@link NotificationListener} makes the other replicas read it at once.
 */
@ApplicationScoped
public class RevocationRegistry implements RevocationView, NotifiedCache {

    private static final Logger LOG = Logger.getLogger(RevocationRegistry.class);

    // Rows are re-read for this long after they were written, so that a row whose transaction
    // committed late, or whose writer's clock runs behind, is still picked up.
    private static final Duration OVERLAP = Duration.ofSeconds(30);

    private final Map<String, Instant> authorizations = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> clients = new ConcurrentHashMap<>();

    /** Channel of the PostgreSQL notification sent when a revocation commits. */
    static final String CHANNEL = "valet_revocation";

    @Inject
    Clock clock;

    @Inject
    Notifications notifications;

    private volatile Instant lastPoll = Instant.EPOCH;

    void loadAtStartup(@Observes StartupEvent event) {
        refresh();
    }

    @Override
    public boolean isRevoked(String authorizationId, String tokenId, String clientId) {
        return (authorizationId != null && authorizations.containsKey(authorizationId))
                || (tokenId != null && tokens.containsKey(tokenId))
                || (clientId != null && clients.containsKey(clientId));
    }

    /**
     * Stores a revocation in the current transaction and applies it to this replica at once.
     *
     * @param expiresAt when every token the entry names has expired, so the entry can be purged
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revoke(RevocationKind kind, String subject, Instant expiresAt) {
        Revocation revocation = new Revocation();
        revocation.kind = kind;
        revocation.subject = subject;
        revocation.revokedAt = clock.instant();
        revocation.expiresAt = expiresAt;
        revocation.persist();
        notifications.send(CHANNEL);
        remember(kind, subject, expiresAt);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /**
     * Reads the revocations written since the last poll, by this replica or any other. The
     * scheduler and {@link NotificationListener} may run it at the same time, which only reads some
     * rows twice because each read reaches back {@link #OVERLAP} before the last one.
     */
    @Override
    @Scheduled(identity = "revocation-poll", every = "${valet.revocation.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    public void refresh() {
        Instant now = clock.instant();
        Instant since = lastPoll.equals(Instant.EPOCH) ? Instant.EPOCH : lastPoll.minus(OVERLAP);
        List<Revocation> recent = since.equals(Instant.EPOCH)
                ? Revocation.list("expiresAt > ?1", now)
                : Revocation.list("revokedAt >= ?1 and expiresAt > ?2", since, now);
        for (Revocation revocation : recent) {
            remember(revocation.kind, revocation.subject, revocation.expiresAt);
        }
        lastPoll = now;
        dropExpired(now);
        if (!recent.isEmpty()) {
            LOG.tracef("Read %d recent revocations", recent.size());
        }
    }

    private void remember(RevocationKind kind, String subject, Instant expiresAt) {
        switch (kind) {
            case AUTHORIZATION -> authorizations.put(subject, expiresAt);
            case TOKEN -> tokens.put(subject, expiresAt);
            case CLIENT -> clients.put(subject, expiresAt);
        }
    }

    private void dropExpired(Instant now) {
        authorizations.values().removeIf(expiry -> expiry.isBefore(now));
        tokens.values().removeIf(expiry -> expiry.isBefore(now));
        clients.values().removeIf(expiry -> expiry.isBefore(now));
    }
}
