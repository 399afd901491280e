//! `/`: what the programme has done, in figures computed from the database.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::bar_chart::{Bar, BarChart};
use crate::components::error_view::ErrorView;
use crate::components::map_view::MapView;
use crate::data::{home_figures, taxonomy};
use crate::domain::filters::{Dimension, InterventionFilter};
use crate::domain::intervention::CodeCount;
use crate::domain::roster::SMALLEST_PUBLISHED_COUNT;
use crate::i18n::use_locale;
use crate::i18n::{fill, RosterMessages};

/// Bars of counts per code, each leading to the map filtered on it.
#[component]
fn CountChart(
    id: &'static str,
    caption: &'static str,
    dimension: Dimension,
    param: &'static str,
    counts: Vec<CodeCount>,
) -> impl IntoView {
    let locale = use_locale();
    let taxonomy = taxonomy();
    let bars = counts
        .into_iter()
        .map(|c| {
            let query: String = form_urlencoded::Serializer::new(String::new()).append_pair(param, &c.code).finish();
            Bar {
                label: taxonomy.label(dimension, &c.code, locale).to_owned(),
                count: c.count,
                href: Some(format!("/interventions?{query}")),
            }
        })
        .collect();
    view! { <BarChart id caption row_heading=caption count_heading=locale.messages().home_count_column bars/> }
}

/// The three ways in, one for each kind of visitor who can take part.
#[component]
fn WaysIn() -> impl IntoView {
    let m = use_locale().messages();
    let ways = [
        (m.home_help_ministry, m.home_help_ministry_text, m.home_help_ministry_link, "/requests/new"),
        (m.home_help_expert, m.home_help_expert_text, m.home_help_expert_link, "/experts/apply"),
        (m.home_help_ngo, m.home_help_ngo_text, m.home_help_ngo_link, "/grants"),
    ];
    view! {
        <section class="ways-in" aria-labelledby="ways-in-heading">
            <h2 id="ways-in-heading">{m.home_help_heading}</h2>
            <ul class="ways-in__list">
                {ways.into_iter().map(|(who, what, action, href)| view! {
                    <li class="ways-in__way">
                        <h3>{who}</h3>
                        <p>{what}</p>
                        <p><a class="button" href=href>{action}</a></p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Roster counts by a code (gender, sector), with small groups published as "fewer than".
#[component]
fn RosterCounts(
    caption: &'static str,
    counts: Vec<CodeCount>,
    name: fn(&RosterMessages, &str) -> &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().roster;
    let rows = counts
        .into_iter()
        .map(|c| {
            let count = if c.count < SMALLEST_PUBLISHED_COUNT {
                fill(m.home_fewer_than, &[("count", &SMALLEST_PUBLISHED_COUNT)])
            } else {
                locale.count(c.count)
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
    let locale = use_locale();
    let m = locale.messages();
    let figures = Suspend::new(async move {
        match home_figures().await {
            Err(error) => view! { <ErrorView error/> }.into_any(),
            Ok(f) => {
                let headline = [
                    (m.home_total_interventions, u64::from(f.interventions)),
                    (m.home_countries_reached, u64::from(f.countries_reached)),
                    (m.home_national_tas, u64::from(f.national_tas)),
                    (m.home_regional_tas, u64::from(f.regional_tas)),
                    (m.home_nsa_projects, u64::from(f.nsa_projects)),
                    (m.home_people_reached, f.people_reached),
                    (m.home_requests_received, u64::from(f.requests_received)),
                    (m.home_requests_declined, u64::from(f.requests_declined)),
                ];
                let count = move |n: u64| locale.count(i64::try_from(n).unwrap_or(i64::MAX));
                view! {
                    <section class="figures" aria-labelledby="figures-heading">
                        <h2 id="figures-heading">{m.home_figures_heading}</h2>
                        <dl class="figures__headline">
                            {headline.into_iter().map(|(what, n)| view! { <div><dt>{what}</dt><dd>{count(n)}</dd></div> }).collect_view()}
                        </dl>
                        <MapView counts=f.by_country organisations=f.by_organisation projects=f.projects_by_country
                            filter=InterventionFilter::default() frame=None caption=m.map_caption/>
                        <p><a class="button" href="/interventions">{m.home_explore_map}</a></p>
                        <div class="figures__charts">
                            <CountChart id="by-status" caption=m.home_by_status dimension=Dimension::Status param="status" counts=f.by_status/>
                            <CountChart id="by-region" caption=m.home_by_region dimension=Dimension::Region param="region" counts=f.by_region/>
                            <CountChart id="by-typology" caption=m.home_by_typology dimension=Dimension::Typology param="typology" counts=f.by_typology/>
                            <CountChart id="by-topic" caption=m.home_by_topic dimension=Dimension::Topic param="topic" counts=f.by_topic/>
                        </div>
                    </section>
                    <section class="figures" aria-labelledby="roster-heading">
                        <h2 id="roster-heading">{m.roster.home_heading}</h2>
                        <dl class="figures__headline">
                            <div><dt>{m.roster.home_experts}</dt><dd>{count(u64::from(f.roster.experts))}</dd></div>
                        </dl>
                        <div class="figures__tables">
                            <RosterCounts caption=m.roster.home_by_gender counts=f.roster.by_gender name=RosterMessages::gender_name/>
                            <RosterCounts caption=m.roster.home_by_sector counts=f.roster.by_sector name=RosterMessages::sector_name/>
                        </div>
                        <p><a href="/experts/apply">{m.roster.home_join}</a></p>
                    </section>
                }
                .into_any()
            }
        }
    });
    view! {
        <Title text=m.site_name/>
        <section class="intro">
            <h1>{m.home_title}</h1>
            <p class="lead">{m.home_intro}</p>
        </section>
        <WaysIn/>
        <Suspense>{figures}</Suspense>
    }
}
