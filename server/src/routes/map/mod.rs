//! The public map and its data: the map sprite, the open-data API and downloads, and staff's
//! publishing and translations of interventions.

pub mod api;
pub mod back_office;
pub mod sprite;
