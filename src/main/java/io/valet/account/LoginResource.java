package io.valet.account;

import java.util.Optional;
import java.util.regex.Pattern;

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

import org.jboss.logging.Logger;

import io.quarkus.qute.TemplateInstance;
import io.valet.web.ClientAddress;
import io.valet.web.HtmlResponses;
import io.valet.web.LocalRedirect;
import io.valet.web.Pages;
import io.vertx.core.http.HttpServerRequest;

/**
 * The login page. After a successful login the browser continues the authorization request it
 * came with, or goes to the connected applications page.
 */
@Path("/login")
public class LoginResource {

    private static final Logger LOG = Logger.getLogger(LoginResource.class);

    // Authorization request ids are Valet's own 128-bit base64url values.
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private static final String INVALID_CREDENTIALS = "Invalid user name or password.";

    @Inject
    Sessions sessions;

    @Inject
    LoginService logins;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@QueryParam("request") String requestId, @CookieParam(Sessions.COOKIE) String cookie) {
        Sessions.OpenSession open = sessions.findOrStart(cookie);
        return HtmlResponses.page(200, loginPage(open.session(), validRequestId(requestId), null, null))
                .cookie(sessions.cookie(open.cookieValue()))
                .build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(@FormParam("request") String requestId, @FormParam("csrf_token") String csrfToken,
            @FormParam("username") String username, @FormParam("password") String password,
            @CookieParam(Sessions.COOKIE) String cookie, @Context HttpServerRequest httpRequest) {
        String request = validRequestId(requestId);
        Optional<BrowserSession> session = sessions.find(cookie);
        if (session.isEmpty() || !sessions.isValidCsrfToken(session.get(), csrfToken)) {
            // An expired session or a forged form: show a fresh form instead of logging in.
            Sessions.OpenSession fresh = sessions.findOrStart(cookie);
            return HtmlResponses.page(400, loginPage(fresh.session(), request, username,
                    "Your sign-in form expired. Please sign in again."))
                    .cookie(sessions.cookie(fresh.cookieValue()))
                    .build();
        }

        LoginService.Outcome outcome = logins.logIn(new LoginService.Attempt(username, password,
                ClientAddress.of(httpRequest), null, LoginService.Method.LOGIN_FORM));
        if (outcome instanceof LoginService.Locked locked) {
            // The same response for known and unknown user names, so a lock reveals no account.
            return HtmlResponses.page(429, loginPage(session.get(), request, username, lockedMessage(locked)))
                    .header("Retry-After", Long.toString(LoginService.secondsToWait(locked.retryAfter())))
                    .build();
        }
        if (!(outcome instanceof LoginService.Success success)) {
            LOG.debugf("Login failed for a submitted user name");
            return HtmlResponses.page(401, loginPage(session.get(), request, username, INVALID_CREDENTIALS)).build();
        }

        Sessions.OpenSession loggedIn = sessions.logIn(session.get(), success.account());
        LOG.debugf("Account %s logged in", success.account().id);
        String next = request == null ? "/account/applications" : "/authorize/continue?request=" + request;
        return LocalRedirect.to(next).cookie(sessions.cookie(loggedIn.cookieValue())).build();
    }

    private static String lockedMessage(LoginService.Locked locked) {
        long minutes = LoginService.minutesToWait(locked.retryAfter());
        String wait = "Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
        if (locked.scope() == LoginThrottle.LockScope.ADDRESS) {
            return "Sign-in from your network is temporarily locked after too many failed attempts. " + wait;
        }
        return "This account is temporarily locked after too many failed sign-in attempts. " + wait;
    }

    private static TemplateInstance loginPage(BrowserSession session, String requestId, String username,
            String error) {
        return Pages.login(new Pages.LoginView(requestId, session.csrfToken, truncate(username), error));
    }

    private static String truncate(String username) {
        if (username == null) {
            return null;
        }
        return username.length() > 100 ? username.substring(0, 100) : username;
    }

    private static String validRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches() ? requestId : null;
    }
}
