package io.valet.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.valet.config.ValetConfig;

/**
 * The maximum time an access token can stay valid, which decides how long revocation entries,
 * retired signing keys and the records behind tokens must be kept.
 */
@ApplicationScoped
public class AccessTokenLifetimes {

    /** Clock difference that token verification allows, as mp.jwt.verify.clock.skew and AccessTokenVerifier do. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    @Inject
    ValetConfig config;

    /** Returns the configured access token lifetime or the longest per-client override, whichever is longer. */
    @Transactional
    public Duration max() {
        Duration configured = config.token().accessTokenLifetime();
        Long longestOverride = Client.getEntityManager()
                .createQuery("select max(c.accessTokenLifetimeSeconds) from Client c", Long.class)
                .getSingleResult();
        if (longestOverride != null && Duration.ofSeconds(longestOverride).compareTo(configured) > 0) {
            return Duration.ofSeconds(longestOverride);
        }
        return configured;
    }

    /** Returns how long after its issue a token may still be accepted somewhere: {@link #max()} plus the clock skew. */
    public Duration maxValidity() {
        return max().plus(CLOCK_SKEW);
    }
}
