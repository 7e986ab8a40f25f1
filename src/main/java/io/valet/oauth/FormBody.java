package io.valet.oauth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Strict parser for the application/x-www-form-urlencoded bodies of the token, revocation and
 * introspection endpoints (RFC 6749 Appendix B). Malformed percent-encoding, invalid UTF-8 and
 * NUL characters are rejected with invalid_request instead of surfacing as server errors, and no
 * OAuth parameter can contain a NUL, which PostgreSQL cannot store.
 */
public final class FormBody {

    private FormBody() {
    }

    /**
     * Parses a form body after checking its content type.
     *
     * @throws OAuthException invalid_request when the content type is not a form or the body is malformed
     */
    public static MultivaluedMap<String, String> parse(String contentType, byte[] body) {
        if (!isForm(contentType)) {
            throw OAuthException.invalidRequest("the body must be application/x-www-form-urlencoded");
        }
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        if (body == null || body.length == 0) {
            return form;
        }
        String ascii = new String(body, StandardCharsets.ISO_8859_1);
        for (String pair : ascii.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            form.add(name, value);
        }
        return form;
    }

    private static boolean isForm(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype()
                    && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw malformed();
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw malformed();
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw OAuthException.invalidRequest("the form body is not valid UTF-8");
        }
        if (decoded.indexOf('\0') >= 0) {
            throw OAuthException.invalidRequest("form parameters must not contain NUL characters");
        }
        return decoded;
    }

    private static OAuthException malformed() {
        return OAuthException.invalidRequest("the form body contains malformed percent-encoding");
    }
}
