package io.valet.admin;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.valet.account.Account;
import io.valet.account.AccountService;
import io.valet.audit.AuditEvent;
import io.valet.audit.AuditEventType;
import io.valet.audit.AuditLog;
import io.valet.client.ClientInformation;
import io.valet.client.ClientMetadata;
import io.valet.client.ClientRegistry;
import io.valet.grant.GrantService;
import io.valet.oauth.OAuthErrorBody;
import io.valet.oauth.OAuthException;
import io.valet.token.AccessTokenVerifier;
import io.valet.web.OpenApiDocument;

/**
 * Management of clients and accounts, for callers holding an access token with scope valet:admin.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Clients and accounts; needs an access token with scope valet:admin")
@SecurityRequirement(name = OpenApiDocument.BEARER)
@APIResponse(responseCode = "401", description = "invalid_token: the Bearer token is missing, invalid, expired or revoked",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
@APIResponse(responseCode = "403", description = "insufficient_scope: the token lacks scope valet:admin",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
public class AdminResource {

    private static final Logger LOG = Logger.getLogger(AdminResource.class);

    @Inject
    AdminAccess access;

    @Inject
    ClientRegistry clients;

    @Inject
    AccountService accounts;

    @Inject
    GrantService grants;

    @Inject
    AuditLog audit;

    /** An account as the admin API shows it: never with its password hash. */
    public record AccountView(@JsonProperty("id") String id, @JsonProperty("username") String username,
            @JsonProperty("created_at") long createdAt) {
        static AccountView of(Account account) {
            return new AccountView(account.id, account.username, account.createdAt.getEpochSecond());
        }
    }

    public record NewAccount(@JsonProperty("username") String username, @JsonProperty("password") String password) {
        @Override
        public String toString() {
            return "NewAccount[" + username + "]";
        }
    }

    @POST
    @Path("clients")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a client; unlike /register, it may hold scope valet:admin")
    @APIResponse(responseCode = "201", description = "The created client; client_secret is shown only here",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientInformation.class)))
    @APIResponse(responseCode = "400", description = "invalid_redirect_uri or invalid_client_metadata (RFC 7591 §3.2.2)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    public Response createClient(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, ClientMetadata metadata) {
        AccessTokenVerifier.VerifiedToken admin = access.requireAdmin(authorization);
        ClientRegistry.Registered registered = clients.register(metadata, true);
        LOG.infof("Admin created client %s", registered.client().clientId);
        audit.record(AuditEvent.of(AuditEventType.CLIENT_REGISTERED)
                .client(registered.client().clientId)
                .detail("via", "admin_api")
                .detail("admin_client_id", admin.clientId())
                .detail("token_endpoint_auth_method", registered.client().tokenEndpointAuthMethod));
        return Response.created(URI.create("/admin/clients/" + registered.client().clientId))
                .entity(ClientInformation.of(registered.client(), registered.secret()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("clients")
    @Operation(summary = "List clients, without secrets")
    public List<ClientInformation> listClients(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        access.requireAdmin(authorization);
        return clients.list().stream().map(client -> ClientInformation.of(client, null)).toList();
    }

    @GET
    @Path("clients/{clientId}")
    @Operation(summary = "Get one client")
    @APIResponse(responseCode = "200", description = "The client, without its secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientInformation.class)))
    @APIResponse(responseCode = "404", description = "not_found: no client has this id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    public Response getClient(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("clientId") String clientId) {
        access.requireAdmin(authorization);
        return clients.findStored(clientId)
                .map(client -> Response.ok(ClientInformation.of(client, null)).build())
                .orElseGet(() -> notFound("client not found"));
    }

    // One transaction, so that a client is never deleted with its tokens still valid.
    @DELETE
    @Path("clients/{clientId}")
    @Operation(summary = "Delete a client and revoke every token it holds")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "not_found: no client has this id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    @Transactional
    public Response deleteClient(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("clientId") String clientId) {
        AccessTokenVerifier.VerifiedToken admin = access.requireAdmin(authorization);
        if (clients.findStored(clientId).isEmpty()) {
            return notFound("client not found");
        }
        grants.revokeAllForClient(clientId);
        clients.delete(clientId);
        LOG.infof("Admin deleted client %s", clientId);
        audit.record(AuditEvent.of(AuditEventType.CLIENT_DELETED)
                .client(clientId)
                .detail("admin_client_id", admin.clientId()));
        return Response.noContent().build();
    }

    @POST
    @Path("accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an account")
    @APIResponse(responseCode = "201", description = "The created account",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: the user name or password breaks the length rules",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    @APIResponse(responseCode = "409", description = "account_exists: the user name is taken",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    public Response createAccount(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, NewAccount request) {
        access.requireAdmin(authorization);
        if (request == null) {
            throw OAuthException.invalidRequest("the body must be a JSON object with username and password");
        }
        try {
            Account account = accounts.create(request.username(), request.password());
            LOG.infof("Admin created account %s", account.id);
            return Response.created(URI.create("/admin/accounts/" + account.username))
                    .entity(AccountView.of(account))
                    .build();
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest(e.getMessage());
        } catch (AccountService.UsernameTakenException e) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(new OAuthErrorBody("account_exists", e.getMessage()))
                    .build();
        }
    }

    @GET
    @Path("accounts")
    @Operation(summary = "List accounts, without password hashes")
    public List<AccountView> listAccounts(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        access.requireAdmin(authorization);
        return accounts.list().stream().map(AccountView::of).toList();
    }

    @DELETE
    @Path("accounts/{username}")
    @Operation(summary = "Delete an account and revoke every grant and token of it")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "not_found: no account has this user name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OAuthErrorBody.class)))
    @Transactional
    public Response deleteAccount(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("username") String username) {
        access.requireAdmin(authorization);
        Optional<Account> account = accounts.findByUsername(username);
        if (account.isEmpty()) {
            return notFound("account not found");
        }
        grants.revokeAllForAccount(account.get().id);
        accounts.delete(username);
        LOG.infof("Admin deleted an account");
        return Response.noContent().build();
    }

    private static Response notFound(String description) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(new OAuthErrorBody("not_found", description))
                .build();
    }
}
