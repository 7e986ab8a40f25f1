package io.valet.resource;

import java.util.Set;

/**
 * The verified claims of the access token that authorized a request.
 *
 * @param subject the account whose data the request may reach
 * @param clientId the client the token was issued to
 * @param scopes the granted scopes
 */
public record AccessToken(String subject, String clientId, Set<String> scopes) {
}
