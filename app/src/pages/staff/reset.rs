//! A member of staff who forgot their password asks for a link (`/staff/forgot`) and, with
//! it, chooses a new one (`/staff/reset/{secret}`), giving their one-time code too when the
//! account has one: the link replaces the password, never the second factor.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_view::ErrorView;
use crate::components::form_fields::{error_for, ErrorSummary, TextField};
use crate::domain::form::FieldError;
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::pages::staff::password::{password_problem_text, PasswordProblem};

/// `/staff/forgot`: the address, its problem, or the news that a link is on its way.
#[derive(Clone, Debug, PartialEq)]
pub struct ForgotView {
    pub email: String,
    pub errors: Vec<FieldError>,
    pub sent: bool,
}

/// `/staff/reset/{secret}`: the new password (and code) form, or the link no longer works.
#[derive(Clone, Debug, PartialEq)]
pub enum ResetView {
    Form {
        /// Where the form posts: the link itself.
        action: String,
        /// The account has a second factor, so its code is asked too.
        needs_code: bool,
        problems: Vec<(&'static str, PasswordProblem)>,
    },
    Expired,
}

#[component]
pub fn StaffForgotPage() -> impl IntoView {
    let Some(page) = use_context::<ForgotView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().staff;
    let error = error_for(&page.errors, "email");
    let summary = error.iter().map(|text| ("email".to_owned(), text.clone())).collect();
    view! {
        <Title text=m.forgot_title/>
        <article class="request">
            <h1>{m.forgot_title}</h1>
            {page.sent.then(|| view! { <p class="notice" role="status">{m.forgot_sent}</p> })}
            <ErrorSummary entries=summary/>
            <p>{m.forgot_intro}</p>
            <form method="post" action="/staff/forgot" class="request-form" novalidate>
                <TextField name="email" label=m.email value=page.email.clone() error kind="email"
                    autocomplete="username" maxlength=254/>
                <div class="form-actions"><button type="submit" class="button-primary">{m.forgot_button}</button></div>
            </form>
        </article>
    }
    .into_any()
}

#[component]
pub fn StaffResetPage() -> impl IntoView {
    let Some(page) = use_context::<ResetView>() else {
        return view! { <ErrorView error=AppError::NotFound/> }.into_any();
    };
    let m = &use_locale().messages().staff;
    let ResetView::Form { action, needs_code, problems } = page else {
        return view! {
            <Title text=m.reset_title/>
            <article class="request">
                <h1>{m.reset_title}</h1>
                <p>{m.reset_expired}</p>
                <p><a href="/staff/forgot">{m.forgot_title}</a></p>
            </article>
        }
        .into_any();
    };
    let error = |field: &str| problems.iter().find(|(f, _)| *f == field).map(|(_, p)| password_problem_text(*p));
    let summary =
        problems.iter().map(|(field, problem)| ((*field).to_owned(), password_problem_text(*problem))).collect();
    view! {
        <Title text=m.reset_title/>
        <article class="request">
            <h1>{m.reset_title}</h1>
            <ErrorSummary entries=summary/>
            <p>{m.reset_intro}</p>
            <form method="post" action=action class="request-form">
                <TextField name="new_password" label=m.new_password value=String::new() error=error("new_password")
                    kind="password" autocomplete="new-password" hint=Some(m.new_password_hint) maxlength=1000/>
                {needs_code.then(|| view! {
                    <TextField name="code" label=m.code value=String::new() error=error("code")
                        autocomplete="one-time-code" hint=Some(m.code_hint) maxlength=8/>
                })}
                <div class="form-actions"><button type="submit" class="button-primary">{m.reset_button}</button></div>
            </form>
        </article>
    }
    .into_any()
}
