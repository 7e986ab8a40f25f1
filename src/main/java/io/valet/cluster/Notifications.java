package io.valet.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends the PostgreSQL notifications that {@link NotificationListener} receives. On H2 there are
 * none, and replicas learn of changes only through polling.
 */
@ApplicationScoped
public class Notifications {

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String databaseKind;

    @Inject
    EntityManager entityManager;

    /** Returns whether the database delivers notifications, which only PostgreSQL does. */
    public boolean isSupported() {
        return "postgresql".equals(databaseKind);
    }

    /**
     * Sends a notification on a channel in the current transaction. PostgreSQL delivers it when,
     * and only if, the transaction commits. On other databases it does nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void send(String channel) {
        if (isSupported()) {
            entityManager.createNativeQuery("notify " + channel).executeUpdate();
        }
    }
}
