//! `/experts/me/sessions`: an expert sees where their profile is signed in and ends other
//! sessions. Experts have no password to type again, so ending needs a session opened by an
//! e-mailed link a few minutes ago; otherwise the page offers to send one.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::sessions_table::SessionsTable;
use crate::domain::staff::SessionSummary;
use crate::error::AppError;
use crate::i18n::fill;
use crate::i18n::use_locale;

#[derive(Clone, Debug, PartialEq)]
pub struct ExpertSessionsView {
    pub sessions: Vec<SessionSummary>,
    /// This session was opened recently enough to end others.
    pub can_end: bool,
    pub notice: Option<SessionsNotice>,
}

/// What the expert just did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionsNotice {
    Ended(u64),
    LinkSent,
}

#[component]
pub fn ExpertSessionsPage() -> impl IntoView {
    let Some(page) = use_context::<ExpertSessionsView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let messages = use_locale().messages();
    let (m, staff) = (&messages.roster, &messages.staff);
    let notice = page.notice.map(|notice| match notice {
        SessionsNotice::Ended(count) => fill(staff.sessions_ended, &[("count", &count)]),
        SessionsNotice::LinkSent => m.sessions_link_sent.to_owned(),
    });
    let sessions = page.sessions.clone();
    let body = if page.can_end {
        view! {
            <form method="post" action="/experts/me/sessions" class="request-form">
                <SessionsTable sessions=sessions can_end=true/>
            </form>
        }
        .into_any()
    } else {
        view! {
            <SessionsTable sessions=sessions can_end=false/>
            <p>{m.sessions_confirm_first}</p>
            <form method="post" action="/experts/me/sessions/link">
                <button type="submit" class="button-primary">{m.sessions_send_link}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=staff.sessions_title/>
        <article class="request">
            <h1>{staff.sessions_title}</h1>
            {notice.map(|text| view! { <p class="notice" role="status">{text}</p> })}
            <p>{m.sessions_intro}</p>
            {body}
            <p><a href="/experts/me">{m.back_to_profile}</a></p>
        </article>
    }
    .into_any()
}
