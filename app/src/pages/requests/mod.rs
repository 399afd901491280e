//! Technical-assistance requests: the requester's form and tracking page, and the back
//! office's inbox and request page.

pub mod answers;
pub mod back_office;
pub mod form;
pub mod tracking;
