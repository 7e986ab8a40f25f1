package io.valet.account;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.valet.client.ClientRegistry;
import io.valet.client.ClientSnapshot;
import io.valet.grant.Grant;
import io.valet.grant.GrantService;
import io.valet.oauth.Scope;
import io.valet.oauth.ScopeCatalog;
import io.valet.web.HtmlResponses;
import io.valet.web.LocalRedirect;
import io.valet.web.Pages;

/**
 * The owner's connected applications: every client the logged-in account approved, with a
 * button that revokes the approval and every token issued under it.
 */
@Path("/account/applications")
public class ApplicationsResource {

    private static final Logger LOG = Logger.getLogger(ApplicationsResource.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Inject
    Sessions sessions;

    @Inject
    GrantService grants;

    @Inject
    ClientRegistry clients;

    @Inject
    ScopeCatalog scopes;

    @Inject
    AccountService accounts;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("revoked") boolean revoked, @CookieParam(Sessions.COOKIE) String cookie) {
        Optional<BrowserSession> session = sessions.find(cookie).filter(BrowserSession::isAuthenticated);
        if (session.isEmpty()) {
            return LocalRedirect.to("/login").build();
        }
        List<Pages.Application> applications = new ArrayList<>();
        for (Grant grant : grants.listForAccount(session.get().accountId)) {
            String clientName = clients.find(grant.clientId).map(ClientSnapshot::clientName).orElse(grant.clientId);
            List<Pages.ScopeLine> lines = new ArrayList<>();
            for (String scope : Scope.parse(grant.scope).values()) {
                lines.add(new Pages.ScopeLine(scope, scopes.description(scope).orElse(scope)));
            }
            applications.add(new Pages.Application(grant.id, clientName, lines, DATE.format(grant.updatedAt)));
        }
        String username = accounts.findById(session.get().accountId).map(account -> account.username).orElse("");
        return HtmlResponses.page(200, Pages.applications(
                new Pages.ApplicationsView(session.get().csrfToken, username, applications, revoked))).build();
    }

    @POST
    @Path("revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response revoke(@FormParam("grant") String grantId, @FormParam("csrf_token") String csrfToken,
            @CookieParam(Sessions.COOKIE) String cookie) {
        Optional<BrowserSession> session = sessions.find(cookie).filter(BrowserSession::isAuthenticated);
        if (session.isEmpty()) {
            return LocalRedirect.to("/login").build();
        }
        if (!sessions.isValidCsrfToken(session.get(), csrfToken)) {
            return HtmlResponses.errorPage(403, "Form expired",
                    "This form was not sent from your current Valet session. Reload the page and try again.");
        }
        if (grantId == null || !grants.revokeGrant(session.get().accountId, grantId)) {
            return HtmlResponses.errorPage(404, "Application not found",
                    "This application has no access to your account, or its access was already revoked.");
        }
        LOG.debugf("Account %s revoked grant %s", session.get().accountId, grantId);
        // The flag only selects a fixed confirmation text, so a crafted link cannot put words on the page.
        return LocalRedirect.to("/account/applications?revoked=true").build();
    }
}
