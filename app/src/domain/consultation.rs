//! The consultation round on a TA fiche as pages and stage moves read it: who was consulted,
//! what each answered, and what the round comes to at a given instant. A consultee who has
//! not answered by the deadline counts as agreeing (positive silence): that is worked out from
//! the deadline, so it holds from the deadline's second, whether or not the hourly job has
//! recorded the round closed yet. The forms' rules are in `rules::ta_consultation`.

pub use rules::ta_consultation::*;
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// One consultee of a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Consultee {
    pub id: i64,
    pub email: String,
    /// The requester's focal point, consulted on every round.
    pub is_requester: bool,
    /// One of `ANSWERS`, once answered.
    pub answer: Option<String>,
    pub comment: Option<String>,
    pub answered_at: Option<String>,
    pub reminded_at: Option<String>,
}

/// Where a consultee stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// No answer yet, and the deadline is still ahead.
    Waiting,
    Agreed,
    AgreedWithComments,
    Objected,
    /// No answer by the deadline: counts as agreeing.
    SilentAgreed,
}

/// What a round comes to at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundOutcome {
    /// Answers still awaited before the deadline.
    Open,
    /// Closed without objection; `silent` consultees agreed by silence.
    Agreed { silent: usize },
    /// Closed with an objection the management unit has not decided on.
    Objected,
    /// The management unit decided to go on despite the objection.
    Proceed,
    /// The management unit sent the fiche back for revision: a new round follows.
    Revise,
}

impl RoundOutcome {
    /// The fiche may go on to the baseline assessment.
    pub fn lets_fiche_move_on(self) -> bool {
        matches!(self, RoundOutcome::Agreed { .. } | RoundOutcome::Proceed)
    }
}

/// The management unit's decision on an objection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundDecided {
    /// One of `DECISIONS`.
    pub decision: String,
    pub reason: String,
    pub at: String,
}

/// A consultation round with its consultees.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub id: i64,
    /// 1 for the first round on the request, one more for each later one.
    pub number: i64,
    pub opened_at: String,
    /// UTC, as stored (`2027-03-31T14:00:00Z`); compared with instants in the same form.
    pub deadline_at: String,
    /// The offset staff typed the deadline in, to show it back.
    pub utc_offset: String,
    pub decided: Option<RoundDecided>,
    pub consultees: Vec<Consultee>,
}

impl Round {
    /// `now` (UTC, as stored) is at or past the deadline.
    pub fn deadline_passed(&self, now: &str) -> bool {
        now >= self.deadline_at.as_str()
    }

    pub fn standing(&self, consultee: &Consultee, now: &str) -> Standing {
        match consultee.answer.as_deref() {
            Some("agree") => Standing::Agreed,
            Some("agree_with_comments") => Standing::AgreedWithComments,
            Some(_) => Standing::Objected,
            None if self.deadline_passed(now) => Standing::SilentAgreed,
            None => Standing::Waiting,
        }
    }

    pub fn outcome(&self, now: &str) -> RoundOutcome {
        let standings: Vec<Standing> = self.consultees.iter().map(|c| self.standing(c, now)).collect();
        if standings.contains(&Standing::Waiting) {
            return RoundOutcome::Open;
        }
        if standings.contains(&Standing::Objected) {
            return match self.decided.as_ref().map(|d| d.decision.as_str()) {
                Some("proceed") => RoundOutcome::Proceed,
                Some(_) => RoundOutcome::Revise,
                None => RoundOutcome::Objected,
            };
        }
        RoundOutcome::Agreed { silent: standings.iter().filter(|s| **s == Standing::SilentAgreed).count() }
    }

    /// The deadline as people read it, in the offset it was set in:
    /// `14 December 2026, 17:00 (UTC+01:00)`.
    pub fn deadline_text(&self, locale: Locale) -> String {
        deadline_text(&self.deadline_at, &self.utc_offset, locale)
    }
}

/// A deadline stored as UTC text as people read it in `offset`:
/// `14 December 2026, 17:00 (UTC+01:00)` (as stored if unreadable).
pub fn deadline_text(deadline_at: &str, offset: &str, locale: Locale) -> String {
    let months = &locale.messages().month_names;
    rules::grant::call::parse_instant(deadline_at)
        .map_or_else(|| deadline_at.to_owned(), |at| rules::grant::call::deadline_text(at, offset, months))
}

/// The fiche's rounds, newest first, and what they allow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Consultation {
    pub rounds: Vec<Round>,
}

impl Consultation {
    pub fn latest(&self) -> Option<&Round> {
        self.rounds.first()
    }

    /// A new round may open: none yet, or the last one sent the fiche back for revision.
    pub fn may_open_round(&self, now: &str) -> bool {
        self.latest().is_none_or(|round| round.outcome(now) == RoundOutcome::Revise)
    }

    /// The fiche is out for consultation or agreed by it, so it may not change.
    pub fn freezes_fiche(&self, now: &str) -> bool {
        !self.may_open_round(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consultee(id: i64, answer: Option<&str>) -> Consultee {
        Consultee {
            id,
            email: format!("c{id}@example.org"),
            is_requester: id == 1,
            answer: answer.map(str::to_owned),
            comment: None,
            answered_at: answer.map(|_| "2026-12-08T09:00:00Z".to_owned()),
            reminded_at: None,
        }
    }

    fn round(answers: &[Option<&str>], decision: Option<&str>) -> Round {
        Round {
            id: 1,
            number: 1,
            opened_at: "2026-12-02T10:00:00Z".into(),
            deadline_at: "2026-12-14T16:00:00Z".into(),
            utc_offset: "+01:00".into(),
            decided: decision.map(|d| RoundDecided { decision: d.into(), reason: "Because.".into(), at: "x".into() }),
            consultees: answers.iter().enumerate().map(|(i, a)| consultee(i as i64 + 1, *a)).collect(),
        }
    }

    const BEFORE: &str = "2026-12-14T15:59:59Z";
    const AT_DEADLINE: &str = "2026-12-14T16:00:00Z";

    #[test]
    fn silence_counts_as_agreement_from_the_deadline_on() {
        let round = round(&[Some("agree"), None], None);
        assert_eq!(round.outcome(BEFORE), RoundOutcome::Open);
        assert_eq!(round.standing(&round.consultees[1], BEFORE), Standing::Waiting);
        assert_eq!(round.outcome(AT_DEADLINE), RoundOutcome::Agreed { silent: 1 });
        assert_eq!(round.standing(&round.consultees[1], AT_DEADLINE), Standing::SilentAgreed);
        assert!(round.outcome(AT_DEADLINE).lets_fiche_move_on());
    }

    #[test]
    fn a_round_everyone_answered_closes_before_its_deadline() {
        let round = round(&[Some("agree"), Some("agree_with_comments")], None);
        assert_eq!(round.outcome(BEFORE), RoundOutcome::Agreed { silent: 0 });
    }

    #[test]
    fn an_objection_waits_for_the_management_units_decision() {
        let objected = round(&[Some("object"), Some("agree")], None);
        assert_eq!(objected.outcome(BEFORE), RoundOutcome::Objected);
        assert!(!objected.outcome(BEFORE).lets_fiche_move_on());
        assert_eq!(round(&[Some("object"), None], None).outcome(BEFORE), RoundOutcome::Open, "others may still answer");
        assert_eq!(round(&[Some("object")], Some("proceed")).outcome(BEFORE), RoundOutcome::Proceed);
        let revise = round(&[Some("object")], Some("revise"));
        assert_eq!(revise.outcome(BEFORE), RoundOutcome::Revise);
        let consultation = Consultation { rounds: vec![revise] };
        assert!(consultation.may_open_round(BEFORE) && !consultation.freezes_fiche(BEFORE));
    }

    #[test]
    fn a_round_under_way_or_agreed_freezes_the_fiche() {
        assert!(Consultation::default().may_open_round(BEFORE));
        for answers in [&[None][..], &[Some("agree")][..]] {
            let consultation = Consultation { rounds: vec![round(answers, None)] };
            assert!(consultation.freezes_fiche(BEFORE) && !consultation.may_open_round(BEFORE));
        }
    }

    #[test]
    fn the_deadline_reads_in_the_offset_it_was_set_in() {
        assert_eq!(round(&[], None).deadline_text(Locale::En), "14 December 2026, 17:00 (UTC+01:00)");
    }
}
