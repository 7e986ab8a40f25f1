package io.valet.oauth;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Checks shared by the query and form parameters of every OAuth endpoint.
 */
public final class RequestParameters {

    private RequestParameters() {
    }

    /**
     * Rejects a request that sends a parameter more than once (RFC 6749 §3.1 and §3.2).
     *
     * @throws OAuthException invalid_request naming the repeated parameter
     */
    public static void rejectRepeated(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw OAuthException.invalidRequest("parameter " + parameter.getKey() + " is repeated");
            }
        }
    }
}
