//! Technical-assistance requests: the requester's form and tracking page, and the back
//! office's inbox and request page; the work of the stages (the concept note, the TA
//! fiche and its consultation round, the baseline assessment, the intervention; `documents`: a
//! stage's documents) on both, the consultee's page, and a request's history
//! of every change (the audit log) for staff.

pub mod answers;
pub mod back_office;
pub mod baseline;
pub mod concept_note;
pub mod consultation;
pub mod documents;
pub mod fiche;
pub mod form;
pub mod history;
pub mod intervention;
pub mod stage_head;
pub mod tracking;
