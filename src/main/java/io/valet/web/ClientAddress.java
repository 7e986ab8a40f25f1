package io.valet.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The network address of the HTTP client. Quarkus replaces the socket's peer address with the
 * one from X-Forwarded-For or Forwarded only when {@code quarkus.http.proxy.proxy-address-forwarding}
 * is enabled, so a client cannot choose its address by sending those headers itself.
 */
@ApplicationScoped
public class ClientAddress {

    @Inject
    CurrentVertxRequest currentRequest;

    /** Returns the address of a request, or {@code unknown} when the connection has none, as with a Unix socket. */
    public static String of(HttpServerRequest request) {
        SocketAddress address = request.remoteAddress();
        if (address == null || address.hostAddress() == null) {
            return "unknown";
        }
        return address.hostAddress();
    }

    /** Returns the address of the HTTP request this thread serves, or empty outside a request. */
    public Optional<String> current() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        RoutingContext context = currentRequest.getCurrent();
        return context == null ? Optional.empty() : Optional.of(of(context.request()));
    }
}
