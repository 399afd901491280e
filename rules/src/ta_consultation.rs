//! The consultation round on a TA fiche, with TAIEX's rule of positive silence: the
//! management unit sends the fiche to consultees with a deadline; each answers once (agree,
//! agree with comments, or object with a reason); one silent at the deadline counts as
//! agreeing. These are the round's forms and the arithmetic of its dates; the server runs
//! them on every post.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, Weekday};
use validator::Validate;

use crate::form::{rules, FieldError, Problem, RawForm};
use crate::grant::call::{local_instant, UTC_OFFSETS};
use crate::steps::{note, paragraph, require_known, StepFields};
use crate::ta_request::WORK_LANGUAGES;

/// What a consultee answers.
pub const ANSWERS: [&str; 3] = ["agree", "agree_with_comments", "object"];
/// What the management unit decides on a round with an objection: go on to the baseline
/// anyway, or revise the fiche and consult again.
pub const DECISIONS: [&str; 2] = ["proceed", "revise"];
/// Addresses staff add to a round besides the requester.
pub const MAX_CONSULTEES: u32 = 10;
/// The shortest round: the reminder, two working days before the deadline, must come after
/// the invitation.
pub const MIN_WORKING_DAYS: u32 = 3;
/// The longest round, in calendar days.
pub const MAX_DAYS: u32 = 60;
/// Reminders go this many working days before the deadline.
pub const REMINDER_WORKING_DAYS: u32 = 2;

/// The management unit opens a round: who else is consulted, in which language they are
/// written to, and the deadline as a wall-clock time in a UTC offset.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct RoundForm {
    /// E-mail addresses, one per line (or separated by commas); may be empty: the requester
    /// is always consulted.
    pub consultees: Option<String>,
    #[validate(required)]
    pub consultee_language: Option<String>,
    /// `2027-03-31T17:00` (a `datetime-local` field), read in `utc_offset`.
    #[validate(required)]
    pub deadline: Option<String>,
    #[validate(required)]
    pub utc_offset: Option<String>,
}

impl RoundForm {
    /// The addresses typed, trimmed, each once, in the order typed.
    pub fn addresses(&self) -> Vec<String> {
        let mut addresses: Vec<String> = Vec::new();
        let typed = self.consultees.as_deref().unwrap_or_default();
        for address in typed.split(['\n', ',', ';']).map(str::trim).filter(|a| !a.is_empty()) {
            if !addresses.iter().any(|a| a.eq_ignore_ascii_case(address)) {
                addresses.push(address.to_owned());
            }
        }
        addresses
    }

    /// The deadline as an instant, once the form passed its checks.
    pub fn deadline_at(&self) -> Option<OffsetDateTime> {
        local_instant(self.deadline.as_deref()?, self.utc_offset.as_deref()?).ok()
    }
}

impl StepFields for RoundForm {
    /// When the round would open: the deadline is checked against it.
    type Choices = OffsetDateTime;
    const FIELDS: &'static [&'static str] = &["consultees", "consultee_language", "deadline", "utc_offset"];

    fn read(form: &RawForm) -> Self {
        RoundForm {
            consultees: form.text("consultees"),
            consultee_language: form.text("consultee_language"),
            deadline: form.text("deadline"),
            utc_offset: form.text("utc_offset"),
        }
    }

    fn check_choices(&self, now: &OffsetDateTime, errors: &mut Vec<FieldError>) {
        let addresses = self.addresses();
        if addresses.len() > MAX_CONSULTEES as usize {
            errors.push(FieldError::new("consultees", Problem::TooMany { max: MAX_CONSULTEES }));
        } else if addresses.iter().any(|a| rules::email(a).is_err()) {
            errors.push(FieldError::new("consultees", Problem::Email));
        }
        require_known(errors, "consultee_language", &self.consultee_language, &WORK_LANGUAGES);
        require_known(errors, "utc_offset", &self.utc_offset, &UTC_OFFSETS);
        let (Some(deadline), Some(offset)) = (self.deadline.as_deref(), self.utc_offset.as_deref()) else {
            return;
        };
        if !UTC_OFFSETS.contains(&offset) {
            return;
        }
        match local_instant(deadline, offset) {
            Err(problem) => errors.push(FieldError::new("deadline", problem)),
            Ok(at) if !deadline_in_window(*now, at) => errors.push(FieldError::new(
                "deadline",
                Problem::DeadlineWindow { min_working_days: MIN_WORKING_DAYS, max_days: MAX_DAYS },
            )),
            Ok(_) => {}
        }
    }
}

/// A round opened at `now` may end at `deadline`: at least `MIN_WORKING_DAYS` working days
/// later and at most `MAX_DAYS` days.
pub fn deadline_in_window(now: OffsetDateTime, deadline: OffsetDateTime) -> bool {
    working_days_before(deadline, MIN_WORKING_DAYS) >= now && deadline <= now + Duration::days(MAX_DAYS.into())
}

/// The instant `days` working days (Monday to Friday, in UTC) before `at`, at the same time
/// of day: two working days before a Monday 17:00 is the Thursday before, 17:00. Public
/// holidays are not counted out: consultees are in many countries, each with its own.
pub fn working_days_before(at: OffsetDateTime, days: u32) -> OffsetDateTime {
    let mut day = at;
    let mut counted = 0;
    while counted < days {
        day -= Duration::days(1);
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            counted += 1;
        }
    }
    day
}

/// When the consultees who have not answered are reminded.
pub fn reminder_at(deadline: OffsetDateTime) -> OffsetDateTime {
    working_days_before(deadline, REMINDER_WORKING_DAYS)
}

/// A consultee's answer, by their single-use link.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct ConsulteeAnswer {
    /// One of `ANSWERS`.
    #[validate(required)]
    pub answer: Option<String>,
    /// The comments, or the reason for an objection: required for both.
    #[validate(custom(function = "note"))]
    pub comment: Option<String>,
}

impl StepFields for ConsulteeAnswer {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &["answer", "comment"];

    fn read(form: &RawForm) -> Self {
        ConsulteeAnswer { answer: form.text("answer"), comment: form.text("comment") }
    }

    fn check_choices(&self, _choices: &(), errors: &mut Vec<FieldError>) {
        require_known(errors, "answer", &self.answer, &ANSWERS);
        let needs_words = matches!(self.answer.as_deref(), Some("agree_with_comments" | "object"));
        if needs_words && self.comment.is_none() {
            errors.push(FieldError::new("comment", Problem::Required));
        }
    }
}

/// The management unit's decision on a round with an objection, and why.
#[derive(Clone, Debug, Default, PartialEq, Validate, Serialize, Deserialize)]
pub struct RoundDecision {
    /// One of `DECISIONS`.
    #[validate(required)]
    pub decision: Option<String>,
    #[validate(required, custom(function = "paragraph"))]
    pub reason: Option<String>,
}

impl StepFields for RoundDecision {
    type Choices = ();
    const FIELDS: &'static [&'static str] = &["decision", "reason"];

    fn read(form: &RawForm) -> Self {
        RoundDecision { decision: form.text("decision"), reason: form.text("reason") }
    }

    fn check_choices(&self, _choices: &(), errors: &mut Vec<FieldError>) {
        require_known(errors, "decision", &self.decision, &DECISIONS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::check;
    use time::macros::datetime;

    /// Wednesday 2 December 2026, 10:00 UTC.
    const NOW: OffsetDateTime = datetime!(2026-12-02 10:00 UTC);

    fn round(consultees: &str, deadline: &str, offset: &str) -> RawForm {
        RawForm::from_pairs([
            ("consultees", consultees),
            ("consultee_language", "fr"),
            ("deadline", deadline),
            ("utc_offset", offset),
        ])
    }

    fn problems(form: &RawForm) -> Vec<(String, Problem)> {
        check::<RoundForm>(form, &NOW).err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_round_reads_its_addresses_once_each_and_its_deadline_in_its_offset() {
        let form =
            round("delegation@example.org\n acp@example.org, DELEGATION@example.org", "2026-12-14T17:00", "+01:00");
        let checked = check::<RoundForm>(&form, &NOW).unwrap();
        assert_eq!(checked.addresses(), ["delegation@example.org", "acp@example.org"]);
        assert_eq!(checked.deadline_at(), Some(datetime!(2026-12-14 16:00 UTC)));
        assert!(check::<RoundForm>(&round("", "2026-12-14T17:00", "+00:00"), &NOW).is_ok(), "the requester alone");
    }

    #[test]
    fn a_round_refuses_bad_addresses_too_many_and_unknown_choices() {
        assert_eq!(
            problems(&round("not-an-address", "2026-12-14T17:00", "+00:00")),
            [("consultees".into(), Problem::Email)]
        );
        let many: Vec<String> = (0..=MAX_CONSULTEES).map(|i| format!("c{i}@example.org")).collect();
        assert_eq!(
            problems(&round(&many.join("\n"), "2026-12-14T17:00", "+00:00")),
            [("consultees".into(), Problem::TooMany { max: MAX_CONSULTEES })]
        );
        assert_eq!(problems(&round("", "2026-12-14T17:00", "+00:30")), [("utc_offset".into(), Problem::UnknownChoice)]);
        assert_eq!(problems(&round("", "next week", "+00:00")), [("deadline".into(), Problem::DateTime)]);
    }

    #[test]
    fn a_deadline_leaves_three_working_days_and_at_most_sixty_days() {
        let window = Problem::DeadlineWindow { min_working_days: MIN_WORKING_DAYS, max_days: MAX_DAYS };
        // Wednesday 10:00 + 3 working days is Monday 10:00: the weekend does not count.
        assert_eq!(problems(&round("", "2026-12-07T09:59", "+00:00")), [("deadline".into(), window)]);
        assert!(problems(&round("", "2026-12-07T10:00", "+00:00")).is_empty());
        // The same wall-clock time, read two hours east, is two hours earlier: too soon.
        assert_eq!(problems(&round("", "2026-12-07T11:00", "+02:00")), [("deadline".into(), window)]);
        assert!(problems(&round("", "2027-01-31T10:00", "+00:00")).is_empty());
        assert_eq!(problems(&round("", "2027-01-31T10:01", "+00:00")), [("deadline".into(), window)]);
        assert_eq!(problems(&round("", "2026-11-30T10:00", "+00:00")), [("deadline".into(), window)], "past");
    }

    #[test]
    fn reminders_go_two_working_days_before_the_deadline() {
        // Monday 17:00 -> the Thursday before; Wednesday -> Monday; Sunday -> Thursday.
        assert_eq!(reminder_at(datetime!(2026-12-14 17:00 UTC)), datetime!(2026-12-10 17:00 UTC));
        assert_eq!(reminder_at(datetime!(2026-12-16 17:00 UTC)), datetime!(2026-12-14 17:00 UTC));
        assert_eq!(reminder_at(datetime!(2026-12-13 12:00 UTC)), datetime!(2026-12-10 12:00 UTC));
    }

    #[test]
    fn comments_and_objections_need_their_words_and_a_plain_agreement_does_not() {
        let answer = |answer: &str, comment: &str| {
            check::<ConsulteeAnswer>(&RawForm::from_pairs([("answer", answer), ("comment", comment)]), &())
        };
        assert!(answer("agree", "").is_ok());
        assert!(answer("agree_with_comments", "Add the Ministry of Labour.").is_ok());
        for needs_words in ["agree_with_comments", "object"] {
            assert_eq!(answer(needs_words, " ").unwrap_err(), [FieldError::new("comment", Problem::Required)]);
        }
        assert_eq!(answer("maybe", "").unwrap_err(), [FieldError::new("answer", Problem::UnknownChoice)]);
        assert_eq!(answer("", "").unwrap_err(), [FieldError::new("answer", Problem::Required)]);
    }

    #[test]
    fn a_decision_is_one_of_two_and_says_why() {
        let decide = |decision: &str, reason: &str| {
            check::<RoundDecision>(&RawForm::from_pairs([("decision", decision), ("reason", reason)]), &())
        };
        assert!(decide("proceed", "The objection is met by the second activity.").is_ok());
        assert_eq!(decide("revise", "").unwrap_err(), [FieldError::new("reason", Problem::Required)]);
        assert_eq!(
            decide("ignore", "The objection is met by the second activity.").unwrap_err(),
            [FieldError::new("decision", Problem::UnknownChoice)]
        );
    }
}
