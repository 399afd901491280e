//! The baseline assessment: read on its staff page and the tracking page
//! (`BaselineReading`), written on its staff page one form per part (findings, an
//! indicator's starting value, a document), so each works without JavaScript and a problem in
//! one keeps what was typed there.

use leptos::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{problem_text, SelectField, TextArea, TextField};
use crate::domain::form::{FieldError, RawForm};
use crate::domain::staff::StaffUser;
use crate::domain::stage::Stage;
use crate::domain::ta_cycle::{BaselineWork, FicheWork};
use crate::domain::ta_request::{StoredRequest, PARAGRAPH_MAX};
use crate::error::AppError;
use crate::i18n::{fill, use_locale, utc_time};
use crate::pages::requests::documents::{StageDocumentForm, StageDocuments};
use crate::pages::requests::stage_head::StageHead;

/// The staff page of a request's baseline assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineView {
    pub user: StaffUser,
    pub request: StoredRequest,
    /// The fiche's results and indicators, which the starting values belong to.
    pub fiche: FicheWork,
    pub work: BaselineWork,
    /// Something was just saved.
    pub saved: bool,
    /// What was posted when it had problems, and the problems.
    pub typed: RawForm,
    pub problems: Vec<FieldError>,
}

/// The baseline as it stands: findings, each indicator of `fiche` with its target and
/// starting value, and the documents the reader may see.
#[component]
pub fn BaselineReading(
    fiche: FicheWork,
    work: BaselineWork,
    download_path: String,
    #[prop(default = None)] remove_path: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let (m, f) = (&locale.messages().baseline, &locale.messages().fiche);
    let findings = match &work.findings {
        Some(saved) => view! {
            <p class="notes__meta">{fill(m.findings_written, &[("written_at", &utc_time(&saved.written_at))])}</p>
            <h3>{m.findings}</h3>
            <p class="history__body">{saved.findings.clone()}</p>
            <h3>{m.recommendations}</h3>
            <p class="history__body">{saved.recommendations.clone()}</p>
        }
        .into_any(),
        None => view! { <p>{m.none}</p> }.into_any(),
    };
    let indicators: Vec<_> = fiche.indicators().collect();
    let values = if indicators.is_empty() {
        view! { <p>{m.values_none}</p> }.into_any()
    } else {
        let rows = indicators
            .into_iter()
            .map(|i| {
                let start = work.starting_value(i.id);
                let cells = match start {
                    Some(s) => view! { <td>{s.value}</td><td>{s.measured_on.clone()}</td><td>{s.source.clone()}</td> }
                        .into_any(),
                    None => view! { <td colspan="3">{m.value_missing}</td> }.into_any(),
                };
                view! { <tr><td>{i.indicator.clone()}</td><td>{i.unit.clone()}</td><td>{i.target}</td>{cells}</tr> }
            })
            .collect_view();
        view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{f.indicator_label}</th><th scope="col">{f.indicator_unit}</th>
                    <th scope="col">{f.indicator_target}</th><th scope="col">{m.col_value}</th>
                    <th scope="col">{m.col_measured}</th><th scope="col">{m.col_source}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="stage-work">
            {findings}
            <h3>{m.values_heading}</h3>
            {values}
            <h3>{m.documents_heading}</h3>
            <StageDocuments documents=work.documents.clone() download_path remove_path/>
        </div>
    }
}

#[component]
pub fn StaffBaselinePage() -> impl IntoView {
    let Some(page) = use_context::<BaselineView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().baseline;
    let path = format!("/staff/requests/{}", page.request.reference);
    let at_stage = page.request.stage == Stage::BaselineAssessment;
    let forms = at_stage.then(|| baseline_forms(&page, &path));
    view! {
        <StageHead user=page.user.clone() reference=page.request.reference.clone() heading=m.heading
            saved=page.saved.then_some(m.saved) at_stage=at_stage.then_some((m.staff_intro, m.needs_work))/>
        <BaselineReading fiche=page.fiche.clone() work=page.work.clone() download_path=format!("{path}/documents")
            remove_path=at_stage.then(|| format!("{path}/baseline/documents/remove"))/>
        {forms}
    }
    .into_any()
}

/// The fiche's indicators as a form offers them: (id, "indicator (unit)").
pub(super) fn indicator_options(fiche: &FicheWork) -> Vec<(String, String)> {
    fiche.indicators().map(|i| (i.id.to_string(), format!("{} ({})", i.indicator, i.unit))).collect()
}

/// The three forms of the baseline: findings, an indicator's starting value, a document.
fn baseline_forms(page: &BaselineView, path: &str) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().baseline;
    let typed = |field: &str| page.typed.raw(field).to_owned();
    let error = |field: &str| {
        page.problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem))
    };
    // After a problem in the findings, what was typed; else the findings as saved.
    let findings_typed = page.typed.pairs().any(|(field, _)| field == "findings" || field == "recommendations");
    let (findings, recommendations) = match (&page.work.findings, findings_typed) {
        (Some(saved), false) => (saved.findings.clone(), saved.recommendations.clone()),
        _ => (typed("findings"), typed("recommendations")),
    };
    let indicators = indicator_options(&page.fiche);
    let value_form = (!indicators.is_empty()).then(|| {
        view! {
            <h2>{m.value_heading}</h2>
            <p>{m.value_intro}</p>
            <form method="post" action=format!("{path}/baseline/indicators") class="request-form">
                <SelectField name="for_indicator" label=m.for_indicator options=indicators selected=typed("for_indicator")
                    error=error("for_indicator")/>
                <TextField name="baseline_value" label=m.value_label value=typed("baseline_value") error=error("baseline_value")
                    kind="number" maxlength=8/>
                <TextField name="measured_on" label=m.measured_on value=typed("measured_on") error=error("measured_on")
                    kind="date" maxlength=10/>
                <TextField name="source" label=m.source value=typed("source") error=error("source") hint=Some(m.source_hint)/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.value_save}</button></div>
            </form>
        }
    });
    view! {
        <h2>{m.findings_heading}</h2>
        <form method="post" action=format!("{path}/baseline/findings") class="request-form">
            <TextArea name="findings" label=m.findings value=findings error=error("findings") maxlength=PARAGRAPH_MAX/>
            <TextArea name="recommendations" label=m.recommendations value=recommendations error=error("recommendations")
                maxlength=PARAGRAPH_MAX/>
            <div class="form-actions"><button type="submit" class="button-primary">{m.findings_save}</button></div>
        </form>
        {value_form}
        <h2>{m.document_add}</h2>
        <StageDocumentForm action=format!("{path}/baseline/documents") typed=page.typed.clone()
            problems=page.problems.clone()/>
    }
}
