//! `/requests/track/{token}`: where the requester follows a request through its stages,
//! reached only through the secret link of the confirmation e-mail.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{problem_text, TextArea};
use crate::data::taxonomy;
use crate::domain::consultation::Consultation;
use crate::domain::file::AttachedFile;
use crate::domain::filters::Dimension;
use crate::domain::form::{FieldError, RawForm};
use crate::domain::stage::{EventKind, HistoryEntry, Stage};
use crate::domain::ta_cycle::{BaselineWork, CompletionWork, ConceptNoteWork, FicheWork, InterventionWork};
use crate::domain::ta_request::{Endorsement, StoredRequest, NOTE_MAX};
use crate::error::AppError;
use crate::i18n::{fill, RequestMessages};
use crate::i18n::{use_locale, utc_time};
use crate::pages::requests::answers::RequestAnswers;
use crate::pages::requests::baseline::BaselineReading;
use crate::pages::requests::completion::{AssessmentForm, ResultsReading};
use crate::pages::requests::concept_note::{ConceptNoteAnswers, ConceptNoteReading, Reader};
use crate::pages::requests::consultation::{ConsultationReader, ConsultationReading};
use crate::pages::requests::endorsement::{endorsed_event, EndorsementList};
use crate::pages::requests::fiche::FicheReading;
use crate::pages::requests::intervention::InterventionReading;
use crate::pages::requests::stage_path::StagePath;

/// The tracking page's content, prepared by the server.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackingView {
    /// The request as submitted, what happened to it since, and its letters (`(id, file)`).
    pub request: StoredRequest,
    pub history: Vec<HistoryEntry>,
    pub attachments: Vec<(i64, AttachedFile)>,
    pub concept_note: ConceptNoteWork,
    pub fiche: FicheWork,
    pub consultation: Consultation,
    /// The baseline assessment, with its public documents only.
    pub baseline: BaselineWork,
    /// The intervention, with its public outputs only.
    pub intervention: InterventionWork,
    /// The results, the lessons and the requester's own assessment.
    pub completion: CompletionWork,
    /// The reference of the earlier request this one follows up.
    pub follows: Option<String>,
    /// The requesting governments and their officials' endorsements.
    pub endorsements: Vec<Endorsement>,
    /// When the page was read (UTC, as stored): where the consultation stands.
    pub now: String,
    /// Where the page's forms post: `/requests/track/{secret}`.
    pub path: String,
    /// The page was reached straight after submitting.
    pub just_submitted: bool,
    pub outcome: Option<TrackingOutcome>,
    /// A reply or comment with problems, as typed.
    pub typed: RawForm,
    pub problems: Vec<FieldError>,
}

/// What the requester just did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackingOutcome {
    Replied,
    Withdrawn,
    Commented,
    Agreed,
    /// The concept note changed (or was agreed already) before the agreement arrived.
    NoteChanged,
    Assessed,
}

fn next_step(m: &RequestMessages, stage: Stage) -> &'static str {
    match stage {
        Stage::Submitted => m.next_submitted,
        Stage::ConceptNote => m.next_concept_note,
        Stage::TaFiche => m.next_ta_fiche,
        Stage::BaselineAssessment => m.next_baseline_assessment,
        Stage::TaIntervention => m.next_ta_intervention,
        Stage::Completed | Stage::Declined | Stage::Withdrawn | Stage::Joined => m.next_closed,
    }
}

#[component]
pub fn RequestTrackingPage() -> impl IntoView {
    let Some(page) = use_context::<TrackingView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().request;
    let cycle = &locale.messages().cycle;
    let request = &page.request;
    let title = fill(m.track_title, &[("reference", &request.reference)]);
    let holder = if request.stage.is_final() {
        m.holder_nobody.to_owned()
    } else {
        match &request.region {
            Some(region) => {
                fill(m.holder_coordinator, &[("region", &taxonomy().label(Dimension::Region, region, locale))])
            }
            None => m.holder_management.to_owned(),
        }
    };
    let history = page
        .history
        .iter()
        .map(|entry| {
            let what = match entry.kind {
                EventKind::Submitted => m.event_submitted.to_owned(),
                EventKind::StageChanged => {
                    fill(m.event_stage, &[("stage", &entry.to_stage.map(|s| s.name(m)).unwrap_or_default())])
                }
                EventKind::Message if entry.by_requester => m.event_reply.to_owned(),
                EventKind::Message => m.event_message.to_owned(),
                EventKind::Endorsed => endorsed_event(entry, locale),
            };
            view! {
                <tr>
                    <td><time datetime=entry.at.clone()>{utc_time(&entry.at)}</time></td>
                    <td>{what}{entry.shown_body().map(|body| view! { <p class="history__body">{body}</p> })}</td>
                </tr>
            }
        })
        .collect_view();
    let received = page.just_submitted.then(|| {
        view! {
            <div class="notice notice--success" role="status">
                <p><strong>{m.track_received}</strong></p>
                <p>{fill(m.track_receipt, &[("received_at", &utc_time(&request.submitted_at))])}</p>
                <p>{m.track_keep_link}</p>
            </div>
        }
    });
    let outcome = page.outcome.map(|outcome| {
        let text = match outcome {
            TrackingOutcome::Replied => m.reply_sent,
            TrackingOutcome::Withdrawn => m.withdrawn,
            TrackingOutcome::Commented => cycle.comment_sent,
            TrackingOutcome::Agreed => cycle.agreed_outcome,
            TrackingOutcome::NoteChanged => cycle.note_changed_before_agreeing,
            TrackingOutcome::Assessed => locale.messages().completion.assessment_sent,
        };
        view! { <div class="notice" role="status"><p>{text}</p></div> }
    });
    let concept_note = page.concept_note.note.is_some().then(|| {
        let answers = (request.stage == Stage::ConceptNote).then(|| {
            view! {
                <ConceptNoteAnswers path=page.path.clone() work=page.concept_note.clone() typed=page.typed.clone()
                    problems=page.problems.clone()/>
            }
        });
        view! {
            <h2>{cycle.note_heading}</h2>
            <p>{cycle.note_requester_intro}</p>
            <ConceptNoteReading work=page.concept_note.clone() reader=Reader::Requester/>
            {answers}
        }
    });
    let fiche = (!page.fiche.is_empty()).then(|| {
        let f = &locale.messages().fiche;
        view! {
            <h2>{f.heading}</h2>
            <p>{f.requester_intro}</p>
            <FicheReading work=page.fiche.clone()/>
        }
    });
    let consultation = (!page.consultation.rounds.is_empty()).then(|| {
        view! {
            <h2>{locale.messages().consultation.heading}</h2>
            <ConsultationReading consultation=page.consultation.clone() now=page.now.clone()
                reader=ConsultationReader::Requester/>
        }
    });
    let baseline = (request.stage.has_baseline() && !page.baseline.is_empty()).then(|| {
        let b = &locale.messages().baseline;
        view! {
            <h2>{b.heading}</h2>
            <p>{b.requester_intro}</p>
            <BaselineReading fiche=page.fiche.clone() work=page.baseline.clone()
                download_path=format!("{}/documents", page.path)/>
        }
    });
    let intervention = (request.stage.has_intervention() && !page.intervention.is_empty()).then(|| {
        let i = &locale.messages().intervention;
        view! {
            <h2>{i.heading}</h2>
            <p>{i.requester_intro}</p>
            <InterventionReading fiche=page.fiche.clone() work=page.intervention.clone()
                download_path=format!("{}/documents", page.path)/>
        }
    });
    let results = (request.stage.has_intervention() && !page.completion.is_empty()).then(|| {
        let c = &locale.messages().completion;
        view! {
            <h2>{c.heading}</h2>
            <p>{c.requester_intro}</p>
            <ResultsReading fiche=page.fiche.clone() baseline=page.baseline.clone() work=page.completion.clone()/>
        }
    });
    let assessment = (request.stage == Stage::Completed).then(|| {
        let c = &locale.messages().completion;
        let given = page.completion.assessment.clone();
        view! {
            <h2>{c.your_assessment_heading}</h2>
            <p>{c.assessment_intro}</p>
            {given.as_ref().map(|g| view! { <p>{fill(c.given_at, &[("at", &utc_time(&g.given_at))])}</p> })}
            <AssessmentForm path=page.path.clone() given typed=page.typed.clone() problems=page.problems.clone()/>
        }
    });
    let open = !request.stage.is_final();
    let endorsements = (!page.endorsements.is_empty())
        .then(|| view! { <EndorsementList endorsements=page.endorsements.clone() stage=request.stage/> });
    let joined = request.joined_into.as_ref().map(|into| {
        view! { <p class="notice">{fill(locale.messages().endorsement.joined_notice, &[("reference", into)])}</p> }
    });
    let reply_error =
        page.problems.iter().find(|e| e.field == "message").map(|e| problem_text(locale.problems(), e.problem));
    let reply = open.then(|| view! {
        <h2>{m.reply_heading}</h2>
        <form method="post" action=format!("{}/reply", page.path) class="request-form">
            <TextArea name="message" label=m.reply_label value=page.typed.raw("message").to_owned() error=reply_error
                maxlength=NOTE_MAX hint=Some(m.reply_hint)/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.reply_button}</button></div>
        </form>
        <h2>{m.withdraw_heading}</h2>
        <p>{m.withdraw_text}</p>
        <form method="post" action=format!("{}/withdraw", page.path)>
            <input type="hidden" name="from" value=request.stage.as_str()/>
            <div class="form-actions"><button type="submit" class="button-secondary">{m.withdraw_button}</button></div>
        </form>
    });
    let decline = request.decline_reason.clone().map(|reason| {
        view! { <dt>{m.track_decline_reason}</dt><dd>{reason}</dd> }
    });
    view! {
        <Title text=title.clone()/>
        <article class="tracking">
            <h1>{title}</h1>
            <p class="lead">{request.institution.institution.clone()}</p>
            {page.follows.as_ref().map(|reference| {
                view! { <p>{fill(locale.messages().completion.follows, &[("reference", reference)])}</p> }
            })}
            {received}
            {outcome}
            <dl class="facts">
                <dt>{m.track_stage}</dt><dd>{request.stage.name(m)}</dd>
                <dt>{m.track_holder}</dt><dd>{holder}</dd>
                <dt>{m.track_next}</dt><dd>{next_step(m, request.stage)}</dd>
                {decline}
            </dl>
            {joined}
            <h2>{m.track_stages_label}</h2>
            <StagePath stage=request.stage/>
            {endorsements}
            {concept_note}
            {fiche}
            {consultation}
            {baseline}
            {intervention}
            {results}
            {assessment}
            <h2>{m.track_history}</h2>
            <table class="history">
                <thead><tr><th scope="col">{m.col_when}</th><th scope="col">{m.col_what}</th></tr></thead>
                <tbody>{history}</tbody>
            </table>
            <h2>{m.track_answers_heading}</h2>
            <RequestAnswers request=request.clone() attachments=page.attachments.clone() attachment_path=format!("{}/attachments", page.path)/>
            {reply}
        </article>
    }
    .into_any()
}
