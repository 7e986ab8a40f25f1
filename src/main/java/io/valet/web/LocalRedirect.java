package io.valet.web;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * A 303 redirect to another page of Valet, with a relative Location. JAX-RS would make a
 * relative URI absolute from the request's Host header, which a client controls.
 */
public final class LocalRedirect {

    private LocalRedirect() {
    }

    /**
     * @param pathAndQuery a path on this server, starting with a slash
     */
    public static Response.ResponseBuilder to(String pathAndQuery) {
        if (!pathAndQuery.startsWith("/") || pathAndQuery.startsWith("//")) {
            throw new IllegalArgumentException("not a local path: " + pathAndQuery);
        }
        return Response.status(Response.Status.SEE_OTHER)
                .header(HttpHeaders.LOCATION, pathAndQuery)
                .header("Cache-Control", "no-store");
    }
}
