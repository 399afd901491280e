//! `/grants`, `/grants/{slug}` and `/grants/track/{token}`: the public list of calls for
//! proposals, one call with its eligibility rules and rubric, and where an applicant follows
//! a submitted application. The server prepares each page's content (it knows the time).

use leptos::prelude::*;
use leptos_meta::Title;

use super::{grant_range, labels};
use crate::components::error_view::ErrorView;
use crate::components::translated::{other_language, paragraphs, FallbackNotice};
use crate::domain::filters::Dimension;
use crate::domain::grant::{kind_name, Call, CallPhase, TrackedApplication, KIND_NATIONAL};
use crate::error::AppError;
use crate::i18n::fill;
use crate::i18n::use_locale;
use crate::i18n::utc_time;

/// The public list: every published call with where it stands now.
#[derive(Clone, Debug, PartialEq)]
pub struct GrantsListView {
    pub calls: Vec<(Call, CallPhase)>,
}

/// One published call.
#[derive(Clone, Debug, PartialEq)]
pub struct GrantCallView {
    pub call: Call,
    pub phase: CallPhase,
}

/// The tracking page of a submitted application.
#[derive(Clone, Debug, PartialEq)]
pub struct GrantTrackingView {
    pub application: TrackedApplication,
    pub just_submitted: bool,
}

#[component]
fn CallCard(call: Call, phase: CallPhase) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().grants;
    let (when_label, when) = match phase {
        CallPhase::Upcoming => (m.opens, call.opening_text(locale)),
        _ => (m.deadline, call.deadline_text(locale)),
    };
    let link = if phase == CallPhase::Open { m.read_call } else { m.read_call_closed };
    view! {
        <li class="call-card">
            <h3 lang=call.text(locale).map(|t| t.locale.clone())>
                <a href=format!("/grants/{}", call.slug)>{call.title(locale).to_owned()}</a>
            </h3>
            <dl class="facts">
                <dt>{m.kind_label}</dt><dd>{kind_name(&call.kind, m)}</dd>
                <dt>{m.regions_label}</dt><dd>{labels(Dimension::Region, &call.regions, locale)}</dd>
                <dt>{when_label}</dt><dd>{when}</dd>
            </dl>
            <p>{grant_range(&call, locale)}</p>
            <p><a href=format!("/grants/{}", call.slug) aria-hidden="true" tabindex="-1">{link}</a></p>
        </li>
    }
}

#[component]
pub fn GrantsPage() -> impl IntoView {
    let Some(page) = use_context::<GrantsListView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().grants;
    let section = |phase: CallPhase, heading: &'static str, empty: &'static str| {
        let calls: Vec<_> = page.calls.iter().filter(|(_, p)| *p == phase).cloned().collect();
        let id = format!("calls-{}", phase.as_str());
        let body = if calls.is_empty() {
            view! { <p>{empty}</p> }.into_any()
        } else {
            view! {
                <ul class="call-list">
                    {calls.into_iter().map(|(call, phase)| view! { <CallCard call phase/> }).collect_view()}
                </ul>
            }
            .into_any()
        };
        let heading_id = id.clone();
        view! { <section aria-labelledby=id><h2 id=heading_id>{heading}</h2>{body}</section> }
    };
    view! {
        <Title text=m.list_title/>
        <article class="grants">
            <h1>{m.list_title}</h1>
            <p class="lead">{m.list_intro}</p>
            {section(CallPhase::Open, m.open_heading, m.none_open)}
            {section(CallPhase::Upcoming, m.upcoming_heading, m.none_upcoming)}
            {section(CallPhase::Closed, m.closed_heading, m.none_closed)}
        </article>
    }
    .into_any()
}

#[component]
pub fn GrantCallPage() -> impl IntoView {
    let Some(GrantCallView { call, phase }) = use_context::<GrantCallView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().grants;
    let text = call.text(locale).cloned();
    let title = call.title(locale).to_owned();
    let shown = text.as_ref().map_or_else(|| locale.code().to_owned(), |t| t.locale.clone());
    let summary = text.map(|t| t.summary).unwrap_or_default();
    let (where_rule, kind_hint) = if call.kind == KIND_NATIONAL {
        (m.eligibility_national, m.kind_national_hint)
    } else {
        (m.eligibility_regional, m.kind_regional_hint)
    };
    let cofunding = if call.cofunding_percent == 0 {
        m.cofunding_none.to_owned()
    } else {
        fill(m.cofunding_rule, &[("percent", &locale.percent(call.cofunding_percent))])
    };
    let typologies: Vec<String> = crate::domain::grant::NSA_TYPOLOGIES.iter().map(|t| (*t).to_owned()).collect();
    let action = match phase {
        CallPhase::Open => view! {
            <p class="notice" role="status">{fill(m.deadline_note, &[("deadline", &call.deadline_text(locale))])}</p>
            <form method="get" action=format!("/grants/{}/apply", call.slug)>
                <button type="submit" class="button-primary">{m.apply_button}</button>
            </form>
        }
        .into_any(),
        CallPhase::Upcoming => {
            view! { <p class="notice" role="status">{fill(m.call_upcoming, &[("opening", &call.opening_text(locale))])}</p> }
                .into_any()
        }
        CallPhase::Closed => {
            view! { <p class="notice" role="status">{fill(m.call_closed, &[("deadline", &call.deadline_text(locale))])}</p> }
                .into_any()
        }
    };
    let criteria: Vec<_> = call.criteria.iter().map(|c| (c.weight, c.in_language(locale.code()))).collect();
    // A criterion not yet in the reader's language: one notice above the table says which is shown.
    let criteria_shown = criteria
        .iter()
        .map(|(_, text)| text.locale.clone())
        .find(|code| code != locale.code())
        .unwrap_or_else(|| locale.code().to_owned());
    let criteria = criteria
        .into_iter()
        .map(|(weight, text)| {
            view! {
                <tr lang=other_language(&text.locale, locale)>
                    <th scope="row">{text.name}</th>
                    <td class="nowrap">{fill(m.weight_percent, &[("weight", &weight)])}</td>
                    <td>{text.guidance.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=title.clone()/>
        <article class="grants">
            <p><a href="/grants">{m.list_title}</a></p>
            <h1 lang=shown.clone()>{title}</h1>
            <FallbackNotice shown=shown.clone()/>
            <div lang=shown>{paragraphs(&summary)}</div>
            {action}
            <h2>{m.eligibility_heading}</h2>
            <p>{m.eligibility_who}</p>
            <dl class="facts">
                <dt>{m.kind_label}</dt><dd>{kind_name(&call.kind, m)}": "{kind_hint}</dd>
                <dt>{m.regions_label}</dt><dd>{labels(Dimension::Region, &call.regions, locale)}</dd>
                <dt>{m.topics_label}</dt><dd>{labels(Dimension::Topic, &call.topics, locale)}</dd>
                <dt>{m.typologies_label}</dt><dd>{labels(Dimension::Typology, &typologies, locale)}</dd>
            </dl>
            <p>{where_rule}</p>
            <p>{labels(Dimension::Country, &call.countries, locale)}</p>
            <h2>{m.money_heading}</h2>
            <ul>
                <li>{grant_range(&call, locale)}</li>
                <li>{cofunding}</li>
                <li>{fill(m.duration_rule, &[("months", &call.max_months)])}</li>
            </ul>
            <h2>{m.criteria_heading}</h2>
            <p>{m.criteria_intro}</p>
            <FallbackNotice shown=criteria_shown/>
            <div class="table-scroll">
                <table class="list">
                    <thead><tr><th scope="col">{m.criterion_col}</th><th scope="col">{m.weight_col}</th><th scope="col">{m.guidance_col}</th></tr></thead>
                    <tbody>{criteria}</tbody>
                </table>
            </div>
            <h2>{m.how_heading}</h2>
            <p>{m.how_text}</p>
        </article>
    }
    .into_any()
}

#[component]
pub fn GrantTrackingPage() -> impl IntoView {
    let Some(GrantTrackingView { application, just_submitted }) = use_context::<GrantTrackingView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().grants;
    let heading = fill(m.track_title, &[("reference", &application.reference)]);
    let thanks =
        just_submitted.then(|| view! { <p class="notice notice--success" role="status">{m.track_just_submitted}</p> });
    let call = &application.call;
    view! {
        <Title text=heading.clone()/>
        <article class="request">
            <h1>{heading}</h1>
            {thanks}
            <p>{m.track_intro}</p>
            <dl class="facts">
                <dt>{m.track_status}</dt><dd><strong>{application.status.name(m)}</strong></dd>
                <dt>{m.track_call}</dt><dd><a href=format!("/grants/{}", call.slug)>{call.title(locale).to_owned()}</a></dd>
                <dt>{m.deadline}</dt><dd>{call.deadline_text(locale)}</dd>
                <dt>{m.track_organisation}</dt><dd>{application.legal_name.clone()}</dd>
                <dt>{m.track_project}</dt><dd>{application.project_title.clone()}</dd>
                <dt>{m.track_requested}</dt><dd>{locale.money(application.requested_cents)}</dd>
                <dt>{m.track_first_submitted}</dt><dd>{utc_time(&application.first_submitted_at)}" UTC"</dd>
                <dt>{m.track_last_submitted}</dt><dd>{utc_time(&application.submitted_at)}" UTC"</dd>
            </dl>
        </article>
    }
    .into_any()
}
