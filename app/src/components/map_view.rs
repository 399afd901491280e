//! The server-drawn SVG map: each ACP state shaded by its number of interventions, a link to
//! the map filtered to it when it has any, and a dot for states too small to see.

use leptos::prelude::*;

use crate::data::{map_sprite, taxonomy};
use crate::domain::filters::{Dimension, InterventionFilter};
use crate::domain::intervention::{CodeCount, CountryCount};
use crate::i18n::use_locale;
use crate::i18n::{fill, Locale};
use crate::map::projection::BBox;

/// Dot radius in map units (the whole map is 3,000 wide).
const DOT_RADIUS: f64 = 9.0;

/// Shade class for a count: 0, 1, 2-3, 4-6, 7 and more.
pub fn shade(count: u32) -> u8 {
    match count {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=6 => 3,
        _ => 4,
    }
}

/// The accessible name of a country or organisation on the map: "Kenya: 3 interventions".
fn place_label(locale: Locale, name: &str, count: u32) -> String {
    let m = locale.messages();
    fill(
        locale.plural(count.into(), m.map_country_label_one, m.map_country_label_many),
        &[("name", &name), ("count", &count)],
    )
}

/// Draws the map. `frame` limits what is shown (a region or a detail page's countries);
/// `filter` is the selection each country link narrows.
#[component]
pub fn MapView(
    counts: Vec<CountryCount>,
    /// Interventions per regional organisation, drawn as markers at the seats.
    #[prop(optional)]
    organisations: Vec<CodeCount>,
    /// Non-state-actor projects per country, drawn as rings beside the capitals.
    #[prop(optional)]
    projects: Vec<CountryCount>,
    filter: InterventionFilter,
    /// The part of the map to show; `None` shows all of it.
    frame: Option<BBox>,
    /// Accessible name and caption of the figure.
    caption: &'static str,
    /// A small map of one intervention's countries: no legend, strong shading.
    #[prop(optional)]
    inset: bool,
) -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let Some(sprite) = map_sprite() else {
        return ().into_any();
    };
    let taxonomy = taxonomy();
    let href = format!("/map/{}.svg", sprite.hash);
    let view_box = frame.unwrap_or_else(|| sprite.projection.view()).view_box();
    let countries = taxonomy.countries_by_name(locale).into_iter().map(|country| {
        let iso3 = country.term.code.clone();
        let count = counts.iter().find(|c| c.iso3 == iso3).map_or(0, |c| c.count);
        let class = format!("map__country map__country--{}", shade(count));
        let dot = sprite.needs_dot(&iso3).then(|| sprite.points.get(&iso3).copied()).flatten().map(|(x, y)| {
            view! { <circle class=class.clone() cx=format!("{x:.0}") cy=format!("{y:.0}") r=DOT_RADIUS/> }
        });
        let shape = view! { <use href=format!("{href}#{iso3}") class=class.clone()/> };
        if count == 0 {
            view! { <g aria-hidden="true">{shape}{dot}</g> }.into_any()
        } else {
            let mut label = place_label(locale, country.term.label(locale), count);
            let projects = projects.iter().find(|p| p.iso3 == iso3).map_or(0, |p| p.count);
            if projects > 0 {
                let g = &m.grants;
                let part = fill(
                    locale.plural(projects as u64, g.map_nsa_part_one, g.map_nsa_part_many),
                    &[("count", &projects)],
                );
                label.push_str(&format!(", {part}"));
            }
            let link = format!("/interventions?{}", filter.narrowed_to(Dimension::Country, &iso3).selection_query());
            view! { <a href=link aria-label=label>{shape}{dot}</a> }.into_any()
        }
    });
    let countries = countries.collect_view();
    let markers = organisations
        .iter()
        .filter(|o| o.count > 0)
        .filter_map(|o| {
            let &(_, lat, lon) = taxonomy.seats.iter().find(|s| s.0 == o.code)?;
            let (x, y) = sprite.projection.point(lon, lat);
            let r = DOT_RADIUS * 1.6;
            let label = place_label(locale, &o.code, o.count);
            let link = format!("/interventions?{}", filter.narrowed_to(Dimension::Organisation, &o.code).selection_query());
            Some(view! {
                <a href=link aria-label=label>
                    <path class="map__organisation" d=format!("M{x:.0} {:.0}l{r:.0} {r:.0}-{r:.0} {r:.0}-{r:.0}-{r:.0}z", y - r)/>
                </a>
            })
        })
        .collect_view();
    let grants = &m.grants;
    // Rings beside the capitals of states with non-state-actor projects: a picture only (the
    // country's link names the projects), and clicks go through to the country beneath.
    let project_markers = projects
        .iter()
        .filter(|p| p.count > 0)
        .filter_map(|p| {
            let &(x, y) = sprite.points.get(&p.iso3)?;
            let (cx, cy) = (x + DOT_RADIUS * 2.2, y - DOT_RADIUS * 2.2);
            Some(view! { <circle class="map__project" aria-hidden="true" cx=format!("{cx:.0}") cy=format!("{cy:.0}") r=DOT_RADIUS * 1.2/> })
        })
        .collect_view();
    let legend = (!inset).then(|| {
        let steps = [("0", m.map_legend_none), ("1", "1"), ("2", "2–3"), ("3", "4–6"), ("4", "7+")];
        let organisation = view! {
            <span class="map__key"><span class="map__swatch map__swatch--organisation" aria-hidden="true"></span>{m.map_legend_organisation}</span>
        };
        view! {
            <p class="map__legend">
                <span>{m.map_legend}": "</span>
                {steps.into_iter().map(|(step, text)| view! {
                    <span class="map__key"><span class=format!("map__swatch map__country--{step}") aria-hidden="true"></span>{text}</span>
                }).collect_view()}
                {organisation}
                <span class="map__key"><span class="map__swatch map__swatch--project" aria-hidden="true"></span>{grants.map_legend_nsa}</span>
            </p>
        }
    });
    view! {
        <figure class=if inset { "map map--inset" } else { "map" }>
            <svg class="map__svg" viewBox=view_box preserveAspectRatio="xMidYMid meet" role="group" aria-label=caption>
                <use href=format!("{href}#land") class="map__land" aria-hidden="true"/>
                {countries}
                {markers}
                {project_markers}
            </svg>
            <figcaption>{caption}</figcaption>
            {legend}
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::shade;

    #[test]
    fn shades_group_counts_into_five_steps() {
        let shades: Vec<u8> = [0, 1, 2, 3, 4, 6, 7, 40].into_iter().map(shade).collect();
        assert_eq!(shades, [0, 1, 2, 2, 3, 3, 4, 4]);
    }
}
