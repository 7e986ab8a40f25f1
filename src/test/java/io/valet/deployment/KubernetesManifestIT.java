package io.valet.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * The Kubernetes manifests that quarkus-kubernetes writes at package time: probes, resource
 * requests, and secrets taken from a Secret rather than written into the manifest.
 */
class KubernetesManifestIT {

    private static final Path MANIFEST = Path.of("target", "kubernetes", "kubernetes.yml");

    private static List<JsonNode> documents;

    @BeforeAll
    static void readManifest() throws IOException {
        assertTrue(Files.isRegularFile(MANIFEST), MANIFEST + " is missing: run ./mvnw package first");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        documents = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(MANIFEST.toFile())) {
            for (var iterator = yaml.readValues(parser, JsonNode.class); iterator.hasNext();) {
                documents.add(iterator.next());
            }
        }
    }

    @Test
    void serviceExposesHttp() {
        JsonNode service = document("Service");

        assertEquals("valet", service.at("/metadata/name").asText());
        assertEquals(8080, service.at("/spec/ports/0/targetPort").asInt());
        assertEquals("valet", service.at("/spec/selector/app.kubernetes.io~1name").asText());
    }

    @Test
    void deploymentRunsSeveralReplicas() {
        assertEquals(2, document("Deployment").at("/spec/replicas").asInt());
    }

    @Test
    void probesUseHealthEndpoints() {
        JsonNode container = container();

        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals(8080, container.at("/livenessProbe/httpGet/port").asInt());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals(8080, container.at("/readinessProbe/httpGet/port").asInt());
    }

    @Test
    void resourcesRequested() {
        JsonNode resources = container().get("resources");

        assertEquals("250m", resources.at("/requests/cpu").asText());
        assertEquals("256Mi", resources.at("/requests/memory").asText());
        assertEquals("512Mi", resources.at("/limits/memory").asText());
    }

    @Test
    void secretsComeFromSecret() {
        JsonNode password = environmentVariable("VALET_DB_PASSWORD");
        JsonNode encryptionKey = environmentVariable("VALET_KEYS_ENCRYPTION_KEY");

        assertEquals("valet", password.at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("db-password", password.at("/valueFrom/secretKeyRef/key").asText());
        assertFalse(password.has("value"));
        assertEquals("valet", encryptionKey.at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("keys-encryption-key", encryptionKey.at("/valueFrom/secretKeyRef/key").asText());
        assertFalse(encryptionKey.has("value"));
    }

    @Test
    void settingsComeFromConfigMap() {
        assertEquals("valet-config", container().at("/envFrom/0/configMapRef/name").asText());
    }

    @Test
    void noMigrationJob() {
        // Every replica migrates at start under Flyway's lock, so no Job or init container is generated.
        assertTrue(documents.stream().noneMatch(document -> document.path("kind").asText().equals("Job")));
        assertTrue(document("Deployment").at("/spec/template/spec/initContainers").isMissingNode());
    }

    private static JsonNode document(String kind) {
        return documents.stream()
                .filter(document -> document.path("kind").asText().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + MANIFEST));
    }

    private static JsonNode container() {
        JsonNode containers = document("Deployment").at("/spec/template/spec/containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static JsonNode environmentVariable(String name) {
        for (JsonNode variable : container().path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no environment variable " + name + " in the Deployment");
    }
}
