package io.valet.account;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.valet.web.HtmlResponses;
import io.valet.web.LocalRedirect;

/**
 * Ends the browser session. The form carries the session's CSRF token, so another site cannot
 * sign a person out.
 */
@Path("/logout")
public class LogoutResource {

    @Inject
    Sessions sessions;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response logOut(@FormParam("csrf_token") String csrfToken, @CookieParam(Sessions.COOKIE) String cookie) {
        Optional<BrowserSession> session = sessions.find(cookie);
        if (session.isEmpty()) {
            return LocalRedirect.to("/login").build();
        }
        if (!sessions.isValidCsrfToken(session.get(), csrfToken)) {
            return HtmlResponses.errorPage(403, "Form expired",
                    "This form was not sent from your current Valet session. Reload the page and try again.");
        }
        sessions.logOut(session.get());
        NewCookie expired = new NewCookie.Builder(Sessions.COOKIE).value("").path("/").maxAge(0).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
        return LocalRedirect.to("/login").cookie(expired).build();
    }
}
