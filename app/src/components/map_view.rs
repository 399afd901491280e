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

/// The three panels of the whole map: Africa, the Caribbean and the Pacific, each framed on
/// its own states, so small island states are not specks on a strip of the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Africa,
    Caribbean,
    Pacific,
}

impl Panel {
    pub const ALL: [Panel; 3] = [Panel::Africa, Panel::Caribbean, Panel::Pacific];

    /// The panel of an ACP region (the four African regions share one).
    pub fn of_region(region: &str) -> Panel {
        match region {
            "Caribbean" => Panel::Caribbean,
            "Pacific" => Panel::Pacific,
            _ => Panel::Africa,
        }
    }

    /// The panel of a point, for organisations' seats.
    fn of_longitude(lon: f64) -> Panel {
        match lon {
            lon if lon < -30.0 && lon > -120.0 => Panel::Caribbean,
            lon if !(-30.0..=100.0).contains(&lon) => Panel::Pacific,
            _ => Panel::Africa,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Panel::Africa => "map__panel map__panel--africa",
            Panel::Caribbean => "map__panel map__panel--caribbean",
            Panel::Pacific => "map__panel map__panel--pacific",
        }
    }
}

/// Margin around a panel's states, in map units: room for the largest marker and the rings
/// beside capitals, so none is ever cut by the frame.
const PANEL_MARGIN: f64 = 45.0;

/// Draws the map. `frame` limits what is shown (a region or a detail page's countries);
/// without one, the whole map is drawn as the three panels. `filter` is the selection each
/// country link narrows.
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
    /// The part of the map to show; `None` shows the three panels.
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
    // What one `<svg>` holds: the states of `panel` (all of them when `None`), their links,
    // the organisations' markers and the projects' rings.
    let draw = |panel: Option<Panel>| {
        let in_panel = |region: &str| panel.is_none_or(|p| p == Panel::of_region(region));
        let countries = taxonomy.countries_by_name(locale).into_iter().filter(|c| in_panel(&c.region)).map(|country| {
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
                let link =
                    format!("/interventions?{}", filter.narrowed_to(Dimension::Country, &iso3).selection_query());
                view! { <a href=link aria-label=label>{shape}{dot}</a> }.into_any()
            }
        });
        let countries = countries.collect_view();
        let markers = organisations
            .iter()
            .filter(|o| o.count > 0)
            .filter_map(|o| {
                let &(_, lat, lon) = taxonomy.seats.iter().find(|s| s.0 == o.code)?;
                if panel.is_some_and(|p| p != Panel::of_longitude(lon)) {
                    return None;
                }
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
        // Rings beside the capitals of states with non-state-actor projects: a picture only (the
        // country's link names the projects), and clicks go through to the country beneath.
        let project_markers = projects
            .iter()
            .filter(|p| p.count > 0)
            .filter(|p| taxonomy.countries.iter().any(|c| c.term.code == p.iso3 && in_panel(&c.region)))
            .filter_map(|p| {
                let &(x, y) = sprite.points.get(&p.iso3)?;
                let (cx, cy) = (x + DOT_RADIUS * 2.2, y - DOT_RADIUS * 2.2);
                Some(view! { <circle class="map__project" aria-hidden="true" cx=format!("{cx:.0}") cy=format!("{cy:.0}") r=DOT_RADIUS * 1.2/> })
            })
            .collect_view();
        view! {
            <use href=format!("{href}#land") class="map__land" aria-hidden="true"/>
            {countries}
            {markers}
            {project_markers}
        }
    };
    let drawing = match frame {
        Some(frame) => view! {
            <svg class="map__svg" viewBox=frame.view_box() preserveAspectRatio="xMidYMid meet" role="group" aria-label=caption>
                {draw(None)}
            </svg>
        }
        .into_any(),
        None => {
            let panels = Panel::ALL.into_iter().map(|panel| {
                let states = taxonomy.countries.iter().filter(|c| Panel::of_region(&c.region) == panel);
                let seats = taxonomy
                    .seats
                    .iter()
                    .filter(|s| Panel::of_longitude(s.2) == panel)
                    .map(|s| sprite.projection.point(s.2, s.1));
                let frame = sprite.panel_frame(states.map(|c| c.term.code.as_str()), seats, PANEL_MARGIN);
                let name = match panel {
                    Panel::Africa => m.map_panel_africa,
                    Panel::Caribbean => taxonomy.label(Dimension::Region, "Caribbean", locale),
                    Panel::Pacific => taxonomy.label(Dimension::Region, "Pacific", locale),
                };
                view! {
                    <div class=panel.class()>
                        <svg class="map__svg" viewBox=frame.view_box() preserveAspectRatio="xMidYMid meet" role="group" aria-label=name>
                            {draw(Some(panel))}
                        </svg>
                        <span class="map__panel-name" aria-hidden="true">{name}</span>
                    </div>
                }
            });
            view! { <div class="map__panels" role="group" aria-label=caption>{panels.collect_view()}</div> }.into_any()
        }
    };
    let grants = &m.grants;
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
            {drawing}
            <figcaption>{caption}</figcaption>
            {legend}
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::{shade, Panel};

    #[test]
    fn shades_group_counts_into_five_steps() {
        let shades: Vec<u8> = [0, 1, 2, 3, 4, 6, 7, 40].into_iter().map(shade).collect();
        assert_eq!(shades, [0, 1, 2, 2, 3, 3, 4, 4]);
    }

    #[test]
    fn seats_fall_in_the_panel_of_their_ocean() {
        assert_eq!(Panel::of_longitude(-61.0), Panel::Caribbean, "OECS, Saint Lucia");
        assert_eq!(Panel::of_longitude(178.4), Panel::Pacific, "Suva");
        assert_eq!(Panel::of_longitude(-171.8), Panel::Pacific, "Apia, west of the antimeridian");
        assert_eq!(Panel::of_longitude(28.3), Panel::Africa, "COMESA, Lusaka");
    }
}
