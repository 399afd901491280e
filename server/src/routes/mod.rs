//! The axum routes: the open-data API and assets, and the handlers that prepare a view and
//! render its Leptos page (forms, the back office, the expert's space).

pub mod api;
pub mod assets;
pub mod conditional;
pub mod expert_sessions;
pub mod expert_space;
pub mod grants;
pub mod health;
pub mod journey;
pub mod language;
pub mod map;
pub mod render;
pub mod requests;
pub mod roster;
pub mod staff;
pub mod staff_grant_review;
pub mod staff_grants;
pub mod staff_interventions;
pub mod staff_reset;
pub mod staff_roster;
pub mod uploads;
