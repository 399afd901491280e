//! The TA intervention: read on its staff page and the tracking page
//! (`InterventionReading`), written on its staff page one form per part (an activity as
//! carried out, an expert's days on it, an output), so each works without JavaScript and a
//! problem in one keeps what was typed there.

use leptos::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{control_id, problem_text, SelectField, TextField};
use crate::domain::form::{FieldError, RawForm};
use crate::domain::staff::StaffUser;
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{FicheActivity, FicheWork, HeldActivity, InterventionWork};
use crate::domain::ta_request::StoredRequest;
use crate::error::AppError;
use crate::i18n::{fill, use_locale, InterventionMessages};
use crate::pages::requests::documents::{StageDocumentForm, StageDocuments};
use crate::pages::requests::stage_head::StageHead;

/// The staff page of a request's intervention.
#[derive(Clone, Debug, PartialEq)]
pub struct InterventionView {
    pub user: StaffUser,
    pub request: StoredRequest,
    /// The fiche's planned activities, which the intervention carries out.
    pub fiche: FicheWork,
    pub work: InterventionWork,
    /// The experts assigned to the request: (id, name).
    pub team: Vec<(i64, String)>,
    /// Something was just saved.
    pub saved: bool,
    /// What was posted when it had problems, and the problems.
    pub typed: RawForm,
    pub problems: Vec<FieldError>,
}

fn activity_row(
    m: &'static InterventionMessages,
    remote: &'static str,
    a: &FicheActivity,
    held: Option<&HeldActivity>,
    show_experts: bool,
) -> impl IntoView {
    let cells = match held {
        Some(h) => {
            let experts: Vec<String> =
                h.experts.iter().map(|e| fill(m.expert_days, &[("name", &e.name), ("days", &e.days)])).collect();
            let participants = fill(m.participants, &[("total", &h.total), ("women", &h.women), ("men", &h.men)]);
            view! {
                <td>{format!("{} – {}", h.held_from, h.held_to)}</td>
                <td>{h.venue.clone().unwrap_or_else(|| remote.to_owned())}</td>
                <td>{participants}</td>
                {show_experts.then(|| view! { <td>{experts.join("; ")}</td> })}
            }
            .into_any()
        }
        None => view! { <td colspan=if show_experts { "4" } else { "3" }>{m.not_held}</td> }.into_any(),
    };
    view! {
        <tr>
            <td>{a.title.clone()}</td>
            <td>{format!("{} – {}", a.starts_on, a.ends_on)}</td>
            {cells}
        </tr>
    }
}

/// The intervention as it stands: each activity of `fiche`, planned and as carried out (with
/// the experts who worked on it unless `show_experts` is false: the public page names no
/// one), the people reached and the outputs the reader may see.
#[component]
pub fn InterventionReading(
    fiche: FicheWork,
    work: InterventionWork,
    download_path: String,
    #[prop(default = None)] remove_path: Option<String>,
    #[prop(default = true)] show_experts: bool,
) -> impl IntoView {
    let locale = use_locale();
    let (m, f) = (&locale.messages().intervention, &locale.messages().fiche);
    let rows =
        fiche.activities.iter().map(|a| activity_row(m, f.remote, a, work.held(a.id), show_experts)).collect_view();
    let (total, women) = work.people_reached();
    let reached = work.complete().then(|| view! { <p>{fill(m.reached, &[("total", &total), ("women", &women)])}</p> });
    view! {
        <div class="stage-work">
            <h3>{m.activities_heading}</h3>
            <table class="list">
                <thead><tr>
                    <th scope="col">{m.col_activity}</th><th scope="col">{m.col_planned}</th>
                    <th scope="col">{m.col_held}</th><th scope="col">{m.col_venue}</th>
                    <th scope="col">{m.col_participants}</th>
                    {show_experts.then(|| view! { <th scope="col">{m.col_experts}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {reached}
            <h3>{m.outputs_heading}</h3>
            <StageDocuments documents=work.outputs.clone() download_path remove_path/>
        </div>
    }
}

#[component]
pub fn StaffInterventionPage() -> impl IntoView {
    let Some(page) = use_context::<InterventionView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().intervention;
    let path = format!("/staff/requests/{}", page.request.reference);
    let at_stage = page.request.stage == Stage::TaIntervention;
    let forms = at_stage.then(|| intervention_forms(&page, &path));
    view! {
        <StageHead user=page.user.clone() reference=page.request.reference.clone() heading=m.heading
            saved=page.saved.then_some(m.saved) at_stage=at_stage.then_some((m.staff_intro, m.needs_work))/>
        <InterventionReading fiche=page.fiche.clone() work=page.work.clone() download_path=format!("{path}/documents")
            remove_path=at_stage.then(|| format!("{path}/intervention/documents/remove"))/>
        {forms}
    }
    .into_any()
}

/// The forms of the intervention: an activity carried out, an expert's days, an output.
fn intervention_forms(page: &InterventionView, path: &str) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().intervention;
    let typed = |field: &str| page.typed.raw(field).to_owned();
    let error = |field: &str| {
        page.problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem))
    };
    let activity = |a: &FicheActivity| (a.id.to_string(), format!("{} ({} – {})", a.title, a.starts_on, a.ends_on));
    let planned: Vec<(String, String)> = page.fiche.activities.iter().map(activity).collect();
    let held: Vec<(String, String)> =
        page.fiche.activities.iter().filter(|a| page.work.held(a.id).is_some()).map(activity).collect();
    let team: Vec<(String, String)> = page.team.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
    let days_form = match (held.is_empty(), team.is_empty()) {
        (true, _) => None,
        (false, true) => Some(view! { <h2>{m.days_heading}</h2><p>{m.no_team}</p> }.into_any()),
        (false, false) => Some(
            view! {
                <h2>{m.days_heading}</h2>
                <p>{m.days_intro}</p>
                <form method="post" action=format!("{path}/intervention/experts") class="request-form">
                    <SelectField name="on_activity" label=m.on_activity options=held selected=typed("on_activity")
                        error=error("on_activity")/>
                    <SelectField name="expert" label=m.expert options=team selected=typed("expert") error=error("expert")/>
                    <TextField name="days_worked" label=m.days_worked value=typed("days_worked") error=error("days_worked")
                        kind="number" maxlength=2/>
                    <div class="form-actions"><button type="submit" class="button-primary">{m.days_save}</button></div>
                </form>
            }
            .into_any(),
        ),
    };
    let remote = page.typed.has("held_remotely", "yes");
    view! {
        <h2>{m.held_heading}</h2>
        <p>{m.held_intro}</p>
        <form method="post" action=format!("{path}/intervention/activities") class="request-form">
            <SelectField name="for_activity" label=m.for_activity options=planned selected=typed("for_activity")
                error=error("for_activity")/>
            <TextField name="held_from" label=m.held_from value=typed("held_from") error=error("held_from") kind="date" maxlength=10/>
            <TextField name="held_to" label=m.held_to value=typed("held_to") error=error("held_to") kind="date" maxlength=10/>
            <div class="field choice">
                <input id=control_id("held_remotely") type="checkbox" name="held_remotely" value="yes" checked=remote/>
                <label for=control_id("held_remotely")>{m.held_remotely}</label>
            </div>
            <TextField name="venue" label=m.venue value=typed("venue") error=error("venue") hint=Some(m.venue_hint) optional=true/>
            <TextField name="women" label=m.women value=typed("women") error=error("women") kind="number" maxlength=5/>
            <TextField name="men" label=m.men value=typed("men") error=error("men") kind="number" maxlength=5/>
            <TextField name="total" label=m.total value=typed("total") error=error("total") hint=Some(m.total_hint)
                kind="number" maxlength=5/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.held_save}</button></div>
        </form>
        {days_form}
        <h2>{m.outputs_heading}</h2>
        <p>{m.outputs_intro}</p>
        <StageDocumentForm action=format!("{path}/intervention/documents") typed=page.typed.clone()
            problems=page.problems.clone()/>
    }
}
