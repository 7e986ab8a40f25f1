package io.valet.web;

import java.util.List;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The HTML pages shown to people, as type-safe Qute templates under {@code templates/}.
 * Every value is escaped by Qute's default HTML escaping.
 */
@CheckedTemplate
public class Pages {

    /** One scope on the consent or applications page. */
    public record ScopeLine(String name, String description) {
    }

    public record LoginView(String requestId, String csrfToken, String username, String error) {
    }

    /** The consent page; the redirect host shows where the browser goes next, since client names are not unique. */
    public record ConsentView(String requestId, String csrfToken, String clientName, String redirectHost, String username,
            List<ScopeLine> scopes) {
    }

    public record ErrorView(String title, String message) {
    }

    /** A client the account approved, as the connected applications page lists it. */
    public record Application(String grantId, String clientName, List<ScopeLine> scopes, String approvedAt) {
    }

    /** The owner's applications; {@code revoked} shows that the owner has just revoked one. */
    public record ApplicationsView(String csrfToken, String username, List<Application> applications,
            boolean revoked) {
    }

    /** Parameters that the demo client's redirect URI received. */
    public record DemoCallbackView(String code, String state, String error, String errorDescription) {
    }

    public static native TemplateInstance login(LoginView view);

    public static native TemplateInstance consent(ConsentView view);

    public static native TemplateInstance error(ErrorView view);

    public static native TemplateInstance applications(ApplicationsView view);

    public static native TemplateInstance demoCallback(DemoCallbackView view);
}
