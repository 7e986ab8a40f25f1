package io.valet.resource;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The protected address book API. Every request needs a Valet access token with the scope the
 * endpoint names, and reaches only the data of the token's subject.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Address book", description = "The protected resource API; RFC 6750 bearer tokens")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "RFC 6750 §3.1 invalid_token: the token is missing, expired, revoked,"
        + " malformed or not Valet's; WWW-Authenticate carries the Bearer challenge",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, properties = {
                @SchemaProperty(name = "error"), @SchemaProperty(name = "error_description") })))
@APIResponse(responseCode = "403", description = "RFC 6750 §3.1 insufficient_scope: the token lacks the endpoint's scope",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, properties = {
                @SchemaProperty(name = "error"), @SchemaProperty(name = "error_description") })))
public class AddressBookResource {

    public static final String CONTACTS_READ = "contacts:read";
    public static final String CONTACTS_WRITE = "contacts:write";
    public static final String PROFILE = "profile";
    public static final String CALENDAR_READ = "calendar:read";

    private static final int MAX_FIELD_LENGTH = 200;

    @Inject
    BearerAuthenticator authenticator;

    @Inject
    DemoAddressBook demo;

    @Inject
    ContactQuery contactQuery;

    @Inject
    Clock clock;

    private final ObjectWriter contactListWriter;

    @Inject
    AddressBookResource(ObjectMapper json) {
        this.contactListWriter = json.writerFor(new TypeReference<List<ContactView>>() { });
    }

    public record ContactView(@JsonProperty("id") String id, @JsonProperty("name") String name,
            @JsonProperty("email") String email, @JsonProperty("phone") String phone) {
        static ContactView of(Contact contact) {
            return new ContactView(contact.id, contact.name, contact.email, contact.phone);
        }
    }

    public record NewContact(@JsonProperty("name") String name, @JsonProperty("email") String email,
            @JsonProperty("phone") String phone) {
    }

    public record EventView(@JsonProperty("id") String id, @JsonProperty("title") String title,
            @JsonProperty("starts_at") String startsAt, @JsonProperty("ends_at") String endsAt) {
        static EventView of(CalendarEvent event) {
            return new EventView(event.id, event.title, event.startsAt.toString(), event.endsAt.toString());
        }
    }

    // The GET endpoints run without a JTA transaction, so each query runs in autocommit mode:
    // contacts through ContactQuery, the others through Panache on the Hibernate session that
    // Quarkus opens for the request.

    /**
     * Lists the subject's contacts. A writer built once turns the list into JSON bytes, and Quarkus
     * REST ends the response with them. Its Jackson writer would resolve the generic type and write
     * through an output stream on every request, which took 13 to 19 % of the CPU samples in JFR
     * profiles of this endpoint (bench/profile.sh api).
     */
    @GET
    @Path("contacts")
    @Operation(summary = "List the subject's contacts; needs scope contacts:read")
    @APIResponse(responseCode = "200", description = "The subject's contacts, sorted by name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ContactView.class)))
    public byte[] contacts(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        AccessToken token = authenticator.authenticate(authorization, CONTACTS_READ);
        demo.seedIfEnabled(token.subject());
        List<ContactView> contacts = contactQuery.listByAccount(token.subject());
        try {
            return contactListWriter.writeValueAsBytes(contacts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Writing the contact list as JSON failed", e);
        }
    }

    @POST
    @Path("contacts")
    @Operation(summary = "Add a contact; needs scope contacts:write")
    @APIResponse(responseCode = "201", description = "The stored contact",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContactView.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: name is missing or a field is too long",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT, properties = {
                @SchemaProperty(name = "error"), @SchemaProperty(name = "error_description") })))
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response addContact(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, NewContact request) {
        AccessToken token = authenticator.authenticate(authorization, CONTACTS_WRITE);
        if (request == null || isBlankOrTooLong(request.name()) || isTooLong(request.email())
                || isTooLong(request.phone())) {
            return Response.status(400)
                    .entity(Map.of("error", "invalid_request",
                            "error_description", "name is required; name, email and phone are at most "
                                    + MAX_FIELD_LENGTH + " characters"))
                    .build();
        }
        Contact contact = new Contact();
        contact.id = UUID.randomUUID().toString().replace("-", "");
        contact.accountId = token.subject();
        contact.name = request.name().strip();
        contact.email = request.email();
        contact.phone = request.phone();
        contact.createdAt = clock.instant();
        contact.persist();
        return Response.created(URI.create("/api/contacts/" + contact.id)).entity(ContactView.of(contact)).build();
    }

    @GET
    @Path("profile")
    @Operation(summary = "The subject's profile; needs scope profile")
    public Map<String, Object> profile(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        AccessToken token = authenticator.authenticate(authorization, PROFILE);
        demo.seedIfEnabled(token.subject());
        Profile profile = Profile.findById(token.subject());
        if (profile == null) {
            return Map.of("sub", token.subject());
        }
        return profile.email == null
                ? Map.of("sub", token.subject(), "name", profile.displayName)
                : Map.of("sub", token.subject(), "name", profile.displayName, "email", profile.email);
    }

    @GET
    @Path("calendar")
    @Operation(summary = "The subject's calendar events; needs scope calendar:read")
    public List<EventView> calendar(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        AccessToken token = authenticator.authenticate(authorization, CALENDAR_READ);
        demo.seedIfEnabled(token.subject());
        return CalendarEvent.<CalendarEvent>list("accountId = ?1 order by startsAt", token.subject()).stream()
                .map(EventView::of)
                .toList();
    }

    private static boolean isBlankOrTooLong(String value) {
        return value == null || value.isBlank() || value.length() > MAX_FIELD_LENGTH;
    }

    private static boolean isTooLong(String value) {
        return value != null && value.length() > MAX_FIELD_LENGTH;
    }
}
