//! The outbox: every e-mail the portal sent or tried to send (administrators only).

use leptos::prelude::*;
use leptos_meta::Title;

use super::ForbiddenView;
use crate::components::error_view::ErrorView;
use crate::components::pagination::Pagination;
use crate::components::staff_bar::StaffBar;
use crate::domain::staff::{OutboxRow, StaffUser};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::i18n::utc_time;

#[derive(Clone, Debug, PartialEq)]
pub struct OutboxView {
    pub user: StaffUser,
    pub rows: Vec<OutboxRow>,
    pub page: i64,
    pub pages: i64,
}

#[component]
pub fn StaffOutboxPage() -> impl IntoView {
    if let Some(page) = use_context::<ForbiddenView>() {
        let m = &use_locale().messages().staff;
        crate::components::error_view::set_status(403);
        return view! {
            <Title text=m.forbidden_title/>
            <StaffBar user=page.user/>
            <h1>{m.forbidden_title}</h1>
            <p>{m.forbidden_text}</p>
        }
        .into_any();
    }
    let Some(page) = use_context::<OutboxView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().staff;
    let rows = page
        .rows
        .iter()
        .map(|row| {
            view! {
                <tr>
                    <td class="cards__title">{row.to.clone()}</td>
                    <td data-label=m.col_subject>{row.subject.clone()}</td>
                    <td data-label=m.col_created>{utc_time(&row.created_at)}</td>
                    <td data-label=m.col_sent>{match (&row.sent_at, row.given_up) {
                        (Some(sent_at), _) => utc_time(sent_at),
                        (None, true) => m.not_delivered.to_owned(),
                        (None, false) => m.not_sent.to_owned(),
                    }}</td>
                    <td data-label=m.col_delivery_problem>{row.problem.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=m.outbox_title/>
        <StaffBar user=page.user.clone()/>
        <h1>{m.outbox_title}</h1>
        <p>{m.outbox_intro}</p>
        <table class="list cards-below-narrow">
            <thead><tr><th scope="col">{m.col_to}</th><th scope="col">{m.col_subject}</th><th scope="col">{m.col_created}</th><th scope="col">{m.col_sent}</th><th scope="col">{m.col_delivery_problem}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pagination page=page.page pages=page.pages link=|n| format!("/staff/outbox?page={n}")/>
    }
    .into_any()
}
