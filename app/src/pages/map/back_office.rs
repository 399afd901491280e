//! `/staff/interventions`: every intervention in the regions a member of staff covers, and
//! who may see each one. Sensitive work (readmission, trafficking cases) can be kept for
//! staff only: it then leaves no public page, figure or export.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::{set_status, ErrorView};
use crate::components::filter_form::{CodeSelect, FilterPanel};
use crate::components::form_fields::{error_for, ErrorSummary, TextArea, TextField};
use crate::components::intervention_list::status_text;
use crate::components::pagination::Pagination;
use crate::components::staff_bar::StaffBar;
use crate::components::step_form::summary_entries;
use crate::components::translated::paragraphs;
use crate::data::taxonomy;
use crate::domain::filters::Dimension;
use crate::domain::form::{FieldError, RawForm};
use crate::domain::intervention::FlaggedIntervention;
use crate::domain::staff::{StaffInterventionFilter, StaffUser, STAFF_INTERVENTIONS_PER_PAGE};
use crate::domain::ta_request::{StepFields, AUDIENCE_PUBLIC, AUDIENCE_STAFF, PARAGRAPH_MAX};
use crate::domain::text::{Translatable, TranslationsForm};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::{fill, Locale};

/// One page of the list with how many the filter selects, and the intervention whose
/// audience was just changed.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffInterventionsView {
    pub user: StaffUser,
    pub filter: StaffInterventionFilter,
    pub rows: Vec<FlaggedIntervention>,
    pub total: i64,
    pub changed: Option<FlaggedIntervention>,
}

#[component]
pub fn StaffInterventionsPage() -> impl IntoView {
    let Some(page) = use_context::<StaffInterventionsView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().staff;
    let taxonomy = taxonomy();
    let label = |dimension, code: &str| taxonomy.label(dimension, code, locale).to_owned();
    let notice = page.changed.as_ref().map(|row| {
        let text = if row.publishable { m.released_notice } else { m.withheld_notice };
        view! { <p class="notice" role="status">{fill(text, &[("title", &row.title)])}</p> }
    });
    let status_column = locale.messages().col_status;
    let filter = page.filter.clone();
    let back = filter.query(true);
    let rows = page
        .rows
        .iter()
        .map(|row| {
            let title = if row.publishable {
                view! { <a href=format!("/interventions/{}", row.slug)>{row.title.clone()}</a> }.into_any()
            } else {
                row.title.clone().into_any()
            };
            let (audience, button, next) = if row.publishable {
                (m.audience_public, m.withhold_button, AUDIENCE_STAFF)
            } else {
                (m.audience_staff, m.release_button, AUDIENCE_PUBLIC)
            };
            view! {
                <tr id=row.slug.clone()>
                    <th scope="row" class="cards__title">{title}</th>
                    <td data-label=m.col_region>{label(Dimension::Region, &row.region)}</td>
                    <td data-label=status_column>{status_text(locale, &row.status, &row.status_as_of)}</td>
                    <td data-label=m.col_audience>{audience}</td>
                    <td>
                        <a href=format!("/staff/interventions/{}/translations", row.slug)>
                            {m.translate_button}<span class="visually-hidden">{format!(": {}", row.title)}</span>
                        </a>
                    </td>
                    <td>
                        <form method="post" action=format!("/staff/interventions/{}/audience", row.slug)>
                            <input type="hidden" name="audience" value=next/>
                            <input type="hidden" name="back" value=back.clone()/>
                            <button type="submit" class="button-secondary">
                                {button}<span class="visually-hidden">{format!(": {}", row.title)}</span>
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let shared = locale.messages();
    let regions: Vec<(String, String)> = taxonomy
        .terms(Dimension::Region)
        .into_iter()
        .filter(|region| page.user.covers(Some(&region.code)))
        .map(|region| (region.code.clone(), region.label(locale).to_owned()))
        .collect();
    let audiences = vec![
        (AUDIENCE_PUBLIC.to_owned(), m.audience_public.to_owned()),
        (AUDIENCE_STAFF.to_owned(), m.audience_staff.to_owned()),
    ];
    let count_text = fill(
        locale.plural(u64::try_from(page.total).unwrap_or(0), shared.results_count_one, shared.results_count_many),
        &[("count", &locale.count(page.total))],
    );
    let empty = page.rows.is_empty().then(|| view! { <p>{shared.results_none}</p> });
    let query = filter.query(false);
    let page_link = move |number: i64| {
        if query.is_empty() {
            format!("/staff/interventions?page={number}")
        } else {
            format!("/staff/interventions?{query}&page={number}")
        }
    };
    let pages = (page.total + STAFF_INTERVENTIONS_PER_PAGE - 1) / STAFF_INTERVENTIONS_PER_PAGE;
    view! {
        <Title text=m.interventions_title/>
        <StaffBar user=page.user.clone()/>
        <h1>{m.interventions_title}</h1>
        {notice}
        <p>{m.interventions_intro}</p>
        <FilterPanel id="intervention-filters" heading=shared.filters_heading set=filter.narrowing_count()>
            <form method="get" action="/staff/interventions" aria-labelledby="intervention-filters">
                <div class="filters__grid">
                    <div class="field">
                        <label for="filter-q">{shared.filter_text}</label>
                        <input id="filter-q" name="q" type="search" maxlength="200" value=filter.text.clone().unwrap_or_default()/>
                    </div>
                    <CodeSelect name="region" label=m.col_region options=regions selected=filter.region.clone()/>
                    <CodeSelect name="audience" label=m.col_audience options=audiences selected=filter.audience.clone()/>
                </div>
                <div class="filters__actions"><button type="submit">{m.filter_apply}</button></div>
            </form>
        </FilterPanel>
        <p class="results__count">{count_text}</p>
        {empty}
        <table class="list cards-below-narrow">
            <thead>
                <tr>
                    <th scope="col">{m.col_intervention}</th>
                    <th scope="col">{m.col_region}</th>
                    <th scope="col">{locale.messages().col_status}</th>
                    <th scope="col">{m.col_audience}</th>
                    <th scope="col" colspan="2"><span class="visually-hidden">{m.sessions_actions}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <Pagination page=filter.page pages=pages link=page_link/>
    }
    .into_any()
}

/// An intervention's translations: the text as written, and a title and summary for each
/// other language. `typed` holds what the form shows (the stored translations, or a post
/// that came back with `errors`).
#[derive(Clone, Debug, PartialEq)]
pub struct StaffTranslationsView {
    pub user: StaffUser,
    pub item: Translatable,
    pub typed: RawForm,
    pub errors: Vec<FieldError>,
    pub saved: bool,
}

#[component]
pub fn StaffTranslationsPage() -> impl IntoView {
    let Some(page) = use_context::<StaffTranslationsView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().staff;
    let g = &locale.messages().grants;
    if !page.errors.is_empty() {
        set_status(422);
    }
    let original = &page.item.original;
    let written_in = Locale::from_code(&original.locale).unwrap_or_default();
    let (typed, errors) = (&page.typed, &page.errors);
    let label = |field: &str| match field.strip_prefix("objective_") {
        Some(code) => {
            fill(m.objective_in, &[("language", &Locale::from_code(code).unwrap_or_default().name_in(locale))])
        }
        None => g.text_label(field).to_owned(),
    };
    let has_objective = original.objective.is_some();
    // The form's own `&'static` field names (title, summary, objective per language), without
    // the language the text was written in; the objective only when the original has one.
    let fields = TranslationsForm::FIELDS.chunks(3).filter(|fields| !fields[0].ends_with(written_in.code()));
    let fields = fields
        .map(|fields| {
            let (title, summary, objective) = (fields[0], fields[1], fields[2]);
            view! {
                <TextField name=title label=label(title) value=typed.raw(title).to_owned()
                    error=error_for(errors, title) optional=true maxlength=200/>
                <TextArea name=summary label=label(summary) value=typed.raw(summary).to_owned()
                    error=error_for(errors, summary) optional=true maxlength=PARAGRAPH_MAX/>
                {has_objective.then(|| view! {
                    <TextArea name=objective label=label(objective) value=typed.raw(objective).to_owned()
                        error=error_for(errors, objective) optional=true maxlength=PARAGRAPH_MAX/>
                })}
            }
        })
        .collect_view();
    let summary = summary_entries(errors, label);
    let notice = page.saved.then(|| view! { <p class="notice" role="status">{m.translations_saved}</p> });
    view! {
        <Title text=fill(m.translations_title, &[("title", &original.title)])/>
        <StaffBar user=page.user.clone()/>
        <article class="request">
            <p><a href=format!("/staff/interventions#{}", page.item.slug)>{m.interventions_title}</a></p>
            <h1>{fill(m.translations_title, &[("title", &original.title)])}</h1>
            {notice}
            <p>{m.translations_intro}</p>
            <h2>{fill(m.translations_original, &[("language", &written_in.name_in(locale))])}</h2>
            <div lang=original.locale.clone()>
                <p><strong>{original.title.clone()}</strong></p>
                {paragraphs(&original.summary)}
                {original.objective.clone().map(|objective| view! {
                    <p><strong>{locale.messages().detail_objective}</strong></p>
                    {paragraphs(&objective)}
                })}
            </div>
            <form method="post" action=format!("/staff/interventions/{}/translations", page.item.slug)
                class="request-form" novalidate>
                <ErrorSummary entries=summary/>
                {fields}
                <div class="form-actions"><button type="submit" class="button-primary">{m.translations_save}</button></div>
            </form>
        </article>
    }
    .into_any()
}
