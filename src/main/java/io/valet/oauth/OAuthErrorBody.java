package io.valet.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * JSON error body of RFC 6749 §5.2, also used by registration (RFC 7591 §3.2.2).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthErrorBody(
        @JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription) {
}
