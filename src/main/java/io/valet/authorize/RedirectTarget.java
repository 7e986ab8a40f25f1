package io.valet.authorize;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A verified redirect URI and how parameters travel to it: in the query for codes, in the
 * fragment for implicit access tokens (RFC 6749 §4.2.2).
 */
public record RedirectTarget(String redirectUri, boolean useFragment) {

    /** Returns the redirect URI with the parameters added; null values are left out. */
    public URI with(Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(redirectUri);
        char separator;
        if (useFragment) {
            separator = '#';
        } else {
            separator = redirectUri.contains("?") ? '&' : '?';
        }
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            uri.append(separator)
                    .append(encode(parameter.getKey()))
                    .append('=')
                    .append(encode(parameter.getValue()));
            separator = '&';
        }
        return URI.create(uri.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
