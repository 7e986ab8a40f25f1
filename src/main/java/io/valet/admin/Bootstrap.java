package io.valet.admin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.valet.account.Account;
import io.valet.account.AccountService;
import io.valet.client.ClientRegistry;
import io.valet.config.ValetConfig;
import io.valet.oauth.Scope;
import io.valet.oauth.ScopeCatalog;

/**
 * Creates the clients and accounts that configuration requests: the bootstrap admin client, and
 * in dev mode a demo account with a public and a confidential demo client.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    public static final String DEMO_USERNAME = "demo";
    public static final String DEMO_PUBLIC_CLIENT = "demo-public";
    public static final String DEMO_CONFIDENTIAL_CLIENT = "demo-confidential";

    @Inject
    ValetConfig config;

    @Inject
    ClientRegistry clients;

    @Inject
    AccountService accounts;

    @Inject
    ScopeCatalog scopes;

    void onStart(@Observes StartupEvent event) {
        createAdminClient();
        if (config.demo().enabled()) {
            createDemoData();
        }
    }

    private void createAdminClient() {
        Optional<String> clientId = config.admin().clientId();
        if (clientId.isEmpty()) {
            return;
        }
        String secret = config.admin().clientSecret().orElseThrow(() -> new IllegalStateException(
                "valet.admin.client-id is set but valet.admin.client-secret is not: set VALET_ADMIN_CLIENT_SECRET"));
        Runnable upsert = () -> clients.upsertFromConfiguration(clientId.get(), "Valet administration", secret,
                Set.of(ClientRegistry.CLIENT_CREDENTIALS), Scope.parse(ScopeCatalog.ADMIN), List.of());
        try {
            upsert.run();
        } catch (RuntimeException e) {
            // Replicas that start together on an empty database can both insert the client, and
            // the primary key rejects the second insert. The retry finds the row and updates it.
            // Only the exception's class is logged, because a database message can quote the row.
            LOG.infof("Storing admin client %s failed with %s, probably because another replica inserted it;"
                    + " retrying once", clientId.get(), e.getClass().getName());
            upsert.run();
        }
        LOG.infof("Admin client %s is ready", clientId.get());
    }

    private void createDemoData() {
        Optional<Account> existing = accounts.findByUsername(DEMO_USERNAME);
        if (existing.isEmpty()) {
            accounts.create(DEMO_USERNAME, config.demo().password());
        } else {
            accounts.setPassword(existing.get(), config.demo().password());
        }
        List<String> redirectUris = List.of(config.issuer() + "/demo/callback", "http://127.0.0.1/callback");
        Set<String> userGrants = new LinkedHashSet<>(List.of(ClientRegistry.AUTHORIZATION_CODE, ClientRegistry.REFRESH_TOKEN));
        clients.upsertFromConfiguration(DEMO_PUBLIC_CLIENT, "Demo public app", null, userGrants,
                scopes.defaultClientScope(), redirectUris);
        Set<String> confidentialGrants = new LinkedHashSet<>(userGrants);
        confidentialGrants.add(ClientRegistry.CLIENT_CREDENTIALS);
        clients.upsertFromConfiguration(DEMO_CONFIDENTIAL_CLIENT, "Demo confidential app",
                config.demo().confidentialClientSecret(), confidentialGrants, scopes.defaultClientScope(), redirectUris);

        // Demo values only: they come from the dev profile and are printed so a newcomer can follow the README.
        LOG.infof("""
                Demo data is ready (dev mode only):
                  account:             %s / %s
                  public client:       client_id=%s (PKCE required)
                  confidential client: client_id=%s client_secret=%s
                  redirect_uri:        %s/demo/callback""",
                DEMO_USERNAME, config.demo().password(), DEMO_PUBLIC_CLIENT, DEMO_CONFIDENTIAL_CLIENT,
                config.demo().confidentialClientSecret(), config.issuer());
    }
}
