package io.valet.web;

/**
 * Names of the security schemes in the OpenAPI document at {@code /q/openapi}. The schemes are
 * declared on {@code io.valet.discovery.MetadataResource}, because SmallRye OpenAPI reads such
 * annotations only from JAX-RS classes. The document's title comes from
 * {@code quarkus.smallrye-openapi.info-*}, and the HTML pages are left out through
 * {@code mp.openapi.scan.exclude.classes}, because browsers use them, not API clients.
 */
public final class OpenApiDocument {

    /** Name of the client_secret_basic security scheme (RFC 6749 §2.3.1). */
    public static final String CLIENT_BASIC = "client_secret_basic";
    /** Name of the bearer token security scheme (RFC 6750 §2.1). */
    public static final String BEARER = "bearer";

    private OpenApiDocument() {
    }
}
