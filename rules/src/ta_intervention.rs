//! The intervention: each planned activity recorded as it was carried out (its actual days,
//! where, how many took part, women and men among them), the experts who worked on it with
//! their days, and the intervention's outputs (stage documents, `ta_baseline::StageDocument`).

use serde::{Deserialize, Serialize};
use time::Date;
use validator::{Validate, ValidationError};

use crate::assignment::MAX_WORKING_DAYS;
use crate::form::{rules, FieldError, Problem, RawForm};
use crate::steps::{line, StepFields};
use crate::ta_fiche::{checked_whole, day, PARTICIPANTS_MAX};

fn head_count(text: &str) -> Result<(), ValidationError> {
    rules::whole_number(text, 0, PARTICIPANTS_MAX).map(|_| ()).map_err(Into::into)
}

fn expert_days(text: &str) -> Result<(), ValidationError> {
    rules::whole_number(text, 1, MAX_WORKING_DAYS).map(|_| ()).map_err(Into::into)
}

/// A planned activity as it was carried out. A second record of the same activity replaces
/// the first.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct ActivityHeld {
    /// The fiche's activity, by its id as the form offers it.
    #[validate(required)]
    pub for_activity: Option<String>,
    #[validate(required, custom(function = "day"))]
    pub held_from: Option<String>,
    #[validate(required, custom(function = "day"))]
    pub held_to: Option<String>,
    /// Held remotely: then no venue is asked for.
    pub held_remotely: bool,
    #[validate(custom(function = "line"))]
    pub venue: Option<String>,
    #[validate(required, custom(function = "head_count"))]
    pub women: Option<String>,
    #[validate(required, custom(function = "head_count"))]
    pub men: Option<String>,
    /// Everyone who took part: women and men, and those who gave neither.
    #[validate(required, custom(function = "head_count"))]
    pub total: Option<String>,
}

/// What an activity's record is checked against: the fiche's activity ids, and today (an
/// activity is recorded once it has begun).
#[derive(Clone, Debug, PartialEq)]
pub struct HeldChoices {
    pub activities: Vec<String>,
    pub today: Date,
}

impl StepFields for ActivityHeld {
    type Choices = HeldChoices;
    const FIELDS: &'static [&'static str] =
        &["for_activity", "held_from", "held_to", "held_remotely", "venue", "women", "men", "total"];

    fn read(form: &RawForm) -> Self {
        ActivityHeld {
            for_activity: form.text("for_activity"),
            held_from: form.text("held_from"),
            held_to: form.text("held_to"),
            held_remotely: form.has("held_remotely", "yes"),
            venue: form.text("venue"),
            women: form.text("women"),
            men: form.text("men"),
            total: form.text("total"),
        }
    }

    fn check_choices(&self, choices: &HeldChoices, errors: &mut Vec<FieldError>) {
        if self.for_activity.as_ref().is_some_and(|a| !choices.activities.contains(a)) {
            errors.push(FieldError::new("for_activity", Problem::UnknownChoice));
        }
        let day = |value: &Option<String>| value.as_deref().and_then(|v| rules::date(v).ok());
        if let Some(from) = day(&self.held_from) {
            if from > choices.today {
                errors.push(FieldError::new("held_from", Problem::DateInFuture));
            }
            if day(&self.held_to).is_some_and(|to| to < from) {
                errors.push(FieldError::new("held_to", Problem::EndBeforeStart));
            }
        }
        if !self.held_remotely && self.venue.is_none() {
            errors.push(FieldError::new("venue", Problem::Required));
        }
        let counted =
            |value: &Option<String>| value.as_deref().and_then(|v| rules::whole_number(v, 0, PARTICIPANTS_MAX).ok());
        if let (Some(women), Some(men), Some(total)) = (counted(&self.women), counted(&self.men), counted(&self.total))
        {
            if women + men > total {
                errors.push(FieldError::new("total", Problem::BelowParts { parts: women + men }));
            }
        }
    }
}

impl ActivityHeld {
    pub fn activity_id(&self) -> i64 {
        checked_whole(&self.for_activity)
    }
    pub fn women_count(&self) -> i64 {
        checked_whole(&self.women)
    }
    pub fn men_count(&self) -> i64 {
        checked_whole(&self.men)
    }
    pub fn total_count(&self) -> i64 {
        checked_whole(&self.total)
    }
}

/// An expert of the request's team who worked on an activity, and for how many days.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct ExpertDaysWorked {
    #[validate(required)]
    pub on_activity: Option<String>,
    /// The expert, by the id the form offers (the request's assigned experts).
    #[validate(required)]
    pub expert: Option<String>,
    #[validate(required, custom(function = "expert_days"))]
    pub days_worked: Option<String>,
}

/// The activities carried out, and the experts assigned to the request.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamChoices {
    pub activities: Vec<String>,
    pub experts: Vec<String>,
}

impl StepFields for ExpertDaysWorked {
    type Choices = TeamChoices;
    const FIELDS: &'static [&'static str] = &["on_activity", "expert", "days_worked"];

    fn read(form: &RawForm) -> Self {
        ExpertDaysWorked {
            on_activity: form.text("on_activity"),
            expert: form.text("expert"),
            days_worked: form.text("days_worked"),
        }
    }

    fn check_choices(&self, choices: &TeamChoices, errors: &mut Vec<FieldError>) {
        if self.on_activity.as_ref().is_some_and(|a| !choices.activities.contains(a)) {
            errors.push(FieldError::new("on_activity", Problem::UnknownChoice));
        }
        if self.expert.as_ref().is_some_and(|e| !choices.experts.contains(e)) {
            errors.push(FieldError::new("expert", Problem::UnknownChoice));
        }
    }
}

impl ExpertDaysWorked {
    pub fn activity_id(&self) -> i64 {
        checked_whole(&self.on_activity)
    }
    pub fn expert_id(&self) -> i64 {
        checked_whole(&self.expert)
    }
    pub fn days(&self) -> i64 {
        checked_whole(&self.days_worked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::check;

    fn fields(errors: &[FieldError]) -> Vec<(&str, Problem)> {
        errors.iter().map(|e| (e.field.as_str(), e.problem)).collect()
    }

    fn today() -> Date {
        Date::from_calendar_date(2027, time::Month::June, 1).unwrap()
    }

    #[test]
    fn an_activity_held_has_begun_ends_after_it_starts_and_counts_no_more_women_and_men_than_took_part() {
        let choices = HeldChoices { activities: vec!["9".to_owned()], today: today() };
        let form = |activity: &str, from: &str, to: &str, counts: [&str; 3]| {
            RawForm::from_pairs([
                ("for_activity", activity),
                ("held_from", from),
                ("held_to", to),
                ("venue", "Port Vila, Vanuatu"),
                ("women", counts[0]),
                ("men", counts[1]),
                ("total", counts[2]),
            ])
        };
        let held = check::<ActivityHeld>(&form("9", "2027-05-10", "2027-05-12", ["12", "10", "23"]), &choices).unwrap();
        assert_eq!((held.activity_id(), held.women_count(), held.men_count(), held.total_count()), (9, 12, 10, 23));
        let errors =
            check::<ActivityHeld>(&form("8", "2027-06-02", "2027-06-01", ["12", "10", "20"]), &choices).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("for_activity", Problem::UnknownChoice),
                ("held_from", Problem::DateInFuture),
                ("held_to", Problem::EndBeforeStart),
                ("total", Problem::BelowParts { parts: 22 }),
            ]
        );
    }

    #[test]
    fn an_activity_held_in_a_room_names_it_and_counts_are_whole_numbers() {
        let choices = HeldChoices { activities: vec!["9".to_owned()], today: today() };
        let form = RawForm::from_pairs([
            ("for_activity", "9"),
            ("held_from", "2027-05-10"),
            ("held_to", "2027-05-10"),
            ("women", "many"),
            ("men", "3"),
            ("total", "3"),
        ]);
        let errors = check::<ActivityHeld>(&form, &choices).unwrap_err();
        assert_eq!(
            fields(&errors),
            [("venue", Problem::Required), ("women", Problem::WholeNumber { min: 0, max: PARTICIPANTS_MAX })]
        );
        let mut remote = form.clone();
        remote.set("held_remotely", vec!["yes".into()]);
        remote.set("women", vec!["0".into()]);
        assert!(check::<ActivityHeld>(&remote, &choices).unwrap().held_remotely);
    }

    #[test]
    fn days_worked_name_an_activity_held_and_an_expert_of_the_team_at_most_sixty_days() {
        let choices = TeamChoices { activities: vec!["9".to_owned()], experts: vec!["4".to_owned()] };
        let form = |activity: &str, expert: &str, days: &str| {
            RawForm::from_pairs([("on_activity", activity), ("expert", expert), ("days_worked", days)])
        };
        assert_eq!(check::<ExpertDaysWorked>(&form("9", "4", "5"), &choices).unwrap().days(), 5);
        let errors = check::<ExpertDaysWorked>(&form("7", "5", "61"), &choices).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("on_activity", Problem::UnknownChoice),
                ("expert", Problem::UnknownChoice),
                ("days_worked", Problem::WholeNumber { min: 1, max: MAX_WORKING_DAYS }),
            ]
        );
    }
}
