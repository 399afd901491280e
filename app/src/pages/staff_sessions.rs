//! A member of staff sees where their account is signed in and ends any of those sessions,
//! after typing their password again (a session left open on a borrowed computer should not
//! be enough to sign its owner out everywhere).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::use_locale;
use crate::components::error_view::ErrorView;
use crate::components::form_fields::{ErrorSummary, TextField};
use crate::domain::staff::{SessionSummary, StaffUser};
use crate::error::AppError;
use crate::i18n::fill;
use crate::pages::request_tracking::utc_time;
use crate::pages::staff::StaffBar;
use crate::pages::staff_password::PasswordProblem;

/// The page: the account's live sessions, a problem with the password typed, or how many
/// sessions were just ended.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionsView {
    pub user: StaffUser,
    pub sessions: Vec<SessionSummary>,
    pub problem: Option<PasswordProblem>,
    pub ended: Option<u64>,
}

/// The value of the button that ends every session but this one.
pub const END_OTHERS: &str = "others";

#[component]
pub fn StaffSessionsPage() -> impl IntoView {
    let Some(page) = use_context::<SessionsView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().staff;
    let problem = page.problem.map(|problem| match problem {
        PasswordProblem::Locked { minutes } => fill(m.login_locked, &[&minutes]),
        _ => m.current_password_wrong.to_owned(),
    });
    let summary = problem.iter().map(|text| ("current_password".to_owned(), text.clone())).collect();
    let others = page.sessions.iter().filter(|s| !s.current).count();
    let rows = page
        .sessions
        .iter()
        .map(|session| {
            let started = format!("{} UTC", utc_time(&session.started_at));
            let device = session.device.clone().unwrap_or_else(|| m.sessions_unknown_device.to_owned());
            let action = if session.current {
                view! { <span>{m.sessions_this_one}</span> }.into_any()
            } else {
                view! {
                    <button type="submit" name="end" value=session.key.clone() class="button-secondary">
                        {m.sessions_end_one}
                        <span class="visually-hidden">{format!(": {device}, {started}")}</span>
                    </button>
                }
                .into_any()
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
        <Title text=m.sessions_title/>
        <StaffBar user=page.user.clone()/>
        <article class="request">
            <h1>{m.sessions_title}</h1>
            {page.ended.map(|count| view! { <p class="notice" role="status">{fill(m.sessions_ended, &[&count])}</p> })}
            <ErrorSummary entries=summary/>
            <p>{m.sessions_intro}</p>
            <form method="post" action="/staff/sessions" class="request-form">
                <TextField name="current_password" label=m.current_password value=String::new() error=problem
                    kind="password" autocomplete="current-password" maxlength=1000/>
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
                {(others > 1).then(|| view! {
                    <div class="form-actions">
                        <button type="submit" name="end" value=END_OTHERS class="button-primary">{m.sessions_end_others}</button>
                    </div>
                })}
            </form>
        </article>
    }
    .into_any()
}
