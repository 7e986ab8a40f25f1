package io.valet.revocation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Listens on PostgreSQL for the notification that {@link RevocationRegistry#revoke} sends, and
 * re-reads the revocation table as soon as one arrives, so that a revocation made on another
 * replica applies here within milliseconds instead of at the next poll.
 *
 * <p>It keeps one connection of its own outside the pool, on its own thread, because a pooled
 * connection would be returned to the pool and lose its LISTEN. When the connection fails it
 * reconnects with a growing pause, and the poll keeps revocations flowing meanwhile.
 */
@ApplicationScoped
public class RevocationListener {

    private static final Logger LOG = Logger.getLogger(RevocationListener.class);

    /** Maximum time one wait for notifications blocks, which bounds how long shutdown waits. */
    private static final int WAIT_MILLIS = 500;
    private static final Duration FIRST_RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(30);

    @Inject
    RevocationRegistry registry;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        if (!registry.isPostgresql()) {
            return;
        }
        running = true;
        thread = new Thread(this::listenUntilStopped, "valet-revocation-listener");
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
                    statement.execute("listen " + RevocationRegistry.CHANNEL);
                }
                LOG.debugf("Listening for revocations on channel %s", RevocationRegistry.CHANNEL);
                // Revocations committed while no connection was listening are read now.
                refresh();
                pause = FIRST_RETRY_PAUSE;
                waitForNotifications(connection.unwrap(PGConnection.class));
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Listening for revocation notifications failed (%s); polling continues, retrying in %d s",
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
            PGNotification[] notifications = connection.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                refresh();
            }
        }
    }

    private void refresh() {
        try {
            registry.refresh();
        } catch (RuntimeException e) {
            // The scheduled poll retries the same read within its interval.
            LOG.warnf(e, "Reading revocations after a notification failed");
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(value -> properties.setProperty("user", value));
        password.ifPresent(value -> properties.setProperty("password", value));
        // Keepalive lets the driver notice a dropped connection that would otherwise wait silently.
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "valet-revocation-listener");
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
