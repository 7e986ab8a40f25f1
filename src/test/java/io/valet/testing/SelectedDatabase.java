package io.valet.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts an embedded PostgreSQL for every Quarkus test when the tests run under the
 * {@code pgtest} profile (the second Surefire execution of the build); under the default
 * {@code test} profile the tests use in-memory H2 and this resource does nothing.
 */
@QuarkusTestResource(SelectedDatabase.class)
public class SelectedDatabase implements QuarkusTestResourceLifecycleManager {

    /** Test profile whose database is PostgreSQL. */
    public static final String POSTGRESQL_PROFILE = "pgtest";

    private EmbeddedPostgresResource postgres;

    public static boolean isPostgresql() {
        return POSTGRESQL_PROFILE.equals(System.getProperty("quarkus.test.profile"));
    }

    @Override
    public Map<String, String> start() {
        if (!isPostgresql()) {
            return Map.of();
        }
        postgres = new EmbeddedPostgresResource();
        return postgres.start();
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
    }
}
