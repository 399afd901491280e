//! Grants to non-state actors: the public calls and tracking page, the application form, and
//! the back office's calls and application reviews.

pub mod back_office;
pub mod calls;
pub mod form;
pub mod review;
