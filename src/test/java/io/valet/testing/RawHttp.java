package io.valet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * An HTTP/1.1 client that writes the request bytes exactly as given, for inputs that regular
 * clients refuse to send: malformed percent-encoding, invalid UTF-8, raw control characters.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;

    private RawHttp() {
    }

    /** A response: status, headers with lower-case names, and the body as UTF-8 text. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends one request to the Valet under test and reads the whole response.
     *
     * @param target the request target, for example {@code /authorize?client_id=%ZZ}
     * @param headers extra header lines without line endings, for example {@code Content-Type: text/plain}
     * @param body the body bytes, or null for none
     */
    public static Reply send(String method, String target, byte[] body, String... headers) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String header : headers) {
                request.writeBytes((header + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            if (body != null) {
                request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                request.writeBytes(body);
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // A server that rejects an oversized body responds and closes before the body is
                // sent, so its response is still waiting to be read.
            }
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Request " + method + " " + target + " failed", e);
        }
    }

    private static Reply parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IllegalStateException("Response has no header end: " + text);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        // ISO-8859-1 maps each byte to one char, so chunk sizes count chars here.
        String body = new String(Arrays.copyOfRange(raw, headEnd + 4, raw.length), StandardCharsets.ISO_8859_1);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int position = 0;
        while (position < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", position);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(position, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            position = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
