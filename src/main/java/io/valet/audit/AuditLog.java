package io.valet.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.valet.web.ClientAddress;

/**
 * Writes security events as one JSON object per log message under the logger category
 * {@value #CATEGORY}, so that operators can route them to a handler of their own.
 */
@ApplicationScoped
public class AuditLog {

    /** Logger category of audit events. */
    public static final String CATEGORY = "io.valet.audit";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    ClientAddress clientAddress;

    /**
     * Writes an event with the client address of the current HTTP request, if there is one.
     * NOTE: events are written when the code reaches them, often inside a transaction, so an
     * event can appear for a change whose commit then fails.
     */
    public void record(AuditEvent event) {
        StringWriter line = new StringWriter(256);
        // Written field by field with the streaming generator rather than through a map and data
        // binding, because every token response writes an event.
        try (JsonGenerator generator = json.getFactory().createGenerator(line)) {
            generator.writeStartObject();
            generator.writeStringField("time", clock.instant().toString());
            generator.writeStringField("event", event.type().wireName());
            writeIfPresent(generator, "account_id", event.accountId());
            writeIfPresent(generator, "client_id", event.clientId());
            writeIfPresent(generator, "client_address", clientAddress.current().orElse(null));
            for (Map.Entry<String, Object> detail : event.details().entrySet()) {
                writeIfPresent(generator, detail.getKey(), detail.getValue());
            }
            generator.writeEndObject();
        } catch (IOException e) {
            // Details are strings, numbers and booleans, so this means a caller passed an unserializable object.
            LOG.errorf("Failed to write audit event %s: %s", event.type().wireName(), e.getMessage());
            return;
        }
        LOG.info(line.toString());
    }

    private static void writeIfPresent(JsonGenerator generator, String name, Object value) throws IOException {
        if (value != null) {
            generator.writeObjectField(name, value);
        }
    }
}
