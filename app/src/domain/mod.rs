//! Types shared by the server and the browser: filters, taxonomy and what pages show.
//! No `cfg` here: everything compiles for both targets.

pub mod filters;
pub mod intervention;
pub mod taxonomy;
