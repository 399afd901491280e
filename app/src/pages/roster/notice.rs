//! The short pages of the roster's e-mail links and last steps: "check your e-mail" after
//! applying, the buttons behind e-mailed links (a link only shows its button: mail scanners
//! open links, and only a person pressing it should act), erasing a profile, and what came
//! of each.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::{set_status, ErrorView};
use crate::error::AppError;
use crate::i18n::use_locale;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RosterNoticeView {
    /// After submitting: the confirmation link is on its way.
    Sent,
    /// A working confirmation link: the button posts to `action`.
    ConfirmAddress {
        action: String,
    },
    Confirmed,
    /// A working sign-in link: the button posts to `action`.
    OpenProfile {
        action: String,
    },
    /// Unknown, used or expired (the page does not say which).
    LinkExpired,
    /// The signed-in expert asks to erase the profile: the button confirms.
    ConfirmErase,
    Erased,
    /// A working address-change link: the button posts to `action`.
    ConfirmNewAddress {
        action: String,
    },
    AddressChanged,
    /// Another profile has the new address: nothing changed.
    AddressTaken,
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
        RosterNoticeView::OpenProfile { .. } => (m.open_profile_title, m.open_profile_text),
        RosterNoticeView::ConfirmErase => (m.erase_title, m.erase_text),
        RosterNoticeView::Erased => (m.erased_title, m.erased_text),
        RosterNoticeView::ConfirmNewAddress { .. } => (m.new_address_title, m.new_address_text),
        RosterNoticeView::AddressChanged => (m.address_changed_title, m.address_changed_text),
        RosterNoticeView::AddressTaken => {
            set_status(409);
            (m.address_taken_title, m.address_taken_text)
        }
        RosterNoticeView::LinkExpired => {
            set_status(410);
            (m.link_expired_title, m.link_expired_text)
        }
    };
    // After an expired link, or once confirmed: the way to a (new) sign-in link.
    let ask_again = matches!(notice, RosterNoticeView::LinkExpired | RosterNoticeView::Confirmed);
    let cancel = (notice == RosterNoticeView::ConfirmErase)
        .then(|| view! { <p><a href="/experts/me">{m.back_to_profile}</a></p> });
    let button = match notice {
        RosterNoticeView::ConfirmAddress { action } => Some((action, m.confirm_button)),
        RosterNoticeView::OpenProfile { action } => Some((action, m.open_profile_button)),
        RosterNoticeView::ConfirmNewAddress { action } => Some((action, m.new_address_button)),
        RosterNoticeView::ConfirmErase => Some(("/experts/me/erase".to_owned(), m.erase_button)),
        _ => None,
    }
    .map(|(action, label)| {
        view! {
            <form method="post" action=action>
                <button type="submit" class="button-primary">{label}</button>
            </form>
        }
    });
    view! {
        <Title text=title/>
        <article class="request">
            <h1>{title}</h1>
            <p class="lead">{text}</p>
            {button}
            {cancel}
            {ask_again.then(|| view! { <p><a href="/experts/sign-in">{m.sign_in_title}</a></p> })}
        </article>
    }
    .into_any()
}
