//! The rules public forms obey, in plain Rust with no web framework: the server runs them on
//! every post, and the browser runs the very same code (compiled to a small wasm by the
//! `checks` crate) to tell the reader about a problem as soon as they leave a field.

pub mod assignment;
pub mod form;
pub mod grant;
pub mod messages;
pub mod numbers;
pub mod roster;
pub mod steps;
pub mod ta_baseline;
pub mod ta_completion;
pub mod ta_consultation;
pub mod ta_cycle;
pub mod ta_fiche;
pub mod ta_intervention;
pub mod ta_request;
pub mod translation;
