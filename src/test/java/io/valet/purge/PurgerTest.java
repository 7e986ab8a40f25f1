package io.valet.purge;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.valet.account.BrowserSession;
import io.valet.authorize.AuthorizationCode;
import io.valet.authorize.AuthorizationRequest;
import io.valet.client.ClientChange;
import io.valet.client.ClientChanges;
import io.valet.grant.TokenAuthorization;
import io.valet.revocation.Revocation;
import io.valet.revocation.RevocationKind;
import io.valet.token.RefreshToken;

/**
 * Purge of expired rows in small batches: expired rows go, rows still needed stay.
 */
@QuarkusTest
class PurgerTest {

    // Default access token lifetime 10 minutes plus 30 seconds of clock skew.
    private static final Duration TOKEN_VALIDITY = Duration.ofMinutes(10).plusSeconds(30);
    private static final int BATCH_SIZE = 2;

    @Inject
    Purger purger;

    @Inject
    EntityManager entityManager;

    private final Instant now = Instant.now();
    private final Instant longAgo = now.minus(Duration.ofDays(1));
    private final Instant later = now.plus(Duration.ofHours(1));

    @Test
    void expiredRowsDeletedInBatches() {
        // Five expired rows per table need three statements of at most two rows each.
        List<Row> expired = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expired.add(code(longAgo));
            expired.add(refreshToken(longAgo));
            expired.add(authorization(longAgo));
            expired.add(session(longAgo));
            expired.add(request(longAgo));
            expired.add(revocation(longAgo));
            expired.add(clientChange(longAgo));
        }

        Map<String, Long> deleted = purger.purge(now, BATCH_SIZE);

        for (Row row : expired) {
            assertNull(find(row), "expired row was kept: " + row);
        }
        for (String entity : List.of("AuthorizationCode", "RefreshToken", "TokenAuthorization", "BrowserSession",
                "AuthorizationRequest", "Revocation", "ClientChange")) {
            assertTrue(deleted.get(entity) >= 5L, entity + " deleted " + deleted.get(entity));
        }
    }

    @Test
    void unexpiredRowsKept() {
        List<Row> current = List.of(code(later), refreshToken(later), authorization(later), session(later),
                request(later), revocation(later), clientChange(now.minus(ClientChanges.RETENTION).plusSeconds(60)));

        purger.purge(now, BATCH_SIZE);

        for (Row row : current) {
            assertNotNull(find(row), "unexpired row was deleted: " + row);
        }
    }

    @Test
    void recentCodesAndAuthorizationsKept() {
        Instant expiredRecently = now.minus(TOKEN_VALIDITY).plus(Duration.ofMinutes(1));
        Instant expiredLongEnough = now.minus(TOKEN_VALIDITY).minus(Duration.ofMinutes(1));
        Row recentCode = code(expiredRecently);
        Row recentAuthorization = authorization(expiredRecently);
        Row oldCode = code(expiredLongEnough);
        Row oldAuthorization = authorization(expiredLongEnough);

        purger.purge(now, BATCH_SIZE);

        assertNotNull(find(recentCode));
        assertNotNull(find(recentAuthorization));
        assertNull(find(oldCode));
        assertNull(find(oldAuthorization));
    }

    /** A stored row: its entity type and primary key. */
    private record Row(Class<? extends PanacheEntityBase> type, Object id) {
    }

    private Object find(Row row) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.find(row.type(), row.id()));
    }

    private static Row store(PanacheEntityBase entity, Object id) {
        QuarkusTransaction.requiringNew().run(entity::persist);
        return new Row(entity.getClass(), id);
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static Row code(Instant expiresAt) {
        AuthorizationCode code = new AuthorizationCode();
        code.codeHash = unique();
        code.clientId = "purge-client";
        code.accountId = "purge-account";
        code.grantId = "purge-grant";
        code.redirectUri = "https://client.example/cb";
        code.scope = "profile";
        code.authTime = expiresAt.minusSeconds(60);
        code.expiresAt = expiresAt;
        return store(code, code.codeHash);
    }

    private static Row refreshToken(Instant expiresAt) {
        RefreshToken token = new RefreshToken();
        token.tokenHash = unique();
        token.authorizationId = "purge-authorization";
        token.clientId = "purge-client";
        token.scope = "profile";
        token.issuedAt = expiresAt.minus(Duration.ofDays(1));
        token.expiresAt = expiresAt;
        return store(token, token.tokenHash);
    }

    private static Row authorization(Instant expiresAt) {
        TokenAuthorization authorization = new TokenAuthorization();
        authorization.id = unique();
        authorization.clientId = "purge-client";
        authorization.scope = "profile";
        authorization.createdAt = expiresAt.minus(Duration.ofDays(1));
        authorization.expiresAt = expiresAt;
        return store(authorization, authorization.id);
    }

    private static Row session(Instant expiresAt) {
        BrowserSession session = new BrowserSession();
        session.idHash = unique();
        session.csrfToken = unique();
        session.createdAt = expiresAt.minus(Duration.ofHours(8));
        session.expiresAt = expiresAt;
        return store(session, session.idHash);
    }

    private static Row request(Instant expiresAt) {
        AuthorizationRequest request = new AuthorizationRequest();
        request.id = unique();
        request.sessionHash = unique();
        request.clientId = "purge-client";
        request.redirectUri = "https://client.example/cb";
        request.responseType = "code";
        request.scope = "profile";
        request.createdAt = expiresAt.minus(Duration.ofMinutes(15));
        request.expiresAt = expiresAt;
        return store(request, request.id);
    }

    private static Row revocation(Instant expiresAt) {
        Revocation revocation = new Revocation();
        revocation.kind = RevocationKind.TOKEN;
        revocation.subject = unique();
        revocation.revokedAt = expiresAt.minus(Duration.ofMinutes(10));
        revocation.expiresAt = expiresAt;
        QuarkusTransaction.requiringNew().run(revocation::persist);
        return new Row(Revocation.class, revocation.id);
    }

    private static Row clientChange(Instant changedAt) {
        ClientChange change = new ClientChange();
        change.clientId = "purge-client";
        change.changedAt = changedAt;
        QuarkusTransaction.requiringNew().run(change::persist);
        return new Row(ClientChange.class, change.id);
    }
}
