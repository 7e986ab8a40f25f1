package io.valet.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The scopes Valet supports, each with the sentence the consent page shows for it.
 */
@ApplicationScoped
public class ScopeCatalog {

    /** Scope that the admin API requires; clients get it only through the admin API or configuration. */
    public static final String ADMIN = "valet:admin";

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("profile", "See your user name and profile");
        DESCRIPTIONS.put("contacts:read", "Read your contacts");
        DESCRIPTIONS.put("contacts:write", "Add contacts to your address book");
        DESCRIPTIONS.put("calendar:read", "Read your calendar");
        DESCRIPTIONS.put(ADMIN, "Manage Valet's clients and accounts");
    }

    public boolean isKnown(String scope) {
        return DESCRIPTIONS.containsKey(scope);
    }

    public Optional<String> description(String scope) {
        return Optional.ofNullable(DESCRIPTIONS.get(scope));
    }

    /** Returns the scopes a client registered without a scope value receives: all but admin. */
    public Scope defaultClientScope() {
        return Scope.of(DESCRIPTIONS.keySet().stream().filter(s -> !ADMIN.equals(s)).toList());
    }

    /** Returns every scope, for the metadata document. */
    public Scope all() {
        return Scope.of(DESCRIPTIONS.keySet());
    }
}
