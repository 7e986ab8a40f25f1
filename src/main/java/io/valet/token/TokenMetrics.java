package io.valet.token;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.valet.client.ClientRegistry;
import io.valet.oauth.OAuthError;

/**
 * Micrometer meters of the token endpoint. Tags take only values from fixed sets, because a
 * tag value copied from a request would let any caller create new time series without limit.
 */
@ApplicationScoped
public class TokenMetrics {

    /** Counter of issued access tokens, tagged with {@code grant_type}. */
    public static final String ISSUED = "valet.tokens.issued";
    /** Counter of error responses of the token endpoint, tagged with {@code error}. */
    public static final String ERRORS = "valet.token.errors";
    /** Timer of token endpoint requests, tagged with {@code grant_type} and {@code outcome}. */
    public static final String REQUESTS = "valet.token.requests";

    private static final Set<String> GRANT_TYPES = Set.of(ClientRegistry.AUTHORIZATION_CODE,
            ClientRegistry.REFRESH_TOKEN, ClientRegistry.CLIENT_CREDENTIALS, ClientRegistry.PASSWORD,
            ClientRegistry.IMPLICIT);

    @Inject
    MeterRegistry registry;

    public void issued(String grantType) {
        registry.counter(ISSUED, "grant_type", knownGrantType(grantType)).increment();
    }

    public void error(OAuthError error) {
        registry.counter(ERRORS, "error", error.code()).increment();
    }

    public Timer.Sample startTimer() {
        return Timer.start(registry);
    }

    /** Stops a request timer; the outcome is {@code success} or the error code. */
    public void stopTimer(Timer.Sample sample, String grantType, String outcome) {
        sample.stop(Timer.builder(REQUESTS)
                .description("Latency of token endpoint requests")
                .tag("grant_type", knownGrantType(grantType))
                .tag("outcome", outcome)
                .register(registry));
    }

    /** Returns the grant type when Valet supports it, and {@code other} for any value a client made up. */
    private static String knownGrantType(String grantType) {
        return grantType != null && GRANT_TYPES.contains(grantType) ? grantType : "other";
    }
}
