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
    /// The reference of the request it was joined into.
    pub joined_into: Option<String>,
}

/// A government a request is made by, and its accountable official's endorsement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endorsement {
    pub id: i64,
    /// The requester's own government (or organisation), first in the list.
    pub lead: bool,
    /// A government's country; `None` for a regional organisation's own row.
    pub country: Option<String>,
    /// The regional organisation of such a row.
    pub organisation: Option<String>,
    pub official_name: String,
    /// Shown to staff only: a joined request's officials are not the requester's to read.
    pub official_email: String,
    /// The language the official's e-mails are written in (the requester's).
    pub locale: String,
    /// When the latest link was sent.
    pub asked_at: String,
    pub endorsed_at: Option<String>,
    /// The request this government came with when staff joined it into this one.
    pub joined_from: Option<String>,
}

impl Endorsement {
    /// The country's or the organisation's code, whichever the row names.
    pub fn government_code(&self) -> &str {
        self.country.as_deref().or(self.organisation.as_deref()).unwrap_or_default()
    }
}

/// Whether every government's official has endorsed (a request from before endorsements
/// has none to wait for).
pub fn fully_endorsed(endorsements: &[Endorsement]) -> bool {
    endorsements.iter().all(|e| e.endorsed_at.is_some())
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

/// A request as the back office's export carries it: its inbox line and its figures.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestExportRow {
    pub request: InboxRow,
    pub typology: Option<String>,
    pub topics: Vec<String>,
    /// The countries (or organisations) asking with the requester, joined ones included.
    pub joint_governments: Vec<String>,
    pub endorsements_asked: i64,
    pub endorsements_given: i64,
    /// When the request first reached each stage after "submitted".
    pub reached: Vec<(Stage, String)>,
    pub activities_planned: i64,
    pub activities_held: i64,
    pub first_held: Option<String>,
    pub last_held: Option<String>,
    pub people_reached: i64,
    /// Each expert who worked on its activities, with their days in all.
    pub experts: Vec<(String, i64)>,
}

impl RequestExportRow {
    pub fn of(request: InboxRow) -> RequestExportRow {
        RequestExportRow {
            request,
            typology: None,
            topics: Vec::new(),
            joint_governments: Vec::new(),
            endorsements_asked: 0,
            endorsements_given: 0,
            reached: Vec::new(),
            activities_planned: 0,
            activities_held: 0,
            first_held: None,
            last_held: None,
            people_reached: 0,
            experts: Vec::new(),
        }
    }

    /// When the request reached `stage`, if it did.
    pub fn reached_at(&self, stage: Stage) -> Option<&str> {
        self.reached.iter().find(|(s, _)| *s == stage).map(|(_, at)| at.as_str())
    }
}

/// An internal note on a request (staff only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub at: String,
    pub author: String,
    pub body: String,
}
