//! `/data`: the download formats and the CSV field dictionary.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::use_locale;

#[component]
pub fn OpenDataPage() -> impl IntoView {
    let m = use_locale().messages();
    let formats = [
        ("/api/v1/interventions.csv", m.download_csv),
        ("/api/v1/interventions.geojson", m.download_geojson),
        ("/api/v1/interventions", m.download_json),
        ("/api/openapi.json", "OpenAPI 3.1"),
    ];
    view! {
        <Title text=m.data_title/>
        <h1>{m.data_title}</h1>
        <p>{m.data_intro}</p>
        <h2>{m.data_formats}</h2>
        <ul>
            {formats.into_iter().map(|(href, text)| view! { <li><a href=href>{text}</a>" — "<code>{href}</code></li> }).collect_view()}
        </ul>
        <p>{m.data_filters_note}</p>
        <h2 id="dictionary-heading">{m.data_dictionary}</h2>
        <div class="table-scroll">
            <table aria-labelledby="dictionary-heading">
                <thead><tr><th scope="col">{m.data_field}</th><th scope="col">{m.data_meaning}</th></tr></thead>
                <tbody>
                    {m.csv_fields.iter().map(|(name, meaning)| view! { <tr><td><code>{*name}</code></td><td>{*meaning}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
