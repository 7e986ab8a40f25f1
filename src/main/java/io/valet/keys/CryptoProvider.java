package io.valet.keys;

import java.security.Provider;
import java.security.Security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;
import io.valet.config.ValetConfig;

/**
 * Installs the Amazon Corretto Crypto Provider (AWS-LC through JNI) as the JVM's first security
 * provider, so that token signatures, signature checks, AES-GCM and SHA-256 run in native code.
 * The JDK 17 providers sign RS256 about four times slower, and every token costs one signature.
 *
 * <p>The JDK's providers stay in place behind it and serve everything it lacks, such as PBKDF2.
 * Valet keeps them alone when {@code valet.keys.native-crypto} is false, in a native image, and
 * when the provider's native library cannot load on this platform.
 */
@ApplicationScoped
public class CryptoProvider {

    private static final Logger LOG = Logger.getLogger(CryptoProvider.class);

    private static final String NATIVE_CRYPTO_PROPERTY = "valet.keys.native-crypto";

    @Inject
    ValetConfig config;

    // Before KeyRotation loads or generates the signing keys, so that the key objects belong to
    // the provider that signs with them.
    void installAtStartup(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) {
        if (!config.keys().nativeCrypto()) {
            // A JVM that ran an earlier application with the provider, such as a test JVM, drops it.
            Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
            LOG.info("Cryptography uses the JDK's providers (valet.keys.native-crypto=false)");
            return;
        }
        if (ImageMode.current().isNativeImage()) {
            // NOTE: the provider's JNI methods are not registered for native images.
            LOG.info("Cryptography uses the JDK's providers in a native image");
            return;
        }
        install();
    }

    /**
     * Starts loading the provider's native library and running its self-tests on a daemon thread
     * when Quarkus initializes the CDI container, so that they run beside Hibernate and Flyway.
     *
     * <p>It neither installs the provider nor reports a failure. The install waits for the class
     * initialization started here and decides from its outcome. Runtime configuration cannot be
     * read this early, so only the system property or the environment variable skips the load.
     * A {@code false} in application.properties takes effect at the install. Quarkus warns about
     * this observer at build time because a native image delivers the event during its build,
     * and there the method returns at once.
     */
    static void preload(@Observes @Initialized(ApplicationScoped.class) Object event) {
        String setting = System.getProperty(NATIVE_CRYPTO_PROPERTY, System.getenv("VALET_KEYS_NATIVE_CRYPTO"));
        if ("false".equalsIgnoreCase(setting) || ImageMode.current().isNativeImage()) {
            return;
        }
        Thread loader = new Thread(CryptoProvider::loadQuietly, "crypto-provider-preload");
        loader.setDaemon(true);
        loader.start();
    }

    private static void loadQuietly() {
        try {
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
        } catch (RuntimeException | LinkageError e) {
            // The install at start-up meets the same failure and logs it.
        }
    }

    private static void install() {
        AmazonCorrettoCryptoProvider provider;
        try {
            provider = AmazonCorrettoCryptoProvider.INSTANCE;
            provider.assertHealthy();
        } catch (RuntimeException | LinkageError e) {
            LOG.warnf("The Amazon Corretto Crypto Provider cannot run here (%s); cryptography uses the JDK's"
                    + " providers, which sign RSA about four times slower", e.toString());
            return;
        }
        Provider first = Security.getProviders()[0];
        if (first != provider) {
            Security.removeProvider(provider.getName());
            Security.insertProviderAt(provider, 1);
        }
        LOG.infof("Cryptography uses %s %s first, then the JDK's providers", provider.getName(),
                provider.getVersionStr());
    }
}
