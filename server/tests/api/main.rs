//! Integration tests: the real router on a random port, on SQLite and on PostgreSQL.
//! Every test runs once per backend; with `CI=true` a missing PostgreSQL is a failure.

mod exports;
mod grants;
mod helpers;
mod mail;
mod pages;
mod requests;
mod roster;
mod roster_staff;
mod staff;
