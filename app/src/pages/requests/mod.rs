//! Technical-assistance requests: the requester's form and tracking page, and the back
//! office's inbox and request page; the work of the stages (the concept note, the TA
//! fiche and its consultation round) on both, and the consultee's page.

pub mod answers;
pub mod back_office;
pub mod concept_note;
pub mod consultation;
pub mod fiche;
pub mod form;
pub mod tracking;
