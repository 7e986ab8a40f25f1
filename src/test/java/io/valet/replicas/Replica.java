package io.valet.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Valet process started from the packaged application (target/quarkus-app/quarkus-run.jar,
 * prod profile, PostgreSQL) on a loopback port, with its output in target/replicas/NAME.log.
 */
final class Replica implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path LOG_DIRECTORY = Path.of("target", "replicas");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private Replica(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a replica. {@code environment} contains the settings shared by all replicas. This method
     * adds the port and the resource module's JWKS location.
     */
    static Replica start(String name, int port, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw package (or verify) before this test");
        }
        try {
            Files.createDirectories(LOG_DIRECTORY);
            Path log = LOG_DIRECTORY.resolve(name + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", JAR.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            // Each replica's resource module reads the keys that this replica publishes.
            builder.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://127.0.0.1:" + port + "/jwks");
            return new Replica(name, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Starting replica " + name + " failed", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until /q/health/ready returns 200, which includes the database check. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Replica " + name + " exited with " + process.exitValue()
                        + "; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The HTTP server is not up yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Replica " + name + " not ready after " + timeout + "; see " + log.toAbsolutePath());
    }

    /** Stops the process as Kubernetes does: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "Replica[" + name + ", " + url() + "]";
    }
}
