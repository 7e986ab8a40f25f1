package io.valet.audit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
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
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", clock.instant().toString());
        entry.put("event", event.type().wireName());
        entry.put("account_id", event.accountId());
        entry.put("client_id", event.clientId());
        Optional<String> address = clientAddress.current();
        entry.put("client_address", address.orElse(null));
        entry.putAll(event.details());
        entry.values().removeIf(value -> value == null);
        try {
            LOG.info(json.writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            // Details are strings and numbers, so this means a caller passed an unserializable object.
            LOG.errorf("Failed to write audit event %s: %s", event.type().wireName(), e.getOriginalMessage());
        }
    }
}
