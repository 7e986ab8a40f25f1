package io.valet.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Listens on PostgreSQL for the notifications of every {@link NotifiedCache}, such as a new
 * revocation or a changed client, and makes the cache whose channel was notified re-read the
 * database at once, so that a change made on another replica applies here within milliseconds
 * instead of at the cache's next poll.
 *
 * <p>It keeps one connection of its own outside the pool, on its own thread, because a pooled
 * connection would be returned to the pool and lose its LISTEN. When the connection fails it
 * reconnects with a growing pause, and the caches' polls keep changes flowing meanwhile.
 */
@ApplicationScoped
public class NotificationListener {

    private static final Logger LOG = Logger.getLogger(NotificationListener.class);

    /** Maximum time one wait for notifications blocks, which bounds how long shutdown waits. */
    private static final int WAIT_MILLIS = 500;
    private static final Duration FIRST_RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(30);

    @Inject
    Notifications notifications;

    @Inject
    @All
    List<NotifiedCache> caches;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!notifications.isSupported()) {
            return;
        }
        running = true;
        thread = new Thread(this::listenUntilStopped, "valet-notification-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (thread == null) {
            return;
        }
        running = false;
        thread.join(WAIT_MILLIS * 4L);
    }

    private void listenUntilStopped() {
        Duration pause = FIRST_RETRY_PAUSE;
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    for (NotifiedCache cache : caches) {
                        statement.execute("listen " + cache.channel());
                        LOG.debugf("Listening for notifications on channel %s", cache.channel());
                    }
                }
                // Changes committed while no connection was listening are read now.
                caches.forEach(this::refresh);
                pause = FIRST_RETRY_PAUSE;
                waitForNotifications(connection.unwrap(PGConnection.class));
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Listening for notifications failed (%s); polling continues, retrying in %d s",
                        e.getMessage(), pause.toSeconds());
                if (!sleep(pause)) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_RETRY_PAUSE) > 0 ? MAX_RETRY_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private void waitForNotifications(PGConnection connection) throws SQLException {
        while (running) {
            PGNotification[] received = connection.getNotifications(WAIT_MILLIS);
            if (received == null || received.length == 0) {
                continue;
            }
            // Several notifications on one channel need only one read.
            Set<String> channels = new HashSet<>();
            for (PGNotification notification : received) {
                channels.add(notification.getName());
            }
            for (NotifiedCache cache : caches) {
                if (channels.contains(cache.channel())) {
                    refresh(cache);
                }
            }
        }
    }

    private void refresh(NotifiedCache cache) {
        try {
            cache.refresh();
        } catch (RuntimeException e) {
            // The cache's scheduled poll retries the same read within its interval.
            LOG.warnf(e, "Reading changes after a notification on channel %s failed", cache.channel());
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(value -> properties.setProperty("user", value));
        password.ifPresent(value -> properties.setProperty("password", value));
        // Keepalive lets the driver notice a dropped connection that would otherwise wait silently.
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "valet-notification-listener");
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("quarkus.datasource.jdbc.url is not a PostgreSQL JDBC URL");
        }
        return connection;
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
