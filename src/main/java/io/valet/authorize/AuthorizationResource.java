package io.valet.authorize;


import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.valet.account.BrowserSession;
import io.valet.account.Sessions;
import io.valet.web.HtmlResponses;
import io.valet.web.LocalRedirect;
import io.valet.web.Pages;

/**
 * The authorization endpoint (RFC 6749 §3.1) and the consent form that completes it.
 */
@Path("/")
public class AuthorizationResource {

    @Inject
    AuthorizationFlow flow;

    @Inject
    Sessions sessions;

    @GET
    @Path("authorize")
    @Produces(MediaType.TEXT_HTML)
    public Response authorize(@Context UriInfo uriInfo, @CookieParam(Sessions.COOKIE) String cookie) {
        Sessions.OpenSession open = sessions.findOrStart(cookie);
        try {
            AuthorizationStep step = flow.begin(uriInfo.getQueryParameters(), open.session());
            return respond(step, open.session()).cookie(sessions.cookie(open.cookieValue())).build();
        } catch (UntrustedRequestException e) {
            return HtmlResponses.errorPage(400, e.title(), e.getMessage());
        } catch (AuthorizationErrorRedirect e) {
            return Response.seeOther(e.target().with(flow.errorParameters(e.error(), e.state()))).build();
        }
    }

    /** Continues a stored request after the login page. */
    @GET
    @Path("authorize/continue")
    @Produces(MediaType.TEXT_HTML)
    public Response resume(@QueryParam("request") String requestId, @CookieParam(Sessions.COOKIE) String cookie) {
        BrowserSession session = sessions.find(cookie).orElse(null);
        try {
            return respond(flow.resume(requestId, session), session).build();
        } catch (UntrustedRequestException e) {
            return HtmlResponses.errorPage(400, e.title(), e.getMessage());
        }
    }

    @POST
    @Path("consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response decide(@FormParam("request") String requestId, @FormParam("csrf_token") String csrfToken,
            @FormParam("decision") String decision, @CookieParam(Sessions.COOKIE) String cookie) {
        BrowserSession session = sessions.find(cookie).orElse(null);
        if (!sessions.isValidCsrfToken(session, csrfToken)) {
            return HtmlResponses.errorPage(403, "Form expired",
                    "This form was not sent from your current Valet session. Return to the application and start again.");
        }
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            return HtmlResponses.errorPage(400, "Invalid request", "The form must contain a decision: approve or deny.");
        }
        try {
            return respond(flow.decide(requestId, session, "approve".equals(decision)), session).build();
        } catch (UntrustedRequestException e) {
            return HtmlResponses.errorPage(400, e.title(), e.getMessage());
        }
    }

    private Response.ResponseBuilder respond(AuthorizationStep step, BrowserSession session) {
        if (step instanceof AuthorizationStep.Login login) {
            return LocalRedirect.to("/login?request=" + login.requestId());
        }
        if (step instanceof AuthorizationStep.Consent consent) {
            return HtmlResponses.page(200, Pages.consent(new Pages.ConsentView(consent.requestId(), session.csrfToken,
                    consent.clientName(), consent.redirectHost(), consent.username(), consent.scopes())));
        }
        AuthorizationStep.Redirect redirect = (AuthorizationStep.Redirect) step;
        return Response.seeOther(redirect.location()).header("Cache-Control", "no-store");
    }
}
