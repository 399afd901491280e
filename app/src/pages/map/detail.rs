//! `/interventions/{slug}`: one intervention, with a map inset of its countries and, for a TA
//! of the portal's own, its work stage by stage.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::error_view::ErrorView;
use crate::components::intervention_list::{date_range, places, StatusBadge};
use crate::components::map_view::MapView;
use crate::components::translated::{other_language, paragraphs, FallbackNotice};
use crate::data::{intervention_detail, map_sprite, taxonomy};
use crate::domain::filters::{Dimension, InterventionFilter};
use crate::domain::intervention::CountryCount;
use crate::domain::sources::{citation, SourceKind};
use crate::i18n::use_locale;
use crate::i18n::Messages;
use crate::pages::requests::progress::TaProgressSection;

/// A record's source as people would cite it: publisher, title (in its own language, English
/// for the seeds), kind of document and year, linked where the document is public.
fn source_view(m: &'static Messages, source: &str) -> AnyView {
    let Some(cited) = citation(source) else {
        return m.source_portal.into_any();
    };
    let kind = match cited.kind {
        SourceKind::PressRelease => m.source_press_release,
        SourceKind::WebPage => m.source_web_page,
    };
    let title = view! { <cite lang="en">{cited.title}</cite> };
    let title = match cited.link {
        Some(link) => view! { <a href=link rel="external">{title}</a> }.into_any(),
        None => title.into_any(),
    };
    let tail = format!(", {kind}, {}.", cited.year);
    view! { <span lang="en">{cited.publisher}</span>", "{title}{tail} }.into_any()
}

#[component]
pub fn InterventionDetailPage() -> impl IntoView {
    let locale = use_locale();
    let m = locale.messages();
    let slug = use_params_map().get_untracked().get("slug").unwrap_or_default();
    let content = Suspend::new(async move {
        let detail = match intervention_detail(slug, locale).await {
            Ok(detail) => detail,
            Err(error) => return view! { <ErrorView error/> }.into_any(),
        };
        let taxonomy = taxonomy();
        let item = &detail.summary;
        let label = |dimension, code: &str| taxonomy.label(dimension, code, locale).to_owned();
        let list = |dimension, codes: &[String]| {
            if codes.is_empty() {
                m.none_recorded.to_owned()
            } else {
                codes.iter().map(|c| label(dimension, c)).collect::<Vec<_>>().join(", ")
            }
        };
        let counts: Vec<CountryCount> =
            item.countries.iter().map(|iso3| CountryCount { iso3: iso3.clone(), count: 1 }).collect();
        let frame = map_sprite().map(|s| s.frame_around(item.countries.iter().map(String::as_str)));
        let inset = (!item.countries.is_empty()).then(|| {
            view! {
                <MapView counts filter=InterventionFilter::default() frame caption=m.detail_map_label inset=true/>
            }
        });
        let organisation = item.organisation.as_ref().map(|code| {
            let name = taxonomy.label(Dimension::Organisation, code, locale).to_owned();
            view! { <dt>{m.detail_organisation}</dt><dd>{format!("{name} ({code})")}</dd> }
        });
        // Names and notes as the record gives them, in the language it was written in.
        let written = other_language(&item.language, locale);
        let requesting = detail.requesting_entity.clone().map(|entity| {
            view! { <dt>{m.detail_requesting_entity}</dt><dd lang=written.clone()>{entity}</dd> }
        });
        let people = detail.summary.people_reached.map(|n| {
            let basis = detail
                .people_reached_basis
                .clone()
                .map(|b| view! { <span lang=written.clone()>{format!(" ({b})")}</span> });
            view! { <dt>{m.detail_people_reached}</dt><dd>{locale.count(n)}{basis}</dd> }
        });
        let venues = (!detail.venues.is_empty()).then(|| {
            let text = detail
                .venues
                .iter()
                .map(|v| {
                    let country = taxonomy.label(Dimension::Country, &v.iso3, locale);
                    match &v.place {
                        Some(place) => format!("{place} ({country})"),
                        None => country.to_owned(),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            view! { <dt>{m.detail_venues}</dt><dd>{text}</dd> }
        });
        let experts =
            if detail.experts_from.is_empty() { m.none_recorded.to_owned() } else { detail.experts_from.join(", ") };
        // The texts in the reader's language when translated. A translation made before
        // objectives were translated has none: the objective then shows as written, and says so.
        let text = detail.text_for(locale);
        let description = Some(text.summary.clone()).filter(|s| !s.is_empty());
        let objective = match (&text.objective, &detail.objective) {
            (Some(objective), _) => Some((objective.clone(), text.locale.clone())),
            (None, Some(objective)) => Some((objective.clone(), item.language.clone())),
            (None, None) => None,
        };
        let body = match (objective, description) {
            (None, None) => view! { <p>{m.detail_no_description}</p> }.into_any(),
            (objective, description) => view! {
                {objective.map(|(objective, shown)| view! {
                    <h2>{m.detail_objective}</h2>
                    {(shown != text.locale).then(|| view! { <FallbackNotice shown=shown.clone()/> })}
                    <div lang=shown>{paragraphs(&objective)}</div>
                })}
                {description.map(|d| view! { <h2>{m.detail_summary}</h2><div lang=text.locale.clone()>{paragraphs(&d)}</div> })}
            }
            .into_any(),
        };
        // A quote is in its speaker's language, which the record does not say: left unmarked.
        let quote = detail.quote.clone().map(|q| view! { <blockquote>{q}</blockquote> });
        let related = (!detail.related.is_empty()).then(|| {
            view! {
                <h2>{m.detail_related}</h2>
                <ul>{detail.related.iter().map(|link| view! {
                    <li><a href=format!("/interventions/{}", link.slug) lang=other_language(&link.language, locale)>{link.title.clone()}</a></li>
                }).collect_view()}</ul>
            }
        });
        let progress = detail.ta.clone().map(|progress| {
            view! { <TaProgressSection slug=item.slug.clone() progress/> }
        });
        view! {
            <Title text=text.title.clone()/>
            <article class="detail">
                <h1 lang=text.locale.clone()>{text.title.clone()}</h1>
                <FallbackNotice shown=text.locale.clone()/>
                <p><StatusBadge status=item.status.clone() as_of=item.status_as_of.clone()/></p>
                <div class="detail__columns">
                    <div class="detail__text">{body}{quote}{related}</div>
                    <aside class="detail__facts" aria-labelledby="facts-heading">
                        <h2 id="facts-heading">{m.detail_facts}</h2>
                        {inset}
                        <dl>
                            <dt>{m.detail_programme}</dt><dd>{label(Dimension::Programme, &item.programme)}</dd>
                            <dt>{m.detail_region}</dt><dd>{label(Dimension::Region, &item.region)}</dd>
                            <dt>{m.detail_countries}</dt><dd>{places(locale, item)}</dd>
                            {organisation}
                            {requesting}
                            <dt>{m.detail_dates}</dt><dd>{date_range(m, item)}</dd>
                            <dt>{m.detail_topics}</dt><dd>{list(Dimension::Topic, &item.topics)}</dd>
                            <dt>{m.detail_typologies}</dt><dd>{list(Dimension::Typology, &item.typologies)}</dd>
                            <dt>{m.detail_experts}</dt><dd>{experts}</dd>
                            {venues}
                            {people}
                            <dt>{m.detail_source}</dt><dd>{source_view(m, &detail.source)}</dd>
                        </dl>
                    </aside>
                </div>
                {progress}
                <p><a href="/interventions">{m.detail_back}</a></p>
            </article>
        }
        .into_any()
    });
    view! { <Suspense>{content}</Suspense> }
}
