-- Failed login counts for brute-force protection, shared by every replica. One row per user
-- name and one per client address. The key is the base64url SHA-256 digest of "account:" plus
-- the user name or "address:" plus the address, so a password typed into the user name field
-- is never stored in clear.
create table login_failure (
    key_hash         varchar(64) primary key,
    kind             varchar(16) not null,
    failures         integer     not null,
    first_failure_at timestamp with time zone not null,
    last_failure_at  timestamp with time zone not null,
    locked_until     timestamp with time zone
);
create index login_failure_last_failure_at on login_failure (last_failure_at);
