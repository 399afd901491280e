//! Interface languages: the four working languages of the ACP states. Strings are kept by
//! area (the shared and map strings here, then `requests/`, `cycle/`, `fiche/`, `consultation/`, `baseline/`, `intervention/`, `completion/`, `endorsement/`, `roster/`, `grants/`, `staff/`),
//! one file per language holding a complete value, so the compiler refuses a language with a
//! missing string; the tests below refuse an empty string, a string left in English and a
//! `{name}` placeholder lost in translation. Taxonomy labels live in `seed/taxonomy.json`, checked by `db::seed`.

mod baseline;
mod completion;
mod consultation;
mod cycle;
mod en;
mod endorsement;
mod es;
mod fiche;
mod fr;
mod grants;
mod intervention;
mod pt;
mod requests;
mod roster;
mod staff;

pub use baseline::BaselineMessages;
pub use completion::CompletionMessages;
pub use consultation::ConsultationMessages;
pub use cycle::CycleMessages;
pub use endorsement::EndorsementMessages;
pub use fiche::FicheMessages;
pub use grants::GrantMessages;
pub use intervention::InterventionMessages;
pub use requests::RequestMessages;
pub use roster::RosterMessages;
pub use staff::{StaffMessages, REQUEST_ACTIONS};

use leptos::prelude::use_context;
pub use rules::messages::{fill, ProblemMessages};
use serde::{Deserialize, Serialize};

/// The cookie that remembers the reader's language choice.
pub const LANGUAGE_COOKIE: &str = "lang";

/// The reader's language from request headers: the language cookie, then `Accept-Language`.
#[cfg(feature = "ssr")]
pub fn locale_from_headers(headers: &http::HeaderMap) -> Locale {
    let header = |name: http::header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let cookie = header(http::header::COOKIE)
        .and_then(|cookies| cookies.split(';').find_map(|c| c.trim().strip_prefix(LANGUAGE_COOKIE)?.strip_prefix('=')));
    Locale::negotiate(cookie, header(http::header::ACCEPT_LANGUAGE))
}

/// The reader's language, as chosen when the page started rendering.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// A stored RFC 3339 time as people read it: `2026-11-22 10:00:00` (the pages say UTC).
pub fn utc_time(at: &str) -> String {
    at.replace('T', " ").trim_end_matches('Z').to_owned()
}

/// A language the interface is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "fr")]
    Fr,
    #[serde(rename = "pt")]
    Pt,
    #[serde(rename = "es")]
    Es,
}

impl Locale {
    /// Of a sentence written once for one thing and once for several (`one`, `many`, each
    /// with the count as a placeholder), the one `count` takes: French takes the singular for
    /// 0 and 1, English, Portuguese and Spanish for 1 only.
    pub fn plural(self, count: u64, one: &'static str, many: &'static str) -> &'static str {
        let singular = match self {
            Locale::Fr => count <= 1,
            Locale::En | Locale::Pt | Locale::Es => count == 1,
        };
        if singular {
            one
        } else {
            many
        }
    }

    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::Pt, Locale::Es];

    /// A month (`2016-03`, or the month of a day or an instant) or a year (`2016`) as this
    /// language writes it: "March 2016".
    pub fn month_text(self, month: &str) -> String {
        let names = &self.messages().month_names;
        let month = month.get(..7).unwrap_or(month);
        match month.split_once('-') {
            Some((year, number)) => match number.parse::<usize>().ok().and_then(|n| names.get(n.wrapping_sub(1))) {
                Some(name) => format!("{name} {year}"),
                None => month.to_owned(),
            },
            None => month.to_owned(),
        }
    }

    /// A count as this language writes it (`12,500`, `12 500`): see `rules::numbers`.
    pub fn count(self, count: impl Into<i64>) -> String {
        rules::numbers::format_count(count.into(), self.code())
    }

    /// An amount in euro cents as this language writes it (`€12,500`, `12 500 €`).
    pub fn money(self, cents: i64) -> String {
        rules::numbers::format_money(cents, self.code())
    }

    /// A share in basis points as this language writes it (`12.5%`, `12,5 %`).
    pub fn share(self, basis_points: i64) -> String {
        rules::numbers::format_share(basis_points, self.code())
    }

    /// A whole percentage as this language writes it (`20%`, `20 %`).
    pub fn percent(self, percent: u32) -> String {
        rules::numbers::format_percent(percent, self.code())
    }

    /// The BCP 47 tag used in `<html lang>`, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Pt => "pt",
            Locale::Es => "es",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The language's own name, as shown in the language switcher.
    pub fn endonym(self) -> &'static str {
        language_endonym(self.code())
    }

    /// This language's name as a reader of `reader` calls it ("portugais" for a French reader).
    pub fn name_in(self, reader: Locale) -> &'static str {
        let position = Locale::ALL.iter().position(|l| *l == self).unwrap_or(0);
        reader.messages().language_names[position]
    }

    /// What is wrong with an answer, in this language.
    pub fn problems(self) -> &'static ProblemMessages {
        rules::messages::problems(self.code())
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::En => &en::MESSAGES,
            Locale::Fr => &fr::MESSAGES,
            Locale::Pt => &pt::MESSAGES,
            Locale::Es => &es::MESSAGES,
        }
    }

    /// Picks the reader's language: an explicit choice (cookie) wins, then the first
    /// supported language of `Accept-Language` by quality, then English.
    pub fn negotiate(cookie_choice: Option<&str>, accept_language: Option<&str>) -> Locale {
        if let Some(locale) = cookie_choice.and_then(Locale::from_code) {
            return locale;
        }
        let Some(header) = accept_language else {
            return Locale::default();
        };
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let quality =
                pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(locale) = Locale::from_code(primary) {
                if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                    best = Some((quality, locale));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// The endonym of a working language (a language's own name needs no translation).
pub fn language_endonym(code: &str) -> &'static str {
    match code {
        "en" => "English",
        "fr" => "Français",
        "pt" => "Português",
        "es" => "Español",
        _ => "",
    }
}

/// Every interface string. Field names say where a string is used.
#[cfg_attr(test, derive(Serialize))]
pub struct Messages {
    pub site_name: &'static str,
    pub site_tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_interventions: &'static str,
    pub nav_open_data: &'static str,
    pub language_label: &'static str,
    pub footer_text: &'static str,

    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_figures_heading: &'static str,
    pub home_total_interventions: &'static str,
    pub home_countries_reached: &'static str,
    pub home_by_status: &'static str,
    pub home_by_region: &'static str,
    pub home_by_topic: &'static str,
    pub home_by_typology: &'static str,
    pub home_national_tas: &'static str,
    pub home_regional_tas: &'static str,
    pub home_nsa_projects: &'static str,
    pub home_people_reached: &'static str,
    pub home_requests_received: &'static str,
    pub home_requests_declined: &'static str,
    pub home_explore_map: &'static str,
    pub home_count_column: &'static str,
    pub chart_as_table: &'static str,
    /// The home page's three ways in: a ministry, an expert, a non-state actor.
    pub home_help_heading: &'static str,
    pub home_help_ministry: &'static str,
    pub home_help_ministry_text: &'static str,
    pub home_help_ministry_link: &'static str,
    pub home_help_expert: &'static str,
    pub home_help_expert_text: &'static str,
    pub home_help_expert_link: &'static str,
    pub home_help_ngo: &'static str,
    pub home_help_ngo_text: &'static str,
    pub home_help_ngo_link: &'static str,

    pub map_page_title: &'static str,
    pub map_heading: &'static str,
    pub map_caption: &'static str,
    /// "{name}: {count} interventions"
    pub map_country_label_one: &'static str,
    pub map_country_label_many: &'static str,
    pub map_legend: &'static str,
    pub map_legend_none: &'static str,
    /// Legend entry for the markers of regional organisations.
    pub map_legend_organisation: &'static str,
    /// The name of the whole map's African panel (the others are named by their regions).
    pub map_panel_africa: &'static str,

    pub filters_heading: &'static str,
    pub filter_region: &'static str,
    pub filter_country: &'static str,
    pub filter_topic: &'static str,
    pub filter_typology: &'static str,
    pub filter_programme: &'static str,
    pub filter_status: &'static str,
    pub filter_organisation: &'static str,
    pub filter_year_from: &'static str,
    pub filter_year_to: &'static str,
    pub filter_text: &'static str,
    pub filter_any: &'static str,
    pub filter_apply: &'static str,
    pub filter_reset: &'static str,
    pub filter_sort: &'static str,
    pub sort_date_desc: &'static str,
    pub sort_date_asc: &'static str,
    pub sort_country: &'static str,
    pub sort_title: &'static str,

    /// "{n} interventions found"
    pub results_count_one: &'static str,
    pub results_count_many: &'static str,
    pub results_none: &'static str,
    pub results_updated: &'static str,
    pub list_heading: &'static str,
    pub col_title: &'static str,
    pub col_countries: &'static str,
    pub col_dates: &'static str,
    pub col_status: &'static str,
    pub pagination_label: &'static str,
    pub pagination_previous: &'static str,
    pub pagination_next: &'static str,
    /// "Page {page} of {pages}"
    pub pagination_position: &'static str,
    pub download_heading: &'static str,
    pub download_csv: &'static str,
    pub download_geojson: &'static str,
    pub download_json: &'static str,

    pub detail_objective: &'static str,
    pub detail_summary: &'static str,
    pub detail_facts: &'static str,
    pub detail_programme: &'static str,
    pub detail_region: &'static str,
    pub detail_countries: &'static str,
    pub detail_organisation: &'static str,
    pub detail_requesting_entity: &'static str,
    pub detail_dates: &'static str,
    pub detail_status: &'static str,
    pub detail_topics: &'static str,
    pub detail_typologies: &'static str,
    pub detail_experts: &'static str,
    pub detail_venues: &'static str,
    pub detail_people_reached: &'static str,
    pub detail_related: &'static str,
    pub detail_source: &'static str,
    pub detail_back: &'static str,
    pub detail_map_label: &'static str,
    pub detail_no_description: &'static str,
    pub dates_unknown: &'static str,
    /// `{start}`: the month an ongoing intervention began
    pub dates_since: &'static str,
    /// `{status}`, `{date}`: a status and the month or year it was last known
    pub status_as_of: &'static str,
    pub month_names: [&'static str; 12],
    /// `{count}`: the filters set on the map
    pub filters_active_one: &'static str,
    pub filters_active_many: &'static str,
    /// Kinds of source documents, in a citation.
    pub source_press_release: &'static str,
    pub source_web_page: &'static str,
    /// The source of what the programme's staff published through the portal itself.
    pub source_portal: &'static str,
    pub none_recorded: &'static str,
    /// Above content shown in another language than the reader's; `{language}`: that language's name.
    pub content_fallback: &'static str,
    /// The interface languages named in this one, in the order of `Locale::ALL`.
    pub language_names: [&'static str; 4],

    pub data_title: &'static str,
    pub data_intro: &'static str,
    pub data_formats: &'static str,
    pub data_dictionary: &'static str,
    pub data_field: &'static str,
    pub data_meaning: &'static str,
    pub data_hxl: &'static str,
    pub data_hxl_note: &'static str,
    pub download_csv_hxl: &'static str,
    pub download_xlsx: &'static str,
    pub download_iati: &'static str,
    pub download_iati_organisation: &'static str,
    pub data_topics: &'static str,
    pub data_typologies: &'static str,
    pub data_vocabulary_note: &'static str,
    pub data_code: &'static str,
    pub data_name: &'static str,
    pub data_filters_note: &'static str,
    /// Field dictionary of the CSV, in column order.
    pub csv_fields: &'static [(&'static str, &'static str)],

    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub bad_request_title: &'static str,
    pub bad_request_text: &'static str,
    pub server_error_title: &'static str,
    pub server_error_text: &'static str,
    pub back_home: &'static str,
    /// Title of the page for a request refused by a rate limit or a full server.
    pub busy_title: &'static str,
    /// `{minutes}`: minutes to wait.
    pub too_many_text: &'static str,
    pub overloaded_text: &'static str,
    /// A form post made of other parts than the form has (400).
    pub malformed_post_text: &'static str,
    /// The title of a 409: what the reader acted on changed or closed in the meantime.
    pub conflict_title: &'static str,
    pub request_closed_text: &'static str,
    pub request_moved_on_text: &'static str,
    pub call_published_text: &'static str,
    pub not_publishable_text: &'static str,
    /// Posts only a hand-made request sends (a hidden field missing): 400.
    pub no_expert_named_text: &'static str,
    pub no_session_named_text: &'static str,
    pub no_stages_named_text: &'static str,
    pub no_version_named_text: &'static str,
    pub no_row_named_text: &'static str,
    pub stage_not_next_text: &'static str,
    /// `{params}`: the query's parameter names.
    pub unknown_search_values_text: &'static str,
    pub page_number_text: &'static str,
    pub no_audience_text: &'static str,
    /// A request whose body came in too slowly (408).
    pub timeout_title: &'static str,
    pub timeout_text: &'static str,
    /// Too many requests at once from one connection.
    pub too_many_at_once_text: &'static str,
    /// A body bigger than any form takes (413).
    pub too_large_text: &'static str,
    /// An address holding characters no page uses (400).
    pub bad_address_text: &'static str,
    /// A write that failed (disk full, database down): nothing was saved.
    pub not_saved_title: &'static str,
    pub not_saved_text: &'static str,

    pub filter_error_year: &'static str,
    pub filter_error_year_range: &'static str,
    pub filter_error_unknown: &'static str,
    pub filter_error_page: &'static str,
    pub filter_error_text_too_long: &'static str,

    pub nav_request: &'static str,
    /// An instant on the reader's own clock, added by the browser: "{time}".
    pub your_time: &'static str,
    /// The TA request form, its tracking page and its e-mails.
    pub request: RequestMessages,
    /// The back office.
    pub staff: StaffMessages,
    /// The work a request's stages hold (concept note), on staff and tracking pages.
    pub cycle: CycleMessages,
    pub fiche: FicheMessages,
    /// The consultation round on a TA fiche.
    pub consultation: ConsultationMessages,
    /// The baseline assessment and the documents of a stage's work.
    pub baseline: BaselineMessages,
    pub intervention: InterventionMessages,
    pub completion: CompletionMessages,
    /// Joint requests and their governments' endorsements.
    pub endorsement: EndorsementMessages,
    /// The expert roster.
    pub roster: RosterMessages,
    pub grants: GrantMessages,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_choice_beats_the_browser_language() {
        assert_eq!(Locale::negotiate(Some("fr"), Some("en-GB,en;q=0.9")), Locale::Fr);
    }

    #[test]
    fn the_best_supported_browser_language_is_chosen_by_quality() {
        assert_eq!(Locale::negotiate(None, Some("pt-PT,fr;q=0.8,en;q=0.5")), Locale::Pt);
        assert_eq!(Locale::negotiate(None, Some("de,es-DO;q=0.7,fr;q=0.6")), Locale::Es);
        assert_eq!(Locale::negotiate(None, Some("fr-SN;q=0.4, en;q=0.9")), Locale::En);
    }

    #[test]
    fn unknown_or_missing_languages_fall_back_to_english() {
        assert_eq!(Locale::negotiate(Some("xx"), Some("de,ja")), Locale::En);
        assert_eq!(Locale::negotiate(None, None), Locale::En);
    }

    #[test]
    fn french_takes_the_singular_for_nothing_and_one() {
        let count = |locale: Locale, n: u64| {
            let m = locale.messages();
            fill(locale.plural(n, m.results_count_one, m.results_count_many), &[("count", &n)])
        };
        assert_eq!(count(Locale::Fr, 0), "0 intervention trouvée");
        assert_eq!(count(Locale::Fr, 1), "1 intervention trouvée");
        assert_eq!(count(Locale::Fr, 2), "2 interventions trouvées");
        assert_eq!(count(Locale::En, 0), "0 interventions found");
        assert_eq!(count(Locale::En, 1), "1 intervention found");
    }

    #[test]
    fn months_are_named_in_the_readers_language() {
        assert_eq!(Locale::En.month_text("2016-03"), "March 2016");
        assert_eq!(Locale::Fr.month_text("2026-12-07T10:00:00Z"), "décembre 2026");
        assert_eq!(Locale::Pt.month_text("2015"), "2015");
        assert_eq!(Locale::Es.month_text("2015-13"), "2015-13", "not a month: as written");
    }

    #[test]
    fn fill_writes_each_value_where_its_name_is() {
        assert_eq!(fill("Page {page} of {pages}", &[("page", &2), ("pages", &7)]), "Page 2 of 7");
        assert_eq!(fill("{pages} pages, this is {page}", &[("page", &2), ("pages", &7)]), "7 pages, this is 2");
        // Braces that name no value stay as written.
        assert_eq!(fill("{unknown} and {page", &[("page", &2)]), "{unknown} and {page");
    }

    /// Every string of a language (interface and form problems), by its path such as
    /// `request.title` or `grants.months.0`.
    fn strings_of(locale: Locale) -> std::collections::BTreeMap<String, String> {
        fn flatten(path: String, value: &serde_json::Value, out: &mut std::collections::BTreeMap<String, String>) {
            match value {
                serde_json::Value::String(text) => {
                    out.insert(path, text.clone());
                }
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        flatten(format!("{path}.{i}"), item, out);
                    }
                }
                serde_json::Value::Object(fields) => {
                    for (key, item) in fields {
                        flatten(format!("{path}.{key}"), item, out);
                    }
                }
                other => panic!("{path} holds {other}, not text"),
            }
        }
        let catalogue = serde_json::json!({ "interface": locale.messages(), "problems": locale.problems() });
        let mut out = std::collections::BTreeMap::new();
        flatten(String::new(), &catalogue, &mut out);
        out
    }

    #[test]
    fn every_language_has_every_string_and_none_is_empty() {
        let english = strings_of(Locale::En);
        assert!(english.len() > 900, "the catalogue was read whole: {}", english.len());
        for locale in Locale::ALL {
            let strings = strings_of(locale);
            let missing: Vec<_> = english.keys().filter(|k| !strings.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{locale:?} lacks {missing:?}");
            let empty: Vec<_> = strings.iter().filter(|(_, text)| text.trim().is_empty()).map(|(k, _)| k).collect();
            assert!(empty.is_empty(), "{locale:?} leaves {empty:?} empty");
        }
    }

    /// The `{name}` placeholders of a text, sorted (a translation may reorder them).
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> =
            text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn placeholders_and_paragraphs_survive_translation() {
        let english = strings_of(Locale::En);
        for locale in Locale::ALL {
            for (key, text) in strings_of(locale) {
                let original = &english[&key];
                assert_eq!(placeholders(&text), placeholders(original), "{locale:?} {key}: {text}");
                assert_eq!(text.matches("\n\n").count(), original.matches("\n\n").count(), "{locale:?} {key}");
            }
        }
    }

    #[test]
    fn no_sentence_is_left_in_english() {
        let english = strings_of(Locale::En);
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let untranslated: Vec<_> = strings_of(locale)
                .into_iter()
                .filter(|(key, text)| text.split_whitespace().count() >= 4 && *text == english[key])
                .map(|(key, _)| key)
                .collect();
            assert!(untranslated.is_empty(), "{locale:?} still in English: {untranslated:?}");
        }
    }

    #[test]
    fn every_language_documents_the_same_csv_columns() {
        let english: Vec<_> = Locale::En.messages().csv_fields.iter().map(|f| f.0).collect();
        for locale in Locale::ALL {
            let names: Vec<_> = locale.messages().csv_fields.iter().map(|f| f.0).collect();
            assert_eq!(names, english, "{locale:?}");
        }
    }
}
