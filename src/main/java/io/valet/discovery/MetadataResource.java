package io.valet.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.valet.config.ValetConfig;
import io.valet.oauth.ScopeCatalog;
import io.valet.web.OpenApiDocument;

/**
 * Authorization server metadata (RFC 8414). It lists exactly what this server supports, so the
 * legacy grants appear only when they are enabled.
 */
@Path("/.well-known")
@Tag(name = "Discovery")
// The OpenAPI document's security schemes, declared once for every endpoint that uses them.
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = OpenApiDocument.CLIENT_BASIC, type = SecuritySchemeType.HTTP,
                scheme = "basic", description = "client_secret_basic: client_id and client_secret, each form-urlencoded"),
        @SecurityScheme(securitySchemeName = OpenApiDocument.BEARER, type = SecuritySchemeType.HTTP,
                scheme = "bearer", bearerFormat = "JWT", description = "a Valet access token (RFC 9068)")
})
public class MetadataResource {

    @Inject
    ValetConfig config;

    @Inject
    ScopeCatalog scopes;

    @GET
    @Path("oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Authorization server metadata (RFC 8414)")
    public Response metadata() {
        return Response.ok(document()).header("Cache-Control", "public, max-age=300").build();
    }

    /**
     * Serves the same document at the OpenID Connect discovery address, because OpenID Connect
     * libraries such as quarkus-oidc look only there. Valet issues no ID tokens, so the document
     * claims no ID token support and omits the OpenID-only fields.
     */
    @GET
    @Path("openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openIdConfiguration() {
        return metadata();
    }

    private Map<String, Object> document() {
        String issuer = config.issuer();
        List<String> grantTypes = new ArrayList<>(List.of("authorization_code", "refresh_token", "client_credentials"));
        List<String> responseTypes = new ArrayList<>(List.of("code"));
        if (config.legacy().passwordGrantEnabled()) {
            grantTypes.add("password");
        }
        if (config.legacy().implicitGrantEnabled()) {
            grantTypes.add("implicit");
            responseTypes.add("token");
        }
        List<String> authMethods = List.of("client_secret_basic", "client_secret_post", "none");

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("authorization_endpoint", issuer + "/authorize");
        metadata.put("token_endpoint", issuer + "/token");
        metadata.put("jwks_uri", issuer + "/jwks");
        metadata.put("registration_endpoint", issuer + "/register");
        metadata.put("revocation_endpoint", issuer + "/revoke");
        metadata.put("revocation_endpoint_auth_methods_supported", authMethods);
        metadata.put("introspection_endpoint", issuer + "/introspect");
        metadata.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("scopes_supported", List.copyOf(scopes.all().values()));
        metadata.put("response_types_supported", responseTypes);
        metadata.put("response_modes_supported", responseTypes.contains("token") ? List.of("query", "fragment") : List.of("query"));
        metadata.put("grant_types_supported", grantTypes);
        metadata.put("token_endpoint_auth_methods_supported", authMethods);
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("authorization_response_iss_parameter_supported", true);
        return metadata;
    }
}
