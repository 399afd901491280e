//! Technical-assistance requests: the requester's form and tracking page, and the back
//! office's inbox and request page; the work of the stages (the concept note, the TA
//! fiche and its consultation round, the baseline assessment, the intervention, the results and
//! the requester's assessment; `documents`: a
//! stage's documents) on both, the consultee's page, the requesting governments'
//! endorsements with the official's page and the staff's joining of requests (`endorsement`), and a request's history
//! of every change (the audit log) for staff; a TA's progress on its public page
//! (`progress`) and the path of stages (`stage_path`).

pub mod answers;
pub mod back_office;
pub mod baseline;
pub mod completion;
pub mod concept_note;
pub mod consultation;
pub mod documents;
pub mod endorsement;
pub mod fiche;
pub mod form;
pub mod history;
pub mod intervention;
pub mod progress;
pub mod stage_head;
pub mod stage_path;
pub mod tracking;
