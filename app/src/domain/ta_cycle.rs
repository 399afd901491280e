//! The work a technical-assistance request's stages hold, as pages read it: the concept
//! note (its versions, the requester's agreement and comments), the TA fiche (its frame,
//! results with indicators, planned activities), the baseline assessment (findings,
//! indicators' starting values, its documents) and the intervention (activities as carried
//! out, experts' days, outputs) and its completion (achieved values, lessons, the requester's
//! assessment). The rules of what staff and the requester post are in `rules::ta_cycle`,
//! `rules::ta_fiche`, `rules::ta_baseline`, `rules::ta_intervention` and `rules::ta_completion`.

pub use rules::ta_baseline::*;
pub use rules::ta_completion::*;
pub use rules::ta_cycle::*;
pub use rules::ta_fiche::*;
pub use rules::ta_intervention::*;
use serde::{Deserialize, Serialize};

/// The latest version of a request's concept note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConceptNote {
    /// 1 for the first save, one more for each later one.
    pub version: i64,
    pub text: ConceptNoteText,
    pub written_at: String,
    /// When the requester agreed to this version; a later version needs its own agreement.
    pub agreed_at: Option<String>,
}

/// A comment of the requester on a version of the concept note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteComment {
    pub version: i64,
    pub at: String,
    pub body: String,
}

/// The concept-note stage's work: the note as it stands, and every comment on it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConceptNoteWork {
    pub note: Option<ConceptNote>,
    pub comments: Vec<NoteComment>,
}

impl ConceptNoteWork {
    /// The requester agreed to the note as it stands.
    pub fn agreed(&self) -> bool {
        self.note.as_ref().is_some_and(|n| n.agreed_at.is_some())
    }
}

/// Work a stage move needs done before it can happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingWork {
    /// Submitted -> concept note: every requesting government's official has endorsed it.
    Endorsements,
    /// Concept note -> TA fiche: the requester has agreed to the latest concept note.
    AgreedConceptNote,
    /// TA fiche -> baseline: objectives, results each with an indicator, and activities.
    CompleteFiche,
    /// TA fiche -> baseline: a consultation round closed without objection (answers or
    /// silence), or with one the management unit decided to proceed despite.
    ConsultedFiche,
    /// Baseline -> intervention: findings and recommendations, a baseline for every
    /// indicator of the fiche, and the report.
    CompleteBaseline,
    /// Intervention -> completed: an activity of the fiche recorded as carried out.
    CarriedOutActivity,
    /// Intervention -> completed: every indicator's achieved value (or why there is none),
    /// and the lessons learned.
    CompleteResults,
}

/// The fiche's frame as saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedFrame {
    pub objectives: String,
    pub partners: Vec<String>,
    pub partner_names: Option<String>,
    pub sdg_targets: Vec<String>,
    pub written_at: String,
}

/// An indicator of a result, as the fiche sets it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FicheIndicator {
    pub id: i64,
    pub indicator: String,
    pub unit: String,
    pub target: i64,
    pub verification: String,
}

/// An expected result and the indicators that measure it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FicheResult {
    pub id: i64,
    pub result: String,
    pub indicators: Vec<FicheIndicator>,
}

/// A planned activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FicheActivity {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    /// `None` for an activity held remotely.
    pub place: Option<String>,
    pub language: String,
    pub participants: i64,
}

/// An expert profile the TA needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FicheExpert {
    pub id: i64,
    pub profile: String,
    pub topics: Vec<String>,
    pub languages: Vec<String>,
    pub working_days: i64,
}

/// The TA-fiche stage's work.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FicheWork {
    pub frame: Option<SavedFrame>,
    pub results: Vec<FicheResult>,
    /// In the order they are planned to start.
    pub activities: Vec<FicheActivity>,
    pub experts: Vec<FicheExpert>,
}

impl FicheWork {
    /// Every indicator of every result, in the fiche's order.
    pub fn indicators(&self) -> impl Iterator<Item = &FicheIndicator> {
        self.results.iter().flat_map(|r| &r.indicators)
    }

    /// Nothing written yet.
    pub fn is_empty(&self) -> bool {
        self.frame.is_none() && self.results.is_empty() && self.activities.is_empty() && self.experts.is_empty()
    }

    /// The fiche holds what the stage move needs: objectives, at least one result, an
    /// indicator for each, and at least one activity.
    pub fn complete(&self) -> bool {
        self.frame.is_some()
            && !self.results.is_empty()
            && self.results.iter().all(|r| !r.indicators.is_empty())
            && !self.activities.is_empty()
    }
}

/// The baseline's findings as saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedFindings {
    pub findings: String,
    pub recommendations: String,
    pub written_at: String,
}

/// An indicator's value before the intervention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StartingValue {
    pub indicator_id: i64,
    pub value: i64,
    pub measured_on: String,
    pub source: String,
}

/// A document of a stage's work, as its readers list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageFile {
    pub id: i64,
    pub title: String,
    /// Shown to the public and the requester; otherwise to staff only.
    pub public: bool,
    pub file: crate::domain::file::AttachedFile,
    pub received_at: String,
}

/// The baseline-assessment stage's work. Its documents are those the reader may see.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BaselineWork {
    pub findings: Option<SavedFindings>,
    pub starting_values: Vec<StartingValue>,
    pub documents: Vec<StageFile>,
}

impl BaselineWork {
    /// Nothing written yet.
    pub fn is_empty(&self) -> bool {
        self.findings.is_none() && self.starting_values.is_empty() && self.documents.is_empty()
    }

    pub fn starting_value(&self, indicator_id: i64) -> Option<&StartingValue> {
        self.starting_values.iter().find(|v| v.indicator_id == indicator_id)
    }

    /// The baseline holds what the move to the intervention needs: findings, a starting
    /// value for each of `fiche`'s indicators, and at least one document (the report).
    pub fn complete(&self, fiche: &FicheWork) -> bool {
        self.findings.is_some()
            && fiche.indicators().all(|i| self.starting_value(i.id).is_some())
            && !self.documents.is_empty()
    }
}

/// An expert of the team and the days they worked on an activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpertDays {
    pub expert_id: i64,
    pub name: String,
    pub days: i64,
}

/// A planned activity as it was carried out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldActivity {
    pub activity_id: i64,
    pub held_from: String,
    pub held_to: String,
    /// `None` for an activity held remotely.
    pub venue: Option<String>,
    pub women: i64,
    pub men: i64,
    pub total: i64,
    pub experts: Vec<ExpertDays>,
}

/// The intervention stage's work. Its outputs are those the reader may see.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InterventionWork {
    /// By the day they began.
    pub held: Vec<HeldActivity>,
    pub outputs: Vec<StageFile>,
}

impl InterventionWork {
    /// Nothing recorded yet.
    pub fn is_empty(&self) -> bool {
        self.held.is_empty() && self.outputs.is_empty()
    }

    pub fn held(&self, activity_id: i64) -> Option<&HeldActivity> {
        self.held.iter().find(|h| h.activity_id == activity_id)
    }

    /// The intervention holds what the move to completed needs: an activity carried out.
    pub fn complete(&self) -> bool {
        !self.held.is_empty()
    }

    /// Everyone who took part in the activities carried out, and the women among them.
    pub fn people_reached(&self) -> (i64, i64) {
        self.held.iter().fold((0, 0), |(total, women), h| (total + h.total, women + h.women))
    }
}

/// What became of an indicator by the end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Achieved {
    Measured {
        value: i64,
        on: String,
        source: String,
    },
    /// No value could be measured, for this reason.
    Unmeasured {
        reason: String,
    },
}

/// An indicator's result, as the completion records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorOutcome {
    pub indicator_id: i64,
    pub achieved: Achieved,
}

/// The lessons learned as saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedLessons {
    pub lessons: String,
    pub written_at: String,
}

/// The requester's assessment as given: marks from 1 to 5, the follow-up wanted (none when
/// `None`) and comments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GivenAssessment {
    pub usefulness: i64,
    pub satisfaction: i64,
    pub follow_up_needs: Option<String>,
    pub comments: Option<String>,
    pub given_at: String,
}

/// The completion's work: the results staff record at the end of the intervention, the
/// lessons, and the requester's assessment once completed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CompletionWork {
    pub outcomes: Vec<IndicatorOutcome>,
    pub lessons: Option<SavedLessons>,
    pub assessment: Option<GivenAssessment>,
}

impl CompletionWork {
    /// No result or lesson recorded yet.
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty() && self.lessons.is_none()
    }

    pub fn outcome(&self, indicator_id: i64) -> Option<&Achieved> {
        self.outcomes.iter().find(|o| o.indicator_id == indicator_id).map(|o| &o.achieved)
    }

    /// The completion holds what the move to completed needs: a result for each of
    /// `fiche`'s indicators, and the lessons.
    pub fn complete(&self, fiche: &FicheWork) -> bool {
        self.lessons.is_some() && fiche.indicators().all(|i| self.outcome(i.id).is_some())
    }
}

/// The requests a request is linked with as a follow-up: the completed one it follows, those
/// that follow it, and those it could be said to follow (`(reference, label)`: the same
/// country's or organisation's completed requests).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FollowUps {
    pub follows: Option<String>,
    pub followed_by: Vec<String>,
    pub candidates: Vec<(String, String)>,
}
