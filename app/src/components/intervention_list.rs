//! The list of a selection: a table (readable by screen readers and without the map),
//! pagination and download links that carry the same filters.

use leptos::prelude::*;

use crate::domain::intervention::NSA_COMPONENT;

use crate::components::pagination::Pagination;
use crate::components::translated::other_language;
use crate::data::taxonomy;
use crate::domain::filters::{Dimension, InterventionFilter};
use crate::domain::intervention::{InterventionPage, InterventionSummary};
use crate::i18n::{fill, use_locale, Locale, Messages};

/// "2010-03 – 2012-11", "since 2013-01" or "Dates not known".
pub fn date_range(m: &Messages, item: &InterventionSummary) -> String {
    match (&item.start, &item.end) {
        (Some(start), Some(end)) if start == end => start.clone(),
        (Some(start), Some(end)) => format!("{start} – {end}"),
        (Some(start), None) if item.status == "ongoing" => fill(m.dates_since, &[("start", start)]),
        (Some(start), None) => start.clone(),
        (None, _) => m.dates_unknown.to_owned(),
    }
}

/// The status with the month it was last known, where it could have changed since: "Ongoing
/// as of March 2016" (a document of 2016 says nothing of 2026); "Completed" stays as it is.
pub fn status_text(locale: Locale, status: &str, as_of: &str) -> String {
    let taxonomy = taxonomy();
    let name = taxonomy.label(Dimension::Status, status, locale);
    if status == "completed" || as_of.is_empty() {
        return name.to_owned();
    }
    fill(locale.messages().status_as_of, &[("status", &name), ("date", &locale.month_text(as_of))])
}

/// The status as a coloured badge, with its date.
#[component]
pub fn StatusBadge(status: String, as_of: String) -> impl IntoView {
    let locale = use_locale();
    let text = status_text(locale, &status, &as_of);
    view! { <span class=format!("status status--{status}")>{text}</span> }
}

/// Country names of an item, or its regional organisation.
pub fn places(locale: Locale, item: &InterventionSummary) -> String {
    let taxonomy = taxonomy();
    let mut names: Vec<&str> = item.countries.iter().map(|c| taxonomy.label(Dimension::Country, c, locale)).collect();
    if let Some(org) = &item.organisation {
        names.push(org);
    }
    names.join(", ")
}

#[component]
pub fn InterventionList(page: InterventionPage, filter: InterventionFilter) -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let pages = page.page_count();
    let rows = page
        .items
        .iter()
        .map(|item| {
            view! {
                <tr>
                    <td class="cards__title">
                        <a href=format!("/interventions/{}", item.slug) lang=other_language(&item.language, locale)>
                            {item.title.clone()}
                        </a>
                        {(item.component == NSA_COMPONENT).then(|| view! { " "<span class="component-nsa">{m.grants.nsa_project_label}</span> })}
                    </td>
                    <td data-label=m.col_countries>{places(locale, item)}</td>
                    <td data-label=m.col_dates>{date_range(m, item)}</td>
                    <td data-label=m.col_status><StatusBadge status=item.status.clone() as_of=item.status_as_of.clone()/></td>
                </tr>
            }
        })
        .collect_view();
    let link = move |n: u32| {
        let query = filter.page_query(n);
        if query.is_empty() {
            "/interventions".to_owned()
        } else {
            format!("/interventions?{query}")
        }
    };
    view! {
        <h2 id="list-heading">{m.list_heading}</h2>
        {if page.items.is_empty() {
            view! { <p>{m.results_none}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="interventions cards-below-narrow" aria-labelledby="list-heading">
                        <thead>
                            <tr>
                                <th scope="col">{m.col_title}</th>
                                <th scope="col">{m.col_countries}</th>
                                <th scope="col">{m.col_dates}</th>
                                <th scope="col">{m.col_status}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Pagination page=i64::from(page.page) pages=i64::from(pages) link=move |n| link(n as u32)/>
    }
}

/// Links to the same selection as CSV, GeoJSON and JSON.
#[component]
pub fn DownloadLinks(filter: InterventionFilter) -> impl IntoView {
    let m = use_locale().messages();
    let query = filter.selection_query();
    let with_query = |base: &str| if query.is_empty() { base.to_owned() } else { format!("{base}?{query}") };
    view! {
        <section class="downloads" aria-labelledby="downloads-heading">
            <h2 id="downloads-heading">{m.download_heading}</h2>
            <ul>
                <li><a href=with_query("/api/v1/interventions.csv") download>{m.download_csv}</a></li>
                <li><a href=with_query("/api/v1/interventions.xlsx") download>{m.download_xlsx}</a></li>
                <li><a href=with_query("/api/v1/interventions.geojson") download>{m.download_geojson}</a></li>
                <li><a href=with_query("/api/v1/interventions")>{m.download_json}</a></li>
                <li><a href=with_query("/api/v1/iati/activities.xml") download>{m.download_iati}</a></li>
            </ul>
        </section>
    }
}
