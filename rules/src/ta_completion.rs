//! Completing a TA: each fiche indicator's achieved value (against its baseline and target),
//! or the reason it could not be measured; the lessons the programme learned; and the
//! requester's assessment, given on the tracking link once the TA is completed.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::form::{rules, FieldError, Problem, RawForm};
use crate::steps::{line, note, paragraph, require_known, StepFields};
use crate::ta_baseline::BaselineChoices;
use crate::ta_fiche::{checked_whole, day, whole_target};

/// An indicator's value at the end: a figure in its unit with the day it held and its source,
/// or why there is none. A second one for the same indicator replaces the first.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct IndicatorResult {
    /// The fiche's indicator, by its id as the form offers it.
    #[validate(required)]
    pub for_indicator: Option<String>,
    #[validate(custom(function = "whole_target"))]
    pub achieved_value: Option<String>,
    #[validate(custom(function = "day"))]
    pub achieved_on: Option<String>,
    #[validate(custom(function = "line"))]
    pub achieved_source: Option<String>,
    /// Instead of a value: why none could be measured ("the survey is due in 2028").
    #[validate(custom(function = "note"))]
    pub unmeasured_reason: Option<String>,
}

impl StepFields for IndicatorResult {
    /// The fiche's indicators, and today: an achievement is measured by now.
    type Choices = BaselineChoices;
    const FIELDS: &'static [&'static str] =
        &["for_indicator", "achieved_value", "achieved_on", "achieved_source", "unmeasured_reason"];

    fn read(form: &RawForm) -> Self {
        IndicatorResult {
            for_indicator: form.text("for_indicator"),
            achieved_value: form.text("achieved_value"),
            achieved_on: form.text("achieved_on"),
            achieved_source: form.text("achieved_source"),
            unmeasured_reason: form.text("unmeasured_reason"),
        }
    }

    fn check_choices(&self, choices: &BaselineChoices, errors: &mut Vec<FieldError>) {
        if self.for_indicator.as_ref().is_some_and(|i| !choices.indicators.contains(i)) {
            errors.push(FieldError::new("for_indicator", Problem::UnknownChoice));
        }
        match (&self.achieved_value, &self.unmeasured_reason) {
            (None, None) => errors.push(FieldError::new("achieved_value", Problem::ValueOrReason)),
            (Some(_), Some(_)) => errors.push(FieldError::new("unmeasured_reason", Problem::ValueOrReason)),
            (Some(_), None) => {
                if self.achieved_on.is_none() {
                    errors.push(FieldError::new("achieved_on", Problem::Required));
                }
                if self.achieved_source.is_none() {
                    errors.push(FieldError::new("achieved_source", Problem::Required));
                }
                let measured = self.achieved_on.as_deref().and_then(|d| rules::date(d).ok());
                if measured.is_some_and(|d| d > choices.today) {
                    errors.push(FieldError::new("achieved_on", Problem::DateInFuture));
                }
            }
            (None, Some(_)) => {}
        }
    }
}

impl IndicatorResult {
    /// The indicator's id, once checked.
    pub fn indicator_id(&self) -> i64 {
        checked_whole(&self.for_indicator)
    }

    /// What was achieved, once checked: the value with its day and source, or `None` when a
    /// reason stands in for it.
    pub fn achieved(&self) -> Option<(i64, String, String)> {
        self.achieved_value.as_ref()?;
        Some((
            checked_whole(&self.achieved_value),
            self.achieved_on.clone().unwrap_or_default(),
            self.achieved_source.clone().unwrap_or_default(),
        ))
    }
}

/// What the programme learned from the TA, for the next ones (and, later, its publications).
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Lessons {
    #[validate(required, custom(function = "paragraph"))]
    pub lessons: Option<String>,
}

impl StepFields for Lessons {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &["lessons"];

    fn read(form: &RawForm) -> Self {
        Lessons { lessons: form.text("lessons") }
    }

    fn check_choices(&self, _choices: &(), _errors: &mut Vec<FieldError>) {}
}

/// The marks of the assessment's two scales, from 1 (not at all) to 5 (very).
pub const SCALE: [&str; 5] = ["1", "2", "3", "4", "5"];
/// Whether the requester wants follow-up assistance.
pub const FOLLOW_UP_ANSWERS: [&str; 2] = ["yes", "no"];

/// The requester's assessment of a completed TA. A second one replaces the first.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Assessment {
    /// How useful the TA was to the institution, on `SCALE`.
    #[validate(required)]
    pub usefulness: Option<String>,
    /// How satisfied the institution is with how it was run, on `SCALE`.
    #[validate(required)]
    pub satisfaction: Option<String>,
    /// One of `FOLLOW_UP_ANSWERS`.
    #[validate(required)]
    pub follow_up: Option<String>,
    /// What follow-up is wanted: asked when it is.
    #[validate(custom(function = "note"))]
    pub follow_up_needs: Option<String>,
    #[validate(custom(function = "note"))]
    pub assessment_comments: Option<String>,
}

impl StepFields for Assessment {
    type Choices = ();
    const FIELDS: &'static [&'static str] =
        &["usefulness", "satisfaction", "follow_up", "follow_up_needs", "assessment_comments"];

    fn read(form: &RawForm) -> Self {
        Assessment {
            usefulness: form.text("usefulness"),
            satisfaction: form.text("satisfaction"),
            follow_up: form.text("follow_up"),
            follow_up_needs: form.text("follow_up_needs"),
            assessment_comments: form.text("assessment_comments"),
        }
    }

    fn check_choices(&self, _choices: &(), errors: &mut Vec<FieldError>) {
        require_known(errors, "usefulness", &self.usefulness, &SCALE);
        require_known(errors, "satisfaction", &self.satisfaction, &SCALE);
        require_known(errors, "follow_up", &self.follow_up, &FOLLOW_UP_ANSWERS);
        if self.wants_follow_up() && self.follow_up_needs.is_none() {
            errors.push(FieldError::new("follow_up_needs", Problem::Required));
        }
    }
}

impl Assessment {
    pub fn wants_follow_up(&self) -> bool {
        self.follow_up.as_deref() == Some("yes")
    }

    /// A mark of `SCALE`, once checked.
    pub fn mark(value: &Option<String>) -> i64 {
        checked_whole(value)
    }
}

/// The completed request a request follows up, by its reference; none to unlink.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct FollowUpOf {
    pub follows: Option<String>,
}

impl StepFields for FollowUpOf {
    /// The references of the requests it may follow.
    type Choices = Vec<String>;
    const FIELDS: &'static [&'static str] = &["follows"];

    fn read(form: &RawForm) -> Self {
        FollowUpOf { follows: form.text("follows") }
    }

    fn check_choices(&self, choices: &Vec<String>, errors: &mut Vec<FieldError>) {
        crate::steps::require_choice(errors, "follows", &self.follows, choices, Problem::UnknownChoice);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::check;
    use time::Date;

    fn fields(errors: &[FieldError]) -> Vec<(&str, Problem)> {
        errors.iter().map(|e| (e.field.as_str(), e.problem)).collect()
    }

    fn choices() -> BaselineChoices {
        BaselineChoices {
            indicators: vec!["4".to_owned()],
            today: Date::from_calendar_date(2028, time::Month::June, 1).unwrap(),
        }
    }

    #[test]
    fn a_result_is_a_value_with_its_day_and_source_or_a_reason() {
        let result = |pairs: &[(&str, &str)]| {
            let mut all = vec![("for_indicator", "4")];
            all.extend_from_slice(pairs);
            check::<IndicatorResult>(&RawForm::from_pairs(all), &choices())
        };
        let value = result(&[("achieved_value", "40"), ("achieved_on", "2028-05-30"), ("achieved_source", "Register")]);
        assert_eq!(value.unwrap().achieved(), Some((40, "2028-05-30".to_owned(), "Register".to_owned())));
        let reason = result(&[("unmeasured_reason", "The survey is due in 2029.")]).unwrap();
        assert_eq!((reason.indicator_id(), reason.achieved()), (4, None));
        assert_eq!(fields(&result(&[]).unwrap_err()), [("achieved_value", Problem::ValueOrReason)]);
        let both = result(&[
            ("achieved_value", "40"),
            ("achieved_on", "2028-05-30"),
            ("achieved_source", "Register"),
            ("unmeasured_reason", "Not yet"),
        ]);
        assert_eq!(fields(&both.unwrap_err()), [("unmeasured_reason", Problem::ValueOrReason)]);
        let bare = result(&[("achieved_value", "40"), ("achieved_on", "2028-06-02")]);
        assert_eq!(
            fields(&bare.unwrap_err()),
            [("achieved_on", Problem::DateInFuture), ("achieved_source", Problem::Required)]
        );
    }

    #[test]
    fn an_assessment_marks_both_scales_and_says_what_follow_up_it_wants() {
        let form = |follow_up: &str, needs: &str| {
            RawForm::from_pairs([
                ("usefulness", "5"),
                ("satisfaction", "4"),
                ("follow_up", follow_up),
                ("follow_up_needs", needs),
            ])
        };
        let given = check::<Assessment>(&form("yes", "Training for the new border posts"), &()).unwrap();
        assert!(given.wants_follow_up());
        assert_eq!(Assessment::mark(&given.usefulness), 5);
        assert_eq!(
            fields(&check::<Assessment>(&form("yes", ""), &()).unwrap_err()),
            [("follow_up_needs", Problem::Required)]
        );
        assert!(check::<Assessment>(&form("no", ""), &()).is_ok());
        let wrong = RawForm::from_pairs([("usefulness", "9"), ("follow_up", "maybe")]);
        assert_eq!(
            fields(&check::<Assessment>(&wrong, &()).unwrap_err()),
            [
                ("usefulness", Problem::UnknownChoice),
                ("satisfaction", Problem::Required),
                ("follow_up", Problem::UnknownChoice)
            ]
        );
    }

    #[test]
    fn a_request_follows_one_of_those_offered_or_none() {
        let offered = vec!["TA-2025-0003".to_owned()];
        let follows = |reference: &str| check::<FollowUpOf>(&RawForm::from_pairs([("follows", reference)]), &offered);
        assert_eq!(follows("TA-2025-0003").unwrap().follows.as_deref(), Some("TA-2025-0003"));
        assert_eq!(follows("").unwrap().follows, None);
        assert_eq!(fields(&follows("TA-2025-0009").unwrap_err()), [("follows", Problem::UnknownChoice)]);
    }

    #[test]
    fn lessons_are_a_paragraph() {
        let short = check::<Lessons>(&RawForm::from_pairs([("lessons", "Few.")]), &()).unwrap_err();
        assert_eq!(fields(&short), [("lessons", Problem::TooShort { min: crate::steps::PARAGRAPH_MIN })]);
    }
}
