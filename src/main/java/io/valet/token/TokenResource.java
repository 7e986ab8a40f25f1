package io.valet.token;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.NonBlocking;
import io.valet.client.ClientAuthenticator;
import io.valet.client.ClientSnapshot;
import io.valet.oauth.FormBody;
import io.valet.oauth.OAuthError;
import io.valet.oauth.OAuthErrorBody;
import io.valet.oauth.OAuthException;
import io.valet.oauth.OAuthExceptionMapper;
import io.valet.web.ClientAddress;
import io.valet.web.OpenApiDocument;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * The token endpoint (RFC 6749 §3.2). Each grant type has its own {@link GrantHandler}.
 */
@Path("/token")
@Tag(name = "OAuth 2.0", description = "Token, revocation and introspection endpoints")
public class TokenResource {

    /**
     * Largest body parsed on the I/O thread, in bytes. A valid token request is far smaller, and
     * parsing a 1 MB form of 120,000 parameters took 76 to 137 ms on a 2-core machine.
     */
    static final int MAX_IO_THREAD_BODY = 8 * 1024;

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

    // RFC 6749 §3.2: the token endpoint takes form-encoded POST requests only. The body is parsed
    // here rather than by the framework, so that a malformed form gets invalid_request. The method
    // starts on the I/O thread and moves to a worker thread unless authenticateOnIoThread returns a
    // client. Bodies over MAX_IO_THREAD_BODY are parsed on the worker too.
    @POST
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue tokens (RFC 6749 §3.2)",
            description = "Grant types: authorization_code with PKCE, refresh_token, client_credentials, and password"
                    + " when the server enables it. Confidential clients authenticate with HTTP Basic or"
                    + " client_secret_post; public clients send client_id only.")
    @SecurityRequirement(name = OpenApiDocument.CLIENT_BASIC)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(type = SchemaType.OBJECT, properties = {
                    @SchemaProperty(name = "grant_type", description = "authorization_code, refresh_token, client_credentials or password"),
                    @SchemaProperty(name = "code", description = "the authorization code (authorization_code)"),
                    @SchemaProperty(name = "redirect_uri", description = "the redirect_uri of the authorization request (authorization_code)"),
                    @SchemaProperty(name = "code_verifier", description = "the PKCE verifier, RFC 7636 (authorization_code)"),
                    @SchemaProperty(name = "refresh_token", description = "the refresh token (refresh_token)"),
                    @SchemaProperty(name = "scope", description = "space-separated scopes; may narrow, never widen"),
                    @SchemaProperty(name = "username", description = "the account's user name (password)"),
                    @SchemaProperty(name = "password", description = "the account's password (password)"),
                    @SchemaProperty(name = "client_id", description = "client_id of a public client or of client_secret_post"),
                    @SchemaProperty(name = "client_secret", description = "secret for client_secret_post")
            })))
    @APIResponse(responseCode = "200", description = "Tokens (RFC 6749 §5.1); the response is never cached",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "400", description = "RFC 6749 §5.2: invalid_request, invalid_grant, unauthorized_client, unsupported_grant_type or invalid_scope",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: client authentication failed; the response carries a WWW-Authenticate Basic challenge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    public CompletionStage<Response> token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body,
            @Context HttpServerRequest httpRequest) {
        Timer.Sample timer = metrics.startTimer();
        String clientAddress = ClientAddress.of(httpRequest);
        if (body != null && body.length > MAX_IO_THREAD_BODY) {
            return onWorker(() -> respond(timer, parse(timer, authorization, contentType, body, clientAddress), null));
        }
        TokenRequest request = parse(timer, authorization, contentType, body, clientAddress);
        ClientSnapshot client;
        try {
            client = authenticateOnIoThread(request);
        } catch (RuntimeException e) {
            recordFailure(timer, request.grantType(), e);
            throw e;
        }
        if (client != null) {
            return CompletableFuture.completedFuture(respond(timer, request, client));
        }
        return onWorker(() -> respond(timer, request, null));
    }

    /**
     * Runs a step on a worker thread. executeBlocking keeps the request's Vert.x context, so its
     * CDI request context stays active there. In the packaged application the step ran on the
     * same executor as the blocking endpoints (threads named executor-thread in the log).
     */
    private static CompletionStage<Response> onWorker(Callable<Response> step) {
        return Vertx.currentContext().executeBlocking(step, false).toCompletionStage();
    }

    private TokenRequest parse(Timer.Sample timer, String authorization, String contentType, byte[] body,
            String clientAddress) {
        String grantType = null;
        try {
            MultivaluedMap<String, String> form = FormBody.parse(contentType, body);
            // Read before TokenRequest.from rejects repeated parameters, so the timer still names the grant.
            grantType = form.getFirst("grant_type");
            return TokenRequest.from(form, authorization, clientAddress);
        } catch (RuntimeException e) {
            recordFailure(timer, grantType, e);
            throw e;
        }
    }

    /**
     * Returns the authenticated client when this I/O thread can handle the request: its grant does
     * not use the database and the client's snapshot is in memory. Returns null when the request
     * needs a worker thread. In the client_credentials benchmark, moving each request to a worker
     * and its response back cost about 65 µs of CPU per token (bench/BENCHMARKS.md, "RS256 issuance").
     */
    private ClientSnapshot authenticateOnIoThread(TokenRequest request) {
        GrantHandler handler = handlers.get(request.grantType());
        if (handler == null || !handler.isEnabled() || handler.usesDatabase()) {
            return null;
        }
        return authenticator.authenticateFromMemory(request.credentials()).orElse(null);
    }

    /**
     * Issues the tokens and builds the response.
     *
     * @param authenticated the client when it is already authenticated, or null
     */
    private Response respond(Timer.Sample timer, TokenRequest request, ClientSnapshot authenticated) {
        try {
            TokenResponse tokens = issue(request, authenticated);
            metrics.issued(request.grantType());
            metrics.stopTimer(timer, request.grantType(), "success");
            // RFC 6749 §5.1: responses with tokens must not be cached
            return Response.ok(tokens)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build();
        } catch (RuntimeException e) {
            recordFailure(timer, request.grantType(), e);
            throw e;
        }
    }

    private void recordFailure(Timer.Sample timer, String grantType, RuntimeException failure) {
        // Any exception other than an OAuth error ends as a 500 response.
        String outcome = OAuthError.SERVER_ERROR.code();
        if (failure instanceof OAuthException e) {
            metrics.error(e.error());
            outcome = e.error().code();
        }
        metrics.stopTimer(timer, grantType, outcome);
    }

    private TokenResponse issue(TokenRequest request, ClientSnapshot authenticated) {
        String grantType = TokenRequest.required(request.grantType(), "grant_type");
        GrantHandler handler = handlers.get(grantType);

        ClientSnapshot client = authenticated != null ? authenticated : authenticator.authenticate(request.credentials());

        if (handler == null || !handler.isEnabled()) {
            throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, "grant_type " + grantType + " is not supported");
        }
        if (!client.allowsGrantType(grantType)) {
            throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT,
                    "the client is not registered for grant_type " + grantType);
        }
        return handler.handle(request, client);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response wrongMethod() {
        return Response.fromResponse(OAuthExceptionMapper.errorResponse(
                        OAuthException.invalidRequest("the token endpoint accepts POST requests only")))
                .status(Response.Status.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "POST")
                .build();
    }
}
