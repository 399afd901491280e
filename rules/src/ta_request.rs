//! A request for technical assistance as the requesting ministry or regional organisation
//! fills it in: the form's steps, their fields and the rules they obey. The browser checks
//! them as the reader types and the server checks them again with this same code.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::form::{rules, Document, FieldError, FileField, Problem, RawForm};
pub use crate::steps::{check, FormStep, StepFields, LINE_MAX, NOTE_MAX, PARAGRAPH_MAX, PARAGRAPH_MIN};
use crate::steps::{
    chosen_between_one_and, email, line, month, note, paragraph, phone, problems_of, require_choice, require_choices,
    require_known,
};

/// Who may ask: a national government of an ACP state or a listed regional organisation.
pub const REQUESTER_GOVERNMENT: &str = "government";
pub const REQUESTER_ORGANISATION: &str = "regional_organisation";
pub const REQUESTER_TYPES: [&str; 2] = [REQUESTER_GOVERNMENT, REQUESTER_ORGANISATION];

/// The official request letter, at most 10 MB.
pub const LETTER_FILE: FileField = FileField { name: "letter", document: Document::Letter, max_mb: 10 };

/// Languages the programme's experts can work in (the ACP working languages).
pub const WORK_LANGUAGES: [&str; 4] = ["en", "fr", "pt", "es"];

/// At most this many topics, so a request stays focused enough to staff.
pub const MAX_TOPICS: u32 = 5;

/// Other governments a request can be made jointly with (the seed's largest joint action
/// had three governments in all).
pub const JOINT_ROWS: usize = 4;

/// `joint_country_2` and the like: the numbered fields of the joint governments' rows.
pub fn joint_field(part: &str, row: usize) -> String {
    format!("joint_{part}_{row}")
}

/// The parts of a joint government's row, in the form's order.
pub const JOINT_PARTS: [&str; 3] = ["country", "official_name", "official_email"];

/// The Institution step's fields: the requester's own, then three per joint government.
macro_rules! institution_fields {
    ($($row:literal)*) => {
        &["requester_type", "country", "organisation", "institution", "department", "official_name",
          "official_position", "official_email", "work_language",
          $(concat!("joint_country_", $row), concat!("joint_official_name_", $row),
            concat!("joint_official_email_", $row),)*]
    };
}

/// What the reader may pick from, as offered by the form. The server builds it from the
/// taxonomy; the browser reads it from the form's own options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    pub countries: Vec<String>,
    pub organisations: Vec<String>,
    pub topics: Vec<String>,
    pub typologies: Vec<String>,
}

/// The form's steps, in order. Each is its own page (and its own post without JavaScript).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Institution,
    FocalPoint,
    Details,
    /// The official request letter (optional; a file, so a multipart post of its own).
    Attachments,
    Review,
}

impl FormStep for Step {
    const STEPS: &'static [Step] = &Step::ALL;

    /// The step's segment in addresses.
    fn slug(self) -> &'static str {
        match self {
            Step::Institution => "institution",
            Step::FocalPoint => "focal-point",
            Step::Details => "request",
            Step::Attachments => "attachments",
            Step::Review => "review",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Institution => Institution::FIELDS,
            Step::FocalPoint => FocalPoint::FIELDS,
            Step::Details => Details::FIELDS,
            Step::Attachments | Step::Review => &[],
        }
    }
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Institution, Step::FocalPoint, Step::Details, Step::Attachments, Step::Review];

    /// Every problem with this step's fields in `form`.
    pub fn problems(self, form: &RawForm, choices: &Choices) -> Vec<FieldError> {
        match self {
            Step::Institution => problems_of::<Institution>(form, choices),
            Step::FocalPoint => problems_of::<FocalPoint>(form, choices),
            Step::Details => problems_of::<Details>(form, choices),
            Step::Attachments | Step::Review => Vec::new(),
        }
    }
}

fn topic_count(topics: &[String]) -> Result<(), validator::ValidationError> {
    chosen_between_one_and(topics, MAX_TOPICS)
}

/// Step 1: who is asking.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Institution {
    #[validate(required)]
    pub requester_type: Option<String>,
    /// An ACP state, when a national government asks.
    pub country: Option<String>,
    /// A listed regional organisation, when one asks.
    pub organisation: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub institution: Option<String>,
    #[validate(custom(function = "line"))]
    pub department: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub official_name: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub official_position: Option<String>,
    /// Where the official is asked to endorse the request.
    #[validate(required, custom(function = "email"))]
    pub official_email: Option<String>,
    #[validate(required)]
    pub work_language: Option<String>,
    /// The other governments asking jointly, as typed (blank rows included).
    #[validate(skip)]
    pub joint: Vec<JointGovernment>,
}

/// Another government making the request jointly, with the official who endorses it for them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointGovernment {
    pub country: Option<String>,
    pub official_name: Option<String>,
    pub official_email: Option<String>,
}

impl JointGovernment {
    fn is_blank(&self) -> bool {
        self.country.is_none() && self.official_name.is_none() && self.official_email.is_none()
    }

    fn part(&self, part: &str) -> &Option<String> {
        match part {
            "country" => &self.country,
            "official_name" => &self.official_name,
            _ => &self.official_email,
        }
    }
}

impl StepFields for Institution {
    type Choices = Choices;
    const FIELDS: &'static [&'static str] = institution_fields!(1 2 3 4);

    fn read(form: &RawForm) -> Self {
        Institution {
            requester_type: form.text("requester_type"),
            country: form.text("country"),
            organisation: form.text("organisation"),
            institution: form.text("institution"),
            department: form.text("department"),
            official_name: form.text("official_name"),
            official_position: form.text("official_position"),
            official_email: form.text("official_email"),
            work_language: form.text("work_language"),
            joint: (1..=JOINT_ROWS)
                .map(|row| JointGovernment {
                    country: form.text(&joint_field("country", row)),
                    official_name: form.text(&joint_field("official_name", row)),
                    official_email: form.text(&joint_field("official_email", row)),
                })
                .collect(),
        }
    }

    fn check_choices(&self, choices: &Choices, errors: &mut Vec<FieldError>) {
        require_known(errors, "requester_type", &self.requester_type, &REQUESTER_TYPES);
        require_known(errors, "work_language", &self.work_language, &WORK_LANGUAGES);
        // Only the field that matches the kind of requester counts; the other is ignored.
        match self.requester_type.as_deref() {
            Some(REQUESTER_GOVERNMENT) if self.country.is_none() => {
                errors.push(FieldError::new("country", Problem::Required))
            }
            Some(REQUESTER_GOVERNMENT) => {
                require_choice(errors, "country", &self.country, &choices.countries, Problem::NotAcpCountry)
            }
            Some(REQUESTER_ORGANISATION) if self.organisation.is_none() => {
                errors.push(FieldError::new("organisation", Problem::Required))
            }
            Some(REQUESTER_ORGANISATION) => require_choice(
                errors,
                "organisation",
                &self.organisation,
                &choices.organisations,
                Problem::NotListedOrganisation,
            ),
            _ => {}
        }
        self.check_joint(choices, errors);
    }
}

impl Institution {
    /// Each joint row whole (a country, its official's name and e-mail), an ACP state, and
    /// no government named twice, the requester's own included.
    fn check_joint(&self, choices: &Choices, errors: &mut Vec<FieldError>) {
        let mut named: Vec<&str> = self.country.as_deref().filter(|_| self.is_government()).into_iter().collect();
        for (i, row) in self.joint.iter().enumerate().filter(|(_, row)| !row.is_blank()) {
            let field = |part| joint_field(part, i + 1);
            for part in JOINT_PARTS {
                if row.part(part).is_none() {
                    errors.push(FieldError::new(&field(part), Problem::Required));
                }
            }
            if let Some(country) = row.country.as_deref() {
                if !choices.countries.iter().any(|c| c == country) {
                    errors.push(FieldError::new(&field("country"), Problem::NotAcpCountry));
                } else if named.contains(&country) {
                    errors.push(FieldError::new(&field("country"), Problem::RequesterTwice));
                } else {
                    named.push(country);
                }
            }
            if let Some(name) = row.official_name.as_deref() {
                if let Err(problem) = rules::at_most(name, LINE_MAX) {
                    errors.push(FieldError::new(&field("official_name"), problem));
                }
            }
            if let Some(address) = row.official_email.as_deref() {
                if let Err(problem) = rules::email(address) {
                    errors.push(FieldError::new(&field("official_email"), problem));
                }
            }
        }
    }

    /// The joint governments named, blank rows left out (only meaningful once checked).
    pub fn joint_governments(&self) -> Vec<JointGovernment> {
        self.joint.iter().filter(|row| !row.is_blank()).cloned().collect()
    }

    pub fn is_government(&self) -> bool {
        self.requester_type.as_deref() == Some(REQUESTER_GOVERNMENT)
    }

    /// The country or organisation that asks, whichever the requester type says.
    pub fn requester_code(&self) -> Option<&str> {
        match self.requester_type.as_deref() {
            Some(REQUESTER_GOVERNMENT) => self.country.as_deref(),
            _ => self.organisation.as_deref(),
        }
    }
}

/// Step 2: the person the programme works with day to day.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct FocalPoint {
    #[validate(required, custom(function = "line"))]
    pub focal_name: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub focal_position: Option<String>,
    #[validate(required, custom(function = "email"))]
    pub focal_email: Option<String>,
    #[validate(required, custom(function = "phone"))]
    pub focal_phone: Option<String>,
}

impl StepFields for FocalPoint {
    type Choices = Choices;
    const FIELDS: &'static [&'static str] = &["focal_name", "focal_position", "focal_email", "focal_phone"];

    fn read(form: &RawForm) -> Self {
        FocalPoint {
            focal_name: form.text("focal_name"),
            focal_position: form.text("focal_position"),
            focal_email: form.text("focal_email"),
            focal_phone: form.text("focal_phone"),
        }
    }

    fn check_choices(&self, _choices: &Choices, _errors: &mut Vec<FieldError>) {}
}

/// Step 3: what is asked for and why.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Details {
    #[validate(custom(function = "topic_count"))]
    pub topics: Vec<String>,
    #[validate(required)]
    pub typology: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub background: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub objectives: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub expected_results: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub beneficiaries: Option<String>,
    #[validate(custom(function = "note"))]
    pub policy_link: Option<String>,
    #[validate(custom(function = "note"))]
    pub other_support: Option<String>,
    #[validate(required, custom(function = "month"))]
    pub preferred_start: Option<String>,
    #[validate(custom(function = "month"))]
    pub preferred_end: Option<String>,
}

impl StepFields for Details {
    type Choices = Choices;
    const FIELDS: &'static [&'static str] = &[
        "topics",
        "typology",
        "background",
        "objectives",
        "expected_results",
        "beneficiaries",
        "policy_link",
        "other_support",
        "preferred_start",
        "preferred_end",
    ];

    fn read(form: &RawForm) -> Self {
        Details {
            topics: form.values("topics"),
            typology: form.text("typology"),
            background: form.text("background"),
            objectives: form.text("objectives"),
            expected_results: form.text("expected_results"),
            beneficiaries: form.text("beneficiaries"),
            policy_link: form.text("policy_link"),
            other_support: form.text("other_support"),
            preferred_start: form.text("preferred_start"),
            preferred_end: form.text("preferred_end"),
        }
    }

    fn check_choices(&self, choices: &Choices, errors: &mut Vec<FieldError>) {
        require_choices(errors, "topics", &self.topics, &choices.topics, Problem::TopicOutOfScope);
        require_choice(errors, "typology", &self.typology, &choices.typologies, Problem::UnknownChoice);
        let start = self.preferred_start.as_deref().and_then(|m| rules::month(m).ok());
        let end = self.preferred_end.as_deref().and_then(|m| rules::month(m).ok());
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                errors.push(FieldError::new("preferred_end", Problem::EndBeforeStart));
            }
        }
    }
}

/// A complete, checked request, ready to be submitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaRequestForm {
    pub institution: Institution,
    pub focal_point: FocalPoint,
    pub details: Details,
}

impl TaRequestForm {
    /// Checks every step; on failure, the first step with a problem and all problems.
    pub fn check(form: &RawForm, choices: &Choices) -> Result<TaRequestForm, (Step, Vec<FieldError>)> {
        let institution = check::<Institution>(form, choices).map_err(|e| (Step::Institution, e))?;
        let focal_point = check::<FocalPoint>(form, choices).map_err(|e| (Step::FocalPoint, e))?;
        let details = check::<Details>(form, choices).map_err(|e| (Step::Details, e))?;
        Ok(TaRequestForm { institution, focal_point, details })
    }
}

/// Who may see a published request: everyone (the map and the open data) or staff only.
pub const AUDIENCE_PUBLIC: &str = "public";
pub const AUDIENCE_STAFF: &str = "staff";
pub const AUDIENCES: [&str; 2] = [AUDIENCE_PUBLIC, AUDIENCE_STAFF];

/// What staff write to publish a completed request on the public map, and whether the
/// public may see it at all (sensitive work is recorded for staff only).
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Publication {
    #[validate(required, custom(function = "line"))]
    pub title: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub summary: Option<String>,
    #[validate(required)]
    pub audience: Option<String>,
    /// The language the title and summary are written in (one of `WORK_LANGUAGES`);
    /// translations into the others can follow.
    #[validate(required)]
    pub language: Option<String>,
}

impl Publication {
    /// Whether the intervention may leave the portal (pages, map, exports).
    pub fn publishable(&self) -> bool {
        self.audience.as_deref() == Some(AUDIENCE_PUBLIC)
    }
}

impl StepFields for Publication {
    type Choices = Choices;
    const FIELDS: &'static [&'static str] = &["title", "summary", "language", "audience"];

    fn read(form: &RawForm) -> Self {
        Publication {
            title: form.text("title"),
            summary: form.text("summary"),
            language: form.text("language"),
            audience: form.text("audience"),
        }
    }

    fn check_choices(&self, _choices: &Choices, errors: &mut Vec<FieldError>) {
        require_known(errors, "language", &self.language, &WORK_LANGUAGES);
        require_known(errors, "audience", &self.audience, &AUDIENCES);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn choices() -> Choices {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        Choices {
            countries: owned(&["SEN", "KEN", "FJI"]),
            organisations: owned(&["ECOWAS", "MSG"]),
            topics: owned(&["visas", "labour_migration", "remittances"]),
            typologies: owned(&["capacity_building", "policy_analysis"]),
        }
    }

    /// A complete request from the Senegalese interior ministry, as a browser posts it.
    pub fn complete_form() -> RawForm {
        let long = "The ministry needs support to draft regulations for its new labour migration policy.";
        RawForm::from_pairs([
            ("requester_type", "government"),
            ("country", "SEN"),
            ("institution", "Ministry of the Interior"),
            ("department", "Directorate of Migration"),
            ("official_name", "Director General"),
            ("official_position", "Director General of Migration"),
            ("official_email", "dg.migration@example.org"),
            ("work_language", "fr"),
            ("focal_name", "Awa Example"),
            ("focal_position", "Policy officer"),
            ("focal_email", "focal@example.org"),
            ("focal_phone", "+221 33 000 00 00"),
            ("topics", "labour_migration"),
            ("topics", "remittances"),
            ("typology", "capacity_building"),
            ("background", long),
            ("objectives", long),
            ("expected_results", long),
            ("beneficiaries", long),
            ("preferred_start", "2027-03"),
            ("preferred_end", "2027-09"),
        ])
    }

    fn problems_of(step: Step, form: &RawForm) -> Vec<(String, Problem)> {
        step.problems(form, &choices()).into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_complete_request_passes_every_step() {
        let checked = TaRequestForm::check(&complete_form(), &choices()).expect("valid");
        assert_eq!(checked.institution.requester_code(), Some("SEN"));
        assert_eq!(checked.details.topics, ["labour_migration", "remittances"]);
    }

    #[test]
    fn an_empty_step_names_every_required_field_in_form_order() {
        let fields: Vec<String> =
            problems_of(Step::Institution, &RawForm::default()).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["requester_type", "institution", "official_name", "official_position", "official_email", "work_language"]
        );
    }

    #[test]
    fn joint_governments_come_whole_each_once_with_an_address_to_endorse() {
        let mut form = complete_form();
        form.set("joint_country_1", vec!["KEN".into()]);
        form.set("joint_official_name_1", vec!["Permanent Secretary".into()]);
        form.set("joint_official_email_1", vec!["ps@example.org".into()]);
        let checked = check::<Institution>(&form, &choices()).expect("a whole row passes");
        assert_eq!(checked.joint_governments().len(), 1);
        assert_eq!(checked.joint_governments()[0].country.as_deref(), Some("KEN"));
        // A row begun is finished; the requester's own country and a repeated one are refused.
        form.set("joint_country_2", vec!["SEN".into()]);
        form.set("joint_country_3", vec!["KEN".into()]);
        form.set("joint_official_name_3", vec!["Minister".into()]);
        form.set("joint_official_email_3", vec!["not an address".into()]);
        form.set("joint_country_4", vec!["FRA".into()]);
        assert_eq!(
            problems_of(Step::Institution, &form),
            [
                ("joint_country_2".into(), Problem::RequesterTwice),
                ("joint_official_name_2".into(), Problem::Required),
                ("joint_official_email_2".into(), Problem::Required),
                ("joint_country_3".into(), Problem::RequesterTwice),
                ("joint_official_email_3".into(), Problem::Email),
                ("joint_country_4".into(), Problem::NotAcpCountry),
                ("joint_official_name_4".into(), Problem::Required),
                ("joint_official_email_4".into(), Problem::Required),
            ]
        );
    }

    #[test]
    fn every_institution_field_is_named_once() {
        let fields = Institution::FIELDS;
        assert_eq!(fields.len(), 9 + JOINT_ROWS * JOINT_PARTS.len());
        for row in 1..=JOINT_ROWS {
            for part in JOINT_PARTS {
                assert!(fields.contains(&joint_field(part, row).as_str()), "{part} {row}");
            }
        }
    }

    #[test]
    fn a_government_must_be_an_acp_state() {
        let mut form = complete_form();
        form.set("country", vec!["FRA".into()]);
        assert_eq!(problems_of(Step::Institution, &form), [("country".into(), Problem::NotAcpCountry)]);
        form.set("country", vec![]);
        assert_eq!(problems_of(Step::Institution, &form), [("country".into(), Problem::Required)]);
    }

    #[test]
    fn a_regional_organisation_must_be_listed_and_its_country_is_ignored() {
        let mut form = complete_form();
        form.set("requester_type", vec!["regional_organisation".into()]);
        form.set("organisation", vec!["NATO".into()]);
        assert_eq!(problems_of(Step::Institution, &form), [("organisation".into(), Problem::NotListedOrganisation)]);
        form.set("organisation", vec!["ECOWAS".into()]);
        form.set("country", vec!["FRA".into()]);
        assert!(problems_of(Step::Institution, &form).is_empty());
    }

    #[test]
    fn topics_must_be_in_scope_and_few() {
        let mut form = complete_form();
        form.set("topics", vec!["weapons".into()]);
        assert_eq!(problems_of(Step::Details, &form), [("topics".into(), Problem::TopicOutOfScope)]);
        form.set("topics", vec![]);
        assert_eq!(problems_of(Step::Details, &form), [("topics".into(), Problem::Required)]);
        form.set("topics", ["a", "b", "c", "d", "e", "f"].iter().map(|s| (*s).into()).collect());
        assert!(problems_of(Step::Details, &form).contains(&("topics".into(), Problem::TooMany { max: MAX_TOPICS })));
    }

    #[test]
    fn texts_have_limits_and_the_timeframe_runs_forward() {
        let mut form = complete_form();
        form.set("background", vec!["Too short".into()]);
        form.set("policy_link", vec!["x".repeat(NOTE_MAX as usize + 1)]);
        form.set("preferred_end", vec!["2027-01".into()]);
        assert_eq!(
            problems_of(Step::Details, &form),
            [
                ("background".into(), Problem::TooShort { min: PARAGRAPH_MIN }),
                ("policy_link".into(), Problem::TooLong { max: NOTE_MAX }),
                ("preferred_end".into(), Problem::EndBeforeStart),
            ]
        );
    }

    #[test]
    fn focal_point_contact_details_are_checked() {
        let mut form = complete_form();
        form.set("focal_email", vec!["not an address".into()]);
        form.set("focal_phone", vec!["call me".into()]);
        assert_eq!(
            problems_of(Step::FocalPoint, &form),
            [("focal_email".into(), Problem::Email), ("focal_phone".into(), Problem::Phone)]
        );
    }

    #[test]
    fn the_first_failing_step_is_reported() {
        let mut form = complete_form();
        form.set("focal_email", vec![]);
        let (step, errors) = TaRequestForm::check(&form, &choices()).unwrap_err();
        assert_eq!(step, Step::FocalPoint);
        assert_eq!(errors, [FieldError::new("focal_email", Problem::Required)]);
    }

    #[test]
    fn a_publication_needs_a_title_and_a_real_summary() {
        let form = RawForm::from_pairs([
            ("title", "Labour migration regulations, Senegal"),
            ("summary", "Too short"),
            ("language", "fr"),
            ("audience", "public"),
        ]);
        let errors = check::<Publication>(&form, &choices()).unwrap_err();
        assert_eq!(errors, [FieldError::new("summary", Problem::TooShort { min: PARAGRAPH_MIN })]);
    }

    #[test]
    fn a_publication_says_who_may_see_it() {
        let summary = "Drafted the regulations of the 2015 law with the ministry's lawyers and two experts.";
        let with = |audience: &[&str]| {
            let mut form =
                RawForm::from_pairs([("title", "Readmission case handling"), ("summary", summary), ("language", "en")]);
            form.set("audience", audience.iter().map(|a| (*a).to_owned()).collect());
            check::<Publication>(&form, &choices())
        };
        assert_eq!(with(&[]).unwrap_err(), [FieldError::new("audience", Problem::Required)]);
        assert_eq!(with(&["press"]).unwrap_err(), [FieldError::new("audience", Problem::UnknownChoice)]);
        assert!(with(&["public"]).unwrap().publishable());
        assert!(!with(&["staff"]).unwrap().publishable());
    }

    #[test]
    fn a_publication_names_one_of_the_working_languages() {
        let summary = "Drafted the regulations of the 2015 law with the ministry's lawyers and two experts.";
        let mut form = RawForm::from_pairs([("title", "Regulations"), ("summary", summary), ("audience", "public")]);
        assert_eq!(
            check::<Publication>(&form, &choices()).unwrap_err(),
            [FieldError::new("language", Problem::Required)]
        );
        form.set("language", vec!["de".into()]);
        assert_eq!(
            check::<Publication>(&form, &choices()).unwrap_err(),
            [FieldError::new("language", Problem::UnknownChoice)]
        );
    }

    #[test]
    fn steps_walk_forward_and_back() {
        assert_eq!(Step::Institution.next(), Some(Step::FocalPoint));
        assert_eq!(Step::Review.next(), None);
        assert_eq!(Step::Institution.previous(), None);
        assert_eq!(Step::Review.previous(), Some(Step::Attachments));
        assert!(Step::ALL.iter().all(|s| Step::from_slug(s.slug()) == Some(*s)));
    }
}
