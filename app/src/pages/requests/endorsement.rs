//! Joint and endorsed requests: the requesting governments with their officials'
//! endorsements (on the tracking page, and on staff's page with the officials' addresses and
//! a button to send a link again), the official's own page at `/requests/endorse/{token}`,
//! and the staff's form to join another request into one.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::TextField;
use crate::data::taxonomy;
use crate::domain::filters::Dimension;
use crate::domain::stage::{HistoryEntry, Stage};
use crate::domain::ta_request::{fully_endorsed, Endorsement, StoredRequest};
use crate::error::AppError;
use crate::i18n::{fill, use_locale, utc_time, Locale};
use crate::pages::requests::answers::RequestAnswers;

/// How a requesting government reads, from its code: "Government of Benin" for a country, the
/// organisation's name for a regional organisation.
pub fn government_name(code: &str, locale: Locale) -> String {
    let taxonomy = taxonomy();
    if taxonomy.country(code).is_some() {
        let country = taxonomy.label(Dimension::Country, code, locale);
        fill(locale.messages().endorsement.government_of, &[("country", &country)])
    } else {
        taxonomy.label(Dimension::Organisation, code, locale).to_owned()
    }
}

/// A history entry of an endorsement: "Endorsed for: Government of Benin" (its body holds the
/// country's or the organisation's code).
pub fn endorsed_event(entry: &HistoryEntry, locale: Locale) -> String {
    let government = government_name(entry.body.as_deref().unwrap_or_default(), locale);
    fill(locale.messages().endorsement.event_endorsed, &[("government", &government)])
}

/// The requesting governments and where each endorsement stands. `staff_path` (the request's
/// staff page) adds the officials' addresses and, before the TA fiche, a button per awaited
/// endorsement to send its link again.
#[component]
pub fn EndorsementList(
    endorsements: Vec<Endorsement>,
    stage: Stage,
    #[prop(optional)] staff_path: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let m = &locale.messages().endorsement;
    let waiting = if fully_endorsed(&endorsements) { m.all_endorsed } else { m.waiting };
    let rows = endorsements
        .into_iter()
        .map(|e| {
            let official = match &staff_path {
                Some(_) => format!("{} <{}>", e.official_name, e.official_email),
                None => e.official_name.clone(),
            };
            let status = match &e.endorsed_at {
                Some(at) => fill(m.given, &[("name", &official), ("date", &utc_time(at))]),
                None => fill(m.pending, &[("name", &official), ("date", &utc_time(&e.asked_at))]),
            };
            let came_with = e.joined_from.as_ref().map(|r| format!(" ({})", fill(m.came_with, &[("reference", r)])));
            let again = staff_path.as_ref().filter(|_| e.endorsed_at.is_none() && stage.before_fiche()).map(|path| {
                view! {
                    <form method="post" action=format!("{path}/endorsements/{}/again", e.id) class="inline-form">
                        <button type="submit" class="button-secondary">{m.ask_again}</button>
                    </form>
                }
            });
            view! {
                <li class:endorsement--given=e.endorsed_at.is_some()>
                    <strong>{government_name(e.government_code(), locale)}</strong>{came_with}" – "{status}
                    {again}
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{m.heading}</h2>
        <p>{waiting}</p>
        <ul class="endorsements">{rows}</ul>
    }
}

/// The staff's form joining another request into this one (while it can be joined).
#[component]
pub fn JoinForm(path: String, typed: String, refused: bool) -> impl IntoView {
    let m = &use_locale().messages().endorsement;
    view! {
        <h2>{m.join_heading}</h2>
        <p>{m.join_hint}</p>
        <form method="post" action=format!("{path}/join") class="request-form">
            <TextField name="other" label=m.join_reference value=typed error=refused.then_some(m.join_refused.to_owned())
                maxlength=20/>
            <div class="form-actions"><button type="submit" class="button-secondary">{m.join_button}</button></div>
        </form>
    }
}

/// Where an official's link stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndorsingState {
    /// Waiting for the official's endorsement: the page offers the button.
    Open,
    /// Just endorsed, at this instant.
    Thanks(String),
    /// Endorsed before, at this instant.
    Already(String),
    /// The request closed (declined, withdrawn, joined) before the endorsement came.
    Closed,
}

/// The official's page: the request to read and, while it waits, the button to endorse it.
#[derive(Clone, Debug, PartialEq)]
pub struct EndorsingView {
    pub request: StoredRequest,
    pub endorsement: Endorsement,
    pub attachments: Vec<(i64, crate::domain::file::AttachedFile)>,
    /// `/requests/endorse/{token}`.
    pub path: String,
    pub state: EndorsingState,
}

#[component]
pub fn EndorsingPage() -> impl IntoView {
    let Some(page) = use_context::<EndorsingView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let (m, r) = (&locale.messages().endorsement, &locale.messages().request);
    let government = government_name(page.endorsement.government_code(), locale);
    let institution = page.request.institution.institution.clone().unwrap_or_default();
    let intro = fill(m.page_intro, &[("institution", &institution), ("government", &government)]);
    let state = match &page.state {
        EndorsingState::Open => view! {
            <form method="post" action=page.path.clone()>
                <div class="form-actions"><button type="submit" class="button-primary">{m.button}</button></div>
            </form>
            <p>{m.not_supported}</p>
        }
        .into_any(),
        EndorsingState::Thanks(at) => view! {
            <div class="notice notice--success" role="status"><p>{fill(m.thanks, &[("date", &utc_time(at))])}</p></div>
        }
        .into_any(),
        EndorsingState::Already(at) => {
            let text = fill(m.already, &[("government", &government), ("date", &utc_time(at))]);
            view! { <div class="notice" role="status"><p>{text}</p></div> }.into_any()
        }
        EndorsingState::Closed => view! { <div class="notice" role="status"><p>{m.closed}</p></div> }.into_any(),
    };
    view! {
        <Title text=m.page_title/>
        <article class="tracking">
            <h1>{m.page_title}</h1>
            <p class="lead">{fill(r.track_title, &[("reference", &page.request.reference)])}</p>
            <p>{intro}</p>
            {state}
            <h2>{m.request_heading}</h2>
            <RequestAnswers request=page.request.clone() attachments=page.attachments.clone()
                attachment_path=format!("{}/attachments", page.path)/>
        </article>
    }
    .into_any()
}
