//! The TA fiche: read on the staff page and the tracking page (`FicheReading`), written on
//! its own staff page, one form per part, so each works without JavaScript and a problem in
//! one part keeps what was typed there.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{control_id, problem_text, ChoiceGroup, SelectField, TextArea, TextField};
use crate::components::staff_bar::StaffBar;
use crate::data::taxonomy;
use crate::domain::consultation::Consultation;
use crate::domain::filters::Dimension;
use crate::domain::form::{FieldError, RawForm};
use crate::domain::staff::{Role, StaffUser};
use crate::domain::stage::Stage;
use crate::domain::steps::StepFields;
use crate::domain::ta_cycle::{
    FicheActivity, FicheExpert, FicheFrame, FicheResult, FicheWork, ACTIVITY_KINDS, PARTNER_KINDS, SDG_TARGETS,
};
use crate::domain::ta_request::{StoredRequest, NOTE_MAX, PARAGRAPH_MAX};
use crate::error::AppError;
use crate::i18n::{fill, use_locale, utc_time, FicheMessages, Locale};
use crate::pages::requests::consultation::{ConsultationForms, ConsultationReader, ConsultationReading};

/// The staff page of a request's TA fiche.
#[derive(Clone, Debug, PartialEq)]
pub struct FicheView {
    pub user: StaffUser,
    pub request: StoredRequest,
    pub work: FicheWork,
    pub consultation: Consultation,
    /// When the page was read (UTC, as stored): where the consultation stands.
    pub now: String,
    /// What was just done, if anything.
    pub done: Option<FicheDone>,
    /// What was posted when it had problems, and the problems.
    pub typed: RawForm,
    pub problems: Vec<FieldError>,
}

/// What the fiche's page says was just done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FicheDone {
    Saved,
    RoundOpened,
    Decided,
}

/// A button removing one row of the fiche; its accessible name says which row.
fn remove_button(m: &'static FicheMessages, path: &str, what: &'static str, id: i64, name: &str) -> impl IntoView {
    view! {
        <form method="post" action=format!("{path}/fiche/remove") class="inline-form">
            <input type="hidden" name="what" value=what/>
            <input type="hidden" name="id" value=id.to_string()/>
            <button type="submit" class="button-link" aria-label=format!("{}: {name}", m.remove)>{m.remove}</button>
        </form>
    }
}

fn result_view(m: &'static FicheMessages, result: &FicheResult, remove: Option<&str>) -> impl IntoView {
    let indicators = if result.indicators.is_empty() {
        view! { <p>{m.indicators_none}</p> }.into_any()
    } else {
        let rows = result
            .indicators
            .iter()
            .map(|i| {
                let remove = remove.map(|path| remove_button(m, path, "indicator", i.id, &i.indicator));
                view! {
                    <tr>
                        <td>{i.indicator.clone()}</td><td>{i.unit.clone()}</td><td>{i.target}</td>
                        <td>{i.verification.clone()}</td>{remove.map(|r| view! { <td>{r}</td> })}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{m.indicator_label}</th><th scope="col">{m.indicator_unit}</th>
                    <th scope="col">{m.indicator_target}</th><th scope="col">{m.indicator_verification}</th>
                    {remove.map(|_| view! { <td></td> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let remove = remove.map(|path| remove_button(m, path, "result", result.id, &result.result));
    view! { <li><p class="history__body">{result.result.clone()}</p>{remove}{indicators}</li> }
}

fn activity_row(m: &'static FicheMessages, locale: Locale, a: &FicheActivity, remove: Option<&str>) -> impl IntoView {
    let language = Locale::from_code(&a.language).map_or(a.language.clone(), |l| l.name_in(locale).to_owned());
    let remove = remove.map(|path| view! { <td>{remove_button(m, path, "activity", a.id, &a.title)}</td> });
    view! {
        <tr>
            <td>{m.activity_kind_name(&a.kind).to_owned()}</td>
            <td>{a.title.clone()}</td>
            <td>{format!("{} – {}", a.starts_on, a.ends_on)}</td>
            <td>{a.place.clone().unwrap_or_else(|| m.remote.to_owned())}</td>
            <td>{language}</td>
            <td>{a.participants}</td>
            {remove}
        </tr>
    }
}

fn expert_row(m: &'static FicheMessages, locale: Locale, e: &FicheExpert, remove: Option<&str>) -> impl IntoView {
    let taxonomy = taxonomy();
    let topics: Vec<&str> = e.topics.iter().map(|t| taxonomy.label(Dimension::Topic, t, locale)).collect();
    let languages: Vec<&str> =
        e.languages.iter().map(|code| Locale::from_code(code).map_or(code.as_ref(), |l| l.name_in(locale))).collect();
    let remove = remove.map(|path| view! { <td>{remove_button(m, path, "expert", e.id, &e.profile)}</td> });
    view! {
        <tr>
            <td>{e.profile.clone()}</td>
            <td>{topics.join(", ")}</td>
            <td>{languages.join(", ")}</td>
            <td>{e.working_days}</td>
            {remove}
        </tr>
    }
}

/// The fiche as it stands; with `remove_path` (staff, at the TA-fiche stage) each row has a
/// button removing it.
#[component]
pub fn FicheReading(work: FicheWork, #[prop(default = None)] remove_path: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().fiche;
    if work.is_empty() {
        return view! { <p>{m.none}</p> }.into_any();
    }
    let remove = remove_path.as_deref();
    let frame = work.frame.as_ref().map(|frame| {
        let partners: Vec<String> = frame.partners.iter().map(|p| m.partner_name(p).to_owned()).collect();
        let partners = [partners.join(", "), frame.partner_names.clone().unwrap_or_default()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let sdgs = frame.sdg_targets.iter().map(|t| view! { <li>{m.sdg_name(t)}</li> }).collect_view();
        view! {
            <p class="notes__meta">{fill(m.frame_written, &[("written_at", &utc_time(&frame.written_at))])}</p>
            <h3>{m.objectives}</h3>
            <p class="history__body">{frame.objectives.clone()}</p>
            <h3>{m.partners}</h3>
            <p>{partners}</p>
            <h3>{m.sdg_targets}</h3>
            <ul>{sdgs}</ul>
        }
    });
    let results = if work.results.is_empty() {
        view! { <p>{m.results_none}</p> }.into_any()
    } else {
        view! { <ol class="fiche-results">{work.results.iter().map(|r| result_view(m, r, remove)).collect_view()}</ol> }
            .into_any()
    };
    let activities = if work.activities.is_empty() {
        view! { <p>{m.activities_none}</p> }.into_any()
    } else {
        view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{m.activity_kind}</th><th scope="col">{m.activity_title}</th>
                    <th scope="col">{m.activity_dates}</th><th scope="col">{m.activity_place}</th>
                    <th scope="col">{m.activity_language}</th><th scope="col">{m.activity_participants}</th>
                    {remove.map(|_| view! { <td></td> })}
                </tr></thead>
                <tbody>{work.activities.iter().map(|a| activity_row(m, locale, a, remove)).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    let experts = if work.experts.is_empty() {
        view! { <p>{m.experts_none}</p> }.into_any()
    } else {
        view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{m.expert_profile}</th><th scope="col">{m.expert_topics}</th>
                    <th scope="col">{m.expert_languages}</th><th scope="col">{m.expert_days}</th>
                    {remove.map(|_| view! { <td></td> })}
                </tr></thead>
                <tbody>{work.experts.iter().map(|e| expert_row(m, locale, e, remove)).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="stage-work">
            {frame}
            <h3>{m.results_heading}</h3>
            {results}
            <h3>{m.activities_heading}</h3>
            {activities}
            <h3>{m.experts_heading}</h3>
            {experts}
        </div>
    }
    .into_any()
}

#[component]
pub fn StaffFichePage() -> impl IntoView {
    let Some(page) = use_context::<FicheView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().fiche;
    let request = &page.request;
    let path = format!("/staff/requests/{}", request.reference);
    let at_stage = request.stage == Stage::TaFiche;
    let editable = at_stage && !page.consultation.freezes_fiche(&page.now);
    let c = &locale.messages().consultation;
    let done = page.done.map(|done| {
        let text = match done {
            FicheDone::Saved => m.saved,
            FicheDone::RoundOpened => c.opened,
            FicheDone::Decided => c.decided,
        };
        view! { <div class="notice" role="status"><p>{text}</p></div> }
    });
    let forms = editable.then(|| fiche_forms(&page, &path));
    let consultation_forms = (at_stage && page.user.role == Role::Admin).then(|| {
        view! {
            <ConsultationForms path=path.clone() consultation=page.consultation.clone() now=page.now.clone()
                fiche_complete=page.work.complete() typed=page.typed.clone() problems=page.problems.clone()/>
        }
    });
    view! {
        <Title text=format!("{} · {}", m.heading, request.reference)/>
        <StaffBar user=page.user.clone()/>
        <h1>{m.heading}" · "{request.reference.clone()}</h1>
        <p><a href=path.clone()>{m.back_to_request}</a></p>
        {done}
        {editable.then(|| view! { <p>{m.staff_intro}</p><p>{m.needs_work}</p> })}
        <FicheReading work=page.work.clone() remove_path=editable.then(|| path.clone())/>
        {forms}
        <h2>{c.heading}</h2>
        {at_stage.then(|| view! { <p>{c.staff_intro}</p> })}
        <ConsultationReading consultation=page.consultation.clone() now=page.now.clone() reader=ConsultationReader::Staff/>
        {consultation_forms}
    }
    .into_any()
}

/// The four forms of the fiche: the frame, a result, an indicator, an activity.
fn fiche_forms(page: &FicheView, path: &str) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().fiche;
    let typed = |field: &str| page.typed.raw(field).to_owned();
    let error = |field: &str| {
        page.problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem))
    };
    // After a problem in the frame, what was typed; else the frame as saved.
    let frame_typed = page.typed.pairs().any(|(field, _)| FicheFrame::FIELDS.contains(&field));
    let frame = match (&page.work.frame, frame_typed) {
        (Some(saved), false) => FicheFrame {
            objectives: Some(saved.objectives.clone()),
            partners: saved.partners.clone(),
            partner_names: saved.partner_names.clone(),
            sdg_targets: saved.sdg_targets.clone(),
        },
        _ => FicheFrame::read(&page.typed),
    };
    let coded = |codes: &[&str], name: &dyn Fn(&str) -> String| -> Vec<(String, String)> {
        codes.iter().map(|c| ((*c).to_owned(), name(c))).collect()
    };
    let partners = coded(&PARTNER_KINDS, &|c| m.partner_name(c).to_owned());
    let sdgs = coded(&SDG_TARGETS, &|c| m.sdg_name(c));
    let kinds = coded(&ACTIVITY_KINDS, &|c| m.activity_kind_name(c).to_owned());
    let languages: Vec<(String, String)> =
        Locale::ALL.iter().map(|l| (l.code().to_owned(), l.name_in(locale).to_owned())).collect();
    let results: Vec<(String, String)> = page
        .work
        .results
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.to_string(), format!("{}. {}", i + 1, r.result)))
        .collect();
    let indicator_form = (!results.is_empty()).then(|| {
        view! {
            <h2>{m.indicator_heading}</h2>
            <form method="post" action=format!("{path}/fiche/indicators") class="request-form">
                <SelectField name="for_result" label=m.indicator_for_result options=results selected=typed("for_result") error=error("for_result")/>
                <TextField name="indicator" label=m.indicator_label value=typed("indicator") error=error("indicator")/>
                <TextField name="unit" label=m.indicator_unit value=typed("unit") error=error("unit")/>
                <TextField name="target" label=m.indicator_target value=typed("target") error=error("target") kind="number" maxlength=8/>
                <TextField name="verification" label=m.indicator_verification value=typed("verification") error=error("verification")/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.indicator_add}</button></div>
            </form>
        }
    });
    let remote = page.typed.has("remote", "yes");
    let topics: Vec<(String, String)> =
        taxonomy().terms(Dimension::Topic).into_iter().map(|t| (t.code.clone(), t.label(locale).to_owned())).collect();
    let work_languages = languages.clone();
    view! {
        <h2>{m.frame_heading}</h2>
        <form method="post" action=format!("{path}/fiche/frame") class="request-form">
            <TextArea name="objectives" label=m.objectives value=frame.objectives.unwrap_or_default() error=error("objectives") maxlength=PARAGRAPH_MAX/>
            <ChoiceGroup name="partners" legend=m.partners options=partners chosen=frame.partners error=error("partners") several=true/>
            <TextField name="partner_names" label=m.partner_names value=frame.partner_names.unwrap_or_default()
                error=error("partner_names") hint=Some(m.partner_names_hint) optional=true/>
            <ChoiceGroup name="sdg_targets" legend=m.sdg_targets options=sdgs chosen=frame.sdg_targets error=error("sdg_targets") several=true/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.frame_save}</button></div>
        </form>
        <h2>{m.result_add}</h2>
        <form method="post" action=format!("{path}/fiche/results") class="request-form">
            <TextArea name="result" label=m.result_label value=typed("result") error=error("result") maxlength=NOTE_MAX/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.result_add}</button></div>
        </form>
        {indicator_form}
        <h2>{m.activity_add}</h2>
        <form method="post" action=format!("{path}/fiche/activities") class="request-form">
            <SelectField name="activity_kind" label=m.activity_kind options=kinds selected=typed("activity_kind") error=error("activity_kind")/>
            <TextField name="activity_title" label=m.activity_title value=typed("activity_title") error=error("activity_title")/>
            <TextField name="starts_on" label=m.activity_starts value=typed("starts_on") error=error("starts_on") kind="date" maxlength=10/>
            <TextField name="ends_on" label=m.activity_ends value=typed("ends_on") error=error("ends_on") kind="date" maxlength=10/>
            <div class="field choice">
                <input id=control_id("remote") type="checkbox" name="remote" value="yes" checked=remote/>
                <label for=control_id("remote")>{m.activity_remote}</label>
            </div>
            <TextField name="place" label=m.activity_place value=typed("place") error=error("place") hint=Some(m.activity_place_hint) optional=true/>
            <SelectField name="activity_language" label=m.activity_language options=languages selected=typed("activity_language") error=error("activity_language")/>
            <TextField name="participants" label=m.activity_participants value=typed("participants") error=error("participants") kind="number" maxlength=5/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.activity_add}</button></div>
        </form>
        <h2>{m.expert_add}</h2>
        <form method="post" action=format!("{path}/fiche/experts") class="request-form">
            <TextField name="profile" label=m.expert_profile value=typed("profile") error=error("profile") hint=Some(m.expert_profile_hint)/>
            <ChoiceGroup name="profile_topics" legend=m.expert_topics options=topics chosen=page.typed.values("profile_topics")
                error=error("profile_topics") several=true/>
            <ChoiceGroup name="profile_languages" legend=m.expert_languages options=work_languages
                chosen=page.typed.values("profile_languages") error=error("profile_languages") several=true/>
            <TextField name="working_days" label=m.expert_days value=typed("working_days") error=error("working_days") kind="number" maxlength=2/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.expert_add}</button></div>
        </form>
    }
}
