//! `/`: what the programme has done, in figures computed from the database.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::data::{home_figures, taxonomy};
use crate::domain::filters::Dimension;
use crate::domain::intervention::CodeCount;
use crate::domain::roster::SMALLEST_PUBLISHED_COUNT;
use crate::i18n::use_locale;
use crate::i18n::{fill, RosterMessages};

/// A table of counts per code, each row linking to the map filtered on it.
#[component]
fn CountTable(
    caption: &'static str,
    dimension: Dimension,
    param: &'static str,
    counts: Vec<CodeCount>,
) -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let taxonomy = taxonomy();
    let rows = counts
        .into_iter()
        .map(|c| {
            let label = taxonomy.label(dimension, &c.code, locale).to_owned();
            let query: String = form_urlencoded::Serializer::new(String::new()).append_pair(param, &c.code).finish();
            view! {
                <tr>
                    <th scope="row"><a href=format!("/interventions?{query}")>{label}</a></th>
                    <td>{c.count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="counts">
            <caption>{caption}</caption>
            <thead><tr><th scope="col"><span class="visually-hidden">{caption}</span></th><th scope="col">{m.home_count_column}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Roster counts by a code (gender, sector), with small groups published as "fewer than".
#[component]
fn RosterCounts(
    caption: &'static str,
    counts: Vec<CodeCount>,
    name: fn(&RosterMessages, &str) -> &'static str,
) -> impl IntoView {
    let m = &use_locale().messages().roster;
    let rows = counts
        .into_iter()
        .map(|c| {
            let count = if c.count < SMALLEST_PUBLISHED_COUNT {
                fill(m.home_fewer_than, &[("count", &SMALLEST_PUBLISHED_COUNT)])
            } else {
                c.count.to_string()
            };
            view! { <tr><th scope="row">{name(m, &c.code)}</th><td>{count}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="counts">
            <caption>{caption}</caption>
            <thead><tr><th scope="col"><span class="visually-hidden">{caption}</span></th><th scope="col">{m.home_count}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let m = use_locale().messages();
    let figures = Suspend::new(async move {
        match home_figures().await {
            Err(error) => view! { <ErrorView error/> }.into_any(),
            Ok(f) => view! {
                <section class="figures" aria-labelledby="figures-heading">
                    <h2 id="figures-heading">{m.home_figures_heading}</h2>
                    <dl class="figures__headline">
                        <div><dt>{m.home_total_interventions}</dt><dd>{f.interventions}</dd></div>
                        <div><dt>{m.home_countries_reached}</dt><dd>{f.countries_reached}</dd></div>
                        <div><dt>{m.home_national_tas}</dt><dd>{f.national_tas}</dd></div>
                        <div><dt>{m.home_regional_tas}</dt><dd>{f.regional_tas}</dd></div>
                        <div><dt>{m.home_nsa_projects}</dt><dd>{f.nsa_projects}</dd></div>
                        <div><dt>{m.home_people_reached}</dt><dd>{f.people_reached}</dd></div>
                        <div><dt>{m.home_requests_received}</dt><dd>{f.requests_received}</dd></div>
                        <div><dt>{m.home_requests_declined}</dt><dd>{f.requests_declined}</dd></div>
                    </dl>
                    <div class="figures__tables">
                        <CountTable caption=m.home_by_status dimension=Dimension::Status param="status" counts=f.by_status/>
                        <CountTable caption=m.home_by_region dimension=Dimension::Region param="region" counts=f.by_region/>
                        <CountTable caption=m.home_by_topic dimension=Dimension::Topic param="topic" counts=f.by_topic/>
                        <CountTable caption=m.home_by_typology dimension=Dimension::Typology param="typology" counts=f.by_typology/>
                    </div>
                </section>
                <section class="figures" aria-labelledby="roster-heading">
                    <h2 id="roster-heading">{m.roster.home_heading}</h2>
                    <dl class="figures__headline">
                        <div><dt>{m.roster.home_experts}</dt><dd>{f.roster.experts}</dd></div>
                    </dl>
                    <div class="figures__tables">
                        <RosterCounts caption=m.roster.home_by_gender counts=f.roster.by_gender name=RosterMessages::gender_name/>
                        <RosterCounts caption=m.roster.home_by_sector counts=f.roster.by_sector name=RosterMessages::sector_name/>
                    </div>
                    <p><a href="/experts/apply">{m.roster.home_join}</a></p>
                </section>
            }
            .into_any(),
        }
    });
    view! {
        <Title text=m.site_name/>
        <section class="intro">
            <h1>{m.home_title}</h1>
            <p>{m.home_intro}</p>
            <p><a class="button" href="/interventions">{m.home_explore_map}</a></p>
        </section>
        <Suspense>{figures}</Suspense>
    }
}
