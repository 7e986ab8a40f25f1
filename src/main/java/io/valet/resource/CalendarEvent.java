package io.valet.resource;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An appointment in one account's calendar.
 */
@Entity
@Table(name = "calendar_event")
public class CalendarEvent extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "account_id")
    public String accountId;

    public String title;

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;
}
