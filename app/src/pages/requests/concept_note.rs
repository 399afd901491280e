//! The concept note on the staff page (read, written as a new version) and on the tracking
//! page (read, commented on, agreed to). Both read the same `ConceptNoteWork`.

use leptos::prelude::*;

use crate::components::form_fields::{problem_text, SelectField, TextArea};
use crate::domain::form::{FieldError, RawForm};
use crate::domain::steps::StepFields;
use crate::domain::ta_cycle::{ConceptNoteText, ConceptNoteWork};
use crate::domain::ta_request::{StoredRequest, NOTE_MAX, PARAGRAPH_MAX};
use crate::i18n::{fill, use_locale, utc_time, CycleMessages, Locale};

/// Who reads the note: staff, or the requester on the tracking page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Staff,
    Requester,
}

/// The parts of a concept note with their labels, in reading order.
fn parts<'a>(m: &CycleMessages, text: &'a ConceptNoteText) -> [(&'static str, &'static str, &'a Option<String>); 5] {
    [
        ("context", m.note_context, &text.context),
        ("objectives", m.note_objectives, &text.objectives),
        ("approach", m.note_approach, &text.approach),
        ("expected_results", m.note_expected_results, &text.expected_results),
        ("timeline", m.note_timeline, &text.timeline),
    ]
}

/// The note as it stands (its version, whether it is agreed) and the requester's comments.
#[component]
pub fn ConceptNoteReading(work: ConceptNoteWork, reader: Reader) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().cycle;
    let Some(note) = work.note.clone() else {
        return view! { <p>{m.note_none}</p> }.into_any();
    };
    let version = note.version.to_string();
    let agreement = match (&note.agreed_at, reader) {
        (Some(at), Reader::Staff) => fill(m.note_agreed, &[("agreed_at", &utc_time(at))]),
        (Some(at), Reader::Requester) => fill(m.note_you_agreed, &[("agreed_at", &utc_time(at))]),
        (None, _) => m.note_not_agreed.to_owned(),
    };
    let language = note.text.work_language.as_deref().and_then(Locale::from_code).map(|l| l.name_in(locale));
    let sections = parts(m, &note.text)
        .into_iter()
        .map(|(_, label, text)| view! { <h3>{label}</h3><p class="history__body">{text.clone()}</p> })
        .collect_view();
    let comments = (!work.comments.is_empty()).then(|| {
        let items = work
            .comments
            .iter()
            .map(|c| {
                let on = fill(m.comment_on_version, &[("version", &c.version.to_string()), ("at", &utc_time(&c.at))]);
                view! { <li><p class="notes__meta">{on}</p><p class="history__body">{c.body.clone()}</p></li> }
            })
            .collect_view();
        view! { <h3>{m.comments_heading}</h3><ul class="notes">{items}</ul> }
    });
    view! {
        <div class="stage-work">
            <p class="notes__meta">{fill(m.note_version, &[("version", &version), ("written_at", &utc_time(&note.written_at))])}</p>
            <p class="notice" class:notice--success=note.agreed_at.is_some()>{agreement}</p>
            {sections}
            <h3>{m.note_work_language}</h3>
            <p>{language}</p>
            {comments}
        </div>
    }
    .into_any()
}

/// Staff write the next version: the form holds what was typed (after a problem), else the
/// note as it stands, else a start drawn from the request's own answers.
#[component]
pub fn ConceptNoteForm(
    path: String,
    request: StoredRequest,
    work: ConceptNoteWork,
    typed: RawForm,
    problems: Vec<FieldError>,
) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().cycle;
    let typed_any = ConceptNoteText::FIELDS.iter().any(|f| !typed.raw(f).is_empty());
    let as_typed = |field: &str| Some(typed.raw(field).to_owned());
    let start = match (&work.note, typed_any) {
        (_, true) => ConceptNoteText {
            context: as_typed("context"),
            objectives: as_typed("objectives"),
            approach: as_typed("approach"),
            expected_results: as_typed("expected_results"),
            timeline: as_typed("timeline"),
            work_language: as_typed("work_language"),
        },
        (Some(note), false) => note.text.clone(),
        (None, false) => ConceptNoteText {
            context: request.details.background.clone(),
            objectives: request.details.objectives.clone(),
            approach: None,
            expected_results: request.details.expected_results.clone(),
            timeline: None,
            work_language: request.institution.work_language.clone(),
        },
    };
    let error =
        |field: &str| problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem));
    let value = |text: &Option<String>| text.clone().unwrap_or_default();
    let areas = parts(m, &start)
        .into_iter()
        .map(|(name, label, text)| {
            let hint = (name == "timeline").then_some(m.note_timeline_hint);
            view! { <TextArea name=name label=label value=value(text) error=error(name) maxlength=PARAGRAPH_MAX hint=hint/> }
        })
        .collect_view();
    let languages: Vec<(String, String)> =
        Locale::ALL.iter().map(|l| (l.code().to_owned(), l.name_in(locale).to_owned())).collect();
    let based_on = work.note.as_ref().map_or(0, |n| n.version).to_string();
    view! {
        <p>{m.note_staff_intro}</p>
        <form method="post" action=format!("{path}/concept-note") class="request-form">
            <input type="hidden" name="version" value=based_on/>
            {areas}
            <SelectField name="work_language" label=m.note_work_language options=languages
                selected=value(&start.work_language) error=error("work_language")/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.note_save}</button></div>
        </form>
    }
}

/// The requester's comment and agreement forms (at the concept-note stage, once a note is
/// there; the agreement only while the version shown is not agreed).
#[component]
pub fn ConceptNoteAnswers(
    path: String,
    work: ConceptNoteWork,
    typed: RawForm,
    problems: Vec<FieldError>,
) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().cycle;
    let Some(note) = work.note else { return ().into_any() };
    let error = problems.iter().find(|e| e.field == "comment").map(|e| problem_text(locale.problems(), e.problem));
    let agree = note.agreed_at.is_none().then(|| {
        view! {
            <h3>{m.agree_heading}</h3>
            <p>{m.agree_text}</p>
            <form method="post" action=format!("{path}/concept-note/agree")>
                <input type="hidden" name="version" value=note.version.to_string()/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.agree_button}</button></div>
            </form>
        }
    });
    view! {
        {agree}
        <form method="post" action=format!("{path}/concept-note/comment") class="request-form">
            <TextArea name="comment" label=m.comment_label value=typed.raw("comment").to_owned() error=error
                maxlength=NOTE_MAX hint=Some(m.comment_hint)/>
            <div class="form-actions"><button type="submit" class="button-secondary">{m.comment_button}</button></div>
        </form>
    }
    .into_any()
}
