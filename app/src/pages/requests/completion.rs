//! A TA's completion: its results (each indicator's baseline, target and achieved value),
//! the lessons learned and the requester's assessment, read on the staff page and the
//! tracking page (`ResultsReading`, `AssessmentReading`); staff write results and lessons one
//! form per part while the intervention runs, and the requester assesses the completed TA on
//! the tracking page (`AssessmentForm`). A later request is linked to the completed one it
//! follows up on the request's staff page (`FollowUpSection`).

use leptos::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{problem_text, ChoiceGroup, SelectField, TextArea, TextField};
use crate::domain::form::{FieldError, RawForm};
use crate::domain::staff::StaffUser;
use crate::domain::stage::Stage;
use crate::domain::steps::StepFields;
use crate::domain::ta_cycle::{
    Achieved, Assessment, BaselineWork, CompletionWork, FicheWork, FollowUps, GivenAssessment, FOLLOW_UP_ANSWERS, SCALE,
};
use crate::domain::ta_request::{StoredRequest, NOTE_MAX, PARAGRAPH_MAX};
use crate::error::AppError;
use crate::i18n::{fill, use_locale, utc_time, CompletionMessages};
use crate::pages::requests::baseline::indicator_options;
use crate::pages::requests::stage_head::StageHead;

/// The staff page of a request's results and completion.
#[derive(Clone, Debug, PartialEq)]
pub struct CompletionView {
    pub user: StaffUser,
    pub request: StoredRequest,
    /// The fiche's indicators and the baseline's starting values, which results are read against.
    pub fiche: FicheWork,
    pub baseline: BaselineWork,
    pub work: CompletionWork,
    /// Something was just saved.
    pub saved: bool,
    /// What was posted when it had problems, and the problems.
    pub typed: RawForm,
    pub problems: Vec<FieldError>,
}

fn achieved_text(m: &CompletionMessages, achieved: Option<&Achieved>) -> String {
    match achieved {
        Some(Achieved::Measured { value, on, source }) => {
            fill(m.measured, &[("value", value), ("on", on), ("source", source)])
        }
        Some(Achieved::Unmeasured { reason }) => fill(m.unmeasured, &[("reason", reason)]),
        None => m.not_recorded.to_owned(),
    }
}

/// The results table (each indicator of `fiche` with its unit, starting value, target and
/// what it reached) and the lessons learned.
#[component]
pub fn ResultsReading(fiche: FicheWork, baseline: BaselineWork, work: CompletionWork) -> impl IntoView {
    let locale = use_locale();
    let (m, f, b) = (&locale.messages().completion, &locale.messages().fiche, &locale.messages().baseline);
    let rows = fiche
        .indicators()
        .map(|i| {
            let start =
                baseline.starting_value(i.id).map_or_else(|| b.value_missing.to_owned(), |s| s.value.to_string());
            view! {
                <tr>
                    <td>{i.indicator.clone()}</td><td>{i.unit.clone()}</td><td>{start}</td><td>{i.target}</td>
                    <td>{achieved_text(m, work.outcome(i.id))}</td>
                </tr>
            }
        })
        .collect_view();
    let lessons = work.lessons.as_ref().map(|l| {
        view! {
            <h3>{m.lessons_heading}</h3>
            <p class="history__body">{l.lessons.clone()}</p>
        }
    });
    view! {
        <div class="stage-work">
            <h3>{m.results_heading}</h3>
            <table class="list">
                <thead><tr>
                    <th scope="col">{m.col_indicator}</th><th scope="col">{f.indicator_unit}</th>
                    <th scope="col">{m.col_baseline}</th><th scope="col">{m.col_target}</th>
                    <th scope="col">{m.col_achieved}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {lessons}
        </div>
    }
}

/// The requester's assessment as given.
#[component]
pub fn AssessmentReading(assessment: GivenAssessment) -> impl IntoView {
    let m = &use_locale().messages().completion;
    let marks = fill(m.marks, &[("usefulness", &assessment.usefulness), ("satisfaction", &assessment.satisfaction)]);
    let follow_up = match &assessment.follow_up_needs {
        Some(needs) => fill(m.follow_up_wanted, &[("needs", needs)]),
        None => m.no_follow_up.to_owned(),
    };
    view! {
        <p class="notes__meta">{fill(m.given_at, &[("at", &utc_time(&assessment.given_at))])}</p>
        <p>{marks}</p>
        <p class="history__body">{follow_up}</p>
        {assessment.comments.clone().map(|c| view! { <p class="history__body">{c}</p> })}
    }
}

/// The requester's assessment form, filled with what was typed after a problem, else with the
/// assessment given before.
#[component]
pub fn AssessmentForm(
    path: String,
    given: Option<GivenAssessment>,
    typed: RawForm,
    problems: Vec<FieldError>,
) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().completion;
    let error =
        |field: &str| problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem));
    let retyped = typed.pairs().any(|(field, _)| Assessment::FIELDS.contains(&field));
    let value = |field: &str| -> String {
        if retyped {
            return typed.raw(field).to_owned();
        }
        let Some(given) = &given else { return String::new() };
        match field {
            "usefulness" => given.usefulness.to_string(),
            "satisfaction" => given.satisfaction.to_string(),
            "follow_up" => if given.follow_up_needs.is_some() { "yes" } else { "no" }.to_owned(),
            "follow_up_needs" => given.follow_up_needs.clone().unwrap_or_default(),
            _ => given.comments.clone().unwrap_or_default(),
        }
    };
    let scale: Vec<(String, String)> =
        SCALE.iter().zip(m.scale_marks).map(|(code, text)| ((*code).to_owned(), text.to_owned())).collect();
    let answers: Vec<(String, String)> =
        FOLLOW_UP_ANSWERS.iter().zip([m.yes, m.no]).map(|(code, text)| ((*code).to_owned(), text.to_owned())).collect();
    view! {
        <form method="post" action=format!("{path}/assessment") class="request-form">
            <ChoiceGroup name="usefulness" legend=m.usefulness options=scale.clone() chosen=vec![value("usefulness")]
                error=error("usefulness")/>
            <ChoiceGroup name="satisfaction" legend=m.satisfaction options=scale chosen=vec![value("satisfaction")]
                error=error("satisfaction")/>
            <ChoiceGroup name="follow_up" legend=m.follow_up options=answers chosen=vec![value("follow_up")]
                error=error("follow_up")/>
            <TextArea name="follow_up_needs" label=m.follow_up_needs value=value("follow_up_needs")
                error=error("follow_up_needs") maxlength=NOTE_MAX hint=Some(m.follow_up_needs_hint) optional=true/>
            <TextArea name="assessment_comments" label=m.assessment_comments value=value("assessment_comments")
                error=error("assessment_comments") maxlength=NOTE_MAX optional=true/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.assessment_save}</button></div>
        </form>
    }
}

#[component]
pub fn StaffCompletionPage() -> impl IntoView {
    let Some(page) = use_context::<CompletionView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().completion;
    let path = format!("/staff/requests/{}", page.request.reference);
    let at_stage = page.request.stage == Stage::TaIntervention;
    let forms = at_stage.then(|| completion_forms(&page, &path));
    let assessment = match &page.work.assessment {
        Some(given) => view! { <AssessmentReading assessment=given.clone()/> }.into_any(),
        None => view! { <p>{m.no_assessment}</p> }.into_any(),
    };
    view! {
        <StageHead user=page.user.clone() reference=page.request.reference.clone() heading=m.heading
            saved=page.saved.then_some(m.saved) at_stage=at_stage.then_some((m.staff_intro, m.needs_work))/>
        <ResultsReading fiche=page.fiche.clone() baseline=page.baseline.clone() work=page.work.clone()/>
        {forms}
        <h2>{m.assessment_heading}</h2>
        {assessment}
    }
    .into_any()
}

/// The forms of the completion: an indicator's result, the lessons learned.
fn completion_forms(page: &CompletionView, path: &str) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().completion;
    let typed = |field: &str| page.typed.raw(field).to_owned();
    let error = |field: &str| {
        page.problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem))
    };
    let lessons_typed = page.typed.pairs().any(|(field, _)| field == "lessons");
    let lessons = match (&page.work.lessons, lessons_typed) {
        (Some(saved), false) => saved.lessons.clone(),
        _ => typed("lessons"),
    };
    let indicators = indicator_options(&page.fiche);
    let result_form = (!indicators.is_empty()).then(|| {
        view! {
            <h2>{m.result_heading}</h2>
            <p>{m.result_intro}</p>
            <form method="post" action=format!("{path}/completion/results") class="request-form">
                <SelectField name="for_indicator" label=m.for_indicator options=indicators selected=typed("for_indicator")
                    error=error("for_indicator")/>
                <TextField name="achieved_value" label=m.achieved_value value=typed("achieved_value")
                    error=error("achieved_value") kind="number" maxlength=8 optional=true/>
                <TextField name="achieved_on" label=m.achieved_on value=typed("achieved_on") error=error("achieved_on")
                    kind="date" maxlength=10 optional=true/>
                <TextField name="achieved_source" label=m.achieved_source value=typed("achieved_source")
                    error=error("achieved_source") optional=true/>
                <TextArea name="unmeasured_reason" label=m.unmeasured_reason value=typed("unmeasured_reason")
                    error=error("unmeasured_reason") maxlength=NOTE_MAX optional=true/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.result_save}</button></div>
            </form>
        }
    });
    view! {
        {result_form}
        <h2>{m.lessons_heading}</h2>
        <p>{m.lessons_intro}</p>
        <form method="post" action=format!("{path}/completion/lessons") class="request-form">
            <TextArea name="lessons" label=m.lessons_heading value=lessons error=error("lessons") maxlength=PARAGRAPH_MAX/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.lessons_save}</button></div>
        </form>
    }
}

/// The request's links as a follow-up, on its staff page: the request it follows and those
/// that follow it (each a link to its page), and the form that sets the first.
#[component]
pub fn FollowUpSection(path: String, links: FollowUps, typed: RawForm, problems: Vec<FieldError>) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().completion;
    let request_link = |reference: &str| {
        view! { <a href=format!("/staff/requests/{reference}")>{reference.to_owned()}</a> }
    };
    let follows = links.follows.as_deref().map(|reference| {
        let (before, after) = m.follows.split_once("{reference}").unwrap_or((m.follows, ""));
        view! { <p>{before}{request_link(reference)}{after}</p> }
    });
    let followed_by = (!links.followed_by.is_empty()).then(|| {
        let items = links.followed_by.iter().map(|r| view! { <li>{request_link(r)}</li> }).collect_view();
        view! { <p>{m.followed_by}</p><ul>{items}</ul> }
    });
    let retyped = typed.pairs().any(|(field, _)| field == "follows");
    let selected = if retyped { typed.raw("follows").to_owned() } else { links.follows.clone().unwrap_or_default() };
    let error = problems.iter().find(|e| e.field == "follows").map(|e| problem_text(locale.problems(), e.problem));
    let form = (!links.candidates.is_empty() || links.follows.is_some()).then(|| {
        view! {
            <form method="post" action=format!("{path}/follows") class="request-form">
                <SelectField name="follows" label=m.follows_label options=links.candidates.clone() selected error
                    hint=Some(m.follows_hint) optional=true/>
                <div class="form-actions"><button type="submit" class="button-secondary">{m.follows_save}</button></div>
            </form>
        }
    });
    (follows.is_some() || followed_by.is_some() || form.is_some()).then(|| {
        view! {
            <h2>{m.follow_up_heading}</h2>
            {follows}
            {followed_by}
            {form}
        }
    })
}
