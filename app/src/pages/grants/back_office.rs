//! `/staff/grants`: calls for proposals in the back office. The management unit writes a
//! call (texts in each language, eligibility, money, window, rubric), checks it on its page
//! and publishes it; every member of staff sees the calls and the applications submitted.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{grant_range, labels};
use crate::components::error_view::{set_status, ErrorView};
use crate::components::form_fields::ErrorSummary;
use crate::components::form_fields::{error_for, ChoiceGroup, SelectField, TextArea, TextField};
use crate::components::pagination::Pagination;
use crate::components::staff_bar::StaffBar;
use crate::components::step_form::summary_entries;
use crate::components::translated::other_language;
use crate::data::taxonomy;
use crate::domain::filters::Dimension;
use crate::domain::form::{FieldError, RawForm};
use crate::domain::grant::call::{criterion_field, CRITERION_ROWS, KINDS, UTC_OFFSETS};
use crate::domain::grant::scoring::points_text;
use crate::domain::grant::{
    kind_name, ApplicationRow, Call, CallForm, CallPhase, StepFields, APPLICATIONS_PER_PAGE, PARAGRAPH_MAX,
};
use crate::domain::staff::{Role, StaffUser};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::utc_time;
use crate::i18n::{fill, GrantMessages, Locale};

/// The list of calls: each with where it stands, its submitted applications and drafts.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffGrantsView {
    pub user: StaffUser,
    pub calls: Vec<(Call, CallPhase, i64, i64)>,
}

/// The call form, new or being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffCallFormView {
    pub user: StaffUser,
    pub action: String,
    pub form: RawForm,
    pub errors: Vec<FieldError>,
}

/// What the last action on a call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallNotice {
    Saved,
    Published,
}

/// One call with its applications.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffCallView {
    pub user: StaffUser,
    pub call: Call,
    pub phase: CallPhase,
    /// One page of the applications the reader may see (ranked for the management unit),
    /// the page, and how many there are in all.
    pub applications: Vec<ApplicationRow>,
    pub total: i64,
    pub page: i64,
    pub notice: Option<CallNotice>,
}

fn state_text(m: &GrantMessages, call: &Call, phase: CallPhase) -> String {
    if call.published_at.is_none() {
        return m.staff_unpublished.to_owned();
    }
    let phase = match phase {
        CallPhase::Open => m.staff_phase_open,
        CallPhase::Upcoming => m.staff_phase_upcoming,
        CallPhase::Closed => m.staff_phase_closed,
    };
    fill(m.staff_published_phase, &[("phase", &phase)])
}

#[component]
pub fn StaffGrantsPage() -> impl IntoView {
    let Some(page) = use_context::<StaffGrantsView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().grants;
    let rows = page
        .calls
        .iter()
        .map(|(call, phase, submitted, drafts)| {
            view! {
                <tr>
                    <td><a href=format!("/staff/grants/{}", call.id)>{call.title(locale).to_owned()}</a></td>
                    <td>{state_text(m, call, *phase)}</td>
                    <td>{call.deadline_text(locale)}</td>
                    <td>{*submitted}</td>
                    <td>{*drafts}</td>
                </tr>
            }
        })
        .collect_view();
    let admin = page.user.role == Role::Admin;
    view! {
        <Title text=m.staff_title/>
        <StaffBar user=page.user.clone()/>
        <h1>{m.staff_title}</h1>
        {admin.then(|| view! { <p><a class="button button-primary" href="/staff/grants/new">{m.staff_new_call}</a></p> })}
        {page.calls.is_empty().then(|| view! { <p>{m.staff_no_calls}</p> })}
        <div class="table-scroll">
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">{m.staff_col_call}</th><th scope="col">{m.staff_col_state}</th>
                        <th scope="col">{m.staff_col_deadline}</th><th scope="col">{m.staff_col_applications}</th>
                        <th scope="col">{m.staff_col_drafts}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The label of a call form field, as the error summary names it.
fn call_field_label(locale: Locale, field: &str) -> String {
    let m = &locale.messages().grants;
    if let Some(rest) = field.strip_prefix("criterion_") {
        // `criterion_{part}_{row}`, or `criterion_{part}_{language}_{row}` for a translation.
        let pieces: Vec<&str> = rest.split('_').collect();
        let (part, language, row) = match pieces[..] {
            [part, row] => (part, Locale::En, row),
            [part, code, row] => (part, Locale::from_code(code).unwrap_or(Locale::En), row),
            _ => return String::new(),
        };
        let language = language.name_in(locale);
        return match part {
            "weight" => fill(m.criterion_weight, &[("number", &row)]),
            "name" => fill(m.criterion_name_in, &[("number", &row), ("language", &language)]),
            _ => fill(m.criterion_guidance_in, &[("number", &row), ("language", &language)]),
        };
    }
    match field {
        text if text.starts_with("title_") || text.starts_with("summary_") => m.text_label(text),
        "kind" => m.kind_label,
        "regions" => m.call_regions,
        "countries" => m.call_countries,
        "topics" => m.call_topics,
        "floor_eur" => m.floor_eur,
        "ceiling_eur" => m.ceiling_eur,
        "cofunding_percent" => m.cofunding_percent,
        "max_months" => m.max_months,
        "opens_at" => m.opens_at,
        "closes_at" => m.closes_at,
        "utc_offset" => m.utc_offset,
        "criteria" => m.criteria,
        _ => "",
    }
    .to_owned()
}

/// The form's own `&'static` spelling of a rubric field's name (the components want one).
fn criterion_input(part: &str, row: usize) -> &'static str {
    let name = criterion_field(part, row);
    CallForm::FIELDS.iter().find(|field| **field == name).copied().unwrap_or_default()
}

#[component]
pub fn StaffCallFormPage() -> impl IntoView {
    let Some(page) = use_context::<StaffCallFormView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().grants;
    if !page.errors.is_empty() {
        set_status(422);
    }
    let (form, errors) = (&page.form, &page.errors);
    let taxonomy = taxonomy();
    let terms = |dimension| {
        taxonomy.terms(dimension).into_iter().map(|t| (t.code.clone(), t.label(locale).to_owned())).collect::<Vec<_>>()
    };
    let countries = taxonomy
        .countries_by_name(locale)
        .into_iter()
        .map(|c| (c.term.code.clone(), c.term.label(locale).to_owned()))
        .collect::<Vec<_>>();
    let kinds = KINDS.iter().map(|k| ((*k).to_owned(), kind_name(k, m).to_owned())).collect();
    let offsets = UTC_OFFSETS.iter().map(|o| ((*o).to_owned(), format!("UTC{o}"))).collect();
    let text = |name: &'static str, label: &'static str, hint: Option<&'static str>, kind: &'static str| {
        view! { <TextField name label value=form.raw(name).to_owned() error=error_for(errors, name) hint kind maxlength=200/> }
    };
    let area = |name: &'static str, label: &'static str| {
        view! { <TextArea name label value=form.raw(name).to_owned() error=error_for(errors, name) maxlength=PARAGRAPH_MAX/> }
    };
    let optional_text = |name: &'static str, label: &'static str| {
        view! { <TextField name label value=form.raw(name).to_owned() error=error_for(errors, name) optional=true maxlength=200/> }
    };
    let optional_area = |name: &'static str, label: &'static str| {
        view! {
            <TextArea name label value=form.raw(name).to_owned() error=error_for(errors, name) optional=true
                maxlength=PARAGRAPH_MAX/>
        }
    };
    // A rubric row: its English, weight and French, then Portuguese and Spanish in a fold that
    // opens when they hold anything. Only the first row's English and French names are asked
    // for in every call; Portuguese and Spanish only in a call written in them.
    let criteria = (1..=CRITERION_ROWS)
        .map(|row| {
            let pair = |code: &str| {
                let optional = row > 1 || !matches!(code, "en" | "fr");
                let suffix = |part: &str| if code == "en" { part.to_owned() } else { format!("{part}_{code}") };
                let (name, guidance) = (criterion_input(&suffix("name"), row), criterion_input(&suffix("guidance"), row));
                let language = Locale::from_code(code).unwrap_or(Locale::En).name_in(locale);
                view! {
                    <TextField name label=fill(m.criterion_in, &[("language", &language)]) value=form.raw(name).to_owned()
                        error=error_for(errors, name) optional/>
                    <TextField name=guidance label=fill(m.guidance_in, &[("language", &language)]) value=form.raw(guidance).to_owned()
                        error=error_for(errors, guidance) optional=true maxlength=2000/>
                }
            };
            let weight = criterion_input("weight", row);
            let more = ["pt", "es"].iter().any(|code| {
                ["name", "guidance"].iter().any(|part| {
                    let field = criterion_field(&format!("{part}_{code}"), row);
                    !form.raw(&field).is_empty() || errors.iter().any(|e| e.field == field)
                })
            });
            view! {
                <fieldset class="field-row">
                    <legend>{fill(m.criterion_name, &[("number", &row)])}</legend>
                    {pair("en")}
                    <TextField name=weight label=m.weight_col value=form.raw(weight).to_owned() error=error_for(errors, weight)
                        optional={row > 1} maxlength=3/>
                    {pair("fr")}
                    <details open=more>
                        <summary>{m.criterion_other_languages}</summary>
                        {pair("pt")}
                        {pair("es")}
                    </details>
                </fieldset>
            }
        })
        .collect_view();
    let summary = summary_entries(errors, |field| call_field_label(locale, field));
    let heading = if page.action.ends_with("/edit") { m.staff_edit_call } else { m.staff_new_call };
    view! {
        <Title text=heading/>
        <StaffBar user=page.user.clone()/>
        <article class="request">
            <h1>{heading}</h1>
            <form method="post" action=page.action.clone() class="request-form" novalidate>
                <ErrorSummary entries=summary/>
                {text("title_en", m.title_en, None, "text")}
                {area("summary_en", m.summary_en)}
                {text("title_fr", m.title_fr, None, "text")}
                {area("summary_fr", m.summary_fr)}
                {optional_text("title_pt", m.title_pt)}
                {optional_area("summary_pt", m.summary_pt)}
                {optional_text("title_es", m.title_es)}
                {optional_area("summary_es", m.summary_es)}
                <ChoiceGroup name="kind" legend=m.kind_label options=kinds chosen=form.values("kind") error=error_for(errors, "kind")/>
                <ChoiceGroup name="regions" legend=m.call_regions options=terms(Dimension::Region) chosen=form.values("regions")
                    error=error_for(errors, "regions") several=true/>
                <ChoiceGroup name="countries" legend=m.call_countries options=countries chosen=form.values("countries")
                    error=error_for(errors, "countries") several=true hint=Some(m.call_countries_hint)/>
                <ChoiceGroup name="topics" legend=m.call_topics options=terms(Dimension::Topic) chosen=form.values("topics")
                    error=error_for(errors, "topics") several=true/>
                {text("floor_eur", m.floor_eur, None, "text")}
                {text("ceiling_eur", m.ceiling_eur, None, "text")}
                {text("cofunding_percent", m.cofunding_percent, None, "text")}
                {text("max_months", m.max_months, None, "text")}
                {text("opens_at", m.opens_at, Some(m.time_hint), "datetime-local")}
                {text("closes_at", m.closes_at, Some(m.time_hint), "datetime-local")}
                <SelectField name="utc_offset" label=m.utc_offset options=offsets selected=form.raw("utc_offset").to_owned()
                    error=error_for(errors, "utc_offset")/>
                <h2 id="field-criteria" tabindex="-1">{m.criteria}</h2>
                <p class="field__hint">{m.criteria_hint}</p>
                <p class="field__error" data-error-for="criteria">{error_for(errors, "criteria")}</p>
                {criteria}
                <div class="form-actions"><button type="submit" class="button-primary">{m.staff_save_call}</button></div>
            </form>
        </article>
    }
    .into_any()
}

#[component]
pub fn StaffCallPage() -> impl IntoView {
    let Some(page) = use_context::<StaffCallView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().grants;
    let call = &page.call;
    let admin = page.user.role == Role::Admin;
    let notice = page.notice.map(|notice| {
        let text = match notice {
            CallNotice::Saved => m.staff_saved_notice,
            CallNotice::Published => m.staff_published_notice,
        };
        view! { <p class="notice notice--success" role="status">{text}</p> }
    });
    let unpublished = call.published_at.is_none();
    let actions = (admin && unpublished).then(|| {
        view! {
            <p><a href=format!("/staff/grants/{}/edit", call.id)>{m.staff_edit_call}</a></p>
            <form method="post" action=format!("/staff/grants/{}/publish", call.id)>
                <p class="field__hint">{m.staff_publish_hint}</p>
                <button type="submit" class="button-primary">{m.staff_publish}</button>
            </form>
        }
    });
    let public_link =
        (!unpublished).then(|| view! { <p><a href=format!("/grants/{}", call.slug)>{m.staff_view_public}</a></p> });
    let count_text = fill(
        locale.plural(
            u64::try_from(page.total).unwrap_or(0),
            m.staff_applications_count_one,
            m.staff_applications_count_many,
        ),
        &[("count", &locale.count(page.total))],
    );
    let pages = (page.total + APPLICATIONS_PER_PAGE - 1) / APPLICATIONS_PER_PAGE;
    let call_id = call.id;
    let page_link = move |number: i64| format!("/staff/grants/{call_id}?page={number}");
    // The management unit sees the ranking (best average first, unscored last), as read.
    let language = locale.code();
    let rows = page
        .applications
        .iter()
        .map(|a| {
            let scores = admin.then(|| {
                view! {
                    <td class="nowrap">{a.average_tenths.map(|t| points_text(t, language)).unwrap_or_default()}</td>
                    <td class="nowrap">{(a.reviews > 1).then(|| points_text(a.spread_tenths, language))}</td>
                    <td>{a.reviews}</td>
                    <td>{a.missing}</td>
                }
            });
            let link =
                view! { <a href=format!("/staff/grants/applications/{}", a.reference)>{a.reference.clone()}</a> };
            if a.declare_first {
                // Nothing of it before the reviewer's declaration: the link leads there.
                return view! {
                    <tr>
                        <td class="nowrap">{link}</td>
                        <td colspan="4">{m.declare_heading}</td>
                        <td class="nowrap">{utc_time(&a.submitted_at)}</td>
                        <td>{a.status.name(m)}</td>
                    </tr>
                }
                .into_any();
            }
            view! {
                <tr>
                    <td class="nowrap">{link}</td>
                    <td>{a.legal_name.clone()}</td>
                    <td>{a.project_title.clone()}</td>
                    <td>{labels(Dimension::Country, &a.countries, locale)}</td>
                    <td class="nowrap">{locale.money(a.requested_cents)}</td>
                    <td class="nowrap">{utc_time(&a.submitted_at)}</td>
                    <td>{a.status.name(m)}</td>
                    {scores}
                </tr>
            }
            .into_any()
        })
        .collect_view();
    let score_headers = admin.then(|| {
        view! {
            <th scope="col">{m.staff_col_average}</th><th scope="col">{m.staff_col_spread}</th>
            <th scope="col">{m.staff_col_reviews}</th><th scope="col">{m.staff_col_missing}</th>
        }
    });
    let csv = (admin && !page.applications.is_empty()).then(
        || view! { <p><a href=format!("/staff/grants/{}/applications.csv", call.id) download>{m.download_csv}</a></p> },
    );
    let criteria = call
        .criteria
        .iter()
        .map(|c| {
            let text = c.in_language(locale.code());
            view! { <li><span lang=other_language(&text.locale, locale)>{text.name}</span>" – "{fill(m.weight_percent, &[("weight", &c.weight)])}</li> }
        })
        .collect_view();
    view! {
        <Title text=call.title(locale).to_owned()/>
        <StaffBar user=page.user.clone()/>
        <p><a href="/staff/grants">{m.staff_title}</a></p>
        <h1>{call.title(locale).to_owned()}</h1>
        {notice}
        <dl class="facts">
            <dt>{m.staff_col_state}</dt><dd>{state_text(m, call, page.phase)}</dd>
            <dt>{m.kind_label}</dt><dd>{kind_name(&call.kind, m)}</dd>
            <dt>{m.regions_label}</dt><dd>{labels(Dimension::Region, &call.regions, locale)}</dd>
            <dt>{m.countries_label}</dt><dd>{labels(Dimension::Country, &call.countries, locale)}</dd>
            <dt>{m.topics_label}</dt><dd>{labels(Dimension::Topic, &call.topics, locale)}</dd>
            <dt>{m.money_heading}</dt><dd>{grant_range(call, locale)}</dd>
            <dt>{m.opens}</dt><dd>{call.opening_text(locale)}</dd>
            <dt>{m.deadline}</dt><dd>{call.deadline_text(locale)}</dd>
        </dl>
        <h2>{m.criteria}</h2>
        <ul>{criteria}</ul>
        {actions}
        {public_link}
        <h2>{m.staff_applications}</h2>
        {(page.total > 0).then(|| view! { <p class="results__count">{count_text}</p> })}
        {page.applications.is_empty().then(|| view! { <p>{m.staff_no_applications}</p> })}
        {csv}
        <div class="table-scroll">
            <table class="list">
                <thead>
                    <tr>
                        <th scope="col">{m.staff_col_reference}</th><th scope="col">{m.staff_col_organisation}</th>
                        <th scope="col">{m.staff_col_project}</th><th scope="col">{m.staff_col_countries}</th>
                        <th scope="col">{m.staff_col_requested}</th><th scope="col">{m.staff_col_submitted}</th>
                        <th scope="col">{m.staff_col_status}</th>
                        {score_headers}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pagination page=page.page pages=pages link=page_link/>
    }
    .into_any()
}
