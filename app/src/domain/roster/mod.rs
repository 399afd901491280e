//! The expert roster: an expert's profile as stored (`profile`; its steps and rules live in
//! the `rules` crate, shared with the browser's checks), and what staff ask of the roster
//! (`staffing`: the search filter, how well an expert fits a TA request, a request's experts).

mod profile;
mod staffing;

pub use profile::*;
pub use staffing::*;
