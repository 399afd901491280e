//! One module per route.

pub mod detail;
pub mod expert_sessions;
pub mod expert_space;
pub mod grant_form;
pub mod grants;
pub mod home;
pub mod interventions;
pub mod not_found;
pub mod open_data;
pub mod request_form;
pub mod request_tracking;
pub mod roster_form;
pub mod roster_notice;
pub mod staff;
pub mod staff_grant_review;
pub mod staff_grants;
pub mod staff_interventions;
pub mod staff_password;
pub mod staff_reset;
pub mod staff_roster;
pub mod staff_sessions;
