package io.valet.token;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.valet.client.Client;
import io.valet.client.ClientAuthenticator;
import io.valet.oauth.FormBody;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthException;
import io.valet.oauth.OAuthExceptionMapper;

/**
 * The token endpoint (RFC 6749 §3.2). Each grant type has its own {@link GrantHandler}.
 */
@Path("/token")
public class TokenResource {

    private final Map<String, GrantHandler> handlers = new HashMap<>();

    @Inject
    ClientAuthenticator authenticator;

    @Inject
    public TokenResource(Instance<GrantHandler> grantHandlers) {
        for (GrantHandler handler : grantHandlers) {
            handlers.put(handler.grantType(), handler);
        }
    }

    // RFC 6749 §3.2: the token endpoint takes form-encoded POST requests only. The body is parsed
    // here rather than by the framework, so that a malformed form gets invalid_request.
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        MultivaluedMap<String, String> form = FormBody.parse(contentType, body);
        TokenRequest request = TokenRequest.from(form, authorization);
        String grantType = TokenRequest.required(request.grantType(), "grant_type");
        GrantHandler handler = handlers.get(grantType);

        Client client = authenticator.authenticate(request.credentials());

        if (handler == null || !handler.isEnabled()) {
            throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, "grant_type " + grantType + " is not supported");
        }
        if (!client.allowsGrantType(grantType)) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT,
                    "the client is not registered for grant_type " + grantType);
        }
        TokenResponse tokens = handler.handle(request, client);
        // RFC 6749 §5.1: responses with tokens must not be cached
        return Response.ok(tokens)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response wrongMethod() {
        return Response.fromResponse(OAuthExceptionMapper.errorResponse(
                        OAuthException.invalidRequest("the token endpoint accepts POST requests only")))
                .status(Response.Status.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "POST")
                .build();
    }
}
