package io.valet.resource;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An address book entry of one account.
 */
@Entity
@Table(name = "contact")
public class Contact extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "account_id")
    public String accountId;

    public String name;

    public String email;

    public String phone;

    @Column(name = "created_at")
    public Instant createdAt;
}
