//! The baseline assessment: what staff found and recommend, each fiche indicator's value at
//! the start (in the indicator's unit, with when it was measured and where it comes from),
//! and the documents of a stage's work (the report; later an intervention's outputs), each
//! shown to the public or kept for staff. Posted one form at a time, like the fiche.

use serde::{Deserialize, Serialize};
use time::Date;
use validator::Validate;

use crate::form::{rules, Document, FieldError, FileField, Problem, RawForm};
use crate::steps::{line, paragraph, require_known, StepFields};
use crate::ta_fiche::{checked_whole, day, whole_target};
use crate::ta_request::AUDIENCES;

/// What the assessment found, and what it recommends the intervention does.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct BaselineFindings {
    #[validate(required, custom(function = "paragraph"))]
    pub findings: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub recommendations: Option<String>,
}

impl StepFields for BaselineFindings {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &["findings", "recommendations"];

    fn read(form: &RawForm) -> Self {
        BaselineFindings { findings: form.text("findings"), recommendations: form.text("recommendations") }
    }

    fn check_choices(&self, _choices: &(), _errors: &mut Vec<FieldError>) {}
}

/// An indicator's value before the intervention: a figure in its unit, the day it held and
/// its source. A second one for the same indicator replaces the first.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct IndicatorBaseline {
    /// The fiche's indicator, by its id as the form offers it.
    #[validate(required)]
    pub for_indicator: Option<String>,
    #[validate(required, custom(function = "whole_target"))]
    pub baseline_value: Option<String>,
    #[validate(required, custom(function = "day"))]
    pub measured_on: Option<String>,
    #[validate(required, custom(function = "line"))]
    pub source: Option<String>,
}

/// What an indicator's baseline is checked against: the fiche's indicator ids, and today
/// (a measurement cannot come from a day still ahead).
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineChoices {
    pub indicators: Vec<String>,
    pub today: Date,
}

impl StepFields for IndicatorBaseline {
    type Choices = BaselineChoices;
    const FIELDS: &'static [&'static str] = &["for_indicator", "baseline_value", "measured_on", "source"];

    fn read(form: &RawForm) -> Self {
        IndicatorBaseline {
            for_indicator: form.text("for_indicator"),
            baseline_value: form.text("baseline_value"),
            measured_on: form.text("measured_on"),
            source: form.text("source"),
        }
    }

    fn check_choices(&self, choices: &BaselineChoices, errors: &mut Vec<FieldError>) {
        if self.for_indicator.as_ref().is_some_and(|i| !choices.indicators.contains(i)) {
            errors.push(FieldError::new("for_indicator", Problem::UnknownChoice));
        }
        let measured = self.measured_on.as_deref().and_then(|d| rules::date(d).ok());
        if measured.is_some_and(|d| d > choices.today) {
            errors.push(FieldError::new("measured_on", Problem::DateInFuture));
        }
    }
}

impl IndicatorBaseline {
    /// The value, once checked.
    pub fn value(&self) -> i64 {
        checked_whole(&self.baseline_value)
    }

    /// The indicator's id, once checked.
    pub fn indicator_id(&self) -> i64 {
        self.for_indicator.as_deref().and_then(|i| i.parse().ok()).unwrap_or(0)
    }
}

/// The PDF of a stage document (a report, a strategy, a handbook).
pub const STAGE_DOCUMENT_FILE: FileField =
    FileField { name: "document", document: Document::StageDocument, max_mb: 10 };

/// What a stage document's upload says besides its file: a title people will recognise it
/// by ("Baseline assessment report", "National counter-trafficking strategy") and who sees it.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct StageDocument {
    #[validate(required, custom(function = "line"))]
    pub document_title: Option<String>,
    /// One of `AUDIENCES`: the public (and the requester), or staff only.
    #[validate(required)]
    pub audience: Option<String>,
}

impl StepFields for StageDocument {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &["document_title", "audience"];

    fn read(form: &RawForm) -> Self {
        StageDocument { document_title: form.text("document_title"), audience: form.text("audience") }
    }

    fn check_choices(&self, _choices: &(), errors: &mut Vec<FieldError>) {
        require_known(errors, "audience", &self.audience, &AUDIENCES);
    }
}

impl StageDocument {
    pub fn is_public(&self) -> bool {
        self.audience.as_deref() == Some(crate::ta_request::AUDIENCE_PUBLIC)
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
    fn findings_and_recommendations_are_both_needed() {
        let errors =
            check::<BaselineFindings>(&RawForm::from_pairs([("findings", "Few officers trained.")]), &()).unwrap_err();
        assert_eq!(fields(&errors), [("recommendations", Problem::Required)]);
    }

    #[test]
    fn a_baseline_names_an_indicator_of_the_fiche_and_was_measured_by_today() {
        let today = Date::from_calendar_date(2027, time::Month::March, 10).unwrap();
        let choices = BaselineChoices { indicators: vec!["4".to_owned()], today };
        let form = |indicator: &str, value: &str, on: &str| {
            RawForm::from_pairs([
                ("for_indicator", indicator),
                ("baseline_value", value),
                ("measured_on", on),
                ("source", "Ministry of Labour, 2026 annual report"),
            ])
        };
        let baseline = check::<IndicatorBaseline>(&form("4", "12", "2027-03-10"), &choices).unwrap();
        assert_eq!((baseline.indicator_id(), baseline.value()), (4, 12));
        let errors = check::<IndicatorBaseline>(&form("5", "-3", "2027-03-11"), &choices).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("for_indicator", Problem::UnknownChoice),
                ("baseline_value", Problem::WholeNumber { min: 0, max: crate::ta_fiche::TARGET_MAX }),
                ("measured_on", Problem::DateInFuture),
            ]
        );
    }

    #[test]
    fn a_document_has_a_title_and_a_known_audience() {
        let errors = check::<StageDocument>(&RawForm::from_pairs([("audience", "everyone")]), &()).unwrap_err();
        assert_eq!(fields(&errors), [("document_title", Problem::Required), ("audience", Problem::UnknownChoice)]);
        let public =
            check::<StageDocument>(&RawForm::from_pairs([("document_title", "Report"), ("audience", "public")]), &());
        assert!(public.unwrap().is_public());
    }
}
