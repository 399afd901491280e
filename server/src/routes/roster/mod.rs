//! The expert roster: the application with its address confirmation, the expert's own space
//! and sessions, and the back office's roster.

pub mod back_office;
pub mod form;
pub mod sessions;
pub mod space;
