//! A member of staff changes their own password: the current one, a new one, and whether to
//! end their sessions elsewhere. Passwords are never written back into the form.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{control_id, ErrorSummary, TextField};
use crate::components::staff_bar::StaffBar;
use crate::domain::staff::StaffUser;
use crate::error::AppError;
use crate::i18n::fill;
use crate::i18n::use_locale;

/// What is wrong with one of the form's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    CurrentWrong,
    /// Too many wrong passwords: wait this many minutes.
    Locked {
        minutes: i64,
    },
    TooShort,
    TooEasy,
    /// The one-time code is wrong or its 30 seconds are over.
    CodeWrong,
}

/// The sentence for `problem`, in the reader's language.
pub fn password_problem_text(problem: PasswordProblem) -> String {
    let m = &use_locale().messages().staff;
    match problem {
        PasswordProblem::CurrentWrong => m.current_password_wrong.to_owned(),
        PasswordProblem::Locked { minutes } => fill(m.login_locked, &[("minutes", &minutes)]),
        PasswordProblem::TooShort => m.new_password_too_short.to_owned(),
        PasswordProblem::TooEasy => m.new_password_too_easy.to_owned(),
        PasswordProblem::CodeWrong => m.code_wrong.to_owned(),
    }
}

/// The page: the form, its problems (field, problem), or the news that it worked.
#[derive(Clone, Debug, PartialEq)]
pub struct PasswordView {
    pub user: StaffUser,
    pub problems: Vec<(&'static str, PasswordProblem)>,
    pub end_other_sessions: bool,
    pub changed: bool,
}

#[component]
pub fn StaffPasswordPage() -> impl IntoView {
    let Some(page) = use_context::<PasswordView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().staff;
    let error = |field: &str| page.problems.iter().find(|(f, _)| *f == field).map(|(_, p)| password_problem_text(*p));
    let summary =
        page.problems.iter().map(|(field, problem)| ((*field).to_owned(), password_problem_text(*problem))).collect();
    view! {
        <Title text=m.password_title/>
        <StaffBar user=page.user.clone()/>
        <article class="request">
            <h1>{m.password_title}</h1>
            {page.changed.then(|| view! { <p class="notice" role="status">{m.password_changed}</p> })}
            <ErrorSummary entries=summary/>
            <p>{m.password_intro}</p>
            <form method="post" action="/staff/password" class="request-form">
                <TextField name="current_password" label=m.current_password value=String::new()
                    error=error("current_password") kind="password" autocomplete="current-password" maxlength=1000/>
                <TextField name="new_password" label=m.new_password value=String::new() error=error("new_password")
                    kind="password" autocomplete="new-password" hint=Some(m.new_password_hint) maxlength=1000/>
                <div class="field">
                    <input id=control_id("end_other_sessions") name="end_other_sessions" type="checkbox" value="yes"
                        checked=page.end_other_sessions/>
                    " "
                    <label for=control_id("end_other_sessions")>{m.end_other_sessions}</label>
                </div>
                <div class="form-actions"><button type="submit" class="button-primary">{m.change_password}</button></div>
            </form>
        </article>
    }
    .into_any()
}
