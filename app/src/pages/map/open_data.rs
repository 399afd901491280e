//! `/data`: the download formats and the CSV field dictionary.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::data::taxonomy;
use crate::domain::filters::Dimension;
use crate::domain::intervention::hxl_tag;
use crate::i18n::use_locale;

#[component]
pub fn OpenDataPage() -> impl IntoView {
    let m = use_locale().messages();
    let formats = [
        ("/api/v1/interventions.csv", m.download_csv),
        ("/api/v1/interventions.csv?hxl=1", m.download_csv_hxl),
        ("/api/v1/interventions.xlsx", m.download_xlsx),
        ("/api/v1/interventions.geojson", m.download_geojson),
        ("/api/v1/interventions", m.download_json),
        ("/api/v1/iati/activities.xml", m.download_iati),
        ("/api/v1/iati/organisation.xml", m.download_iati_organisation),
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
        // `/data#fields` is the dictionary's stable address (the API's description links it).
        <h2 id="fields">{m.data_dictionary}</h2>
        <p>{m.data_hxl_note}</p>
        <div class="table-scroll">
            <table aria-labelledby="fields">
                <thead><tr><th scope="col">{m.data_field}</th><th scope="col">{m.data_hxl}</th><th scope="col">{m.data_meaning}</th></tr></thead>
                <tbody>
                    {m.csv_fields.iter().map(|(name, meaning)| view! {
                        <tr><td><code>{*name}</code></td><td><code>{hxl_tag(name)}</code></td><td>{*meaning}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p>{m.data_vocabulary_note}</p>
        <CodeTable id="topics" heading=m.data_topics dimension=Dimension::Topic/>
        <CodeTable id="typologies" heading=m.data_typologies dimension=Dimension::Typology/>
    }
}

/// A vocabulary's codes and their names in the reader's language, at `/data#{id}` (the IATI
/// files' `vocabulary-uri`).
#[component]
fn CodeTable(id: &'static str, heading: &'static str, dimension: Dimension) -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let taxonomy = taxonomy();
    let rows = taxonomy
        .terms(dimension)
        .into_iter()
        .map(
            |term| view! { <tr><td><code>{term.code.clone()}</code></td><td>{term.label(locale).to_owned()}</td></tr> },
        )
        .collect_view();
    view! {
        <h2 id=id>{heading}</h2>
        <div class="table-scroll">
            <table aria-labelledby=id>
                <thead><tr><th scope="col">{m.data_code}</th><th scope="col">{m.data_name}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
