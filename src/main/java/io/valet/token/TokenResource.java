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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.micrometer.core.instrument.Timer;
import io.valet.client.Client;
import io.valet.client.ClientAuthenticator;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthException;
import io.valet.oauth.OAuthExceptionMapper;
import io.valet.web.ClientAddress;
import io.vertx.core.http.HttpServerRequest;

/**
 * The token endpoint (RFC 6749 §3.2). Each grant type has its own {@link GrantHandler}.
 */
@Path("/token")
public class TokenResource {

    private final Map<String, GrantHandler> handlers = new HashMap<>();

    @Inject
    ClientAuthenticator authenticator;

    @Inject
    TokenMetrics metrics;

    @Inject
    public TokenResource(Instance<GrantHandler> grantHandlers) {
        for (GrantHandler handler : grantHandlers) {
            handlers.put(handler.grantType(), handler);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form, @Context HttpServerRequest httpRequest) {
        Timer.Sample timer = metrics.startTimer();
        String grantType = form.getFirst("grant_type");
        // Any exception other than an OAuth error ends as a 500 response.
        String outcome = OAuthError.SERVER_ERROR.code();
        try {
            TokenResponse tokens = issue(TokenRequest.from(form, authorization, ClientAddress.of(httpRequest)));
            metrics.issued(grantType);
            outcome = "success";
            // RFC 6749 §5.1: responses with tokens must not be cached
            return Response.ok(tokens)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build();
        } catch (OAuthException e) {
            metrics.error(e.error());
            outcome = e.error().code();
            throw e;
        } finally {
            metrics.stopTimer(timer, grantType, outcome);
        }
    }

    private TokenResponse issue(TokenRequest request) {
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
        return handler.handle(request, client);
    }

    /** RFC 6749 §3.2: the token endpoint takes form-encoded POST requests only. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response wrongContentType() {
        OAuthException error = OAuthException.invalidRequest("the body must be application/x-www-form-urlencoded");
        metrics.error(error.error());
        return OAuthExceptionMapper.errorResponse(error);
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
