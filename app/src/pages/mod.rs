//! One module per route.

pub mod detail;
pub mod home;
pub mod interventions;
pub mod not_found;
pub mod open_data;
