# A PostgreSQL server of the benchmark's own, for the growth scenario: Debian's package
# (PG_BIN), a data directory under WORK_DIR, listening on 127.0.0.1 only, run as the
# unprivileged user PG_USER. Sourced by bench/run.sh.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_USER=${PG_USER:-postgres}
PG_DATA=$WORK_DIR/postgresql
PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/valet

as_pg_user() {
    if [[ $(id -u) == 0 ]]; then
        runuser -u "$PG_USER" -- "$@"
    else
        "$@"
    fi
}

psql_valet() {
    PGPASSWORD=valet "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U valet -d valet "$@"
}

# Creates an empty cluster with a database and user "valet" (password "valet") and starts it.
postgres_start_empty() {
    [[ -x $PG_BIN/initdb ]] || die "PostgreSQL is not installed (apt-get install -y postgresql), or set PG_BIN"
    wait_port_free "$PG_PORT"
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    chmod 700 "$PG_DATA"
    [[ $(id -u) == 0 ]] && chown "$PG_USER" "$PG_DATA"
    as_pg_user "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 >"$WORK_DIR/postgresql-initdb.log"
    as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DATA" start >/dev/null
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
        -c "create user valet password 'valet'" -c "create database valet owner valet"
}

postgres_stop() {
    [[ -d $PG_DATA ]] && as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
}

# postgres_insert_bulk COUNT: inserts COUNT grants, COUNT token authorizations and COUNT unused
# refresh tokens of one client in set-based statements, then updates the planner statistics.
# The hashes have the stored form of real ones: base64url SHA-256, 43 characters.
postgres_insert_bulk() {
    local count=$1
    psql_valet <<SQL
insert into consent_grant (id, account_id, client_id, scope, created_at, updated_at)
select 'bulk-grant-' || i, 'bulk-account-' || i, 'bulk-client', 'contacts:read', now(), now()
from generate_series(1, $count) as i;

insert into token_authorization (id, grant_id, client_id, account_id, scope, auth_time, created_at, expires_at)
select 'bulk-authorization-' || i, 'bulk-grant-' || i, 'bulk-client', 'bulk-account-' || i, 'contacts:read',
       now(), now(), now() + interval '90 days'
from generate_series(1, $count) as i;

insert into refresh_token (token_hash, authorization_id, client_id, scope, issued_at, expires_at)
select translate(encode(sha256(('bulk-refresh-' || i)::bytea), 'base64'), '+/=', '-_'),
       'bulk-authorization-' || i, 'bulk-client', 'contacts:read', now(), now() + interval '14 days'
from generate_series(1, $count) as i;

analyze consent_grant, token_authorization, refresh_token;
SQL
}

postgres_count() {
    psql_valet -t -A -c "select count(*) from $1"
}
