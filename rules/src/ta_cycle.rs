//! The work each stage of a technical-assistance request holds, as staff and the requester
//! write it: for now the concept note and the requester's comments on it. Staff pages and
//! the tracking page post these; the server checks them with this code.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::form::{FieldError, RawForm};
use crate::steps::{note, paragraph, require_known, StepFields};
use crate::ta_request::WORK_LANGUAGES;

/// The concept note: what staff and the requester agree the assistance is about, before the
/// terms of reference (the TA fiche) are written.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct ConceptNoteText {
    #[validate(required, custom(function = "paragraph"))]
    pub context: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub objectives: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub approach: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub expected_results: Option<String>,
    /// The indicative timeline: which activities, around when.
    #[validate(required, custom(function = "paragraph"))]
    pub timeline: Option<String>,
    /// The language the assistance will work in (one of `WORK_LANGUAGES`).
    #[validate(required)]
    pub work_language: Option<String>,
}

impl StepFields for ConceptNoteText {
    type Choices = ();
    const FIELDS: &'static [&'static str] =
        &["context", "objectives", "approach", "expected_results", "timeline", "work_language"];

    fn read(form: &RawForm) -> Self {
        ConceptNoteText {
            context: form.text("context"),
            objectives: form.text("objectives"),
            approach: form.text("approach"),
            expected_results: form.text("expected_results"),
            timeline: form.text("timeline"),
            work_language: form.text("work_language"),
        }
    }

    fn check_choices(&self, _choices: &(), errors: &mut Vec<FieldError>) {
        require_known(errors, "work_language", &self.work_language, &WORK_LANGUAGES);
    }
}

/// A comment of the requester on the concept note.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct Comment {
    #[validate(required, custom(function = "note"))]
    pub comment: Option<String>,
}

impl StepFields for Comment {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &["comment"];

    fn read(form: &RawForm) -> Self {
        Comment { comment: form.text("comment") }
    }

    fn check_choices(&self, _choices: &(), _errors: &mut Vec<FieldError>) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Problem;
    use crate::steps::check;

    fn note_form(language: &str) -> RawForm {
        let long = "A paragraph long enough to say something about the assistance.";
        RawForm::from_pairs([
            ("context", long),
            ("objectives", long),
            ("approach", long),
            ("expected_results", long),
            ("timeline", long),
            ("work_language", language),
        ])
    }

    #[test]
    fn a_complete_concept_note_passes() {
        let text = check::<ConceptNoteText>(&note_form("fr"), &()).unwrap();
        assert_eq!(text.work_language.as_deref(), Some("fr"));
    }

    #[test]
    fn every_part_of_the_concept_note_is_required_and_the_language_must_be_a_working_one() {
        let errors = check::<ConceptNoteText>(&RawForm::default(), &()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ConceptNoteText::FIELDS);
        assert!(errors.iter().all(|e| e.problem == Problem::Required));

        let errors = check::<ConceptNoteText>(&note_form("de"), &()).unwrap_err();
        assert_eq!(errors, vec![FieldError::new("work_language", Problem::UnknownChoice)]);
    }

    #[test]
    fn a_comment_is_required_and_short() {
        assert!(check::<Comment>(&RawForm::from_pairs([("comment", "Fine by us.")]), &()).is_ok());
        let blank = check::<Comment>(&RawForm::from_pairs([("comment", "   ")]), &()).unwrap_err();
        assert_eq!(blank[0].problem, Problem::Required);
        let long = "x".repeat(crate::steps::NOTE_MAX as usize + 1);
        let errors = check::<Comment>(&RawForm::from_pairs([("comment", long.as_str())]), &()).unwrap_err();
        assert!(matches!(errors[0].problem, Problem::TooLong { .. }), "{errors:?}");
    }
}
