//! The page shown for a failed request; it also sets the HTTP status.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::filters::FilterProblem;
use crate::error::AppError;
use crate::i18n::use_locale;

/// Sets the response status of the page being rendered.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Explains `error` to the reader in their language.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    set_status(error.status());
    let m = use_locale().messages();
    let (title, text) = match &error {
        AppError::NotFound => (m.not_found_title, m.not_found_text),
        AppError::BadFilter(_) => (m.bad_request_title, m.bad_request_text),
        AppError::Internal => (m.server_error_title, m.server_error_text),
    };
    let problems = match error {
        AppError::BadFilter(errors) => errors
            .into_iter()
            .map(|e| {
                let why = match e.problem {
                    FilterProblem::NotAYear => m.filter_error_year,
                    FilterProblem::YearRangeReversed => m.filter_error_year_range,
                    FilterProblem::UnknownValue => m.filter_error_unknown,
                    FilterProblem::BadPage => m.filter_error_page,
                    FilterProblem::TextTooLong => m.filter_error_text_too_long,
                };
                view! { <li><code>{e.param}</code>": "{why}</li> }
            })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    view! {
        <Title text=title/>
        <section class="error-page">
            <h1>{title}</h1>
            <p>{text}</p>
            <ul class="error-page__problems">{problems}</ul>
            <p><a href="/">{m.back_home}</a>" · "<a href="/interventions">{m.nav_interventions}</a></p>
        </section>
    }
}
