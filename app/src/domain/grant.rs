//! Grants for non-state actors as stored and shown: the rules of calls and applications live
//! in the `rules` crate (shared with the browser's checks); these are the shapes pages read.

pub use rules::grant::call::{
    CallChoices, CallForm, CallPhase, Criterion, CriterionText, CRITERION_LANGUAGES, KIND_NATIONAL, KIND_REGIONAL,
};
pub use rules::grant::money::BudgetFigures;
pub use rules::grant::*;
use serde::{Deserialize, Serialize};

use super::taxonomy::Taxonomy;
use super::text::{in_language, LocalText};
use crate::i18n::{GrantMessages, Locale};

/// A call for proposals with its terms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub id: i64,
    pub slug: String,
    pub kind: String,
    /// Title and description in each language the call is written in.
    pub texts: Vec<LocalText>,
    pub regions: Vec<String>,
    /// Every state the call covers.
    pub countries: Vec<String>,
    pub topics: Vec<String>,
    pub floor_cents: i64,
    pub ceiling_cents: i64,
    pub cofunding_percent: u32,
    pub max_months: u32,
    /// UTC instants as stored (`2027-03-31T14:00:00Z`).
    pub opens_at: String,
    pub closes_at: String,
    /// The offset the call's times are shown in (`+03:00`).
    pub utc_offset: String,
    pub criteria: Vec<Criterion>,
    pub published_at: Option<String>,
}

impl Call {
    /// The text in `locale`, else English, else the first there is.
    pub fn text(&self, locale: Locale) -> Option<&LocalText> {
        in_language(&self.texts, locale)
    }

    pub fn title(&self, locale: Locale) -> &str {
        self.text(locale).map_or(self.slug.as_str(), |t| t.title.as_str())
    }

    /// Where the call stands at `now` (UTC text as stored).
    pub fn phase_at(&self, now: &str) -> CallPhase {
        let instant = call::parse_instant;
        match (instant(now), instant(&self.opens_at), instant(&self.closes_at)) {
            (Some(now), Some(opens), Some(closes)) => CallPhase::at(now, opens, closes),
            _ => CallPhase::Closed,
        }
    }

    /// The deadline for people to read, in the call's own offset.
    pub fn deadline_text(&self, locale: Locale) -> String {
        self.local_text(&self.closes_at, locale)
    }

    /// The opening, likewise.
    pub fn opening_text(&self, locale: Locale) -> String {
        self.local_text(&self.opens_at, locale)
    }

    /// A stored UTC instant as people read it in the call's offset (as stored if unreadable).
    fn local_text(&self, instant: &str, locale: Locale) -> String {
        let months = &locale.messages().month_names;
        call::parse_instant(instant)
            .map_or_else(|| instant.to_owned(), |at| call::deadline_text(at, &self.utc_offset, months))
    }

    /// What an application to this call may name and ask for.
    pub fn choices(&self, taxonomy: &Taxonomy, this_year: u32) -> GrantChoices {
        GrantChoices {
            kind: self.kind.clone(),
            countries: self
                .countries
                .iter()
                .filter_map(|iso3| taxonomy.country(iso3).map(|c| (iso3.clone(), c.region.clone())))
                .collect(),
            topics: self.topics.clone(),
            registration_countries: taxonomy.all_countries.iter().map(|t| t.code.clone()).collect(),
            floor_cents: self.floor_cents,
            ceiling_cents: self.ceiling_cents,
            cofunding_percent: self.cofunding_percent,
            max_months: self.max_months,
            this_year,
        }
    }
}

/// What a call form may name, from the taxonomy.
pub fn call_choices(taxonomy: &Taxonomy) -> CallChoices {
    CallChoices {
        regions: taxonomy.regions.iter().map(|t| t.code.clone()).collect(),
        countries: taxonomy.countries.iter().map(|c| (c.term.code.clone(), c.region.clone())).collect(),
        topics: taxonomy.topics.iter().map(|t| t.code.clone()).collect(),
    }
}

/// The name of a call's kind (`KIND_NATIONAL` or `KIND_REGIONAL`).
pub fn kind_name(kind: &str, m: &GrantMessages) -> &'static str {
    if kind == KIND_NATIONAL {
        m.kind_national
    } else {
        m.kind_regional
    }
}

/// Where an application stands, as its organisation and staff see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicationStatus {
    Draft,
    Submitted,
    Funded,
    Reserve,
    Rejected,
}

impl ApplicationStatus {
    /// The status's name, as applicants and staff read it.
    pub fn name(self, m: &GrantMessages) -> &'static str {
        match self {
            ApplicationStatus::Draft => m.status_draft,
            ApplicationStatus::Submitted => m.status_submitted,
            ApplicationStatus::Funded => m.status_funded,
            ApplicationStatus::Reserve => m.status_reserve,
            ApplicationStatus::Rejected => m.status_rejected,
        }
    }

    pub const ALL: [ApplicationStatus; 5] = [
        ApplicationStatus::Draft,
        ApplicationStatus::Submitted,
        ApplicationStatus::Funded,
        ApplicationStatus::Reserve,
        ApplicationStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Funded => "funded",
            ApplicationStatus::Reserve => "reserve",
            ApplicationStatus::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<ApplicationStatus> {
        ApplicationStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Applications per page of a call's list in the back office.
pub const APPLICATIONS_PER_PAGE: i64 = 50;

/// `NSA-2027-0003`: the reference of a submitted application.
pub const REFERENCE_PREFIX: &str = "NSA";

/// An application as its organisation follows it (by the tracking link).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackedApplication {
    pub reference: String,
    pub status: ApplicationStatus,
    pub call: Call,
    pub legal_name: String,
    pub project_title: String,
    pub requested_cents: i64,
    pub first_submitted_at: String,
    pub submitted_at: String,
}

/// One application in a call's list for staff, with where it stands in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub reference: String,
    pub status: ApplicationStatus,
    pub legal_name: String,
    pub project_title: String,
    pub countries: Vec<String>,
    pub requested_cents: i64,
    pub total_cents: i64,
    pub submitted_at: String,
    /// Mean of the reviewers' totals (tenths of a point out of 100), once any scored.
    pub average_tenths: Option<u32>,
    pub spread_tenths: u32,
    pub reviews: usize,
    /// Reviewers assigned who have not scored (abstentions do not count).
    pub missing: usize,
    /// The reader is asked to review it and has not declared yet: only its reference and
    /// status are filled in (`without_details`).
    pub declare_first: bool,
}

impl ApplicationRow {
    /// The row as a reviewer sees it before declaring: reference, status and date only.
    pub fn without_details(self) -> ApplicationRow {
        ApplicationRow {
            reference: self.reference,
            status: self.status,
            submitted_at: self.submitted_at,
            legal_name: String::new(),
            project_title: String::new(),
            countries: Vec::new(),
            requested_cents: 0,
            total_cents: 0,
            average_tenths: None,
            spread_tenths: 0,
            reviews: 0,
            missing: 0,
            declare_first: true,
        }
    }
}

/// Where one reviewer is with one application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewState {
    /// Asked to review; has not declared yet, so sees nothing of the application.
    Assigned,
    /// Declared a conflict of interest: abstains and sees nothing.
    Conflict,
    /// Declared no conflict: reads the application and scores it.
    Clear,
    Scored,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] =
        [ReviewState::Assigned, ReviewState::Conflict, ReviewState::Clear, ReviewState::Scored];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Assigned => "assigned",
            ReviewState::Conflict => "conflict",
            ReviewState::Clear => "clear",
            ReviewState::Scored => "scored",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the reviewer may read the application (and score it).
    pub fn may_read(self) -> bool {
        matches!(self, ReviewState::Clear | ReviewState::Scored)
    }
}

/// One reviewer of an application, as the management unit sees the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub reviewer_id: i64,
    pub reviewer: String,
    pub state: ReviewState,
    pub total_tenths: Option<u32>,
}

/// The signed-in reviewer's own review of an application.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnReview {
    pub id: i64,
    pub state: ReviewState,
    /// `(score, comment)` per criterion, once scored.
    pub scores: Vec<(u32, String)>,
}

/// A submitted application as the back office reads it: the version submitted last.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmittedApplication {
    pub id: i64,
    pub reference: String,
    pub call_id: i64,
    pub status: ApplicationStatus,
    pub form: crate::domain::form::RawForm,
    pub locale: String,
    pub contact_email: String,
    pub decision_reason: Option<String>,
    /// The funded project's page on the public map.
    pub intervention_slug: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> Call {
        Call {
            id: 1,
            slug: "safe-remittances".into(),
            kind: KIND_REGIONAL.into(),
            texts: vec![LocalText {
                locale: "en".into(),
                title: "Safe remittances".into(),
                summary: "…".into(),
                objective: None,
            }],
            regions: vec!["West Africa".into()],
            countries: vec!["SEN".into()],
            topics: vec!["remittances".into()],
            floor_cents: 1,
            ceiling_cents: 2,
            cofunding_percent: 10,
            max_months: 12,
            opens_at: "2027-01-01T00:00:00Z".into(),
            closes_at: "2027-03-31T14:00:00Z".into(),
            utc_offset: "+03:00".into(),
            criteria: Vec::new(),
            published_at: None,
        }
    }

    #[test]
    fn a_missing_translation_falls_back_to_english() {
        assert_eq!(call().title(Locale::Fr), "Safe remittances");
    }

    #[test]
    fn the_phase_follows_the_stored_instants() {
        assert_eq!(call().phase_at("2026-12-31T23:59:59Z"), CallPhase::Upcoming);
        assert_eq!(call().phase_at("2027-03-31T14:00:00Z"), CallPhase::Open);
        assert_eq!(call().phase_at("2027-03-31T14:00:01Z"), CallPhase::Closed);
        assert_eq!(call().deadline_text(Locale::En), "31 March 2027, 17:00 (UTC+03:00)");
    }

    #[test]
    fn statuses_round_trip() {
        assert!(ApplicationStatus::ALL.into_iter().all(|s| ApplicationStatus::parse(s.as_str()) == Some(s)));
    }
}
