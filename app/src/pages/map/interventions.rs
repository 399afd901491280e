//! `/interventions`: filters, the map and the list of the same selection.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use crate::components::error_view::ErrorView;
use crate::components::filter_form::FilterForm;
use crate::components::intervention_list::{DownloadLinks, InterventionList};
use crate::components::island_scripts::IslandScripts;
use crate::components::live_filters::{LiveFilters, LiveStatus};
use crate::components::map_view::MapView;
use crate::data::{interventions_view, map_sprite, taxonomy};
use crate::i18n::fill;
use crate::i18n::use_locale;

#[component]
pub fn InterventionsPage() -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let query = use_location().search.get_untracked();
    let content = Suspend::new(async move {
        let view = match interventions_view(query, locale).await {
            Ok(view) => view,
            Err(error) => return view! { <ErrorView error/> }.into_any(),
        };
        let total = view.page.total;
        let count_text = fill(
            locale.plural(total as u64, m.results_count_one, m.results_count_many),
            &[("count", &locale.count(total as i64))],
        );
        // A region or country filter zooms the map onto that part of the world.
        let taxonomy = taxonomy();
        let frame = map_sprite().and_then(|sprite| {
            let zoom_to: Vec<&str> = match (&view.filter.country, &view.filter.region) {
                (Some(country), _) => vec![country.as_str()],
                (None, Some(region)) => {
                    taxonomy.countries.iter().filter(|c| &c.region == region).map(|c| c.term.code.as_str()).collect()
                }
                (None, None) => return None,
            };
            Some(sprite.frame_around(zoom_to))
        });
        let form_filter = view.filter.clone();
        view! {
            <Title text=m.map_page_title/>
            <h1>{m.map_heading}</h1>
            <div class="map-page">
                <LiveFilters>
                    <FilterForm filter=form_filter.clone()/>
                    <LiveStatus message=m.results_updated/>
                </LiveFilters>
                <section id="results" class="results" aria-labelledby="results-count">
                    <p id="results-count" class="results__count">{count_text}</p>
                    <MapView counts=view.by_country organisations=view.by_organisation projects=view.projects_by_country filter=view.filter.clone() frame caption=m.map_caption/>
                    <InterventionList page=view.page filter=view.filter.clone()/>
                    <DownloadLinks filter=view.filter/>
                </section>
            </div>
            <IslandScripts/>
        }
        .into_any()
    });
    view! { <Suspense>{content}</Suspense> }
}
