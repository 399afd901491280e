//! Grants for non-state actors: a call's terms (`call`), money in integer cents (`money`),
//! scoring (`scoring`), and here the application an NGO, association, diaspora group or
//! credit union fills in, step by step, with the eligibility rules of the call it answers.
//! The browser checks each step as the reader types and the server checks it again.

pub mod call;
pub mod money;
pub mod scoring;

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use self::money::{parse_eur, BudgetFigures};
use crate::form::{rules, Document, FieldError, FileField, Problem, RawForm};
pub use crate::steps::{check, FormStep, StepFields, LINE_MAX, NOTE_MAX, PARAGRAPH_MAX};
use crate::steps::{chosen_between_one_and, email, line, paragraph, phone, problems_of, require_choice, require_known};

/// Who may apply: grassroots organisations that are not part of a government.
pub const ORGANISATION_TYPES: [&str; 5] = ["ngo", "association", "diaspora_group", "credit_union", "community_group"];

/// What a funded project does (the programme's non-state-actor typologies).
pub const NSA_TYPOLOGIES: [&str; 3] = ["capacity_building", "information_campaign", "advocacy"];

/// What budget lines are for.
pub const BUDGET_CATEGORIES: [&str; 6] =
    ["staff", "activities", "travel", "equipment", "communication", "administration"];

/// Rows the budget table offers; the page shows a few and adds more as asked.
pub const BUDGET_ROWS: usize = 12;
/// Rows shown before the reader asks for more.
pub const BUDGET_ROWS_SHOWN: usize = 3;
pub const MAX_PROJECT_TOPICS: u32 = 3;
pub const MAX_PEOPLE_REACHED: u32 = 10_000_000;
pub const EARLIEST_FOUNDING_YEAR: u32 = 1900;
/// The organisation's registration certificate, at most 5 MB.
pub const CERTIFICATE_FILE: FileField = FileField { name: "certificate", document: Document::Certificate, max_mb: 5 };

/// `budget_amount_3` and the like: the budget table's numbered fields.
pub fn budget_field(part: &str, row: usize) -> String {
    format!("budget_{part}_{row}")
}

/// What the call lets an application name and ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GrantChoices {
    /// `national` or `regional`.
    pub kind: String,
    /// The states the call covers, `(iso3, region)`.
    pub countries: Vec<(String, String)>,
    pub topics: Vec<String>,
    /// Where an applicant may be registered (any country: diaspora groups too).
    pub registration_countries: Vec<String>,
    pub floor_cents: i64,
    pub ceiling_cents: i64,
    pub cofunding_percent: u32,
    pub max_months: u32,
    /// The latest founding year accepted.
    pub this_year: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Organisation,
    Project,
    Budget,
    /// The registration certificate (optional; a file, so a multipart post of its own).
    Certificate,
    Review,
}

impl FormStep for Step {
    const STEPS: &'static [Step] = &Step::ALL;

    fn slug(self) -> &'static str {
        match self {
            Step::Organisation => "organisation",
            Step::Project => "project",
            Step::Budget => "budget",
            Step::Certificate => "certificate",
            Step::Review => "review",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Organisation => Organisation::FIELDS,
            Step::Project => Project::FIELDS,
            Step::Budget => Budget::FIELDS,
            Step::Certificate | Step::Review => &[],
        }
    }
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Organisation, Step::Project, Step::Budget, Step::Certificate, Step::Review];

    pub fn problems(self, form: &RawForm, choices: &GrantChoices) -> Vec<FieldError> {
        match self {
            Step::Organisation => problems_of::<Organisation>(form, choices),
            Step::Project => problems_of::<Project>(form, choices),
            Step::Budget => problems_of::<Budget>(form, choices),
            Step::Certificate | Step::Review => Vec::new(),
        }
    }
}

/// Step 1: who applies.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Organisation {
    #[validate(required, custom(function = "line"))]
    pub legal_name: Option<String>,
    #[validate(required)]
    pub org_type: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub registration_number: Option<String>,
    #[validate(required)]
    pub registration_country: Option<String>,
    #[validate(required)]
    pub year_founded: Option<String>,
    #[validate(required)]
    pub annual_budget: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub contact_name: Option<String>,
    #[validate(required, custom(function = "email"))]
    pub contact_email: Option<String>,
    #[validate(required, custom(function = "phone"))]
    pub contact_phone: Option<String>,
}

impl StepFields for Organisation {
    type Choices = GrantChoices;
    const FIELDS: &'static [&'static str] = &[
        "legal_name",
        "org_type",
        "registration_number",
        "registration_country",
        "year_founded",
        "annual_budget",
        "contact_name",
        "contact_email",
        "contact_phone",
    ];

    fn read(form: &RawForm) -> Self {
        Organisation {
            legal_name: form.text("legal_name"),
            org_type: form.text("org_type"),
            registration_number: form.text("registration_number"),
            registration_country: form.text("registration_country"),
            year_founded: form.text("year_founded"),
            annual_budget: form.text("annual_budget"),
            contact_name: form.text("contact_name"),
            contact_email: form.text("contact_email"),
            contact_phone: form.text("contact_phone"),
        }
    }

    fn check_choices(&self, choices: &GrantChoices, errors: &mut Vec<FieldError>) {
        require_known(errors, "org_type", &self.org_type, &ORGANISATION_TYPES);
        require_choice(
            errors,
            "registration_country",
            &self.registration_country,
            &choices.registration_countries,
            Problem::UnknownChoice,
        );
        if let Some(Err(problem)) =
            self.year_founded.as_deref().map(|y| rules::whole_number(y, EARLIEST_FOUNDING_YEAR, choices.this_year))
        {
            errors.push(FieldError::new("year_founded", problem));
        }
        if let Some(Err(problem)) = self.annual_budget.as_deref().map(parse_eur) {
            errors.push(FieldError::new("annual_budget", problem));
        }
    }
}

impl Organisation {
    pub fn annual_budget_cents(&self) -> Option<i64> {
        parse_eur(self.annual_budget.as_deref()?).ok()
    }
}

fn topic_count(values: &[String]) -> Result<(), ValidationError> {
    chosen_between_one_and(values, MAX_PROJECT_TOPICS)
}

/// Step 2: the project.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Project {
    #[validate(required, custom(function = "line"))]
    pub project_title: Option<String>,
    #[validate(required)]
    pub typology: Option<String>,
    #[validate(custom(function = "topic_count"))]
    pub topics: Vec<String>,
    pub countries: Vec<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub target_group: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub problem: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub objectives: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub activities: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub timeline: Option<String>,
    #[validate(required)]
    pub people_reached: Option<String>,
    #[validate(required)]
    pub duration_months: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub risks: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub sustainability: Option<String>,
}

impl StepFields for Project {
    type Choices = GrantChoices;
    const FIELDS: &'static [&'static str] = &[
        "project_title",
        "typology",
        "topics",
        "countries",
        "target_group",
        "problem",
        "objectives",
        "activities",
        "timeline",
        "people_reached",
        "duration_months",
        "risks",
        "sustainability",
    ];

    fn read(form: &RawForm) -> Self {
        Project {
            project_title: form.text("project_title"),
            typology: form.text("typology"),
            topics: form.values("topics"),
            countries: form.values("countries"),
            target_group: form.text("target_group"),
            problem: form.text("problem"),
            objectives: form.text("objectives"),
            activities: form.text("activities"),
            timeline: form.text("timeline"),
            people_reached: form.text("people_reached"),
            duration_months: form.text("duration_months"),
            risks: form.text("risks"),
            sustainability: form.text("sustainability"),
        }
    }

    fn check_choices(&self, choices: &GrantChoices, errors: &mut Vec<FieldError>) {
        require_known(errors, "typology", &self.typology, &NSA_TYPOLOGIES);
        if self.topics.iter().any(|t| !choices.topics.contains(t)) {
            errors.push(FieldError::new("topics", Problem::TopicOutOfScope));
        }
        if let Some(problem) = country_problem(&choices.kind, &self.countries, &choices.countries) {
            errors.push(FieldError::new("countries", problem));
        }
        let number = |value: &Option<String>, max| value.as_deref().map(|v| rules::whole_number(v, 1, max));
        if let Some(Err(problem)) = number(&self.people_reached, MAX_PEOPLE_REACHED) {
            errors.push(FieldError::new("people_reached", problem));
        }
        if let Some(Err(problem)) = number(&self.duration_months, choices.max_months) {
            errors.push(FieldError::new("duration_months", problem));
        }
    }
}

/// Where a project may work: a national call takes one state; a regional call at least two,
/// all of one ACP region; every state must be one the call covers.
pub fn country_problem(kind: &str, chosen: &[String], eligible: &[(String, String)]) -> Option<Problem> {
    let regions: Option<Vec<&str>> =
        chosen.iter().map(|iso3| eligible.iter().find(|(c, _)| c == iso3).map(|(_, region)| region.as_str())).collect();
    let Some(mut regions) = regions else { return Some(Problem::NotEligibleCountry) };
    regions.sort_unstable();
    regions.dedup();
    match (kind, chosen.len()) {
        (_, 0) => Some(Problem::Required),
        (call::KIND_NATIONAL, 1) => None,
        (call::KIND_NATIONAL, _) => Some(Problem::NationalOneCountry),
        (_, 1) => Some(Problem::RegionalTwoCountries),
        _ if regions.len() > 1 => Some(Problem::OneRegionOnly),
        _ => None,
    }
}

/// One line of the budget table, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetRow {
    pub category: Option<String>,
    pub description: Option<String>,
    pub amount: Option<String>,
}

impl BudgetRow {
    fn is_blank(&self) -> bool {
        self.category.is_none() && self.description.is_none() && self.amount.is_none()
    }
}

/// A checked budget line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub category: String,
    pub description: String,
    pub amount_cents: i64,
}

/// The names of the budget step's fields: three per row, then the co-funding and the total
/// (whose error line says when the sum asked for is out of the call's range).
macro_rules! budget_fields {
    ($($row:literal)*) => {
        &[$(concat!("budget_category_", $row), concat!("budget_description_", $row), concat!("budget_amount_", $row),)*
          "cofunding", "budget_total"]
    };
}

/// Step 3: the budget table and the co-funding.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Budget {
    #[validate(skip)]
    pub rows: Vec<BudgetRow>,
    /// Blank means none.
    #[validate(skip)]
    pub cofunding: Option<String>,
}

impl StepFields for Budget {
    type Choices = GrantChoices;
    const FIELDS: &'static [&'static str] = budget_fields!(1 2 3 4 5 6 7 8 9 10 11 12);

    fn read(form: &RawForm) -> Self {
        Budget {
            rows: (1..=BUDGET_ROWS)
                .map(|row| BudgetRow {
                    category: form.text(&budget_field("category", row)),
                    description: form.text(&budget_field("description", row)),
                    amount: form.text(&budget_field("amount", row)),
                })
                .collect(),
            cofunding: form.text("cofunding"),
        }
    }

    fn check_choices(&self, choices: &GrantChoices, errors: &mut Vec<FieldError>) {
        let errors_before = errors.len();
        for (i, row) in self.rows.iter().enumerate().filter(|(_, row)| !row.is_blank()) {
            let field = |part| budget_field(part, i + 1);
            match &row.category {
                None => errors.push(FieldError::new(&field("category"), Problem::Required)),
                Some(code) if !BUDGET_CATEGORIES.contains(&code.as_str()) => {
                    errors.push(FieldError::new(&field("category"), Problem::UnknownChoice))
                }
                Some(_) => {}
            }
            match &row.description {
                None => errors.push(FieldError::new(&field("description"), Problem::Required)),
                Some(text) => {
                    if let Err(problem) = rules::at_most(text, LINE_MAX) {
                        errors.push(FieldError::new(&field("description"), problem));
                    }
                }
            }
            match row.amount.as_deref().map(parse_eur) {
                None => errors.push(FieldError::new(&field("amount"), Problem::Required)),
                Some(Ok(0)) => errors.push(FieldError::new(&field("amount"), Problem::Amount)),
                Some(Err(problem)) => errors.push(FieldError::new(&field("amount"), problem)),
                Some(Ok(_)) => {}
            }
        }
        let cofunding = match self.cofunding.as_deref().map(parse_eur) {
            Some(Err(problem)) => {
                errors.push(FieldError::new("cofunding", problem));
                return;
            }
            Some(Ok(cents)) => cents,
            None => 0,
        };
        if self.rows.iter().all(BudgetRow::is_blank) {
            errors.push(FieldError::new("budget_total", Problem::NoBudgetLines));
            return;
        }
        if errors.len() > errors_before {
            // The sums mean nothing until every line reads as an amount.
            return;
        }
        let figures = self.running_figures();
        if cofunding > figures.total_cents {
            errors.push(FieldError::new("cofunding", Problem::CofundingAboveTotal));
        } else if !figures.cofunding_reaches(choices.cofunding_percent) {
            errors.push(FieldError::new("cofunding", Problem::CofundingTooLow { percent: choices.cofunding_percent }));
        }
        if !(choices.floor_cents..=choices.ceiling_cents).contains(&figures.requested_cents) {
            let euros = |cents: i64| u32::try_from(cents / 100).unwrap_or(u32::MAX);
            errors.push(FieldError::new(
                "budget_total",
                Problem::RequestedOutOfRange { min: euros(choices.floor_cents), max: euros(choices.ceiling_cents) },
            ));
        }
    }
}

impl Budget {
    /// The figures of what reads so far (lines whose amount is not an amount count as
    /// nothing): what the page shows live as the reader types.
    pub fn running_figures(&self) -> BudgetFigures {
        let amounts: Vec<i64> = self.rows.iter().filter_map(|row| parse_eur(row.amount.as_deref()?).ok()).collect();
        let cofunding = self.cofunding.as_deref().and_then(|c| parse_eur(c).ok()).unwrap_or(0);
        BudgetFigures::of(&amounts, cofunding)
    }

    /// The lines of a checked budget, blank rows left out.
    pub fn lines(&self) -> Vec<BudgetLine> {
        self.rows
            .iter()
            .filter_map(|row| {
                Some(BudgetLine {
                    category: row.category.clone()?,
                    description: row.description.clone()?,
                    amount_cents: parse_eur(row.amount.as_deref()?).ok()?,
                })
            })
            .collect()
    }

    /// How many rows the page shows: the filled ones and one blank, at least the default.
    pub fn rows_to_show(form: &RawForm, asked_for_more: bool) -> usize {
        let last_filled = Budget::read(form).rows.iter().rposition(|row| !row.is_blank()).map_or(0, |i| i + 1);
        let shown = form.raw("budget_rows").parse::<usize>().unwrap_or(0).max(BUDGET_ROWS_SHOWN).max(last_filled);
        (shown + usize::from(asked_for_more)).min(BUDGET_ROWS)
    }
}

/// A complete, checked application, ready to be submitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GrantForm {
    pub organisation: Organisation,
    pub project: Project,
    pub budget: Budget,
}

impl GrantForm {
    /// Checks every step; on failure, the first step with a problem and all its problems.
    pub fn check(form: &RawForm, choices: &GrantChoices) -> Result<GrantForm, (Step, Vec<FieldError>)> {
        let organisation = check::<Organisation>(form, choices).map_err(|e| (Step::Organisation, e))?;
        let project = check::<Project>(form, choices).map_err(|e| (Step::Project, e))?;
        let budget = check::<Budget>(form, choices).map_err(|e| (Step::Budget, e))?;
        Ok(GrantForm { organisation, project, budget })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    pub fn regional_call() -> GrantChoices {
        GrantChoices {
            kind: call::KIND_REGIONAL.into(),
            countries: [("SEN", "west_africa"), ("MLI", "west_africa"), ("GHA", "west_africa"), ("JAM", "caribbean")]
                .iter()
                .map(|(c, r)| ((*c).to_owned(), (*r).to_owned()))
                .collect(),
            topics: owned(&["remittances", "financial_literacy"]),
            registration_countries: owned(&["SEN", "MLI", "BEL", "JAM"]),
            floor_cents: 2_000_000,
            ceiling_cents: 8_000_000,
            cofunding_percent: 10,
            max_months: 18,
            this_year: 2026,
        }
    }

    /// A complete application from a Senegalese association, as a browser posts it.
    pub fn complete_application() -> RawForm {
        let long = "Women who receive remittances in Dakar and Bamako lack simple, trusted savings tools.";
        RawForm::from_pairs([
            ("legal_name", "Association Jappo"),
            ("org_type", "association"),
            ("registration_number", "SN-DKR-2011-0042"),
            ("registration_country", "SEN"),
            ("year_founded", "2011"),
            ("annual_budget", "45 000"),
            ("contact_name", "Contact Example"),
            ("contact_email", "contact@example.org"),
            ("contact_phone", "+221 33 000 00 00"),
            ("project_title", "Savings circles for remittance families"),
            ("typology", "capacity_building"),
            ("topics", "remittances"),
            ("countries", "SEN"),
            ("countries", "MLI"),
            ("target_group", long),
            ("problem", long),
            ("objectives", long),
            ("activities", long),
            ("timeline", long),
            ("people_reached", "1200"),
            ("duration_months", "12"),
            ("risks", long),
            ("sustainability", long),
            ("budget_category_1", "staff"),
            ("budget_description_1", "Two trainers for twelve months"),
            ("budget_amount_1", "30,000"),
            ("budget_category_2", "activities"),
            ("budget_description_2", "Savings-circle workshops"),
            ("budget_amount_2", "20 000,50"),
            ("cofunding", "5,000.50"),
        ])
    }

    fn problems(step: Step, form: &RawForm, choices: &GrantChoices) -> Vec<(String, Problem)> {
        step.problems(form, choices).into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_complete_application_passes_and_adds_up() {
        let checked = GrantForm::check(&complete_application(), &regional_call()).expect("valid");
        let figures = checked.budget.running_figures();
        assert_eq!(figures.total_cents, 5_000_050);
        assert_eq!(figures.requested_cents, 4_500_000);
        assert_eq!(checked.budget.lines().len(), 2);
        assert_eq!(checked.organisation.annual_budget_cents(), Some(4_500_000));
    }

    #[test]
    fn a_regional_call_needs_two_states_of_one_region() {
        let choices = regional_call();
        let regional = |chosen: &[&str]| country_problem(call::KIND_REGIONAL, &owned(chosen), &choices.countries);
        assert_eq!(regional(&["SEN", "MLI"]), None);
        assert_eq!(regional(&["SEN"]), Some(Problem::RegionalTwoCountries));
        assert_eq!(regional(&["SEN", "JAM"]), Some(Problem::OneRegionOnly));
        assert_eq!(regional(&["SEN", "FRA"]), Some(Problem::NotEligibleCountry));
        assert_eq!(regional(&[]), Some(Problem::Required));
        let national = |chosen: &[&str]| country_problem(call::KIND_NATIONAL, &owned(chosen), &choices.countries);
        assert_eq!(national(&["JAM"]), None);
        assert_eq!(national(&["SEN", "MLI"]), Some(Problem::NationalOneCountry));
    }

    #[test]
    fn the_project_keeps_to_the_calls_topics_typologies_and_duration() {
        let mut form = complete_application();
        form.set("typology", vec!["studies_research".into()]);
        form.set("topics", vec!["visas".into()]);
        form.set("duration_months", vec!["24".into()]);
        form.set("people_reached", vec!["0".into()]);
        assert_eq!(
            problems(Step::Project, &form, &regional_call()),
            [
                ("typology".into(), Problem::UnknownChoice),
                ("topics".into(), Problem::TopicOutOfScope),
                ("people_reached".into(), Problem::WholeNumber { min: 1, max: MAX_PEOPLE_REACHED }),
                ("duration_months".into(), Problem::WholeNumber { min: 1, max: 18 }),
            ]
        );
    }

    #[test]
    fn the_organisation_gives_a_real_year_and_budget() {
        let mut form = complete_application();
        form.set("year_founded", vec!["2031".into()]);
        form.set("annual_budget", vec!["lots".into()]);
        form.set("registration_country", vec!["XXX".into()]);
        assert_eq!(
            problems(Step::Organisation, &form, &regional_call()),
            [
                ("registration_country".into(), Problem::UnknownChoice),
                ("year_founded".into(), Problem::WholeNumber { min: EARLIEST_FOUNDING_YEAR, max: 2026 }),
                ("annual_budget".into(), Problem::Amount),
            ]
        );
    }

    #[test]
    fn budget_lines_are_all_or_nothing_and_amounts_must_read() {
        let mut form = complete_application();
        form.set("budget_description_3", vec!["Printing leaflets".into()]);
        form.set("budget_amount_2", vec!["twenty".into()]);
        assert_eq!(
            problems(Step::Budget, &form, &regional_call()),
            [
                ("budget_amount_2".into(), Problem::Amount),
                ("budget_category_3".into(), Problem::Required),
                ("budget_amount_3".into(), Problem::Required),
            ]
        );
        let empty = RawForm::default();
        assert_eq!(problems(Step::Budget, &empty, &regional_call()), [("budget_total".into(), Problem::NoBudgetLines)]);
    }

    #[test]
    fn the_sum_asked_for_stays_within_the_calls_range_and_the_cofunding_reaches_its_share() {
        let choices = regional_call();
        let mut form = complete_application();
        form.set("budget_amount_1", vec!["90,000".into()]);
        form.set("cofunding", vec!["20,000".into()]);
        assert_eq!(
            problems(Step::Budget, &form, &choices),
            [("budget_total".into(), Problem::RequestedOutOfRange { min: 20_000, max: 80_000 })]
        );
        let mut form = complete_application();
        form.set("cofunding", vec!["4,000".into()]);
        assert_eq!(
            problems(Step::Budget, &form, &choices),
            [("cofunding".into(), Problem::CofundingTooLow { percent: 10 })]
        );
        form.set("cofunding", vec!["60,000".into()]);
        assert!(problems(Step::Budget, &form, &choices).contains(&("cofunding".into(), Problem::CofundingAboveTotal)));
    }

    #[test]
    fn the_table_shows_filled_rows_and_grows_when_asked() {
        let mut form = complete_application();
        assert_eq!(Budget::rows_to_show(&form, false), BUDGET_ROWS_SHOWN);
        assert_eq!(Budget::rows_to_show(&form, true), BUDGET_ROWS_SHOWN + 1);
        form.set("budget_amount_7", vec!["100".into()]);
        assert_eq!(Budget::rows_to_show(&form, false), 7);
        form.set("budget_rows", vec!["12".into()]);
        assert_eq!(Budget::rows_to_show(&form, true), BUDGET_ROWS);
    }

    #[test]
    fn every_answer_field_belongs_to_exactly_one_step() {
        let mut seen: Vec<&str> = Vec::new();
        for step in Step::ALL {
            for field in step.fields() {
                assert!(!seen.contains(field), "{field} twice");
                seen.push(field);
            }
        }
        assert_eq!(Budget::FIELDS.len(), BUDGET_ROWS * 3 + 2);
    }
}
