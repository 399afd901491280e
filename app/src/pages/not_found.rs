use leptos::prelude::*;

use crate::components::error_view::ErrorView;
use crate::error::AppError;

/// Any address no route matches: a 404 page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorView error=AppError::NotFound/> }
}
