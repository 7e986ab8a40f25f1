package io.valet.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Valet's own settings, all under the prefix {@code valet}.
 */
@ConfigMapping(prefix = "valet")
public interface ValetConfig {

    /**
     * Issuer identifier (RFC 8414 §2): the base URL every published endpoint is built from.
     */
    @WithDefault("http://localhost:8080")
    String issuer();

    /**
     * Value of the {@code aud} claim in access tokens and the audience the resource module accepts.
     */
    @WithDefault("valet-api")
    String audience();

    Admin admin();

    Registration registration();

    Tokens token();

    Keys keys();

    Sessions session();

    Revocations revocation();

    Purge purge();

    Passwords password();

    LoginThrottling login();

    LegacyGrants legacy();

    Demo demo();

    Benchmark benchmark();

    /** The bootstrap admin client, which obtains {@code valet:admin} tokens by client_credentials. */
    interface Admin {
        /** client_id of the bootstrap admin client; no admin client is created when it is absent. */
        Optional<String> clientId();

        /** Secret of the bootstrap admin client; required when the client id is set. */
        Optional<String> clientSecret();
    }

    interface Registration {
        /** Policy that decides who may call {@code POST /register}. */
        @WithDefault("initial-access-token")
        RegistrationPolicy policy();

        /** Bearer token that {@code POST /register} requires under the initial-access-token policy. */
        Optional<String> initialAccessToken();
    }

    enum RegistrationPolicy {
        /** Anyone may register a client. */
        OPEN,
        /** A caller must present the configured initial access token. */
        INITIAL_ACCESS_TOKEN,
        /** Only the admin API creates clients. */
        ADMIN_ONLY
    }

    interface Tokens {
        /** Lifetime of an access token. */
        @WithDefault("PT10M")
        Duration accessTokenLifetime();

        /** Lifetime of an authorization code. */
        @WithDefault("PT60S")
        Duration codeLifetime();

        /** A refresh token expires when it has not been used for this long. */
        @WithDefault("P14D")
        Duration refreshIdleLifetime();

        /** A chain of refresh tokens ends this long after the authorization that started it. */
        @WithDefault("P90D")
        Duration refreshAbsoluteLifetime();

        /** JWS algorithm of access tokens: RS256 or ES256. */
        @WithDefault("RS256")
        String signingAlgorithm();
    }

    interface Keys {
        /**
         * AES key (base64, 16, 24 or 32 bytes) that encrypts the private signing keys stored in the
         * database. Production must supply it; it is set through VALET_KEYS_ENCRYPTION_KEY.
         */
        Optional<String> encryptionKey();

        /** How long a signing key signs before the next key takes over. */
        @WithDefault("P30D")
        Duration rotationInterval();

        /**
         * How long before it starts signing a new key is published in /jwks. It must exceed the time
         * resource servers cache the JWK Set: /jwks allows 60 s, and the resource module's SmallRye JWT
         * cache refreshes every minute (smallrye.jwt.jwks.refresh-interval), so any value above 2
         * minutes plus {@link #checkInterval()} is enough.
         */
        @WithDefault("PT10M")
        Duration publicationLeadTime();

        /**
         * How often each replica re-reads the signing keys from the database, creates the next key
         * when it is due and deletes keys whose tokens have all expired.
         */
        @WithDefault("PT1M")
        Duration checkInterval();

        /**
         * Whether the Amazon Corretto Crypto Provider signs, verifies, hashes and encrypts ahead of
         * the JDK's providers. Without it, or where its native library does not load, the JDK's
         * providers do all the work and RSA signing is about four times slower.
         */
        @WithDefault("true")
        boolean nativeCrypto();
    }

    interface Revocations {
        /**
         * How often each replica re-reads new revocations and client changes from the database. On
         * PostgreSQL a notification also triggers a read at once; polling remains the fallback and
         * the only path on H2.
         */
        @WithDefault("PT1S")
        Duration pollInterval();
    }

    /** Deletion of expired codes, tokens, sessions and revocation entries. */
    interface Purge {
        /** Time between two purge runs on each replica. */
        @WithDefault("PT5M")
        Duration interval();

        /** Maximum rows one delete statement removes, so that no statement keeps row locks for long. */
        @WithDefault("500")
        int batchSize();
    }

    interface Sessions {
        /** Lifetime of a browser session after login. */
        @WithDefault("PT8H")
        Duration lifetime();

        /** Lifetime of a pending authorization request between /authorize and the consent decision. */
        @WithDefault("PT15M")
        Duration requestLifetime();
    }

    interface Passwords {
        /** PBKDF2-HMAC-SHA256 iteration count for new password hashes. */
        @WithDefault("600000")
        int iterations();
    }

    /**
     * Brute-force protection for the login form and the password grant. Failed logins are
     * counted per user name and per client address in the database, so every replica applies the
     * same counts.
     */
    interface LoginThrottling {
        /**
         * Failed logins for one user name, within the failure window, that lock the user name.
         * Unknown user names are counted and locked the same way, so a lock reveals nothing
         * about which accounts exist.
         */
        @WithDefault("5")
        int maxFailures();

        /**
         * Failed logins from one client address, within the failure window, that lock every
         * login from that address. Higher than the per-account limit because many people can
         * share one address behind a NAT or proxy.
         */
        @WithDefault("20")
        int maxFailuresPerAddress();

        /** How long a user name or address stays locked once it reached its limit. */
        @WithDefault("PT15M")
        Duration lockoutDuration();

        /** Failures older than this are forgotten; the count starts again at the next failure. */
        @WithDefault("PT15M")
        Duration failureWindow();
    }

    /** Grants kept for clients that migrate from older providers; each is off by default. */
    interface LegacyGrants {
        /** Allows the resource owner password credentials grant (RFC 6749 §4.3). */
        @WithDefault("false")
        boolean passwordGrantEnabled();

        /** Allows the implicit grant (RFC 6749 §4.2). */
        @WithDefault("false")
        boolean implicitGrantEnabled();
    }

    interface Demo {
        /** Creates the demo account and clients at start-up and serves /demo/callback; for dev mode only. */
        @WithDefault("false")
        boolean enabled();

        /** Password of the demo account {@code demo}. */
        @WithDefault("demo-password")
        String password();

        /** Secret of the demo confidential client {@code demo-confidential}. */
        @WithDefault("demo-confidential-secret")
        String confidentialClientSecret();
    }

    /** Endpoints that exist only for the throughput measurements under bench/; each is off by default. */
    interface Benchmark {
        /**
         * Serves {@code GET /bench/hello}, a plain-text endpoint that reads no database and checks no
         * token, as the baseline that the protected API is compared with. When off, the path returns 404.
         */
        @WithDefault("false")
        boolean helloEnabled();
    }
}
