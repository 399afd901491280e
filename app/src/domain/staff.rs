//! Programme staff and what each may see. Checked on the server for every staff page and
//! action; the interface hiding a button is never what protects a record.

use serde::{Deserialize, Serialize};

use super::filters::{page_number, Dimension, FilterError, FilterProblem, Vocabulary};
use super::stage::Stage;
use super::ta_request::AUDIENCES;

/// The management unit sees and does everything; a regional coordinator works on the
/// requests of their own regions only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Coordinator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        [Role::Admin, Role::Coordinator].into_iter().find(|r| r.as_str() == text)
    }
}

/// The value of the sessions form's button that ends every session but the reader's.
pub const END_OTHERS: &str = "others";

/// One of an account's live sessions (staff or expert), as its owner sees it in their list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// Names the session in a form: the start of its token's hash, never the token.
    pub key: String,
    pub started_at: String,
    pub last_seen_at: String,
    /// The browser and system it was opened with, when they could be told.
    pub device: Option<String>,
    /// The session this page was asked from.
    pub current: bool,
}

/// A signed-in member of staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The regions a coordinator covers (empty for the management unit, who covers all).
    pub regions: Vec<String>,
}

impl StaffUser {
    /// Whether the user may see and act on a record held by `region`. Records of
    /// organisations spanning regions (`None`) belong to the management unit.
    pub fn covers(&self, region: Option<&str>) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Coordinator => region.is_some_and(|r| self.regions.iter().any(|mine| mine == r)),
        }
    }

    /// How the user appears in history and the audit log.
    pub fn actor(&self) -> String {
        format!("staff:{}", self.id)
    }
}

/// Requests per page of the staff inbox.
pub const INBOX_PER_PAGE: i64 = 50;

/// What the staff inbox shows: every filter optional, all checked, and the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxFilter {
    pub stage: Option<Stage>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub topic: Option<String>,
    /// Only requests submitted at least this many days ago.
    pub older_than_days: Option<u32>,
    pub sort: InboxSort,
    /// 1-based; the CSV export takes every page.
    pub page: i64,
}

/// The order of the inbox's list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum InboxSort {
    /// Newest submission first.
    #[default]
    Newest,
    Oldest,
    /// Along the programme's stages, newest first within each.
    Stage,
}

impl InboxSort {
    pub const ALL: [InboxSort; 3] = [InboxSort::Newest, InboxSort::Oldest, InboxSort::Stage];

    pub fn as_str(self) -> &'static str {
        match self {
            InboxSort::Newest => "newest",
            InboxSort::Oldest => "oldest",
            InboxSort::Stage => "stage",
        }
    }

    pub fn parse(text: &str) -> Option<InboxSort> {
        InboxSort::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl Default for InboxFilter {
    fn default() -> InboxFilter {
        InboxFilter {
            stage: None,
            region: None,
            country: None,
            topic: None,
            older_than_days: None,
            sort: InboxSort::Newest,
            page: 1,
        }
    }
}

impl InboxFilter {
    pub fn parse(query: &str, vocabulary: &impl Vocabulary) -> Result<InboxFilter, Vec<FilterError>> {
        let mut filter = InboxFilter::default();
        let mut errors = Vec::new();
        let mut bad =
            |param: &str| errors.push(FilterError { param: param.to_owned(), problem: FilterProblem::UnknownValue });
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "stage" => match Stage::parse(value) {
                    Some(stage) => filter.stage = Some(stage),
                    None => bad("stage"),
                },
                "region" if vocabulary.contains(Dimension::Region, value) => filter.region = Some(value.to_owned()),
                "country" if vocabulary.contains(Dimension::Country, value) => filter.country = Some(value.to_owned()),
                "topic" if vocabulary.contains(Dimension::Topic, value) => filter.topic = Some(value.to_owned()),
                "older_than_days" => match value.parse::<u32>() {
                    Ok(days) if days <= 3650 => filter.older_than_days = Some(days),
                    _ => bad("older_than_days"),
                },
                "page" => match page_number(value) {
                    Some(page) => filter.page = page,
                    None => bad("page"),
                },
                "sort" => match InboxSort::parse(value) {
                    Some(sort) => filter.sort = sort,
                    None => bad("sort"),
                },
                "region" | "country" | "topic" => bad(&key),
                _ => {}
            }
        }
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }

    /// How many filters narrow the inbox (the order and the page do not), as the filter
    /// panel says.
    pub fn narrowing_count(&self) -> usize {
        [self.stage.is_some(), self.region.is_some(), self.country.is_some(), self.topic.is_some()]
            .into_iter()
            .chain([self.older_than_days.is_some()])
            .filter(|set| *set)
            .count()
    }

    /// The filter as a query string, without the page (for the CSV link and page links).
    pub fn query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(stage) = self.stage {
            out.append_pair("stage", stage.as_str());
        }
        for (key, value) in [("region", &self.region), ("country", &self.country), ("topic", &self.topic)] {
            if let Some(value) = value {
                out.append_pair(key, value);
            }
        }
        if let Some(days) = self.older_than_days {
            out.append_pair("older_than_days", &days.to_string());
        }
        if self.sort != InboxSort::Newest {
            out.append_pair("sort", self.sort.as_str());
        }
        out.finish()
    }
}

/// Interventions per page of staff's list.
pub const STAFF_INTERVENTIONS_PER_PAGE: i64 = 50;

/// What staff's list of interventions shows: a region, who may see them (`public` or
/// `staff`, as the audience form posts), words of the title, and the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInterventionFilter {
    pub region: Option<String>,
    pub audience: Option<String>,
    pub text: Option<String>,
    /// 1-based.
    pub page: i64,
}

impl Default for StaffInterventionFilter {
    fn default() -> StaffInterventionFilter {
        StaffInterventionFilter { region: None, audience: None, text: None, page: 1 }
    }
}

impl StaffInterventionFilter {
    pub fn parse(query: &str, vocabulary: &impl Vocabulary) -> Result<StaffInterventionFilter, Vec<FilterError>> {
        let mut filter = StaffInterventionFilter::default();
        let mut errors = Vec::new();
        let mut bad =
            |param: &str| errors.push(FilterError { param: param.to_owned(), problem: FilterProblem::UnknownValue });
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "region" if vocabulary.contains(Dimension::Region, value) => filter.region = Some(value.to_owned()),
                "audience" if AUDIENCES.contains(&value) => filter.audience = Some(value.to_owned()),
                "q" if value.chars().count() <= 200 => filter.text = Some(value.to_owned()),
                "page" => match page_number(value) {
                    Some(page) => filter.page = page,
                    None => bad("page"),
                },
                "region" | "audience" | "q" => bad(&key),
                _ => {}
            }
        }
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }

    /// How many filters narrow the list (the page does not).
    pub fn narrowing_count(&self) -> usize {
        [&self.region, &self.audience, &self.text].into_iter().filter(|set| set.is_some()).count()
    }

    /// The filter as a query string; with its page when `with_page` (to come back to it).
    pub fn query(&self, with_page: bool) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [("region", &self.region), ("audience", &self.audience), ("q", &self.text)] {
            if let Some(value) = value {
                out.append_pair(key, value);
            }
        }
        if with_page && self.page > 1 {
            out.append_pair("page", &self.page.to_string());
        }
        out.finish()
    }
}

/// One e-mail of the outbox.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxRow {
    pub to: String,
    pub subject: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// Why the last try failed: an SMTP code and whether it was permanent, never the reply.
    pub problem: Option<String>,
    /// Tried as often as the portal tries, or refused for good: it will not be sent.
    pub given_up: bool,
}

/// Who made a change the audit log records, as the history page names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A member of staff, by name (or by number, for an account no longer there).
    Staff(String),
    Requester,
    /// A consultee, by number: the log never holds an address.
    Consultee(i64),
    /// A requesting government's official, by the number of their endorsement.
    Official(i64),
    /// The portal itself (the hourly job, the demo).
    System,
}

impl Actor {
    /// Reads the log's actor (`staff:3`, `requester`, `consultee:12`, `official:4`, `system`), given the
    /// staff member's name when the log names one.
    pub fn read(actor: &str, staff_name: Option<String>) -> Actor {
        match actor.split_once(':') {
            Some(("staff", id)) => Actor::Staff(staff_name.unwrap_or_else(|| format!("staff no. {id}"))),
            Some(("consultee", id)) => id.parse().map_or(Actor::System, Actor::Consultee),
            Some(("official", id)) => id.parse().map_or(Actor::System, Actor::Official),
            _ if actor == "requester" => Actor::Requester,
            _ => Actor::System,
        }
    }
}

/// One change to a record, as its history page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub at: String,
    pub actor: Actor,
    /// The action's code (`move_stage`, `fiche_result`...).
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, regions: &[&str]) -> StaffUser {
        StaffUser {
            id: 7,
            email: "x@example.org".into(),
            name: "X".into(),
            role,
            regions: regions.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    #[test]
    fn coordinators_cover_their_regions_only_and_admins_all() {
        let coordinator = user(Role::Coordinator, &["West Africa", "Central Africa"]);
        assert!(coordinator.covers(Some("West Africa")));
        assert!(!coordinator.covers(Some("Pacific")));
        assert!(!coordinator.covers(None), "cross-regional requests are the management unit's");
        let admin = user(Role::Admin, &[]);
        assert!(admin.covers(Some("Pacific")) && admin.covers(None));
    }

    struct Everything;
    impl Vocabulary for Everything {
        fn contains(&self, _dimension: Dimension, code: &str) -> bool {
            code != "Atlantis"
        }
    }

    #[test]
    fn the_staff_intervention_filter_reads_and_writes_its_query() {
        let filter =
            StaffInterventionFilter::parse("region=Pacific&audience=staff&q=Fiji+labour&page=3", &Everything).unwrap();
        assert_eq!(filter.text.as_deref(), Some("Fiji labour"));
        assert_eq!(filter.narrowing_count(), 3);
        assert_eq!(filter.query(false), "region=Pacific&audience=staff&q=Fiji+labour");
        assert_eq!(filter.query(true), "region=Pacific&audience=staff&q=Fiji+labour&page=3");
        assert_eq!(StaffInterventionFilter::parse(&filter.query(true), &Everything).unwrap(), filter);
        for bad in ["region=Atlantis", "audience=friends", "page=0", "page=two", &format!("q={}", "a".repeat(201))] {
            assert!(StaffInterventionFilter::parse(bad, &Everything).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_inbox_filter_reads_and_writes_its_query() {
        let filter =
            InboxFilter::parse("stage=ta_fiche&region=Pacific&older_than_days=30&page=2", &Everything).unwrap();
        assert_eq!(filter.stage, Some(Stage::TaFiche));
        assert_eq!(filter.region.as_deref(), Some("Pacific"));
        assert_eq!(filter.page, 2);
        assert_eq!(filter.query(), "stage=ta_fiche&region=Pacific&older_than_days=30");
        assert_eq!(InboxFilter::parse("", &Everything).unwrap().page, 1);
        let errors =
            InboxFilter::parse("stage=draft&country=Atlantis&older_than_days=-1&page=0", &Everything).unwrap_err();
        let params: Vec<_> = errors.iter().map(|e| e.param.as_str()).collect();
        assert_eq!(params, ["stage", "country", "older_than_days", "page"]);
    }

    #[test]
    fn roles_round_trip() {
        assert_eq!(Role::parse("coordinator"), Some(Role::Coordinator));
        assert_eq!(Role::parse("root"), None);
        assert_eq!(user(Role::Admin, &[]).actor(), "staff:7");
    }
}

/// How many items of each kind "my work" shows; a link leads to the whole paged list.
pub const MY_WORK_SHOWN: i64 = 8;

/// Some of what waits, oldest first, and how much waits in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// A request at a stage where staff act, and since when it has been there.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitingRequest {
    pub reference: String,
    pub institution: String,
    pub stage: crate::domain::stage::Stage,
    /// When it reached its stage (RFC 3339, UTC).
    pub since: String,
    /// Governments' endorsements still awaited: the move past "submitted" waits for them.
    pub endorsements_awaited: i64,
}

/// A consultation round on a fiche still open, and when it closes.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosingConsultation {
    pub reference: String,
    pub round: i64,
    pub deadline_at: String,
    pub utc_offset: String,
    pub answered: i64,
    pub consultees: i64,
}

/// A grant application this reviewer has still to score.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewToScore {
    pub reference: String,
    pub project_title: String,
    pub assigned_at: String,
}

/// An expert contacted for a request who has not been assigned yet.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingOffer {
    pub reference: String,
    pub expert_id: i64,
    pub expert_name: String,
    pub contacted_at: String,
}

/// What waits for a member of staff: the "my work" page, the back office's first page.
#[derive(Clone, Debug, PartialEq)]
pub struct MyWork {
    pub requests: Waiting<WaitingRequest>,
    pub consultations: Waiting<ClosingConsultation>,
    pub reviews: Waiting<ReviewToScore>,
    pub offers: Waiting<PendingOffer>,
}
