package io.valet.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A registered client as the registration and admin endpoints return it (RFC 7591 §3.2.1).
 * The secret is present only in the response to the request that created it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientInformation(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_secret") String clientSecret,
        @JsonProperty("client_id_issued_at") long clientIdIssuedAt,
        @JsonProperty("client_secret_expires_at") Long clientSecretExpiresAt,
        @JsonProperty("client_name") String clientName,
        @JsonProperty("redirect_uris") List<String> redirectUris,
        @JsonProperty("grant_types") List<String> grantTypes,
        @JsonProperty("response_types") List<String> responseTypes,
        @JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
        @JsonProperty("scope") String scope) {

    /** Describes a stored client, with the secret when it was just generated. */
    public static ClientInformation of(Client client, String secret) {
        return new ClientInformation(
                client.clientId,
                secret,
                client.createdAt.getEpochSecond(),
                client.isPublic() ? null : 0L,
                client.clientName,
                client.redirectUriList(),
                words(client.grantTypes),
                words(client.responseTypes),
                client.tokenEndpointAuthMethod,
                client.scope);
    }

    private static List<String> words(String spaceDelimited) {
        return spaceDelimited == null || spaceDelimited.isBlank() ? List.of() : List.of(spaceDelimited.split(" "));
    }

    @Override
    public String toString() {
        return "ClientInformation[" + clientId + "]";
    }
}
