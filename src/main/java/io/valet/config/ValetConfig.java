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

    Passwords password();

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
        /** Who may call {@code POST /register}. */
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
