//! An account's live sessions (staff or expert) as a table, for the form that ends them.

use leptos::prelude::*;

use crate::domain::staff::{SessionSummary, END_OTHERS};
use crate::i18n::use_locale;
use crate::i18n::utc_time;

/// The sessions, newest first, with a button to end each other one and, when there are
/// several others, one to end them all; without `can_end`, the list alone. Goes inside a
/// form posting `end` (a session's key or `END_OTHERS`).
#[component]
pub fn SessionsTable(sessions: Vec<SessionSummary>, can_end: bool) -> impl IntoView {
    let m = &use_locale().messages().staff;
    let others = sessions.iter().filter(|s| !s.current).count();
    let rows = sessions
        .into_iter()
        .map(|session| {
            let started = format!("{} UTC", utc_time(&session.started_at));
            let device = session.device.clone().unwrap_or_else(|| m.sessions_unknown_device.to_owned());
            let action = if session.current {
                view! { <span>{m.sessions_this_one}</span> }.into_any()
            } else if can_end {
                view! {
                    <button type="submit" name="end" value=session.key.clone() class="button-secondary">
                        {m.sessions_end_one}
                        <span class="visually-hidden">{format!(": {device}, {started}")}</span>
                    </button>
                }
                .into_any()
            } else {
                ().into_any()
            };
            view! {
                <tr>
                    <td>{device.clone()}</td>
                    <td>{started.clone()}</td>
                    <td>{format!("{} UTC", utc_time(&session.last_seen_at))}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="inbox">
            <caption>{m.sessions_caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{m.sessions_device}</th>
                    <th scope="col">{m.sessions_started}</th>
                    <th scope="col">{m.sessions_last_seen}</th>
                    <th scope="col"><span class="visually-hidden">{m.sessions_actions}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(can_end && others > 1).then(|| view! {
            <div class="form-actions">
                <button type="submit" name="end" value=END_OTHERS class="button-primary">{m.sessions_end_others}</button>
            </div>
        })}
    }
}
