//! `/staff/requests/{reference}/history`: every change to a request as the audit log keeps
//! it, newest first, with what it was before and after, a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::pagination::Pagination;
use crate::components::staff_bar::StaffBar;
use crate::domain::staff::{Actor, AuditEntry, StaffUser};
use crate::domain::stage::Stage;
use crate::error::AppError;
use crate::i18n::{fill, use_locale, utc_time, Messages};

/// One page of a request's history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryView {
    pub user: StaffUser,
    pub reference: String,
    pub entries: Vec<AuditEntry>,
    pub page: i64,
    pub pages: i64,
}

fn actor_name(m: &'static Messages, actor: &Actor) -> String {
    match actor {
        Actor::Staff(name) => name.clone(),
        Actor::Requester => m.staff.actor_requester.to_owned(),
        Actor::Consultee(id) => fill(m.staff.actor_consultee, &[("id", id)]),
        Actor::Official(id) => fill(m.staff.actor_official, &[("id", id)]),
        Actor::System => m.staff.actor_system.to_owned(),
    }
}

/// A state as recorded: a stage by its name, anything else as written.
fn state_text(m: &'static Messages, state: &Option<String>) -> String {
    match state.as_deref() {
        Some(code) => Stage::parse(code).map_or_else(|| code.to_owned(), |stage| stage.name(&m.request).to_owned()),
        None => String::new(),
    }
}

#[component]
pub fn StaffHistoryPage() -> impl IntoView {
    let Some(page) = use_context::<HistoryView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = use_locale().messages();
    let s = &m.staff;
    let rows = page
        .entries
        .iter()
        .map(|entry| {
            view! {
                <tr>
                    <td>{utc_time(&entry.at)}</td>
                    <td>{actor_name(m, &entry.actor)}</td>
                    <td>{s.action_name(&entry.action).to_owned()}</td>
                    <td class="history__body">{state_text(m, &entry.before)}</td>
                    <td class="history__body">{state_text(m, &entry.after)}</td>
                </tr>
            }
        })
        .collect_view();
    let title = fill(s.history_title, &[("reference", &page.reference)]);
    let path = format!("/staff/requests/{}", page.reference);
    let link = {
        let path = path.clone();
        move |n| format!("{path}/history?page={n}")
    };
    view! {
        <Title text=title.clone()/>
        <StaffBar user=page.user.clone()/>
        <h1>{title}</h1>
        <p><a href=path>{m.fiche.back_to_request}</a></p>
        <p>{s.history_intro}</p>
        <table class="list">
            <thead><tr>
                <th scope="col">{m.request.col_when}</th><th scope="col">{s.col_actor}</th>
                <th scope="col">{s.col_action}</th><th scope="col">{s.col_before}</th><th scope="col">{s.col_after}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pagination page=page.page pages=page.pages link=link/>
    }
    .into_any()
}
