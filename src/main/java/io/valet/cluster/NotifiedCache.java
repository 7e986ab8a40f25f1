package io.valet.cluster;

/**
 * State that each replica keeps in memory and re-reads from the shared database. A replica that
 * changes the state sends a PostgreSQL NOTIFY on {@link #channel()}, and
 * {@link NotificationListener} makes every other replica call {@link #refresh()} at once. Each
 * implementation also refreshes on a schedule of its own, which is the only path on H2.
 */
public interface NotifiedCache {

    /** Name of the PostgreSQL notification channel, a plain SQL identifier. */
    String channel();

    /**
     * Re-reads the recent changes from the database. The listener and the schedule may call it
     * at the same time.
     */
    void refresh();
}
