package example.invitations;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The invitation website's pages: a person imports their contacts from Valet, granting the
 * contacts:read scope only, and then finds that the calendar stays out of reach.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class InvitationsResource {

    @Inject
    ValetClient valet;

    @Inject
    Visits visits;

    @Inject
    ObjectMapper json;

    /** A contact as Valet's /api/contacts returns it; unknown fields are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(String name, String email) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index();

        static native TemplateInstance contacts(List<Contact> contacts);

        static native TemplateInstance calendar(int status, String wwwAuthenticate);

        static native TemplateInstance problem(String title, String message);
    }

    @GET
    public TemplateInstance index() {
        return Templates.index();
    }

    /** Starts the authorization code flow: a new state and PKCE verifier, then a redirect to Valet. */
    @GET
    @Path("import")
    public Response startImport(@CookieParam(Visits.COOKIE) String cookie) throws IOException, GeneralException {
        String visitId = visits.find(cookie).isPresent() ? cookie : visits.start();
        Visits.Visit visit = visits.find(visitId).orElseThrow();
        visit.state = new State();
        visit.verifier = new CodeVerifier();

        URI authorization = valet.authorizationUrl(visit.state, visit.verifier);
        return Response.seeOther(authorization)
                .cookie(new NewCookie.Builder(Visits.COOKIE).value(visitId).path("/").httpOnly(true)
                        .sameSite(NewCookie.SameSite.LAX).build())
                .build();
    }

    /** Valet's redirect: checks state and issuer, then exchanges the code. */
    @GET
    @Path("callback")
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("iss") String issuer, @QueryParam("error") String error,
            @CookieParam(Visits.COOKIE) String cookie) throws Exception {
        Visits.Visit visit = visits.find(cookie).orElse(null);
        if (visit == null || visit.state == null || !visit.state.getValue().equals(state)) {
            return page(400, Templates.problem("Import not started here",
                    "This page expected an answer to an import that started on this site. Start again."));
        }
        // RFC 9207: a response whose iss differs from Valet's issuer came from another server.
        if (issuer == null || !issuer.equals(valet.issuer().getValue())) {
            return page(400, Templates.problem("Unexpected issuer",
                    "The answer did not come from the Valet server this site uses. Start again."));
        }
        visit.state = null;
        if (error != null) {
            return page(200, Templates.problem("No contacts imported",
                    "Valet answered " + error + ": you did not allow access, so nothing was imported."));
        }

        try {
            visit.accessToken = valet.exchange(new AuthorizationCode(code), visit.verifier);
        } catch (GeneralException e) {
            Log.warnf("Code exchange at Valet failed: %s", e.getMessage());
            return page(502, Templates.problem("Import failed",
                    "Valet did not issue an access token. Import your contacts again."));
        } finally {
            visit.verifier = null;
        }
        return Response.seeOther(URI.create("/contacts")).build();
    }

    @GET
    @Path("contacts")
    public Response contacts(@CookieParam(Visits.COOKIE) String cookie) throws IOException {
        Visits.Visit visit = visits.find(cookie).orElse(null);
        if (visit == null || visit.accessToken == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        ValetClient.ApiResponse response = valet.get("/api/contacts", visit.accessToken);
        if (response.status() != 200) {
            Log.debugf("Valet's contacts API returned %d", response.status());
            return page(502, Templates.problem("Import failed",
                    "Valet's contacts API returned HTTP " + response.status() + ". Import your contacts again."));
        }
        List<Contact> contacts = json.readValue(response.body(), new TypeReference<List<Contact>>() {
        });
        return page(200, Templates.contacts(contacts));
    }

    /** Tries the calendar with the same token, which lacks calendar:read, to show Valet's refusal. */
    @GET
    @Path("calendar")
    public Response calendar(@CookieParam(Visits.COOKIE) String cookie) throws IOException {
        Visits.Visit visit = visits.find(cookie).orElse(null);
        if (visit == null || visit.accessToken == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        ValetClient.ApiResponse response = valet.get("/api/calendar", visit.accessToken);
        return page(200, Templates.calendar(response.status(), response.wwwAuthenticate()));
    }

    private static Response page(int status, TemplateInstance page) {
        return Response.status(status).entity(page).type(MediaType.TEXT_HTML).build();
    }
}
