package io.valet.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The redirect URI of the dev-mode demo clients: it shows the code that the authorization
 * endpoint sent, so that a newcomer can exchange it with curl. It exists only in demo mode.
 */
@Path("/demo/callback")
public class DemoCallbackResource {

    @ConfigProperty(name = "valet.demo.enabled", defaultValue = "false")
    boolean demoEnabled;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @QueryParam("error_description") String errorDescription) {
        if (!demoEnabled) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return HtmlResponses.page(200, Pages.demoCallback(new Pages.DemoCallbackView(code, state, error,
                errorDescription))).build();
    }
}
