//! Grants for non-state actors: calls for proposals (`calls`) and applications to them
//! (`applications`).

pub mod applications;
pub mod calls;
