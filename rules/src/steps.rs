//! What the steps of every multi-step form share: reading a step's fields from the raw form,
//! checking them with `validator` plus the rules that need the offered choices, and the
//! field rules in the shape `#[validate(custom(...))]` wants.

use validator::{Validate, ValidationError};

use crate::form::{field_errors, in_form_order, rules, FieldError, Problem, RawForm};

/// Short answers: a name, a position, an institution.
pub const LINE_MAX: u32 = 200;
/// Long answers: a background, an objective, a summary of expertise.
pub const PARAGRAPH_MIN: u32 = 20;
pub const PARAGRAPH_MAX: u32 = 4000;
/// Optional notes and messages.
pub const NOTE_MAX: u32 = 2000;

/// The steps of a multi-step form, in order; each is a page of its own at `slug`.
pub trait FormStep: Copy + PartialEq + 'static {
    const STEPS: &'static [Self];

    /// The step's segment in addresses.
    fn slug(self) -> &'static str;

    /// The form fields the step owns, in the order they appear.
    fn fields(self) -> &'static [&'static str];

    fn from_slug(slug: &str) -> Option<Self> {
        Self::STEPS.iter().copied().find(|s| s.slug() == slug)
    }

    /// 1-based position, for "Step 2 of 5".
    fn number(self) -> usize {
        Self::STEPS.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    fn next(self) -> Option<Self> {
        Self::STEPS.get(self.number()).copied()
    }

    fn previous(self) -> Option<Self> {
        self.number().checked_sub(2).map(|i| Self::STEPS[i])
    }
}

/// A step's fields read from the raw form and checked.
pub trait StepFields: Validate + Sized {
    /// What the form offers to choose from (the server builds it from the taxonomy; the
    /// browser reads it from the form's own options).
    type Choices;
    const FIELDS: &'static [&'static str];
    fn read(form: &RawForm) -> Self;
    /// Rules that need the offered choices or look at several fields.
    fn check_choices(&self, choices: &Self::Choices, errors: &mut Vec<FieldError>);
}

/// Reads and checks one step; the errors come in form order.
pub fn check<S: StepFields>(form: &RawForm, choices: &S::Choices) -> Result<S, Vec<FieldError>> {
    let fields = S::read(form);
    let mut errors = match fields.validate() {
        Ok(()) => Vec::new(),
        Err(found) => field_errors(found, S::FIELDS),
    };
    fields.check_choices(choices, &mut errors);
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(in_form_order(errors, S::FIELDS))
    }
}

/// The problems of one step (none when it passes).
pub fn problems_of<S: StepFields>(form: &RawForm, choices: &S::Choices) -> Vec<FieldError> {
    check::<S>(form, choices).err().unwrap_or_default()
}

pub(crate) fn line(text: &str) -> Result<(), ValidationError> {
    rules::at_most(text, LINE_MAX).map_err(Into::into)
}

pub(crate) fn paragraph(text: &str) -> Result<(), ValidationError> {
    rules::between(text, PARAGRAPH_MIN, PARAGRAPH_MAX).map_err(Into::into)
}

pub(crate) fn note(text: &str) -> Result<(), ValidationError> {
    rules::at_most(text, NOTE_MAX).map_err(Into::into)
}

pub(crate) fn email(text: &str) -> Result<(), ValidationError> {
    rules::email(text).map_err(Into::into)
}

pub(crate) fn phone(text: &str) -> Result<(), ValidationError> {
    rules::phone(text).map_err(Into::into)
}

pub(crate) fn month(text: &str) -> Result<(), ValidationError> {
    rules::month(text).map(|_| ()).map_err(Into::into)
}

/// Between 1 and `max` values chosen.
pub(crate) fn chosen_between_one_and(values: &[String], max: u32) -> Result<(), ValidationError> {
    match values.len() as u32 {
        0 => Err(Problem::Required.into()),
        n if n > max => Err(Problem::TooMany { max }.into()),
        _ => Ok(()),
    }
}

/// `problem` on `field` when its value is given but not among `offered`.
pub(crate) fn require_choice(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &Option<String>,
    offered: &[String],
    problem: Problem,
) {
    if let Some(value) = value {
        if !offered.iter().any(|o| o == value) {
            errors.push(FieldError::new(field, problem));
        }
    }
}

/// `problem` on `field` when any of its values is not among `offered`.
pub(crate) fn require_choices(
    errors: &mut Vec<FieldError>,
    field: &str,
    values: &[String],
    offered: &[String],
    problem: Problem,
) {
    if values.iter().any(|v| !offered.contains(v)) {
        errors.push(FieldError::new(field, problem));
    }
}

/// The same for a fixed list of codes.
pub(crate) fn require_known(errors: &mut Vec<FieldError>, field: &str, value: &Option<String>, known: &[&str]) {
    if let Some(value) = value {
        if !known.contains(&value.as_str()) {
            errors.push(FieldError::new(field, Problem::UnknownChoice));
        }
    }
}
