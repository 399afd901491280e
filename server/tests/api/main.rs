//! Integration tests: the real router on a random port, on SQLite and on PostgreSQL.
//! Every test runs once per backend; with `CI=true` a missing PostgreSQL is a failure.

mod access;
mod backup;
mod control_characters;
mod crash;
mod csrf;
mod database_tls;
mod expert_sessions;
mod exports;
mod failing_writes;
mod grants;
mod group_commit;
mod headers;
mod helpers;
mod housekeeping;
mod iati;
mod limits;
mod logs;
mod mail;
mod malware;
mod numbering;
mod page_cache;
mod pages;
mod process;
mod publishable;
mod requests;
mod roster;
mod roster_staff;
mod route_table;
mod scale_out;
mod schemathesis;
mod slow_clients;
mod staff;
mod staff_reset;
mod translations;
mod uploads;
