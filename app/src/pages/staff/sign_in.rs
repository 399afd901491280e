//! The staff sign-in page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::error::AppError;
use crate::i18n::fill;
use crate::i18n::use_locale;

/// Why a sign-in failed; the message never says which of address, password or code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginProblem {
    Failed,
    /// Too many failures: wait this many minutes.
    Locked {
        minutes: i64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoginView {
    pub email: String,
    /// Where to go after signing in (a local path).
    pub next: String,
    pub problem: Option<LoginProblem>,
    /// The password was just reset by an e-mailed link.
    pub password_reset: bool,
}

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let Some(page) = use_context::<LoginView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().staff;
    let problem = page.problem.map(|problem| {
        let text = match problem {
            LoginProblem::Failed => m.login_failed.to_owned(),
            LoginProblem::Locked { minutes } => fill(m.login_locked, &[("minutes", &minutes)]),
        };
        view! { <div class="error-summary" role="alert"><p>{text}</p></div> }
    });
    view! {
        <Title text=m.login_title/>
        <article class="request">
            <h1>{m.login_title}</h1>
            {page.password_reset.then(|| view! { <p class="notice" role="status">{m.reset_done}</p> })}
            <p>{m.login_intro}</p>
            {problem}
            <form method="post" action="/staff/login" class="request-form">
                <input type="hidden" name="next" value=page.next/>
                <div class="field">
                    <label for="login-email">{m.email}</label>
                    <input id="login-email" name="email" type="email" autocomplete="username" required value=page.email/>
                </div>
                <div class="field">
                    <label for="login-password">{m.password}</label>
                    <input id="login-password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <div class="field">
                    <label for="login-code">{m.code}</label>
                    <p class="field__hint" id="login-code-hint">{m.code_hint}</p>
                    <input id="login-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="8" aria-describedby="login-code-hint"/>
                </div>
                <div class="form-actions"><button type="submit" class="button-primary">{m.sign_in}</button></div>
            </form>
            <p><a href="/staff/forgot">{m.forgot_link}</a></p>
        </article>
    }
    .into_any()
}
