//! The public map and its data: the home page, the map and list of interventions, one
//! intervention, the open-data page, and staff's publishing and translations.

pub mod back_office;
pub mod detail;
pub mod home;
pub mod interventions;
pub mod open_data;
