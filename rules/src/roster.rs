//! An expert's application to the roster, step by step, and the rules its answers obey. The
//! same steps edit the profile later from the expert's own space. The browser checks them
//! as the reader types and the server checks them again with this same code.

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::form::{rules, Document, FieldError, FileField, Problem, RawForm};
pub use crate::steps::{check, FormStep, StepFields, LINE_MAX, NOTE_MAX, PARAGRAPH_MAX, PARAGRAPH_MIN};
use crate::steps::{
    chosen_between_one_and, line, note, paragraph, problems_of, require_choice, require_choices, require_known,
};

/// Where experts come from (the programme draws on all of them).
pub const SECTORS: [&str; 5] =
    ["public_administration", "private_sector", "academia", "ngo", "international_organisation"];

/// Optional, and only ever counted in aggregate.
pub const GENDERS: [&str; 4] = ["female", "male", "other", "undisclosed"];

/// Common European Framework of Reference levels.
pub const CEFR_LEVELS: [&str; 6] = ["A1", "A2", "B1", "B2", "C1", "C2"];

/// The languages the programme works in; an expert gives a level in at least one.
pub const ROSTER_LANGUAGES: [&str; 4] = ["en", "fr", "pt", "es"];

/// Short-term (a few weeks) and mid-term (up to the 60-working-day cap) assignments.
pub const ASSIGNMENT_LENGTHS: [&str; 2] = ["short_term", "mid_term"];

pub const MAX_TOPICS: u32 = 8;
pub const MAX_YEARS: u32 = 60;
/// Rows offered for periods the expert cannot work, and for referees.
pub const UNAVAILABLE_ROWS: usize = 3;
pub const REFEREE_ROWS: usize = 2;
/// The expert's CV, at most 5 MB.
pub const CV_FILE: FileField = FileField { name: "cv", document: Document::Cv, max_mb: 5 };

/// The privacy notice the consent refers to; a new text gets a new version, and every
/// consent records the version it was given for.
pub const PRIVACY_VERSION: &str = "2026-11";
pub const CONSENT_YES: &str = "yes";
pub const COI_NONE: &str = "none";
pub const COI_DECLARED: &str = "declared";

/// The field names of the numbered rows ("unavailable_from_1", "referee_2_email", ...).
pub fn row_field(prefix: &str, row: usize, suffix: &str) -> String {
    format!("{prefix}_{suffix}_{row}")
}

/// What the reader may pick from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpertChoices {
    /// Every country (nationality and residence are not limited to ACP states).
    pub all_countries: Vec<String>,
    /// ACP states, for country experience.
    pub countries: Vec<String>,
    pub regions: Vec<String>,
    pub topics: Vec<String>,
    pub typologies: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Identity,
    Profile,
    Expertise,
    Availability,
    /// The CV (a file, so a multipart post of its own).
    Cv,
    /// Review, consent and the conflict-of-interest declaration, then submission.
    Consent,
}

impl FormStep for Step {
    const STEPS: &'static [Step] = &Step::ALL;

    fn slug(self) -> &'static str {
        match self {
            Step::Identity => "identity",
            Step::Profile => "profile",
            Step::Expertise => "expertise",
            Step::Availability => "availability",
            Step::Cv => "cv",
            Step::Consent => "consent",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Identity => Identity::FIELDS,
            Step::Profile => Profile::FIELDS,
            Step::Expertise => Expertise::FIELDS,
            Step::Availability => Availability::FIELDS,
            Step::Cv => &[],
            Step::Consent => Consent::FIELDS,
        }
    }
}

impl Step {
    pub const ALL: [Step; 6] =
        [Step::Identity, Step::Profile, Step::Expertise, Step::Availability, Step::Cv, Step::Consent];

    pub fn problems(self, form: &RawForm, choices: &ExpertChoices) -> Vec<FieldError> {
        match self {
            Step::Identity => problems_of::<Identity>(form, choices),
            Step::Profile => problems_of::<Profile>(form, choices),
            Step::Expertise => problems_of::<Expertise>(form, choices),
            Step::Availability => problems_of::<Availability>(form, choices),
            Step::Cv => Vec::new(),
            Step::Consent => problems_of::<Consent>(form, choices),
        }
    }
}

/// Step 1: who the expert is and how to reach them.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Identity {
    #[validate(required, custom(function = "line"))]
    pub full_name: Option<String>,
    #[validate(required, custom(function = "crate::steps::email"))]
    pub email: Option<String>,
    #[validate(custom(function = "crate::steps::phone"))]
    pub phone: Option<String>,
    #[validate(required)]
    pub nationality: Option<String>,
    #[validate(required)]
    pub residence: Option<String>,
    pub gender: Option<String>,
}

impl StepFields for Identity {
    type Choices = ExpertChoices;
    const FIELDS: &'static [&'static str] = &["full_name", "email", "phone", "nationality", "residence", "gender"];

    fn read(form: &RawForm) -> Self {
        Identity {
            full_name: form.text("full_name"),
            email: form.text("email"),
            phone: form.text("phone"),
            nationality: form.text("nationality"),
            residence: form.text("residence"),
            gender: form.text("gender"),
        }
    }

    fn check_choices(&self, choices: &ExpertChoices, errors: &mut Vec<FieldError>) {
        require_choice(errors, "nationality", &self.nationality, &choices.all_countries, Problem::UnknownChoice);
        require_choice(errors, "residence", &self.residence, &choices.all_countries, Problem::UnknownChoice);
        require_known(errors, "gender", &self.gender, &GENDERS);
    }
}

fn years(text: &str) -> Result<(), ValidationError> {
    rules::whole_number(text, 0, MAX_YEARS).map(|_| ()).map_err(Into::into)
}

/// Step 2: where the expert works and what they bring.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Profile {
    #[validate(required)]
    pub sector: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub position: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub employer: Option<String>,
    #[validate(required, custom(function = "years"))]
    pub years_experience: Option<String>,
    #[validate(required, custom(function = "note"))]
    pub education: Option<String>,
    /// Level per roster language, in `ROSTER_LANGUAGES` order (`None`: not spoken).
    pub levels: Vec<Option<String>>,
    #[validate(custom(function = "line"))]
    pub other_languages: Option<String>,
}

/// The form field of a roster language's level.
pub fn level_field(language: &str) -> String {
    format!("language_{language}")
}

impl StepFields for Profile {
    type Choices = ExpertChoices;
    const FIELDS: &'static [&'static str] = &[
        "sector",
        "position",
        "employer",
        "years_experience",
        "education",
        "language_en",
        "language_fr",
        "language_pt",
        "language_es",
        "other_languages",
    ];

    fn read(form: &RawForm) -> Self {
        Profile {
            sector: form.text("sector"),
            position: form.text("position"),
            employer: form.text("employer"),
            years_experience: form.text("years_experience"),
            education: form.text("education"),
            levels: ROSTER_LANGUAGES.iter().map(|l| form.text(&level_field(l))).collect(),
            other_languages: form.text("other_languages"),
        }
    }

    fn check_choices(&self, _choices: &ExpertChoices, errors: &mut Vec<FieldError>) {
        require_known(errors, "sector", &self.sector, &SECTORS);
        for (language, level) in ROSTER_LANGUAGES.iter().zip(&self.levels) {
            require_known(errors, &level_field(language), level, &CEFR_LEVELS);
        }
        if self.levels.iter().all(Option::is_none) {
            errors.push(FieldError::new("language_en", Problem::NoWorkingLanguage));
        }
    }
}

impl Profile {
    /// `(language, level)` for each roster language the expert speaks.
    pub fn languages(&self) -> Vec<(&'static str, &str)> {
        ROSTER_LANGUAGES.iter().zip(&self.levels).filter_map(|(l, level)| Some((*l, level.as_deref()?))).collect()
    }
}

fn topic_count(topics: &[String]) -> Result<(), ValidationError> {
    chosen_between_one_and(topics, MAX_TOPICS)
}

/// Step 3: what the expert knows and where they have worked.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Expertise {
    #[validate(custom(function = "topic_count"))]
    pub topics: Vec<String>,
    pub typologies: Vec<String>,
    pub regions: Vec<String>,
    pub countries: Vec<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub expertise_summary: Option<String>,
}

impl StepFields for Expertise {
    type Choices = ExpertChoices;
    const FIELDS: &'static [&'static str] = &["topics", "typologies", "regions", "countries", "expertise_summary"];

    fn read(form: &RawForm) -> Self {
        Expertise {
            topics: form.values("topics"),
            typologies: form.values("typologies"),
            regions: form.values("regions"),
            countries: form.values("countries"),
            expertise_summary: form.text("expertise_summary"),
        }
    }

    fn check_choices(&self, choices: &ExpertChoices, errors: &mut Vec<FieldError>) {
        require_choices(errors, "topics", &self.topics, &choices.topics, Problem::TopicOutOfScope);
        require_choices(errors, "typologies", &self.typologies, &choices.typologies, Problem::UnknownChoice);
        require_choices(errors, "regions", &self.regions, &choices.regions, Problem::UnknownChoice);
        require_choices(errors, "countries", &self.countries, &choices.countries, Problem::NotAcpCountry);
    }
}

/// A period the expert cannot work, both days included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unavailable {
    pub from: String,
    pub until: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referee {
    pub name: String,
    pub organisation: String,
    pub email: String,
}

fn lengths(values: &[String]) -> Result<(), ValidationError> {
    chosen_between_one_and(values, ASSIGNMENT_LENGTHS.len() as u32)
}

/// Step 4: when the expert can work, and who can vouch for them.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Availability {
    #[validate(custom(function = "lengths"))]
    pub assignment_lengths: Vec<String>,
    /// Rows as typed: `(from, until)`, blank rows left out later.
    #[validate(skip)]
    pub unavailable_rows: Vec<(Option<String>, Option<String>)>,
    #[validate(skip)]
    pub referee_rows: Vec<[Option<String>; 3]>,
}

const REFEREE_PARTS: [&str; 3] = ["name", "organisation", "email"];

impl StepFields for Availability {
    type Choices = ExpertChoices;
    const FIELDS: &'static [&'static str] = &[
        "assignment_lengths",
        "unavailable_from_1",
        "unavailable_until_1",
        "unavailable_from_2",
        "unavailable_until_2",
        "unavailable_from_3",
        "unavailable_until_3",
        "referee_name_1",
        "referee_organisation_1",
        "referee_email_1",
        "referee_name_2",
        "referee_organisation_2",
        "referee_email_2",
    ];

    fn read(form: &RawForm) -> Self {
        Availability {
            assignment_lengths: form.values("assignment_lengths"),
            unavailable_rows: (1..=UNAVAILABLE_ROWS)
                .map(|row| {
                    (
                        form.text(&row_field("unavailable", row, "from")),
                        form.text(&row_field("unavailable", row, "until")),
                    )
                })
                .collect(),
            referee_rows: (1..=REFEREE_ROWS)
                .map(|row| REFEREE_PARTS.map(|part| form.text(&row_field("referee", row, part))))
                .collect(),
        }
    }

    fn check_choices(&self, _choices: &ExpertChoices, errors: &mut Vec<FieldError>) {
        for value in &self.assignment_lengths {
            require_known(errors, "assignment_lengths", &Some(value.clone()), &ASSIGNMENT_LENGTHS);
        }
        for (i, (from, until)) in self.unavailable_rows.iter().enumerate() {
            let (from_field, until_field) =
                (row_field("unavailable", i + 1, "from"), row_field("unavailable", i + 1, "until"));
            let from_day = from.as_deref().map(rules::date);
            let until_day = until.as_deref().map(rules::date);
            match (&from_day, &until_day) {
                (Some(Err(problem)), _) => errors.push(FieldError::new(&from_field, *problem)),
                (None, Some(_)) => errors.push(FieldError::new(&from_field, Problem::Required)),
                _ => {}
            }
            match (&from_day, &until_day) {
                (_, Some(Err(problem))) => errors.push(FieldError::new(&until_field, *problem)),
                (Some(_), None) => errors.push(FieldError::new(&until_field, Problem::Required)),
                (Some(Ok(start)), Some(Ok(end))) if end < start => {
                    errors.push(FieldError::new(&until_field, Problem::EndBeforeStart))
                }
                _ => {}
            }
        }
        for (i, row) in self.referee_rows.iter().enumerate() {
            // The first referee is required; the second only once any part of it is given.
            let required = i == 0 || row.iter().any(Option::is_some);
            for (part, value) in REFEREE_PARTS.iter().zip(row) {
                let field = row_field("referee", i + 1, part);
                let problem = match value {
                    None if required => Some(Problem::Required),
                    None => None,
                    Some(text) if *part == "email" => rules::email(text).err(),
                    Some(text) => rules::at_most(text, LINE_MAX).err(),
                };
                if let Some(problem) = problem {
                    errors.push(FieldError::new(&field, problem));
                }
            }
        }
    }
}

impl Availability {
    pub fn unavailable(&self) -> Vec<Unavailable> {
        self.unavailable_rows
            .iter()
            .filter_map(|(from, until)| Some(Unavailable { from: from.clone()?, until: until.clone()? }))
            .collect()
    }

    pub fn referees(&self) -> Vec<Referee> {
        self.referee_rows
            .iter()
            .filter_map(|[name, organisation, email]| {
                Some(Referee { name: name.clone()?, organisation: organisation.clone()?, email: email.clone()? })
            })
            .collect()
    }
}

/// Last step: consent to the roster keeping the profile, and the conflict-of-interest
/// declaration.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Consent {
    pub consent: Option<String>,
    #[validate(required)]
    pub coi: Option<String>,
    #[validate(custom(function = "note"))]
    pub coi_details: Option<String>,
}

impl StepFields for Consent {
    type Choices = ExpertChoices;
    const FIELDS: &'static [&'static str] = &["consent", "coi", "coi_details"];

    fn read(form: &RawForm) -> Self {
        Consent { consent: form.text("consent"), coi: form.text("coi"), coi_details: form.text("coi_details") }
    }

    fn check_choices(&self, _choices: &ExpertChoices, errors: &mut Vec<FieldError>) {
        if self.consent.as_deref() != Some(CONSENT_YES) {
            errors.push(FieldError::new("consent", Problem::ConsentNeeded));
        }
        require_known(errors, "coi", &self.coi, &[COI_NONE, COI_DECLARED]);
        if self.coi.as_deref() == Some(COI_DECLARED) && self.coi_details.is_none() {
            errors.push(FieldError::new("coi_details", Problem::Required));
        }
    }
}

/// A complete, checked profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpertForm {
    pub identity: Identity,
    pub profile: Profile,
    pub expertise: Expertise,
    pub availability: Availability,
    pub consent: Consent,
}

impl ExpertForm {
    /// Checks every answer step; on failure, the first step with a problem and its problems.
    pub fn check(form: &RawForm, choices: &ExpertChoices) -> Result<ExpertForm, (Step, Vec<FieldError>)> {
        Ok(ExpertForm {
            identity: check::<Identity>(form, choices).map_err(|e| (Step::Identity, e))?,
            profile: check::<Profile>(form, choices).map_err(|e| (Step::Profile, e))?,
            expertise: check::<Expertise>(form, choices).map_err(|e| (Step::Expertise, e))?,
            availability: check::<Availability>(form, choices).map_err(|e| (Step::Availability, e))?,
            consent: check::<Consent>(form, choices).map_err(|e| (Step::Consent, e))?,
        })
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    pub fn choices() -> ExpertChoices {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        ExpertChoices {
            all_countries: owned(&["SEN", "KEN", "FRA", "BRA", "PRT"]),
            countries: owned(&["SEN", "KEN"]),
            regions: owned(&["West Africa", "Pacific"]),
            topics: owned(&["visas", "labour_migration"]),
            typologies: owned(&["capacity_building"]),
        }
    }

    /// A complete application, as a browser posts it.
    pub fn complete_form() -> RawForm {
        RawForm::from_pairs([
            ("full_name", "Ana Exemplo"),
            ("email", "ana@example.org"),
            ("nationality", "PRT"),
            ("residence", "SEN"),
            ("gender", "undisclosed"),
            ("sector", "academia"),
            ("position", "Senior lecturer"),
            ("employer", "Example University"),
            ("years_experience", "12"),
            ("education", "PhD in migration studies"),
            ("language_fr", "C1"),
            ("language_pt", "C2"),
            ("topics", "labour_migration"),
            ("regions", "West Africa"),
            ("countries", "SEN"),
            ("expertise_summary", "Twelve years of research and advice on labour migration in West Africa."),
            ("assignment_lengths", "short_term"),
            ("referee_name_1", "Dr Referee"),
            ("referee_organisation_1", "Another University"),
            ("referee_email_1", "referee@example.org"),
            ("consent", "yes"),
            ("coi", "none"),
        ])
    }

    fn problems(step: Step, form: &RawForm) -> Vec<(String, Problem)> {
        step.problems(form, &choices()).into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_complete_application_passes() {
        let checked = ExpertForm::check(&complete_form(), &choices()).expect("valid");
        assert_eq!(checked.profile.languages(), [("fr", "C1"), ("pt", "C2")]);
        assert_eq!(checked.availability.referees().len(), 1);
        assert!(checked.availability.unavailable().is_empty());
    }

    #[test]
    fn nationality_may_be_any_country_but_experience_counts_only_acp_states() {
        let mut form = complete_form();
        form.set("nationality", vec!["BRA".into()]);
        assert!(problems(Step::Identity, &form).is_empty());
        form.set("nationality", vec!["XXX".into()]);
        assert_eq!(problems(Step::Identity, &form), [("nationality".into(), Problem::UnknownChoice)]);
        form.set("countries", vec!["FRA".into()]);
        assert_eq!(problems(Step::Expertise, &form), [("countries".into(), Problem::NotAcpCountry)]);
    }

    #[test]
    fn at_least_one_working_language_with_a_cefr_level() {
        let mut form = complete_form();
        form.set("language_fr", vec![]);
        form.set("language_pt", vec![]);
        assert_eq!(problems(Step::Profile, &form), [("language_en".into(), Problem::NoWorkingLanguage)]);
        form.set("language_es", vec!["fluent".into()]);
        assert_eq!(problems(Step::Profile, &form), [("language_es".into(), Problem::UnknownChoice)]);
    }

    #[test]
    fn years_of_experience_are_a_whole_number_in_range() {
        let mut form = complete_form();
        for (typed, problem) in
            [("twelve", Problem::WholeNumber { min: 0, max: 60 }), ("61", Problem::WholeNumber { min: 0, max: 60 })]
        {
            form.set("years_experience", vec![typed.into()]);
            assert_eq!(problems(Step::Profile, &form), [("years_experience".into(), problem)]);
        }
    }

    #[test]
    fn unavailable_periods_need_both_dates_in_order() {
        let mut form = complete_form();
        form.set("unavailable_from_1", vec!["2027-02-01".into()]);
        assert_eq!(problems(Step::Availability, &form), [("unavailable_until_1".into(), Problem::Required)]);
        form.set("unavailable_until_1", vec!["2027-01-15".into()]);
        assert_eq!(problems(Step::Availability, &form), [("unavailable_until_1".into(), Problem::EndBeforeStart)]);
        form.set("unavailable_until_1", vec!["2027-02-30".into()]);
        assert_eq!(problems(Step::Availability, &form), [("unavailable_until_1".into(), Problem::Date)]);
        form.set("unavailable_until_1", vec!["2027-03-31".into()]);
        let checked = check::<Availability>(&form, &choices()).unwrap();
        assert_eq!(checked.unavailable(), [Unavailable { from: "2027-02-01".into(), until: "2027-03-31".into() }]);
    }

    #[test]
    fn the_first_referee_is_required_and_a_second_all_or_nothing() {
        let mut form = complete_form();
        form.set("referee_email_1", vec![]);
        form.set("referee_name_2", vec!["Half a referee".into()]);
        assert_eq!(
            problems(Step::Availability, &form),
            [
                ("referee_email_1".into(), Problem::Required),
                ("referee_organisation_2".into(), Problem::Required),
                ("referee_email_2".into(), Problem::Required),
            ]
        );
    }

    #[test]
    fn consent_and_a_declaration_are_needed_and_a_declared_conflict_is_explained() {
        let mut form = complete_form();
        form.set("consent", vec![]);
        form.set("coi", vec!["declared".into()]);
        assert_eq!(
            problems(Step::Consent, &form),
            [("consent".into(), Problem::ConsentNeeded), ("coi_details".into(), Problem::Required)]
        );
        let (step, _) = ExpertForm::check(&form, &choices()).unwrap_err();
        assert_eq!(step, Step::Consent);
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
        assert!(seen.contains(&row_field("referee", 2, "email").as_str()));
        assert!(seen.contains(&level_field("es").as_str()));
    }
}
