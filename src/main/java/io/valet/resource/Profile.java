package io.valet.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The profile an account shows to applications holding scope {@code profile}.
 */
@Entity
@Table(name = "profile")
public class Profile extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "display_name")
    public String displayName;

    public String email;
}
