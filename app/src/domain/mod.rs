//! Types shared by the server and the browser: filters, taxonomy and what pages show.
//! No `cfg` here: everything compiles for both targets.

pub mod consultation;
pub mod file;
pub mod filters;
pub mod grant;
pub mod intervention;
pub mod roster;
pub mod sources;
pub mod taxonomy;
/// An assignment's periods and the 60-working-day cap.
pub use rules::assignment;
/// Raw input, field errors and the field rules (shared with the browser's checks).
pub use rules::form;
/// What every multi-step form's steps share.
pub use rules::steps;
pub mod staff;
pub mod stage;
pub mod ta_cycle;
pub mod ta_request;
pub mod text;
