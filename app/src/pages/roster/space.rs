//! The expert's own space, reached by an e-mailed sign-in link (no password): the profile
//! with a link to change each part, downloading all their data, and erasing it.

use leptos::prelude::*;
use leptos_meta::Title;

use super::working_days_text;
use crate::components::error_view::{set_status, ErrorView};
use crate::components::form_fields::{error_for, TextField};
use crate::domain::form::FieldError;
use crate::domain::roster::AssignmentRow;
use crate::domain::roster::ExpertStatus;
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::pages::roster::form::{answers_review, ExpertFormView};

/// `/experts/me`: the signed-in expert's profile.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertSpaceView {
    /// The answers as the review shows them (changes under `/experts/me/{step}`).
    pub profile: ExpertFormView,
    pub status: ExpertStatus,
    /// A section was just saved.
    pub saved: bool,
    /// ... with a new address, which a link sent to it must confirm.
    pub address_pending: bool,
    /// The requests the expert is assigned to.
    pub assignments: Vec<AssignmentRow>,
}

#[component]
pub fn ExpertSpacePage() -> impl IntoView {
    let Some(page) = use_context::<ExpertSpaceView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let locale = use_locale();
    let m = &locale.messages().roster;
    let status = match page.status {
        ExpertStatus::Active => m.status_active,
        ExpertStatus::Inactive => m.status_inactive,
        ExpertStatus::Unverified | ExpertStatus::Draft => m.status_unverified,
    };
    view! {
        <Title text=m.space_title/>
        <article class="request">
            <h1>{m.space_title}</h1>
            {page.saved.then(|| view! {
                <div class="notice notice--success" role="status">
                    <p>{m.saved_notice}</p>
                    {page.address_pending.then(|| view! { <p>{m.address_change_sent}</p> })}
                </div>
            })}
            <p class="lead">{status}</p>
            <h2>{m.assignments_heading}</h2>
            {page.assignments.is_empty().then(|| view! { <p>{m.no_assignments}</p> })}
            <ul>
                {page.assignments.iter().map(|row| view! {
                    <li>
                        <strong>{row.reference.clone()}</strong>": "{working_days_text(locale, row.working_days())}
                        <br/><span class="periods">{row.periods_text()}</span>
                    </li>
                }).collect_view()}
            </ul>
            {answers_review(&page.profile)}
            <h2>{m.your_data}</h2>
            <ul>
                <li><a href="/experts/me/data" download>{m.download_data}</a></li>
                <li><a href="/experts/me/sessions">{m.sessions_link}</a></li>
                <li><a href="/experts/me/erase">{m.erase_link}</a></li>
            </ul>
            <form method="post" action="/experts/sign-out">
                <button type="submit" class="button-secondary">{m.sign_out}</button>
            </form>
        </article>
    }
    .into_any()
}

/// `/experts/sign-in`: asks for the profile's address; the answer never says whether
/// there is a profile for it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertSignInView {
    pub address: String,
    pub errors: Vec<FieldError>,
    /// A link was asked for (and sent, if there is a profile).
    pub sent: bool,
}

#[component]
pub fn ExpertSignInPage() -> impl IntoView {
    let Some(page) = use_context::<ExpertSignInView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().roster;
    if !page.errors.is_empty() {
        set_status(422);
    }
    view! {
        <Title text=m.sign_in_title/>
        <article class="request">
            <h1>{m.sign_in_title}</h1>
            {page.sent.then(|| view! { <div class="notice" role="status"><p>{m.sign_in_sent}</p></div> })}
            <p>{m.sign_in_intro}</p>
            <form method="post" action="/experts/sign-in" class="request-form" novalidate>
                <TextField name="email" label=m.email value=page.address.clone() error=error_for(&page.errors, "email")
                    kind="email" autocomplete="email" maxlength=254/>
                <div class="form-actions">
                    <button type="submit" class="button-primary">{m.sign_in_button}</button>
                </div>
            </form>
        </article>
    }
    .into_any()
}
