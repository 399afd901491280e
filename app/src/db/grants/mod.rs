//! Grants for non-state actors: calls for proposals (`calls`) and applications to them
//! (`applications`), their review and the decision (`reviews`).

pub mod applications;
pub mod calls;
pub mod reviews;
