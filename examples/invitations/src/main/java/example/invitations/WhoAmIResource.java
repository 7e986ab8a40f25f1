package example.invitations;

import java.util.Map;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * This app as a resource server: quarkus-oidc accepts a Valet access token only when Valet's
 * introspection endpoint reports it active, and returns 401 otherwise.
 */
@Path("/api/whoami")
@Authenticated
public class WhoAmIResource {

    @Inject
    SecurityIdentity identity;

    /** Returns the token's subject and the scopes, which quarkus-oidc maps to roles. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> whoAmI() {
        return Map.of(
                "subject", identity.getPrincipal().getName(),
                "scopes", new TreeSet<>(identity.getRoles()));
    }
}
