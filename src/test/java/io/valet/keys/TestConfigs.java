package io.valet.keys;

import java.lang.reflect.Proxy;
import java.util.Optional;

import io.valet.config.ValetConfig;

/**
 * A {@link ValetConfig} with only the key-encryption key set, for unit tests of key handling.
 */
final class TestConfigs {

    private TestConfigs() {
    }

    static ValetConfig withEncryptionKey(String base64Key) {
        ValetConfig.Keys keys = (ValetConfig.Keys) Proxy.newProxyInstance(ValetConfig.class.getClassLoader(),
                new Class<?>[] {ValetConfig.Keys.class}, (proxy, method, args) -> {
                    if (method.getName().equals("encryptionKey")) {
                        return Optional.ofNullable(base64Key);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (ValetConfig) Proxy.newProxyInstance(ValetConfig.class.getClassLoader(), new Class<?>[] {ValetConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("keys")) {
                        return keys;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
