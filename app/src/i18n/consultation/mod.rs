//! Strings of the consultation round on a TA fiche: the staff section of the fiche's page,
//! the consultee's page, the round on the tracking page, its refusals and its e-mails.

mod en;
mod es;
mod fr;
mod pt;

pub use en::CONSULTATION as ENGLISH;
pub use es::CONSULTATION as SPANISH;
pub use fr::CONSULTATION as FRENCH;
pub use pt::CONSULTATION as PORTUGUESE;

use rules::ta_consultation::{ANSWERS, DECISIONS};

/// Strings of the consultation round.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ConsultationMessages {
    pub heading: &'static str,
    pub staff_intro: &'static str,
    pub none: &'static str,
    pub needs_complete_fiche: &'static str,
    pub open_heading: &'static str,
    pub consultees_label: &'static str,
    /// Says `MAX_CONSULTEES` in words or digits (a hint takes no placeholder).
    pub consultees_hint: &'static str,
    pub language_label: &'static str,
    pub deadline_label: &'static str,
    /// Says `MIN_WORKING_DAYS` and `MAX_DAYS`.
    pub deadline_hint: &'static str,
    pub offset_label: &'static str,
    pub open_button: &'static str,
    pub opened: &'static str,
    /// "Round {number}"
    pub round_heading: &'static str,
    /// `{opened_at}` (UTC), `{deadline}` as set
    pub round_meta: &'static str,
    pub consultee: &'static str,
    pub answer: &'static str,
    pub comment: &'static str,
    pub answered_at: &'static str,
    pub requester_marker: &'static str,
    /// `{at}` (UTC)
    pub reminded: &'static str,
    pub waiting: &'static str,
    pub silent_agreed: &'static str,
    /// In the order of `ANSWERS`, as a consultee's standing.
    pub answer_names: [&'static str; ANSWERS.len()],
    pub outcome_open: &'static str,
    pub outcome_agreed: &'static str,
    /// `{silent}`: how many were silent
    pub outcome_agreed_silent: &'static str,
    pub outcome_objected: &'static str,
    /// `{reason}`
    pub outcome_proceed: &'static str,
    /// `{reason}`
    pub outcome_revise: &'static str,
    /// The tracking page's summary: `{agreed}`, `{comments}`, `{objected}`, `{silent}`, `{waiting}`
    pub tally: &'static str,
    pub decide_heading: &'static str,
    pub decision_label: &'static str,
    /// In the order of `DECISIONS`.
    pub decision_names: [&'static str; DECISIONS.len()],
    pub reason_label: &'static str,
    pub decide_button: &'static str,
    pub decided: &'static str,
    pub needs_consultation: &'static str,
    pub page_title: &'static str,
    /// `{reference}`, `{deadline}`
    pub page_intro: &'static str,
    pub answer_legend: &'static str,
    /// In the order of `ANSWERS`, as the consultee chooses.
    pub answer_choices: [&'static str; ANSWERS.len()],
    pub comment_label: &'static str,
    pub comment_hint: &'static str,
    pub send_button: &'static str,
    /// `{answered_at}` (UTC)
    pub thanks: &'static str,
    /// `{answer}`, `{answered_at}` (UTC)
    pub answered_already: &'static str,
    /// `{deadline}`
    pub too_late: &'static str,
    pub round_over: &'static str,
    pub fiche_frozen_text: &'static str,
    pub round_state_text: &'static str,
    pub management_only_text: &'static str,
    /// `{reference}`, `{deadline}`
    pub mail_invite_subject: &'static str,
    /// `{reference}`, `{institution}`, `{deadline}`, `{link}`
    pub mail_invite_body: &'static str,
    /// `{reference}`, `{deadline}`
    pub mail_reminder_subject: &'static str,
    /// `{reference}`, `{deadline}`, `{link}`
    pub mail_reminder_body: &'static str,
    /// To staff, in English only: `{reference}`, `{answer}`
    pub mail_answer_subject: &'static str,
    /// `{reference}`, `{answer}`, `{comment}`, `{staff_link}`
    pub mail_answer_body: &'static str,
}

impl ConsultationMessages {
    /// How a consultee who answered `code` stands.
    pub fn answer_name<'a>(&'a self, code: &'a str) -> &'a str {
        ANSWERS.iter().position(|a| *a == code).map_or(code, |i| self.answer_names[i])
    }

    pub fn decision_name<'a>(&'a self, code: &'a str) -> &'a str {
        DECISIONS.iter().position(|d| *d == code).map_or(code, |i| self.decision_names[i])
    }
}

#[cfg(test)]
mod tests {
    use rules::ta_consultation::{MAX_CONSULTEES, MAX_DAYS, MIN_WORKING_DAYS};

    /// The numbers written in `text`.
    fn numbers(text: &str) -> Vec<u32> {
        text.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect()
    }

    #[test]
    fn the_hints_say_the_rules_figures_in_every_language() {
        for m in [&super::ENGLISH, &super::FRENCH, &super::PORTUGUESE, &super::SPANISH] {
            assert_eq!(numbers(m.consultees_hint), [MAX_CONSULTEES], "{}", m.consultees_hint);
            assert_eq!(numbers(m.deadline_hint), [MIN_WORKING_DAYS, MAX_DAYS], "{}", m.deadline_hint);
        }
    }
}
