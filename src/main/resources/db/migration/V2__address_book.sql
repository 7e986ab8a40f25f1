-- The resource module's own data: each row belongs to the account named by account_id, the
-- subject of the access tokens that reach it. No foreign key to account, so that the module
-- can move to its own database.

create table contact (
    id         varchar(32)  primary key,
    account_id varchar(32)  not null,
    name       varchar(200) not null,
    email      varchar(320),
    phone      varchar(50),
    created_at timestamp with time zone not null
);
create index contact_account on contact (account_id);

create table calendar_event (
    id         varchar(32)  primary key,
    account_id varchar(32)  not null,
    title      varchar(200) not null,
    starts_at  timestamp with time zone not null,
    ends_at    timestamp with time zone not null
);
create index calendar_event_account on calendar_event (account_id);

create table profile (
    account_id   varchar(32)  primary key,
    display_name varchar(200) not null,
    email        varchar(320)
);
