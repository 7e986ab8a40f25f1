package io.valet.token;

import jakarta.ws.rs.core.MultivaluedMap;

import io.valet.client.ClientCredentials;
import io.valet.oauth.OAuthException;
import io.valet.oauth.RequestParameters;

/**
 * The parameters of a token request (RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6), each present at most once,
 * and the network address of the client that sent it.
 */
public record TokenRequest(
        String grantType,
        String code,
        String redirectUri,
        String codeVerifier,
        String refreshToken,
        String scope,
        String username,
        String password,
        ClientCredentials credentials,
        String clientAddress) {

    /**
     * Reads a token request from its form body.
     *
     * @throws OAuthException invalid_request when a parameter is repeated (RFC 6749 §3.2)
     */
    public static TokenRequest from(MultivaluedMap<String, String> form, String authorizationHeader,
            String clientAddress) {
        RequestParameters.rejectRepeated(form);
        return new TokenRequest(
                form.getFirst("grant_type"),
                form.getFirst("code"),
                form.getFirst("redirect_uri"),
                form.getFirst("code_verifier"),
                form.getFirst("refresh_token"),
                form.getFirst("scope"),
                form.getFirst("username"),
                form.getFirst("password"),
                new ClientCredentials(authorizationHeader, form.getFirst("client_id"), form.getFirst("client_secret")),
                clientAddress);
    }

    /** Returns the value of a parameter the grant requires. */
    public static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw OAuthException.invalidRequest(name + " is missing");
        }
        return value;
    }

    @Override
    public String toString() {
        // Codes, verifiers, refresh tokens and passwords never reach a log line.
        return "TokenRequest[grant_type=" + grantType + ", " + credentials + "]";
    }
}
