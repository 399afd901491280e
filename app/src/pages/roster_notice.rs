//! The short pages of the roster's e-mail links: "check your e-mail" after applying, the
//! button that confirms an address (a link only shows it: mail scanners open links, and
//! only a person pressing the button should confirm), and what came of it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::use_locale;
use crate::components::error_view::{set_status, ErrorView};
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RosterNoticeView {
    /// After submitting: the confirmation link is on its way.
    Sent,
    /// A working confirmation link: the button posts to `action`.
    ConfirmAddress {
        action: String,
    },
    Confirmed,
    /// Unknown, used or expired (the page does not say which).
    LinkExpired,
}

#[component]
pub fn RosterNoticePage() -> impl IntoView {
    let Some(notice) = use_context::<RosterNoticeView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().roster;
    let (title, text) = match &notice {
        RosterNoticeView::Sent => (m.sent_title, m.sent_text),
        RosterNoticeView::ConfirmAddress { .. } => (m.confirm_title, m.confirm_text),
        RosterNoticeView::Confirmed => (m.confirmed_title, m.confirmed_text),
        RosterNoticeView::LinkExpired => {
            set_status(410);
            (m.link_expired_title, m.link_expired_text)
        }
    };
    let expired = notice == RosterNoticeView::LinkExpired;
    let button = match notice {
        RosterNoticeView::ConfirmAddress { action } => Some(view! {
            <form method="post" action=action>
                <button type="submit" class="button-primary">{m.confirm_button}</button>
            </form>
        }),
        _ => None,
    };
    view! {
        <Title text=title/>
        <article class="request">
            <h1>{title}</h1>
            <p class="lead">{text}</p>
            {button}
            {expired.then(|| view! { <p><a href="/experts/apply">{m.title}</a></p> })}
        </article>
    }
    .into_any()
}
