-- Valet schema. Runs unchanged on H2 (2.x) and PostgreSQL (14 and later).
-- Opaque secrets (client secrets, codes, refresh tokens, session ids) are stored only as
-- base64url SHA-256 digests, which are 43 characters long.

create table client (
    client_id                         varchar(64)   primary key,
    client_name                       varchar(200)  not null,
    secret_hash                       varchar(64),
    token_endpoint_auth_method        varchar(32)   not null,
    redirect_uris                     varchar(8000) not null,
    grant_types                       varchar(200)  not null,
    response_types                    varchar(100)  not null,
    scope                             varchar(1000) not null,
    access_token_lifetime_seconds     bigint,
    refresh_idle_lifetime_seconds     bigint,
    refresh_absolute_lifetime_seconds bigint,
    created_at                        timestamp with time zone not null
);

create table account (
    id            varchar(32)  primary key,
    username      varchar(100) not null unique,
    password_hash varchar(200) not null,
    created_at    timestamp with time zone not null
);

create table browser_session (
    id_hash    varchar(64) primary key,
    csrf_token varchar(64) not null,
    account_id varchar(32),
    auth_time  timestamp with time zone,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null
);
create index browser_session_expires_at on browser_session (expires_at);

-- An /authorize request waiting for login and consent, bound to the browser session that made it.
create table authorization_request (
    id             varchar(32)   primary key,
    session_hash   varchar(64)   not null,
    client_id      varchar(64)   not null,
    redirect_uri   varchar(2000) not null,
    response_type  varchar(20)   not null,
    scope          varchar(1000) not null,
    state          varchar(2000),
    code_challenge varchar(64),
    created_at     timestamp with time zone not null,
    expires_at     timestamp with time zone not null
);
create index authorization_request_expires_at on authorization_request (expires_at);

-- What an account approved for a client. At most one per pair; revoking deletes it.
create table consent_grant (
    id         varchar(32)   primary key,
    account_id varchar(32)   not null,
    client_id  varchar(64)   not null,
    scope      varchar(1000) not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    constraint consent_grant_account_client unique (account_id, client_id)
);

-- A chain of tokens descended from one code or one password grant request.
create table token_authorization (
    id          varchar(32)   primary key,
    grant_id    varchar(32),
    client_id   varchar(64)   not null,
    account_id  varchar(32),
    scope       varchar(1000) not null,
    auth_time   timestamp with time zone,
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    revoked_at  timestamp with time zone
);
create index token_authorization_grant on token_authorization (grant_id);
create index token_authorization_expires_at on token_authorization (expires_at);

create table authorization_code (
    code_hash        varchar(64)   primary key,
    client_id        varchar(64)   not null,
    account_id       varchar(32)   not null,
    grant_id         varchar(32)   not null,
    redirect_uri     varchar(2000) not null,
    scope            varchar(1000) not null,
    code_challenge   varchar(64),
    auth_time        timestamp with time zone not null,
    expires_at       timestamp with time zone not null,
    used_at          timestamp with time zone,
    authorization_id varchar(32)
);
create index authorization_code_expires_at on authorization_code (expires_at);
create index authorization_code_grant on authorization_code (grant_id);

create table refresh_token (
    token_hash       varchar(64)   primary key,
    authorization_id varchar(32)   not null,
    client_id        varchar(64)   not null,
    scope            varchar(1000) not null,
    issued_at        timestamp with time zone not null,
    expires_at       timestamp with time zone not null,
    used_at          timestamp with time zone
);
create index refresh_token_authorization on refresh_token (authorization_id);
create index refresh_token_expires_at on refresh_token (expires_at);

create table signing_key (
    kid          varchar(64)   primary key,
    algorithm    varchar(16)   not null,
    public_key   varchar(2000) not null,
    private_key  varchar(4000) not null,
    created_at   timestamp with time zone not null,
    activates_at timestamp with time zone not null,
    retires_at   timestamp with time zone
);

-- Revocations that resource servers check in memory: an authorization id, a token id (jti)
-- or a deleted client. A row can go once every token it names has expired.
create table revocation (
    id         bigint generated by default as identity primary key,
    kind       varchar(16) not null,
    subject    varchar(64) not null,
    revoked_at timestamp with time zone not null,
    expires_at timestamp with time zone not null
);
create index revocation_expires_at on revocation (expires_at);
