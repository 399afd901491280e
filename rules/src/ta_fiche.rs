//! The TA fiche: the terms of reference staff write at the TA-fiche stage. Its frame
//! (objectives, partners, SDG targets), the results it expects with their indicators, the
//! activities it plans and the expert profiles it needs are posted by forms of their own, one row at a time, so that each
//! works without JavaScript and a problem never costs what else was written.

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::assignment::MAX_WORKING_DAYS;
use crate::form::{rules, FieldError, Problem, RawForm};
use crate::steps::{chosen_between_one_and, line, note, paragraph, require_known, StepFields};
use crate::ta_request::WORK_LANGUAGES;

/// The kinds of activity a MIEUX action was made of (the 003 seed's actions).
pub const ACTIVITY_KINDS: [&str; 8] = [
    "fact_finding_mission",
    "seminar",
    "workshop",
    "study_visit",
    "training",
    "training_of_trainers",
    "joint_drafting_session",
    "remote_support",
];

/// Who works with the programme on a TA.
pub const PARTNER_KINDS: [&str; 4] = ["eu_delegation", "un_agencies", "acp_secretariat", "others"];

/// The Sustainable Development Goal targets migration work serves.
pub const SDG_TARGETS: [&str; 8] = ["5.2", "8.7", "8.8", "10.7", "10.c", "16.2", "16.9", "17.18"];

/// The most participants one activity plans for.
pub const PARTICIPANTS_MAX: u32 = 10_000;
/// The largest target an indicator takes (a count or a percentage).
pub const TARGET_MAX: u32 = 10_000_000;

/// The fiche's frame: what the assistance sets out to do, and with whom.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct FicheFrame {
    #[validate(required, custom(function = "paragraph"))]
    pub objectives: Option<String>,
    /// Codes of `PARTNER_KINDS`.
    pub partners: Vec<String>,
    /// The partners by name (which UN agencies, which others).
    #[validate(custom(function = "line"))]
    pub partner_names: Option<String>,
    /// Codes of `SDG_TARGETS`.
    pub sdg_targets: Vec<String>,
}

impl StepFields for FicheFrame {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &["objectives", "partners", "partner_names", "sdg_targets"];

    fn read(form: &RawForm) -> Self {
        FicheFrame {
            objectives: form.text("objectives"),
            partners: form.values("partners"),
            partner_names: form.text("partner_names"),
            sdg_targets: form.values("sdg_targets"),
        }
    }

    fn check_choices(&self, _choices: &(), errors: &mut Vec<FieldError>) {
        for (field, values, known) in
            [("partners", &self.partners, &PARTNER_KINDS[..]), ("sdg_targets", &self.sdg_targets, &SDG_TARGETS[..])]
        {
            if values.iter().any(|v| !known.contains(&v.as_str())) {
                errors.push(FieldError::new(field, Problem::UnknownChoice));
            }
        }
    }
}

/// A result the assistance is to bring about; its indicators are added to it one by one.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct ExpectedResult {
    #[validate(required, custom(function = "note"))]
    pub result: Option<String>,
}

impl StepFields for ExpectedResult {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &["result"];

    fn read(form: &RawForm) -> Self {
        ExpectedResult { result: form.text("result") }
    }

    fn check_choices(&self, _choices: &(), _errors: &mut Vec<FieldError>) {}
}

/// How a result is measured: what is counted, in which unit, the target and where the
/// figure will come from. Its baseline and achieved values come at later stages.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Indicator {
    /// The result it measures, by its number in the fiche (`ResultChoices`).
    #[validate(required)]
    pub for_result: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub indicator: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub unit: Option<String>,
    #[validate(required, custom(function = "whole_target"))]
    pub target: Option<String>,
    /// The means of verification.
    #[validate(required, custom(function = "line"))]
    pub verification: Option<String>,
}

/// The results an indicator may be added to: their ids as the form offers them.
pub type ResultChoices = Vec<String>;

impl StepFields for Indicator {
    type Choices = ResultChoices;
    const FIELDS: &'static [&'static str] = &["for_result", "indicator", "unit", "target", "verification"];

    fn read(form: &RawForm) -> Self {
        Indicator {
            for_result: form.text("for_result"),
            indicator: form.text("indicator"),
            unit: form.text("unit"),
            target: form.text("target"),
            verification: form.text("verification"),
        }
    }

    fn check_choices(&self, results: &ResultChoices, errors: &mut Vec<FieldError>) {
        if let Some(result) = &self.for_result {
            if !results.contains(result) {
                errors.push(FieldError::new("for_result", Problem::UnknownChoice));
            }
        }
    }
}

impl Indicator {
    /// The target as a number, once checked.
    pub fn target_value(&self) -> i64 {
        checked_whole(&self.target)
    }
}

/// A whole-number field as stored, once its rule has passed (0 is never reached then).
pub(crate) fn checked_whole(value: &Option<String>) -> i64 {
    value.as_deref().and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

pub(crate) fn whole_target(text: &str) -> Result<(), ValidationError> {
    rules::whole_number(text, 0, TARGET_MAX).map(|_| ()).map_err(Into::into)
}

fn participant_count(text: &str) -> Result<(), ValidationError> {
    rules::whole_number(text, 1, PARTICIPANTS_MAX).map(|_| ()).map_err(Into::into)
}

pub(crate) fn day(text: &str) -> Result<(), ValidationError> {
    rules::date(text).map(|_| ()).map_err(Into::into)
}

/// An activity the fiche plans: what, when, where (or remote), in which language, for how
/// many people.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct PlannedActivity {
    /// One of `ACTIVITY_KINDS`.
    #[validate(required)]
    pub activity_kind: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub activity_title: Option<String>,
    #[validate(required, custom(function = "day"))]
    pub starts_on: Option<String>,
    #[validate(required, custom(function = "day"))]
    pub ends_on: Option<String>,
    /// Held remotely: then no place is asked for.
    pub remote: bool,
    #[validate(custom(function = "line"))]
    pub place: Option<String>,
    /// One of `WORK_LANGUAGES`.
    #[validate(required)]
    pub activity_language: Option<String>,
    #[validate(required, custom(function = "participant_count"))]
    pub participants: Option<String>,
}

impl StepFields for PlannedActivity {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &[
        "activity_kind",
        "activity_title",
        "starts_on",
        "ends_on",
        "remote",
        "place",
        "activity_language",
        "participants",
    ];

    fn read(form: &RawForm) -> Self {
        PlannedActivity {
            activity_kind: form.text("activity_kind"),
            activity_title: form.text("activity_title"),
            starts_on: form.text("starts_on"),
            ends_on: form.text("ends_on"),
            remote: form.has("remote", "yes"),
            place: form.text("place"),
            activity_language: form.text("activity_language"),
            participants: form.text("participants"),
        }
    }

    fn check_choices(&self, _choices: &(), errors: &mut Vec<FieldError>) {
        require_known(errors, "activity_kind", &self.activity_kind, &ACTIVITY_KINDS);
        require_known(errors, "activity_language", &self.activity_language, &WORK_LANGUAGES);
        let day = |value: &Option<String>| value.as_deref().and_then(|v| rules::date(v).ok());
        if let (Some(starts), Some(ends)) = (day(&self.starts_on), day(&self.ends_on)) {
            if ends < starts {
                errors.push(FieldError::new("ends_on", Problem::EndBeforeStart));
            }
        }
        if !self.remote && self.place.is_none() {
            errors.push(FieldError::new("place", Problem::Required));
        }
    }
}

impl PlannedActivity {
    /// The participants expected, once checked.
    pub fn participants_value(&self) -> i64 {
        checked_whole(&self.participants)
    }
}

/// The most topics one expert profile names.
pub const PROFILE_TOPICS_MAX: u32 = 5;

fn profile_topic_count(topics: &[String]) -> Result<(), ValidationError> {
    chosen_between_one_and(topics, PROFILE_TOPICS_MAX)
}

fn profile_language_count(languages: &[String]) -> Result<(), ValidationError> {
    chosen_between_one_and(languages, WORK_LANGUAGES.len() as u32)
}

fn expert_days(text: &str) -> Result<(), ValidationError> {
    rules::whole_number(text, 1, MAX_WORKING_DAYS).map(|_| ()).map_err(Into::into)
}

/// An expert the TA needs: what kind of expert, on which topics, in which languages, for how
/// many working days (at most the programme's 60 per expert).
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct ExpertProfile {
    #[validate(required, custom(function = "line"))]
    pub profile: Option<String>,
    /// Topic codes of the taxonomy.
    #[validate(custom(function = "profile_topic_count"))]
    pub profile_topics: Vec<String>,
    /// Codes of `WORK_LANGUAGES`.
    #[validate(custom(function = "profile_language_count"))]
    pub profile_languages: Vec<String>,
    #[validate(required, custom(function = "expert_days"))]
    pub working_days: Option<String>,
}

/// The topic codes a profile may name (the taxonomy's).
pub type TopicChoices = Vec<String>;

impl StepFields for ExpertProfile {
    type Choices = TopicChoices;
    const FIELDS: &'static [&'static str] = &["profile", "profile_topics", "profile_languages", "working_days"];

    fn read(form: &RawForm) -> Self {
        ExpertProfile {
            profile: form.text("profile"),
            profile_topics: form.values("profile_topics"),
            profile_languages: form.values("profile_languages"),
            working_days: form.text("working_days"),
        }
    }

    fn check_choices(&self, topics: &TopicChoices, errors: &mut Vec<FieldError>) {
        if self.profile_topics.iter().any(|t| !topics.contains(t)) {
            errors.push(FieldError::new("profile_topics", Problem::UnknownChoice));
        }
        if self.profile_languages.iter().any(|l| !WORK_LANGUAGES.contains(&l.as_str())) {
            errors.push(FieldError::new("profile_languages", Problem::UnknownChoice));
        }
    }
}

impl ExpertProfile {
    /// The working days, once checked.
    pub fn days(&self) -> i64 {
        checked_whole(&self.working_days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::check;

    fn fields(errors: &[FieldError]) -> Vec<(&str, Problem)> {
        errors.iter().map(|e| (e.field.as_str(), e.problem)).collect()
    }

    #[test]
    fn the_frame_needs_objectives_and_takes_only_listed_partners_and_targets() {
        let objectives = "Support the drafting of a national labour migration policy.";
        let good = RawForm::from_pairs([
            ("objectives", objectives),
            ("partners", "eu_delegation"),
            ("partners", "un_agencies"),
            ("partner_names", "IOM, ILO"),
            ("sdg_targets", "10.7"),
        ]);
        let frame = check::<FicheFrame>(&good, &()).unwrap();
        assert_eq!(frame.partners, ["eu_delegation", "un_agencies"]);

        let bad = RawForm::from_pairs([("partners", "nobody"), ("sdg_targets", "99.9")]);
        let errors = check::<FicheFrame>(&bad, &()).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("objectives", Problem::Required),
                ("partners", Problem::UnknownChoice),
                ("sdg_targets", Problem::UnknownChoice)
            ]
        );
    }

    #[test]
    fn an_indicator_belongs_to_a_result_of_the_fiche_and_its_target_is_a_number() {
        let form = |result: &str, target: &str| {
            RawForm::from_pairs([
                ("for_result", result),
                ("indicator", "Officials trained in victim identification"),
                ("unit", "officials"),
                ("target", target),
                ("verification", "Attendance lists"),
            ])
        };
        let results = vec!["7".to_owned()];
        assert_eq!(check::<Indicator>(&form("7", "40"), &results).unwrap().target_value(), 40);
        let errors = check::<Indicator>(&form("8", "forty"), &results).unwrap_err();
        assert_eq!(
            fields(&errors),
            [("for_result", Problem::UnknownChoice), ("target", Problem::WholeNumber { min: 0, max: TARGET_MAX })]
        );
    }

    #[test]
    fn an_activity_ends_after_it_starts_and_has_a_place_unless_remote() {
        let mut pairs = vec![
            ("activity_kind", "workshop"),
            ("activity_title", "Validation workshop"),
            ("starts_on", "2027-03-10"),
            ("ends_on", "2027-03-09"),
            ("activity_language", "fr"),
            ("participants", "25"),
        ];
        let errors = check::<PlannedActivity>(&RawForm::from_pairs(pairs.clone()), &()).unwrap_err();
        assert_eq!(fields(&errors), [("ends_on", Problem::EndBeforeStart), ("place", Problem::Required)]);

        pairs[3] = ("ends_on", "2027-03-11");
        pairs.push(("remote", "yes"));
        let activity = check::<PlannedActivity>(&RawForm::from_pairs(pairs), &()).unwrap();
        assert!(activity.remote);
        assert_eq!(activity.participants_value(), 25);
    }

    #[test]
    fn an_activity_of_an_unknown_kind_or_language_or_no_participants_is_refused() {
        let form = RawForm::from_pairs([
            ("activity_kind", "party"),
            ("activity_title", "Something"),
            ("starts_on", "2027-02-30"),
            ("ends_on", "2027-03-01"),
            ("place", "Lomé"),
            ("activity_language", "de"),
            ("participants", "0"),
        ]);
        let errors = check::<PlannedActivity>(&form, &()).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("activity_kind", Problem::UnknownChoice),
                ("starts_on", Problem::Date),
                ("activity_language", Problem::UnknownChoice),
                ("participants", Problem::WholeNumber { min: 1, max: PARTICIPANTS_MAX }),
            ]
        );
    }

    #[test]
    fn an_expert_profile_names_known_topics_and_languages_and_at_most_sixty_days() {
        let topics = vec!["asylum".to_owned(), "trafficking_in_human_beings".to_owned()];
        let form = |days: &str, topic: &str, language: &str| {
            RawForm::from_pairs([
                ("profile", "Legal drafter with asylum law experience"),
                ("profile_topics", topic),
                ("profile_languages", language),
                ("working_days", days),
            ])
        };
        assert_eq!(check::<ExpertProfile>(&form("25", "asylum", "pt"), &topics).unwrap().days(), 25);
        let errors = check::<ExpertProfile>(&form("61", "cooking", "de"), &topics).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("profile_topics", Problem::UnknownChoice),
                ("profile_languages", Problem::UnknownChoice),
                ("working_days", Problem::WholeNumber { min: 1, max: MAX_WORKING_DAYS })
            ]
        );
        let none = check::<ExpertProfile>(&RawForm::from_pairs([("profile", "Anyone")]), &topics).unwrap_err();
        assert_eq!(
            fields(&none),
            [
                ("profile_topics", Problem::Required),
                ("profile_languages", Problem::Required),
                ("working_days", Problem::Required)
            ]
        );
    }
}
