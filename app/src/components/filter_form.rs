//! The map page's filters: a plain GET form, so the address always holds the selection.

use leptos::prelude::*;

use crate::data::taxonomy;
use crate::domain::filters::{Dimension, InterventionFilter, Sort, MAX_TEXT_CHARS, MAX_YEAR, MIN_YEAR};
use crate::i18n::{fill, use_locale, Messages};

fn sort_label(m: &Messages, sort: Sort) -> &'static str {
    match sort {
        Sort::DateDesc => m.sort_date_desc,
        Sort::DateAsc => m.sort_date_asc,
        Sort::Country => m.sort_country,
        Sort::Title => m.sort_title,
    }
}

/// One `<select>` of a vocabulary, with "Any" first (the map's and the staff inbox's filters).
#[component]
pub fn CodeSelect(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    let m = use_locale().messages();
    let id = format!("filter-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="" selected=selected.is_none()>{m.filter_any}</option>
                {options.into_iter().map(|(code, text)| {
                    let is_selected = selected.as_deref() == Some(code.as_str());
                    view! { <option value=code selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A folding panel of filters: its heading in the summary, with how many filters are set, and
/// open while any is. Folded on a phone, so the results lead; wide screens may show it open
/// whatever its state (the style sheet does so beside the map).
#[component]
pub fn FilterPanel(id: &'static str, heading: &'static str, set: usize, children: Children) -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let set_text = (set > 0)
        .then(|| fill(locale.plural(set as u64, m.filters_active_one, m.filters_active_many), &[("count", &set)]));
    view! {
        <details class="filters" open={set > 0}>
            <summary>
                <h2 id=id>{heading}</h2>
                {set_text.map(|text| view! { " "<span class="filters__active">{text}</span> })}
            </summary>
            {children()}
        </details>
    }
}

/// The filter form, filled in with the current selection.
#[component]
pub fn FilterForm(filter: InterventionFilter) -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let taxonomy = taxonomy();
    let options = |dimension| -> Vec<(String, String)> {
        taxonomy.terms(dimension).into_iter().map(|t| (t.code.clone(), t.label(locale).to_owned())).collect()
    };
    let countries: Vec<(String, String)> = taxonomy
        .countries_by_name(locale)
        .into_iter()
        .map(|c| (c.term.code.clone(), c.term.label(locale).to_owned()))
        .collect();
    // Acronym first: that is how the programme's documents name them.
    let organisations: Vec<(String, String)> =
        taxonomy.organisations.iter().map(|t| (t.code.clone(), format!("{} – {}", t.code, t.label(locale)))).collect();
    let year = |value: Option<i32>| value.map(|y| y.to_string()).unwrap_or_default();
    // Owned before the view: the panel's children are a closure that outlives this function.
    let [regions, topics, typologies, programmes, statuses] =
        [Dimension::Region, Dimension::Topic, Dimension::Typology, Dimension::Programme, Dimension::Status]
            .map(options);
    let (year_from, year_to) = (year(filter.year_from), year(filter.year_to));
    view! {
        <FilterPanel id="filters-heading" heading=m.filters_heading set=filter.narrowing_count()>
            <form method="get" action="/interventions" aria-labelledby="filters-heading">
                <div class="filters__grid">
                    <CodeSelect name="region" label=m.filter_region options=regions.clone() selected=filter.region.clone()/>
                    <CodeSelect name="country" label=m.filter_country options=countries selected=filter.country.clone()/>
                    <CodeSelect name="topic" label=m.filter_topic options=topics.clone() selected=filter.topic.clone()/>
                    <CodeSelect name="typology" label=m.filter_typology options=typologies.clone() selected=filter.typology.clone()/>
                    <CodeSelect name="programme" label=m.filter_programme options=programmes.clone() selected=filter.programme.clone()/>
                    <CodeSelect name="status" label=m.filter_status options=statuses.clone() selected=filter.status.clone()/>
                    <CodeSelect name="organisation" label=m.filter_organisation options=organisations selected=filter.organisation.clone()/>
                    <div class="field field--year">
                        <label for="filter-from">{m.filter_year_from}</label>
                        <input id="filter-from" name="from" type="number" inputmode="numeric" min=MIN_YEAR max=MAX_YEAR value=year_from.clone()/>
                    </div>
                    <div class="field field--year">
                        <label for="filter-to">{m.filter_year_to}</label>
                        <input id="filter-to" name="to" type="number" inputmode="numeric" min=MIN_YEAR max=MAX_YEAR value=year_to.clone()/>
                    </div>
                    <div class="field field--text">
                        <label for="filter-q">{m.filter_text}</label>
                        <input id="filter-q" name="q" type="search" maxlength=MAX_TEXT_CHARS value=filter.text.clone().unwrap_or_default()/>
                    </div>
                    <div class="field">
                        <label for="filter-sort">{m.filter_sort}</label>
                        <select id="filter-sort" name="sort">
                            {Sort::ALL.into_iter().map(|sort| view! {
                                <option value=sort.as_str() selected=sort == filter.sort>{sort_label(m, sort)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="filters__actions">
                    <button type="submit">{m.filter_apply}</button>
                    <a href="/interventions">{m.filter_reset}</a>
                </div>
            </form>
        </FilterPanel>
    }
}
