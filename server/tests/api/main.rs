//! Integration tests: the real router on a random port, on SQLite and on PostgreSQL.
//! Every test runs once per backend; with `CI=true` a missing PostgreSQL is a failure.

mod helpers;
mod pages;
mod exports;
mod requests;
mod staff;
mod mail;
