package io.valet.resource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import io.valet.resource.AddressBookResource.ContactView;

/**
 * Reads an account's contacts straight into {@link ContactView} records with one JDBC query in
 * autocommit mode, without a JTA transaction, a Hibernate session or an HQL translation. In JFR
 * profiles of GET /api/contacts (bench/profile.sh api, 8 connections), a Panache read of
 * {@link Contact} entities without a transaction took about 30 % of the CPU samples, and this
 * query about 11 %.
 */
@ApplicationScoped
class ContactQuery {

    private static final String CONTACTS_OF_ACCOUNT =
            "select id, name, email, phone from contact where account_id = ? order by name";

    @Inject
    DataSource dataSource;

    List<ContactView> listByAccount(String accountId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CONTACTS_OF_ACCOUNT)) {
            statement.setString(1, accountId);
            try (ResultSet rows = statement.executeQuery()) {
                List<ContactView> contacts = new ArrayList<>();
                while (rows.next()) {
                    contacts.add(new ContactView(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4)));
                }
                return contacts;
            }
        } catch (SQLException e) {
            throw new PersistenceException("Reading the contacts of account " + accountId + " failed", e);
        }
    }
}
