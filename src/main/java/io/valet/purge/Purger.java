package io.valet.purge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.valet.client.AccessTokenLifetimes;
import io.valet.client.ClientChanges;
import io.valet.config.ValetConfig;

/**
 * Deletes expired codes, refresh tokens, token authorizations, browser sessions, pending
 * authorization requests, revocation entries and client change rows.
 *
 * <p>Each statement deletes at most the configured batch size of rows, chosen by primary key in
 * a select first (H2 and PostgreSQL both accept that, unlike DELETE ... LIMIT), and commits on
 * its own, so no transaction holds many row locks while requests insert and update these tables.
 * Every replica runs the purge; two replicas deleting the same rows only find fewer to delete.
 */
@ApplicationScoped
public class Purger {

    private static final Logger LOG = Logger.getLogger(Purger.class);

    /** An entity whose rows expire: its JPQL name, its id attribute and its expiry attribute. */
    private record Expiring(String entity, String id, String expiry) {
    }

    /** One statement's work: the ids it selected and the rows it deleted, fewer when another replica won. */
    private record Batch(int selected, int deleted) {
    }

    private static final Expiring CODES = new Expiring("AuthorizationCode", "codeHash", "expiresAt");
    private static final Expiring REFRESH_TOKENS = new Expiring("RefreshToken", "tokenHash", "expiresAt");
    private static final Expiring AUTHORIZATIONS = new Expiring("TokenAuthorization", "id", "expiresAt");
    private static final Expiring SESSIONS = new Expiring("BrowserSession", "idHash", "expiresAt");
    private static final Expiring REQUESTS = new Expiring("AuthorizationRequest", "id", "expiresAt");
    private static final Expiring REVOCATIONS = new Expiring("Revocation", "id", "expiresAt");
    private static final Expiring CLIENT_CHANGES = new Expiring("ClientChange", "id", "changedAt");

    @Inject
    ValetConfig config;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    @Inject
    AccessTokenLifetimes lifetimes;

    @Scheduled(identity = "purge", every = "${valet.purge.interval}", delayed = "${valet.purge.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purgeOnSchedule() {
        Map<String, Long> deleted = purge(clock.instant(), config.purge().batchSize());
        if (deleted.values().stream().anyMatch(count -> count > 0)) {
            LOG.infof("Purged expired rows: %s", deleted);
        }
    }

    /**
     * Deletes every row that expired before its cutoff, in statements of at most {@code batchSize} rows.
     *
     * @return the number of rows deleted per entity
     */
    Map<String, Long> purge(Instant now, int batchSize) {
        Duration tokenValidity = lifetimes.maxValidity();
        Map<String, Long> deleted = new LinkedHashMap<>();
        // RFC 6749 §4.1.2: a replayed code revokes the tokens issued for it, so a used code is
        // kept until the access tokens issued near its expiry have expired too.
        deleted.put(CODES.entity(), purge(CODES, now.minus(tokenValidity), batchSize));
        deleted.put(REFRESH_TOKENS.entity(), purge(REFRESH_TOKENS, now, batchSize));
        // Revoking a grant finds its access tokens through their authorization, and an access token
        // issued just before its authorization ended outlives it by up to one token lifetime.
        deleted.put(AUTHORIZATIONS.entity(), purge(AUTHORIZATIONS, now.minus(tokenValidity), batchSize));
        deleted.put(SESSIONS.entity(), purge(SESSIONS, now, batchSize));
        deleted.put(REQUESTS.entity(), purge(REQUESTS, now, batchSize));
        // A revocation entry's expiry already covers the lifetime of every token it names.
        deleted.put(REVOCATIONS.entity(), purge(REVOCATIONS, now, batchSize));
        // Every replica reads a change row within seconds, but it is kept an hour for replicas that were cut off.
        deleted.put(CLIENT_CHANGES.entity(), purge(CLIENT_CHANGES, now.minus(ClientChanges.RETENTION), batchSize));
        return deleted;
    }

    private long purge(Expiring table, Instant cutoff, int batchSize) {
        String select = "select e." + table.id() + " from " + table.entity() + " e where e." + table.expiry()
                + " < :cutoff";
        String delete = "delete from " + table.entity() + " e where e." + table.id() + " in :ids";
        long total = 0;
        Batch batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> {
                List<?> ids = entityManager.createQuery(select)
                        .setParameter("cutoff", cutoff)
                        .setMaxResults(batchSize)
                        .getResultList();
                if (ids.isEmpty()) {
                    return new Batch(0, 0);
                }
                int rows = entityManager.createQuery(delete).setParameter("ids", ids).executeUpdate();
                return new Batch(ids.size(), rows);
            });
            total += batch.deleted();
        } while (batch.selected() == batchSize);
        return total;
    }
}
