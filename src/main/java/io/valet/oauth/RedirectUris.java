package io.valet.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for redirect URIs: which ones a client may register, and whether a requested one matches.
 */
public final class RedirectUris {

    private static final int MAX_LENGTH = 2000;

    // Loopback IP literals whose port a native app may choose at run time (RFC 8252 §7.3).
    private static final Pattern LOOPBACK = Pattern.compile("^http://(127\\.0\\.0\\.1|\\[::1\\])(:\\d{1,5})?([/?].*)?$");

    private RedirectUris() {
    }

    /**
     * Checks a redirect URI offered at registration.
     *
     * @throws OAuthException invalid_redirect_uri naming what is wrong
     */
    public static void validateForRegistration(String value) {
        if (value == null || value.isBlank()) {
            throw invalid("redirect_uris contains an empty value");
        }
        if (value.length() > MAX_LENGTH) {
            throw invalid("redirect_uri is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid("redirect_uri is not a valid URI: " + e.getReason());
        }
        // RFC 6749 §3.1.2: absolute, and without a fragment component
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw invalid("redirect_uri must be an absolute URI with a host");
        }
        if (uri.getRawFragment() != null || value.contains("#")) {
            throw invalid("redirect_uri must not contain a fragment");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("redirect_uri must not contain user information");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        // RFC 9700 §2.6: TLS everywhere except the loopback interface
        boolean secure = scheme.equals("https");
        boolean loopbackHttp = scheme.equals("http") && isLoopbackHost(uri.getHost());
        if (!secure && !loopbackHttp) {
            throw invalid("redirect_uri must use https, or http on a loopback host");
        }
    }

    private static boolean isLoopbackHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.equals("127.0.0.1") || lower.equals("[::1]");
    }

    private static OAuthException invalid(String description) {
        return new OAuthException(OAuthError.INVALID_REDIRECT_URI, description);
    }

    /**
     * Returns whether a requested redirect URI matches one of the registered ones.
     * RFC 9700 §4.1.3: the comparison is exact string equality, except that a registered
     * loopback IP literal with http accepts any port (RFC 8252 §7.3).
     */
    public static boolean matchesAny(String requested, List<String> registered) {
        if (requested == null) {
            return false;
        }
        for (String candidate : registered) {
            if (candidate.equals(requested) || matchesLoopbackIgnoringPort(candidate, requested)) {
                return true;
            }
        }
        return false;
    }

    /** Accepts no port, or a port from 1 to 65535 written without leading zeros. */
    private static boolean isValidPort(String colonAndPort) {
        if (colonAndPort == null) {
            return true;
        }
        String digits = colonAndPort.substring(1);
        if (digits.startsWith("0")) {
            return false;
        }
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }

    private static boolean matchesLoopbackIgnoringPort(String registered, String requested) {
        Matcher expected = LOOPBACK.matcher(registered);
        Matcher actual = LOOPBACK.matcher(requested);
        if (!expected.matches() || !actual.matches()) {
            return false;
        }
        String expectedRest = expected.group(3) == null ? "" : expected.group(3);
        String actualRest = actual.group(3) == null ? "" : actual.group(3);
        return expected.group(1).equals(actual.group(1)) && expectedRest.equals(actualRest)
                && isValidPort(actual.group(2));
    }
}
