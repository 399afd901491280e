//! The back office's view of the expert roster: search with filters and pages, and one
//! expert's profile. Personal data: the server checks who may see what before it prepares
//! these views, and the pages are never cached.

use leptos::prelude::*;
use leptos_meta::Title;

use super::working_days_text;
use crate::components::error_view::ErrorView;
use crate::components::filter_form::CodeSelect;
use crate::components::form_fields::{problem_text, SelectField, TextField};
use crate::components::pagination::Pagination;
use crate::components::staff_bar::StaffBar;
use crate::components::step_form::kilobytes;
use crate::data::taxonomy;
use crate::domain::assignment::PERIOD_FIELDS;
use crate::domain::file::AttachedFile;
use crate::domain::filters::Dimension;
use crate::domain::form::{FieldError, RawForm};
use crate::domain::roster::{AssignmentStatus, Conflict, RequestExperts, RosterFilter, RosterRow, PER_PAGE};
use crate::domain::roster::{
    ExpertStatus, ASSIGNMENT_LENGTHS, CEFR_LEVELS, COI_DECLARED, GENDERS, ROSTER_LANGUAGES, SECTORS,
};
use crate::domain::staff::{Role, StaffUser};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::{fill, language_endonym};
use crate::pages::roster::form::{answers_review, ExpertFormView};

#[derive(Clone, Debug, PartialEq)]
pub struct RosterView {
    pub user: StaffUser,
    pub filter: RosterFilter,
    pub rows: Vec<RosterRow>,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StaffExpertView {
    pub user: StaffUser,
    pub id: i64,
    /// The answers, read-only (`draft_path` is `None`).
    pub profile: ExpertFormView,
    pub status: ExpertStatus,
    pub cv: Option<AttachedFile>,
}

fn owned(codes: &[&str], name: impl Fn(&str) -> &'static str) -> Vec<(String, String)> {
    codes.iter().map(|c| ((*c).to_owned(), name(c).to_owned())).collect()
}

#[component]
pub fn StaffRosterPage() -> impl IntoView {
    let Some(page) = use_context::<RosterView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().roster;
    let taxonomy = taxonomy();
    let options = |dimension| -> Vec<(String, String)> {
        taxonomy.terms(dimension).into_iter().map(|t| (t.code.clone(), t.label(locale).to_owned())).collect()
    };
    let nationalities: Vec<(String, String)> = taxonomy
        .all_countries_by_name(locale)
        .into_iter()
        .map(|t| (t.code.clone(), t.label(locale).to_owned()))
        .collect();
    let filter = page.filter.clone();
    let statuses = vec![
        (ExpertStatus::Unverified.as_str().to_owned(), m.staff_status_unverified.to_owned()),
        (ExpertStatus::Inactive.as_str().to_owned(), m.staff_status_inactive.to_owned()),
    ];
    // Only the management unit looks beyond the profiles on the roster.
    let status_select = (page.user.role == Role::Admin).then(|| {
        let chosen = (filter.status != ExpertStatus::Active).then(|| filter.status.as_str().to_owned());
        view! { <CodeSelect name="status" label=m.staff_status options=statuses selected=chosen/> }
    });
    let country_name = |code: &str| {
        taxonomy.all_countries.iter().find(|t| t.code == code).map_or(code.to_owned(), |t| t.label(locale).to_owned())
    };
    let rows = page
        .rows
        .iter()
        .map(|row| {
            let languages: Vec<String> =
                row.languages.iter().map(|(l, level)| format!("{} {level}", language_endonym(l))).collect();
            let topics: Vec<&str> = row.topics.iter().map(|t| taxonomy.label(Dimension::Topic, t, locale)).collect();
            view! {
                <tr>
                    <td class="cards__title"><a href=format!("/staff/experts/{}", row.id)>{row.name.clone()}</a></td>
                    <td data-label=m.nationality>{country_name(&row.nationality)}</td>
                    <td data-label=m.sector>{m.sector_name(&row.sector)}</td>
                    <td data-label=m.col_position>{format!("{}, {}", row.position, row.employer)}</td>
                    <td data-label=m.col_years>{row.years_experience.map(|y| y.to_string()).unwrap_or_default()}</td>
                    <td data-label=m.col_languages>{languages.join(", ")}</td>
                    <td data-label=m.col_topics>{topics.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    let pages = (page.total + PER_PAGE - 1) / PER_PAGE;
    let query = filter.query();
    let page_link = |number: i64| {
        if query.is_empty() {
            format!("/staff/experts?page={number}")
        } else {
            format!("/staff/experts?{query}&page={number}")
        }
    };
    let pagination = view! { <Pagination page=filter.page pages=pages link=page_link/> };
    let csv = (page.user.role == Role::Admin).then(|| {
        let href =
            if query.is_empty() { "/staff/experts.csv".to_owned() } else { format!("/staff/experts.csv?{query}") };
        view! { <p><a href=href download>{m.staff_csv}</a></p> }
    });
    view! {
        <Title text=m.staff_title/>
        <StaffBar user=page.user.clone()/>
        <h1>{m.staff_title}</h1>
        <form method="get" action="/staff/experts" class="filters" aria-labelledby="roster-filters">
            <h2 id="roster-filters">{m.staff_search}</h2>
            <div class="filters__grid">
                <div class="field">
                    <label for="filter-q">{m.staff_q}</label>
                    <input id="filter-q" name="q" type="search" maxlength="100" value=filter.q.clone().unwrap_or_default()/>
                </div>
                <CodeSelect name="topic" label=m.topics options=options(Dimension::Topic) selected=filter.topic.clone()/>
                <CodeSelect name="language" label=m.staff_language
                    options=ROSTER_LANGUAGES.iter().map(|l| ((*l).to_owned(), language_endonym(l).to_owned())).collect()
                    selected=filter.language.clone()/>
                <CodeSelect name="level" label=m.staff_level
                    options=CEFR_LEVELS.iter().map(|l| ((*l).to_owned(), (*l).to_owned())).collect() selected=filter.level.clone()/>
                <CodeSelect name="region" label=m.regions options=options(Dimension::Region) selected=filter.region.clone()/>
                <CodeSelect name="country" label=m.countries options=options(Dimension::Country) selected=filter.country.clone()/>
                <CodeSelect name="sector" label=m.sector options=owned(&SECTORS, |c| m.sector_name(c)) selected=filter.sector.clone()/>
                <CodeSelect name="availability" label=m.staff_availability
                    options=owned(&ASSIGNMENT_LENGTHS, |c| m.length_name(c)) selected=filter.availability.clone()/>
                <CodeSelect name="nationality" label=m.nationality options=nationalities selected=filter.nationality.clone()/>
                <CodeSelect name="gender" label=m.gender options=owned(&GENDERS, |c| m.gender_name(c)) selected=filter.gender.clone()/>
                <div class="field">
                    <label for="filter-available_from">{m.staff_available_from}</label>
                    <input id="filter-available_from" name="available_from" type="date"
                        value=filter.available_from.clone().unwrap_or_default()/>
                </div>
                <div class="field">
                    <label for="filter-available_until">{m.staff_available_until}</label>
                    <input id="filter-available_until" name="available_until" type="date"
                        value=filter.available_until.clone().unwrap_or_default()/>
                </div>
                {status_select}
            </div>
            <div class="filters__actions"><button type="submit">{m.staff_apply}</button></div>
        </form>
        <h2 id="results-count">{fill(locale.plural(page.total.max(0) as u64, m.staff_found_one, m.staff_found_many), &[("count", &page.total)])}</h2>
        {csv}
        {page.rows.is_empty().then(|| view! { <p>{m.staff_none}</p> })}
        <table class="list cards-below-narrow" aria-labelledby="results-count">
            <thead>
                <tr>
                    <th scope="col">{m.col_name}</th><th scope="col">{m.nationality}</th><th scope="col">{m.sector}</th>
                    <th scope="col">{m.col_position}</th><th scope="col">{m.col_years}</th>
                    <th scope="col">{m.col_languages}</th><th scope="col">{m.col_topics}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {pagination}
    }
    .into_any()
}

#[component]
pub fn StaffExpertPage() -> impl IntoView {
    let Some(page) = use_context::<StaffExpertView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().roster;
    let status = match page.status {
        ExpertStatus::Active => m.staff_status_active,
        ExpertStatus::Inactive => m.staff_status_inactive,
        ExpertStatus::Unverified | ExpertStatus::Draft => m.staff_status_unverified,
    };
    let cv = match &page.cv {
        Some(file) => view! {
            <p><a href=format!("/staff/experts/{}/cv", page.id)>{fill(m.staff_cv_download, &[("file", &file.name), ("size", &kilobytes(file.size_bytes))])}</a></p>
        }
        .into_any(),
        None => view! { <p>{m.staff_no_cv}</p> }.into_any(),
    };
    let declared = (page.profile.journey.form.raw("coi") == COI_DECLARED).then(|| {
        view! {
            <div class="notice" role="note">
                <p><strong>{m.staff_declared_interests}</strong>": "{page.profile.journey.form.text("coi_details").unwrap_or_default()}</p>
            </div>
        }
    });
    let name = page.profile.journey.form.text("full_name").unwrap_or_default();
    view! {
        <Title text=format!("{name} – {}", m.staff_profile_title)/>
        <StaffBar user=page.user.clone()/>
        <p><a href="/staff/experts">{m.staff_back_to_roster}</a></p>
        <h1>{name}</h1>
        <p class="lead">{m.staff_status}": "{status}</p>
        {declared}
        {cv}
        {answers_review(&page.profile)}
    }
    .into_any()
}

fn assignment_status(m: &crate::i18n::RosterMessages, status: AssignmentStatus) -> &'static str {
    match status {
        AssignmentStatus::Shortlisted => m.status_shortlisted,
        AssignmentStatus::Contacted => m.status_contacted,
        AssignmentStatus::Assigned => m.status_assigned,
    }
}

/// The experts part of a request's page: suggestions from the roster, the request's list,
/// and the form that assigns one of them for up to three periods. `typed`/`problems`: the
/// assignment form as last posted, when it had problems.
#[component]
pub fn RequestExpertsSection(
    path: String,
    experts: RequestExperts,
    typed: RawForm,
    problems: Vec<FieldError>,
) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().roster;
    let taxonomy = taxonomy();
    let suggestions = experts
        .suggestions
        .iter()
        .map(|fit| {
            let topics: Vec<&str> =
                fit.shared_topics.iter().map(|t| taxonomy.label(Dimension::Topic, t, locale)).collect();
            let mut why = vec![fill(m.fit_topics, &[("topics", &topics.join(", "))])];
            why.extend(fit.language_level.clone());
            if fit.knows_country {
                why.push(m.fit_country.to_owned());
            } else if fit.knows_region {
                why.push(m.fit_region.to_owned());
            }
            let conflicts = fit
                .conflicts
                .iter()
                .map(|c| {
                    let text = match c {
                        Conflict::Nationality => m.conflict_nationality,
                        Conflict::Employer => m.conflict_employer,
                    };
                    view! { <strong class="conflict">{text}</strong> }
                })
                .collect_view();
            let name = fit.candidate.name.clone();
            view! {
                <tr>
                    <td><a href=format!("/staff/experts/{}", fit.candidate.id)>{name.clone()}</a></td>
                    <td>{fit.score}</td>
                    <td>{why.join("; ")}" "{conflicts}</td>
                    <td>
                        <form method="post" action=format!("{path}/experts/shortlist")>
                            <input type="hidden" name="expert" value=fit.candidate.id.to_string()/>
                            <button type="submit" class="button-secondary">{m.button_shortlist}<span class="visually-hidden">": "{name}</span></button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let listed = experts
        .assignments
        .iter()
        .map(|row| {
            let name = row.expert_name.clone();
            let contact = (row.status == AssignmentStatus::Shortlisted).then(|| {
                view! {
                    <form method="post" action=format!("{path}/experts/contact")>
                        <input type="hidden" name="expert" value=row.expert_id.to_string()/>
                        <button type="submit" class="button-secondary">{m.button_contact}<span class="visually-hidden">": "{name.clone()}</span></button>
                    </form>
                }
            });
            let deployed = (row.status == AssignmentStatus::Assigned).then(|| {
                view! { <span class="periods">{row.periods_text()}</span>" ("{working_days_text(locale, row.working_days())}")" }
            });
            view! {
                <tr>
                    <td><a href=format!("/staff/experts/{}", row.expert_id)>{name.clone()}</a></td>
                    <td>{assignment_status(m, row.status)}" "{deployed}</td>
                    <td>{contact}</td>
                </tr>
            }
        })
        .collect_view();
    let error =
        |field: &str| problems.iter().find(|e| e.field == field).map(|e| problem_text(locale.problems(), e.problem));
    let choices: Vec<(String, String)> =
        experts.assignments.iter().map(|row| (row.expert_id.to_string(), row.expert_name.clone())).collect();
    let period_rows = PERIOD_FIELDS
        .iter()
        .enumerate()
        .map(|(i, [start, end, days])| {
            view! {
                <fieldset class="field-row">
                    <legend>{fill(m.period_number, &[("number", &(i + 1))])}</legend>
                    <TextField name=*start label=m.period_start value=typed.raw(start).to_owned() error=error(start) kind="date" optional=true maxlength=10/>
                    <TextField name=*end label=m.period_end value=typed.raw(end).to_owned() error=error(end) kind="date" optional=true maxlength=10/>
                    <TextField name=*days label=m.period_days value=typed.raw(days).to_owned() error=error(days) kind="number" optional=true maxlength=2/>
                </fieldset>
            }
        })
        .collect_view();
    let assign_form = (!experts.assignments.is_empty()).then(|| {
        view! {
            <form method="post" action=format!("{path}/experts/assign") class="request-form" novalidate>
                <h3>{m.assign_legend}</h3>
                <p class="field__hint">{m.assign_hint}</p>
                <SelectField name="expert" label=m.col_name options=choices selected=typed.raw("expert").to_owned() error=error("expert")/>
                {period_rows}
                <div class="form-actions"><button type="submit" class="button-primary">{m.button_assign}</button></div>
            </form>
        }
    });
    view! {
        <section aria-labelledby="experts-heading">
            <h2 id="experts-heading">{m.experts_heading}</h2>
            <h3>{m.list_heading}</h3>
            {experts.assignments.is_empty().then(|| view! { <p>{m.list_none}</p> })}
            {(!experts.assignments.is_empty()).then(|| view! {
                <table class="list">
                    <thead><tr><th scope="col">{m.col_name}</th><th scope="col">{m.staff_status}</th><th scope="col"><span class="visually-hidden">{m.button_contact}</span></th></tr></thead>
                    <tbody>{listed}</tbody>
                </table>
            })}
            {assign_form}
            <h3>{m.suggestions_heading}</h3>
            {experts.suggestions.is_empty().then(|| view! { <p>{m.suggestions_none}</p> })}
            {(!experts.suggestions.is_empty()).then(|| view! {
                <table class="list">
                    <thead><tr><th scope="col">{m.col_name}</th><th scope="col">{m.col_fit}</th><th scope="col">{m.col_why}</th><th scope="col"><span class="visually-hidden">{m.button_shortlist}</span></th></tr></thead>
                    <tbody>{suggestions}</tbody>
                </table>
            })}
        </section>
    }
    // Erased to keep the request page's view type within the compiler's depth limit.
    .into_any()
}
