package io.valet.resource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Sample contacts, profile and calendar, given in demo mode to any account that has no profile yet.
 */
@ApplicationScoped
public class DemoAddressBook {

    @ConfigProperty(name = "valet.demo.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    Clock clock;

    /**
     * Gives the account the sample data in demo mode, unless it has a profile already. Joins the
     * caller's transaction, or commits a transaction of its own when the caller has none.
     */
    public void seedIfEnabled(String accountId) {
        if (enabled) {
            QuarkusTransaction.joiningExisting().run(() -> seedUnlessProfileExists(accountId));
        }
    }

    private void seedUnlessProfileExists(String accountId) {
        if (Profile.findById(accountId) != null) {
            return;
        }
        Profile profile = new Profile();
        profile.accountId = accountId;
        profile.displayName = "Demo User";
        profile.email = "demo@example.com";
        profile.persist();

        addContact(accountId, "Ada Lovelace", "ada@example.com", "+44 20 7946 0001");
        addContact(accountId, "Grace Hopper", "grace@example.com", "+1 202 555 0143");
        addContact(accountId, "Alan Turing", "alan@example.com", null);

        Instant tomorrow = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(1));
        addEvent(accountId, "Team lunch", tomorrow, Duration.ofHours(1));
        addEvent(accountId, "Dentist", tomorrow.plus(Duration.ofDays(2)), Duration.ofMinutes(30));
    }

    private void addContact(String accountId, String name, String email, String phone) {
        Contact contact = new Contact();
        contact.id = newId();
        contact.accountId = accountId;
        contact.name = name;
        contact.email = email;
        contact.phone = phone;
        contact.createdAt = clock.instant();
        contact.persist();
    }

    private void addEvent(String accountId, String title, Instant start, Duration length) {
        CalendarEvent event = new CalendarEvent();
        event.id = newId();
        event.accountId = accountId;
        event.title = title;
        event.startsAt = start;
        event.endsAt = start.plus(length);
        event.persist();
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
