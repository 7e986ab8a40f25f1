package io.valet.oauth;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of scope tokens (RFC 6749 §3.3), kept sorted so that its string form is canonical.
 */
public final class Scope {

    private static final Scope EMPTY = new Scope(Collections.emptySortedSet());

    private final Set<String> values;

    private Scope(Set<String> values) {
        this.values = Collections.unmodifiableSet(values);
    }

    /**
     * Parses a space-delimited scope string. Returns the empty scope for null or blank input.
     *
     * @throws OAuthException invalid_scope when a token contains a character that §3.3 excludes
     */
    public static Scope parse(String value) {
        if (value == null || value.isBlank()) {
            return EMPTY;
        }
        TreeSet<String> tokens = new TreeSet<>();
        for (String token : value.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!isScopeToken(token)) {
                throw new OAuthException(OAuthError.INVALID_SCOPE, "scope contains an invalid character");
            }
            tokens.add(token);
        }
        return new Scope(tokens);
    }

    public static Scope of(Collection<String> tokens) {
        return parse(String.join(" ", tokens));
    }

    public static Scope empty() {
        return EMPTY;
    }

    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static boolean isScopeToken(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean allowed = c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean contains(String token) {
        return values.contains(token);
    }

    public boolean containsAll(Scope other) {
        return values.containsAll(other.values);
    }

    public Scope union(Scope other) {
        TreeSet<String> merged = new TreeSet<>(values);
        merged.addAll(other.values);
        return new Scope(merged);
    }

    public Set<String> values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Scope scope && values.equals(scope.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Returns the space-delimited form used on the wire and in storage. */
    @Override
    public String toString() {
        return String.join(" ", values);
    }
}
