-- One row that replicas lock (select ... for update) before they create or retire signing keys,
-- so that two replicas checking at the same moment cannot both create the next key.
create table signing_key_lock (
    id integer primary key
);
insert into signing_key_lock (id) values (1);
