//! A member of staff sees where their account is signed in and ends any of those sessions,
//! after typing their password again (a session left open on a borrowed computer should not
//! be enough to sign its owner out everywhere).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{ErrorSummary, TextField};
use crate::components::sessions_table::SessionsTable;
use crate::components::staff_bar::StaffBar;
use crate::domain::staff::{SessionSummary, StaffUser};
use crate::error::AppError;
use crate::i18n::fill;
use crate::i18n::use_locale;
use crate::pages::staff::password::{password_problem_text, PasswordProblem};

/// The page: the account's live sessions, a problem with the password typed, or how many
/// sessions were just ended.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionsView {
    pub user: StaffUser,
    pub sessions: Vec<SessionSummary>,
    pub problem: Option<PasswordProblem>,
    pub ended: Option<u64>,
}

#[component]
pub fn StaffSessionsPage() -> impl IntoView {
    let Some(page) = use_context::<SessionsView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().staff;
    let problem = page.problem.map(password_problem_text);
    let summary = problem.iter().map(|text| ("current_password".to_owned(), text.clone())).collect();
    view! {
        <Title text=m.sessions_title/>
        <StaffBar user=page.user.clone()/>
        <article class="request">
            <h1>{m.sessions_title}</h1>
            {page.ended.map(|count| view! { <p class="notice" role="status">{fill(m.sessions_ended, &[("count", &count)])}</p> })}
            <ErrorSummary entries=summary/>
            <p>{m.sessions_intro}</p>
            <form method="post" action="/staff/sessions" class="request-form">
                <TextField name="current_password" label=m.current_password value=String::new() error=problem
                    kind="password" autocomplete="current-password" maxlength=1000/>
                <SessionsTable sessions=page.sessions.clone() can_end=true/>
            </form>
        </article>
    }
    .into_any()
}
