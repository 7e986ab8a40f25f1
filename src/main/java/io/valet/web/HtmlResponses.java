package io.valet.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.TemplateInstance;

/**
 * Builds HTML responses with the headers every Valet page carries: no caching, since pages hold
 * CSRF tokens, and no framing, against clickjacking (RFC 9700 §4.16). The policy sets no form-action,
 * because browsers apply it to the redirect that follows a consent form.
 */
public final class HtmlResponses {

    private HtmlResponses() {
    }

    public static Response.ResponseBuilder page(int status, TemplateInstance page) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.render())
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer");
    }

    public static Response errorPage(int status, String title, String message) {
        return page(status, Pages.error(new Pages.ErrorView(title, message))).build();
    }
}
