package io.valet.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.valet.testing.Browser;

/**
 * Without quarkus.http.proxy.proxy-address-forwarding, a client's own X-Forwarded-For header
 * must not choose the address its failed logins are counted against.
 */
@QuarkusTest
class ClientAddressTest {

    private static final String SPOOFED = "203.0.113.77";

    private static int failuresOf(String address) {
        return QuarkusTransaction.requiringNew().call(() -> {
            LoginFailure row = LoginFailure.findById(LoginThrottle.key(LoginThrottle.ADDRESS, address));
            return row == null ? 0 : row.failures;
        });
    }

    private static int loopbackFailures() {
        return failuresOf("127.0.0.1") + failuresOf("0:0:0:0:0:0:0:1");
    }

    @Test
    void forwardedForIgnoredWithoutProxySetting() {
        int before = loopbackFailures();

        int status = new Browser().header("X-Forwarded-For", SPOOFED)
                .logIn("nobody-" + UUID.randomUUID(), "wrong password")
                .statusCode();

        assertEquals(401, status);
        assertEquals(before + 1, loopbackFailures(), "the failure counts against the socket's address");
        assertNull(QuarkusTransaction.requiringNew().call(
                () -> LoginFailure.findById(LoginThrottle.key(LoginThrottle.ADDRESS, SPOOFED))));
    }
}
