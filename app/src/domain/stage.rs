//! The stages a technical-assistance request goes through, the moves allowed between them,
//! and the request's reference number.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::RequestMessages;

/// Where a request is. The programme's path runs from `Submitted` to `Completed`; a request
/// can be declined by staff or withdrawn by the requester before it completes, or joined by
/// staff into another request made for the same work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    Submitted,
    ConceptNote,
    TaFiche,
    BaselineAssessment,
    TaIntervention,
    Completed,
    Declined,
    Withdrawn,
    Joined,
}

impl Stage {
    /// The stage's name, as requesters and staff read it.
    pub fn name(self, m: &RequestMessages) -> &'static str {
        match self {
            Stage::Submitted => m.stage_submitted,
            Stage::ConceptNote => m.stage_concept_note,
            Stage::TaFiche => m.stage_ta_fiche,
            Stage::BaselineAssessment => m.stage_baseline_assessment,
            Stage::TaIntervention => m.stage_ta_intervention,
            Stage::Completed => m.stage_completed,
            Stage::Declined => m.stage_declined,
            Stage::Withdrawn => m.stage_withdrawn,
            Stage::Joined => m.stage_joined,
        }
    }

    /// The programme's path, in order; declined, withdrawn and joined leave it.
    pub const PATH: [Stage; 6] = [
        Stage::Submitted,
        Stage::ConceptNote,
        Stage::TaFiche,
        Stage::BaselineAssessment,
        Stage::TaIntervention,
        Stage::Completed,
    ];

    pub const ALL: [Stage; 9] = [
        Stage::Submitted,
        Stage::ConceptNote,
        Stage::TaFiche,
        Stage::BaselineAssessment,
        Stage::TaIntervention,
        Stage::Completed,
        Stage::Declined,
        Stage::Withdrawn,
        Stage::Joined,
    ];

    /// How the stage is stored and written in addresses.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Submitted => "submitted",
            Stage::ConceptNote => "concept_note",
            Stage::TaFiche => "ta_fiche",
            Stage::BaselineAssessment => "baseline_assessment",
            Stage::TaIntervention => "ta_intervention",
            Stage::Completed => "completed",
            Stage::Declined => "declined",
            Stage::Withdrawn => "withdrawn",
            Stage::Joined => "joined",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// No move leaves a final stage.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Completed | Stage::Declined | Stage::Withdrawn | Stage::Joined)
    }

    /// Before the TA fiche, while what the programme will do is still being agreed: staff may
    /// join the request with another, and its governments' endorsements are still given (a
    /// request joined in at the concept note brings those it awaits).
    pub fn before_fiche(self) -> bool {
        matches!(self, Stage::Submitted | Stage::ConceptNote)
    }

    /// Whether the request has reached the TA fiche (it is written there and kept after).
    pub fn has_fiche(self) -> bool {
        matches!(self, Stage::TaFiche | Stage::BaselineAssessment | Stage::TaIntervention | Stage::Completed)
    }

    /// The request reached the baseline assessment (and has one to read).
    pub fn has_baseline(self) -> bool {
        matches!(self, Stage::BaselineAssessment | Stage::TaIntervention | Stage::Completed)
    }

    /// The request reached the intervention (and has one to read).
    pub fn has_intervention(self) -> bool {
        matches!(self, Stage::TaIntervention | Stage::Completed)
    }

    /// The next stage on the programme's path.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Submitted => Some(Stage::ConceptNote),
            Stage::ConceptNote => Some(Stage::TaFiche),
            Stage::TaFiche => Some(Stage::BaselineAssessment),
            Stage::BaselineAssessment => Some(Stage::TaIntervention),
            Stage::TaIntervention => Some(Stage::Completed),
            Stage::Completed | Stage::Declined | Stage::Withdrawn | Stage::Joined => None,
        }
    }

    /// Whether a request may move from `self` to `to`: one step forward on the path, or out
    /// (declined, withdrawn) from any stage that is not final. Nothing else, not even
    /// staying put; joining is a move of its own (`before_fiche`), which names the other request.
    pub fn can_move_to(self, to: Stage) -> bool {
        !self.is_final() && (self.next() == Some(to) || matches!(to, Stage::Declined | Stage::Withdrawn))
    }

    /// The moves staff can make from here (withdrawing is the requester's).
    pub fn staff_moves(self) -> Vec<Stage> {
        Stage::ALL.into_iter().filter(|to| *to != Stage::Withdrawn && self.can_move_to(*to)).collect()
    }
}

/// A request's public reference: `TA-2026-0042`, numbered from 1 within each year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub year: i32,
    pub number: i64,
}

impl Reference {
    pub const PREFIX: &'static str = "TA";

    pub fn parse(text: &str) -> Option<Reference> {
        let mut parts = text.trim().split('-');
        let (prefix, year, number) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || !prefix.eq_ignore_ascii_case(Self::PREFIX) || year.len() != 4 || number.len() < 4 {
            return None;
        }
        let year = year.parse().ok()?;
        let number = number.parse().ok().filter(|n| *n > 0)?;
        Some(Reference { year, number })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:04}", Self::PREFIX, self.year, self.number)
    }
}

/// What an entry of a request's history records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Submitted,
    StageChanged,
    Message,
    /// A requesting government's official endorsed the request (the body: its country, or
    /// nothing for a regional organisation).
    Endorsed,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Submitted => "submitted",
            EventKind::StageChanged => "stage",
            EventKind::Message => "message",
            EventKind::Endorsed => "endorsed",
        }
    }

    pub fn parse(text: &str) -> Option<EventKind> {
        [EventKind::Submitted, EventKind::StageChanged, EventKind::Message, EventKind::Endorsed]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// One entry of a request's history, as the requester sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: String,
    pub kind: EventKind,
    pub to_stage: Option<Stage>,
    pub body: Option<String>,
    /// Written or done by the requester (a reply, a withdrawal), not by the programme.
    pub by_requester: bool,
}

impl HistoryEntry {
    /// The text shown under the entry: a message, a reason; an endorsement's body is the
    /// code of the government, named in the entry itself.
    pub fn shown_body(&self) -> Option<String> {
        self.body.clone().filter(|_| self.kind != EventKind::Endorsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_allows_only_one_step_forward() {
        for from in Stage::ALL {
            for to in Stage::ALL {
                let allowed = from.can_move_to(to);
                let expected =
                    !from.is_final() && (from.next() == Some(to) || matches!(to, Stage::Declined | Stage::Withdrawn));
                assert_eq!(allowed, expected, "{from:?} -> {to:?}");
            }
        }
        assert!(Stage::Submitted.can_move_to(Stage::ConceptNote));
        assert!(!Stage::Submitted.can_move_to(Stage::TaFiche), "skipping a stage");
        assert!(!Stage::TaFiche.can_move_to(Stage::ConceptNote), "going back");
        assert!(!Stage::ConceptNote.can_move_to(Stage::ConceptNote), "staying put");
        assert!(!Stage::Submitted.can_move_to(Stage::Completed));
    }

    #[test]
    fn final_stages_are_dead_ends() {
        for from in [Stage::Completed, Stage::Declined, Stage::Withdrawn, Stage::Joined] {
            assert!(Stage::ALL.iter().all(|to| !from.can_move_to(*to)), "{from:?}");
            assert!(from.staff_moves().is_empty());
        }
    }

    #[test]
    fn staff_can_advance_or_decline_but_not_withdraw() {
        assert_eq!(Stage::TaIntervention.staff_moves(), [Stage::Completed, Stage::Declined]);
    }

    #[test]
    fn every_stage_round_trips_through_its_name() {
        assert!(Stage::ALL.iter().all(|s| Stage::parse(s.as_str()) == Some(*s)));
        assert_eq!(Stage::parse("draft"), None);
    }

    #[test]
    fn references_are_padded_and_parse_back() {
        let reference = Reference { year: 2026, number: 42 };
        assert_eq!(reference.to_string(), "TA-2026-0042");
        assert_eq!(Reference::parse("TA-2026-0042"), Some(reference));
        assert_eq!(Reference { year: 2026, number: 12345 }.to_string(), "TA-2026-12345");
        for bad in ["TA-26-0042", "XX-2026-0042", "TA-2026-0000", "TA-2026-42", "TA-2026-0042-1", ""] {
            assert_eq!(Reference::parse(bad), None, "{bad}");
        }
    }
}
