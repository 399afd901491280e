//! Technical-assistance requests as stored: the form and its rules live in the `rules`
//! crate (shared with the browser's checks); these are the shapes staff pages read.

pub use rules::ta_request::*;
use serde::{Deserialize, Serialize};

use super::stage::Stage;

/// A submitted request as staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredRequest {
    pub id: i64,
    pub reference: String,
    pub stage: Stage,
    pub region: Option<String>,
    pub submitted_at: String,
    pub locale: String,
    pub decline_reason: Option<String>,
    pub institution: Institution,
    pub focal_point: FocalPoint,
    pub details: Details,
    /// The intervention it became, once published.
    pub published: Option<Published>,
}

/// The intervention a completed request became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub slug: String,
    /// False: recorded for staff only, on no public page or export.
    pub publishable: bool,
}

/// One line of the staff inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub reference: String,
    pub institution: String,
    /// The asking country (ISO3) or organisation code.
    pub requester: String,
    pub region: Option<String>,
    pub stage: Stage,
    pub submitted_at: String,
}

/// An internal note on a request (staff only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub at: String,
    pub author: String,
    pub body: String,
}
